"""Seat wishes said in chat (understanding/seats.py): exact seats, a preference, or just other seats."""

from __future__ import annotations

import pytest

from bangwo.domain.seating import SeatWish
from bangwo.understanding import seats


@pytest.mark.parametrize(("text", "wish"), [
    ("我想换个座位，要10排5座和6座", SeatWish(codes=("10排5座", "10排6座"))),
    ("我想换到10排5座和6座", SeatWish(codes=("10排5座", "10排6座"))),
    ("十排五座和六座", SeatWish(codes=("10排5座", "10排6座"))),
    ("换到8排3-5座", SeatWish(codes=("8排3座", "8排4座", "8排5座"))),
    ("10排5座、11排6座", SeatWish(codes=("10排5座", "11排6座"))),
    ("10排5号6号", SeatWish(codes=("10排5座", "10排6座"))),
    ("换到最后一排中间", SeatWish(preference="back")),
    ("要情侣座", SeatWish(preference="couple")),
    ("坐前排吧", SeatWish(preference="front")),
    ("中间的座位", SeatWish(preference="middle")),
    ("靠过道的座位", SeatWish(preference="aisle")),
    ("换到第五排", SeatWish(preference="row:5")),
    ("换个座位", SeatWish()),
    ("换个位置", SeatWish()),
])
def test_seat_wishes_are_read(text: str, wish: SeatWish) -> None:
    assert seats.read(text) == wish


@pytest.mark.parametrize("text", ["确认", "换一家", "我要两张票", "换成一等座", "第二个", "不要了"])
def test_other_sentences_say_nothing_about_seats(text: str) -> None:
    assert seats.read(text) is None
