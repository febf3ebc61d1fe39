from __future__ import annotations

import pytest

from bangwo.domain import seating
from bangwo.domain.errors import InvalidRequestError, OutOfStockError

HALL = seating.SeatMap(rows=10, seats_per_row=12, couple_rows=(10,))
PLAIN = seating.SeatMap(rows=8, seats_per_row=10)


def row(r: int, *seats: int) -> set[str]:
    return {seating.seat_code(r, s) for s in seats}


def test_back_takes_the_centre_of_the_last_row() -> None:
    assert seating.pick_seats(PLAIN, taken=set(), count=2, preference="back") == ("8排5座", "8排6座")


def test_back_skips_taken_seats_but_stays_in_the_last_row() -> None:
    taken = row(8, 4, 5, 6, 7)
    assert seating.pick_seats(PLAIN, taken=taken, count=2, preference="back") == ("8排2座", "8排3座")


def test_back_without_n_together_in_the_last_row_names_alternatives() -> None:
    taken = row(8, 2, 4, 6, 8, 10) | row(7, *range(1, 11))
    with pytest.raises(seating.SeatsNotTogetherError) as caught:
        seating.pick_seats(PLAIN, taken=taken, count=2, preference="back")
    error = caught.value
    assert isinstance(error, OutOfStockError)
    assert error.user_message.startswith("最后一排没有2个连在一起的座位了，可选：6排5-6座")
    assert error.alternatives[0] == ("6排5座", "6排6座")
    assert "6排5-6座" in str(error)


def test_full_hall_says_no_block_anywhere() -> None:
    taken = set(PLAIN.codes())
    with pytest.raises(OutOfStockError, match="none"):
        seating.pick_seats(PLAIN, taken=taken, count=1, preference=None)


def test_front_middle_and_best_view() -> None:
    assert seating.pick_seats(PLAIN, taken=set(), count=3, preference="front")[0].startswith("1排")
    assert seating.pick_seats(PLAIN, taken=set(), count=2, preference="middle") == ("5排5座", "5排6座")
    assert seating.pick_seats(PLAIN, taken=set(), count=2, preference=None) == ("5排5座", "5排6座")


def test_aisle_takes_a_row_end() -> None:
    seats = seating.pick_seats(PLAIN, taken=set(), count=2, preference="aisle")
    assert seats in {("5排1座", "5排2座"), ("5排9座", "5排10座")}


def test_couple_seats_come_in_aligned_pairs() -> None:
    assert seating.pick_seats(HALL, taken=row(10, 5), count=2, preference="couple") == ("10排7座", "10排8座")
    with pytest.raises(InvalidRequestError):
        seating.pick_seats(HALL, taken=set(), count=1, preference="couple")
    with pytest.raises(InvalidRequestError, match="no couple"):
        seating.pick_seats(PLAIN, taken=set(), count=2, preference="couple")


def test_non_couple_preferences_never_split_a_couple_pair() -> None:
    taken = {c for c in HALL.codes() if not c.startswith("10排")} | row(10, 1, 4, 5, 8, 9, 12)
    with pytest.raises(seating.SeatsNotTogetherError):
        seating.pick_seats(HALL, taken=taken, count=2, preference="back")


def test_explicit_row_and_bad_inputs() -> None:
    assert seating.pick_seats(PLAIN, taken=set(), count=2, preference="row:3") == ("3排5座", "3排6座")
    with pytest.raises(InvalidRequestError):
        seating.pick_seats(PLAIN, taken=set(), count=0, preference=None)
    with pytest.raises(InvalidRequestError):
        seating.pick_seats(PLAIN, taken=set(), count=11, preference=None)
    with pytest.raises(InvalidRequestError, match="unknown seat preference"):
        seating.pick_seats(PLAIN, taken=set(), count=2, preference="window")


def test_validate_seats_normalises_and_rejects() -> None:
    assert seating.validate_seats(PLAIN, ["8排 05座", "8排6"]) == ("8排5座", "8排6座")
    for bad in (["9排1座"], ["1排11座"], ["A5"], ["1排1座", "1排1座"]):
        with pytest.raises(InvalidRequestError):
            seating.validate_seats(PLAIN, bad)
    with pytest.raises(InvalidRequestError, match="couple"):
        seating.validate_seats(HALL, ["10排1座"])
    assert seating.validate_seats(HALL, ["10排1座", "10排2座"]) == ("10排1座", "10排2座")
