"""The seat map as shown (states, couple pairs) and the free seats nearest a wish (domain/seating.py)."""

from __future__ import annotations

from bangwo.domain import seating
from bangwo.domain.seating import SeatState

HALL = seating.SeatMap(rows=8, seats_per_row=10, couple_rows=(8,))


def test_layout_marks_each_seat_and_pairs_couple_seats() -> None:
    grid = seating.layout(HALL, sold={"1排1座"}, held={"1排2座"}, mine={"2排5座"})
    assert len(grid) == 8 and [s.number for s in grid[0]] == list(range(1, 11))
    assert (grid[0][0].state, grid[0][1].state, grid[1][4].state, grid[1][5].state) == (
        SeatState.SOLD, SeatState.HELD, SeatState.MINE, SeatState.FREE)
    assert grid[7][0].couple_with == "8排2座" and grid[7][1].couple_with == "8排1座"
    assert grid[6][0].couple_with is None


def test_nearest_free_blocks_are_the_closest_around_and_skip_taken_seats() -> None:
    taken = {"5排5座", "5排6座", "5排7座", "6排6座"}
    found = seating.nearest_free(HALL, wanted=("5排5座", "5排6座"), taken=taken)   # a row counts as two seats
    assert found == (("5排3座", "5排4座"), ("4排5座", "4排6座"), ("6排4座", "6排5座"))


def test_nearest_free_in_a_couple_row_offers_whole_pairs() -> None:
    found = seating.nearest_free(HALL, wanted=("8排2座", "8排3座"), taken={"8排1座", "8排2座"})
    assert found[0] == ("8排3座", "8排4座")


def test_label_joins_adjacent_seats() -> None:
    assert seating.label(["10排6座", "10排5座"]) == "10排5-6座"
    assert seating.label(["10排5座", "11排5座"]) == "10排5座、11排5座"
    assert seating.label(["3排1座"]) == "3排1座"
