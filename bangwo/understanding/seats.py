"""Seat wishes said in chat: 「换个座位」「要10排5座和6座」「换到最后一排中间」「要情侣座」 (text -> SeatWish)."""

from __future__ import annotations

import re

from bangwo.domain import seating
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.numerals import NUM, parse_int

_TOKEN = lazy_compile(rf"({NUM})\s*(排|座|号|位)?")
_RANGE = lazy_compile(r"[到至\-~—～]")
_CUE = lazy_compile(r"座|排|位子|位置")
_OTHER = lazy_compile(r"(?:换|改|调)(?:个|一个|一下|下)?(?:别的|其他的?|其它的?)?(?:座位?|位子|位置)|其[他它]座位|别的座位")
_PREFERENCES: tuple[tuple[re.Pattern[str], str], ...] = (
    (lazy_compile(r"情侣"), "couple"),
    (lazy_compile(r"最后(?:一|1)?排|最后面|后排"), "back"),
    (lazy_compile(r"(?:最)?前排|前面|靠前"), "front"),
    (lazy_compile(r"过道|靠边"), "aisle"),
    (lazy_compile(r"中间|正中|居中"), "middle"),
)


def read(text: str) -> seating.SeatWish | None:
    """The seat wish ``text`` says, or None when it says nothing about seats."""
    if not _CUE.search(text):
        return None
    codes = _codes(text)
    if codes:
        return seating.SeatWish(codes=codes)
    row = re.search(rf"(?:第)?({NUM})\s*排(?!\s*{NUM})", text)
    for pattern, preference in _PREFERENCES:
        if pattern.search(text):
            return seating.SeatWish(preference=preference)
    number = parse_int(row.group(1)) if row else None
    if number is not None and number > 0:
        return seating.SeatWish(preference=f"row:{number}")
    if _OTHER.search(text):
        return seating.SeatWish()
    return None


def _codes(text: str) -> tuple[str, ...]:
    """'10排5座和6座' -> ('10排5座', '10排6座'); '10排5-7座', '10排5座、11排6座' likewise."""
    codes: list[str] = []
    row: int | None = None
    last_seat: int | None = None
    end = 0
    for match in _TOKEN.finditer(text):
        number = parse_int(match.group(1))
        between, end = text[end:match.start()], match.end()
        if number is None or number <= 0:
            continue
        if match.group(2) == "排":
            row, last_seat = number, None
            continue
        if row is None or match.group(2) == "位":
            continue
        first = last_seat + 1 if last_seat is not None and _RANGE.search(between) else number
        codes.extend(seating.seat_code(row, seat) for seat in range(first, number + 1))
        last_seat = number
    return tuple(dict.fromkeys(codes))
