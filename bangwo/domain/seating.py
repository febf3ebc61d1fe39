"""Cinema seat maps and choosing adjacent seats by preference (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bangwo.domain.errors import InvalidRequestError, OutOfStockError

PREFERENCES: tuple[str, ...] = ("back", "front", "middle", "aisle", "couple")
"""Accepted ``preference`` values besides None (best view) and ``"row:N"`` (an exact row)."""

_CODE = re.compile(r"^\s*(\d{1,3})\s*排\s*(\d{1,3})\s*(?:座|号)?\s*$")
_MAX_ALTERNATIVES = 3


@dataclass(frozen=True)
class SeatMap:
    """``rows`` x ``seats_per_row`` seats; row 1 is nearest the screen, row ``rows`` the last.

    In each couple row, seats (1, 2), (3, 4)... are sold as couple pairs.
    """

    rows: int
    seats_per_row: int
    couple_rows: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.rows <= 0 or self.seats_per_row <= 0:
            raise ValueError("a seat map needs rows and seats")
        if any(not 1 <= r <= self.rows for r in self.couple_rows):
            raise ValueError("couple rows must be inside the map")

    @property
    def capacity(self) -> int:
        return self.rows * self.seats_per_row

    def codes(self) -> Iterator[str]:
        """Every seat code, row by row from the screen."""
        for row in range(1, self.rows + 1):
            for seat in range(1, self.seats_per_row + 1):
                yield seat_code(row, seat)


@dataclass(frozen=True)
class _Block:
    row: int
    first: int
    count: int

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(seat_code(self.row, s) for s in range(self.first, self.first + self.count))

    def label(self) -> str:
        last = self.first + self.count - 1
        return f"{self.row}排{self.first}座" if self.count == 1 else f"{self.row}排{self.first}-{last}座"


class SeatsNotTogetherError(OutOfStockError):
    """No ``count`` adjacent free seats in the wished rows; ``alternatives`` are the best blocks elsewhere."""

    def __init__(self, message: str, *, user_message: str, alternatives: tuple[tuple[str, ...], ...]) -> None:
        super().__init__(message, user_message=user_message)
        self.alternatives = alternatives


def seat_code(row: int, seat: int) -> str:
    """Return the code of a seat: ``seat_code(8, 5) == "8排5座"``."""
    return f"{row}排{seat}座"


def parse_seat(code: str) -> tuple[int, int]:
    """Return (row, seat) of a code like ``8排5座``; raise InvalidRequestError otherwise."""
    match = _CODE.match(code)
    if match is None:
        raise InvalidRequestError(f"bad seat code {code!r}", user_message=f"座位号“{code}”看不懂，格式如“8排5座”")
    return int(match.group(1)), int(match.group(2))


def validate_seats(seat_map: SeatMap, codes: Iterable[str]) -> tuple[str, ...]:
    """Return the codes normalised; raise InvalidRequestError for unknown, repeated or split couple seats."""
    result: list[str] = []
    for code in codes:
        row, seat = parse_seat(code)
        if not (1 <= row <= seat_map.rows and 1 <= seat <= seat_map.seats_per_row):
            raise InvalidRequestError(
                f"seat {code!r} not in a {seat_map.rows}x{seat_map.seats_per_row} hall",
                user_message=f"没有“{code}”这个座位（本厅共{seat_map.rows}排，每排{seat_map.seats_per_row}座）",
            )
        normal = seat_code(row, seat)
        if normal in result:
            raise InvalidRequestError(f"seat {normal} chosen twice", user_message=f"{normal}选了两次")
        result.append(normal)
    for code in result:
        partner = _couple_partner(seat_map, *parse_seat(code))
        if partner is not None and partner not in result:
            raise InvalidRequestError(f"couple seat {code} without {partner}",
                                      user_message=f"{code}是情侣座，需要和{partner}一起购买")
    return tuple(result)


def pick_seats(seat_map: SeatMap, *, taken: set[str], count: int, preference: str | None) -> tuple[str, ...]:
    """Choose ``count`` adjacent free seats in one row, honouring ``preference``.

    ``back`` wants the last row, ``front`` the front third, ``middle`` the middle third, ``aisle``
    a row end, ``couple`` couple pairs, ``row:N`` row N and None the best view. Raise
    SeatsNotTogetherError (an OutOfStockError) when the wished rows have no such block.
    """
    if count <= 0 or count > seat_map.seats_per_row:
        raise InvalidRequestError(f"cannot seat {count} together",
                                  user_message=f"一排最多{seat_map.seats_per_row}个座位，请调整张数")
    wished, ordered_rows, describe = _plan(seat_map, count=count, preference=preference)
    accept = _aisle_block if preference == "aisle" else _any_block
    for row in ordered_rows:
        if row in wished:
            block = _best_block(seat_map, row=row, taken=taken, count=count, accept=accept)
            if block is not None:
                return block.codes
    alternatives = [b for r in ordered_rows if r not in wished
                    for b in [_best_block(seat_map, row=r, taken=taken, count=count, accept=_any_block)]
                    if b is not None][:_MAX_ALTERNATIVES]
    if preference == "aisle" and not alternatives:
        alternatives = [b for r in ordered_rows
                        for b in [_best_block(seat_map, row=r, taken=taken, count=count, accept=_any_block)]
                        if b is not None][:_MAX_ALTERNATIVES]
    hint = "、".join(b.label() for b in alternatives)
    tail = f"，可选：{hint}" if hint else "，全场已没有这么多连座"
    raise SeatsNotTogetherError(
        f"no {count} adjacent seats for preference {preference!r}; alternatives: {hint or 'none'}",
        user_message=f"{describe}没有{count}个连在一起的座位了{tail}",
        alternatives=tuple(b.codes for b in alternatives),
    )


def _plan(seat_map: SeatMap, *, count: int, preference: str | None) -> tuple[set[int], list[int], str]:
    """Return (wished rows, every row in preference order, how to name the wished rows)."""
    rows = seat_map.rows
    third = max(1, rows // 3)
    by_view = sorted(range(1, rows + 1), key=lambda r: (abs(r - _ideal_row(rows)), -r))
    if preference == "back":
        return {rows}, list(range(rows, 0, -1)), "最后一排"
    if preference == "front":
        return set(range(1, third + 1)), list(range(1, rows + 1)), "前排"
    if preference == "middle":
        centre = (rows + 1) / 2
        middle = sorted(range(1, rows + 1), key=lambda r: (abs(r - centre), -r))
        return set(middle[:max(third, 2)]), middle, "中间几排"
    if preference == "aisle":
        return set(range(1, rows + 1)), by_view, "靠过道的位置"
    if preference == "couple":
        if not seat_map.couple_rows:
            raise InvalidRequestError("hall has no couple seats", user_message="这个影厅没有情侣座")
        if count % 2:
            raise InvalidRequestError("couple seats come in pairs", user_message="情侣座需要成对购买（2张、4张…）")
        return set(seat_map.couple_rows), by_view, "情侣座"
    if preference is None:
        return set(by_view), by_view, "全场"
    if preference.startswith("row:") and preference[4:].isdigit() and 1 <= int(preference[4:]) <= rows:
        row = int(preference[4:])
        return {row}, sorted(range(1, rows + 1), key=lambda r: (abs(r - row), -r)), f"{row}排"
    valid = "、".join((*PREFERENCES, "row:N"))
    raise InvalidRequestError(f"unknown seat preference {preference!r}",
                              user_message=f"座位偏好“{preference}”不支持，可选：{valid}")


def _ideal_row(rows: int) -> float:
    return rows * 0.6 + 0.5


def _best_block(seat_map: SeatMap, *, row: int, taken: set[str], count: int,
                accept: Callable[[SeatMap, _Block], bool]) -> _Block | None:
    """Return the free block of ``count`` seats in ``row`` nearest the row centre, or None."""
    centre = (seat_map.seats_per_row + 1) / 2
    couple = row in seat_map.couple_rows
    candidates: list[_Block] = []
    for first in range(1, seat_map.seats_per_row - count + 2):
        block = _Block(row, first, count)
        if couple and not _aligned_to_pairs(seat_map, block):
            continue
        if any(code in taken for code in block.codes) or not accept(seat_map, block):
            continue
        candidates.append(block)
    if not candidates:
        return None
    return min(candidates, key=lambda b: (abs(b.first + (b.count - 1) / 2 - centre), b.first))


def _any_block(seat_map: SeatMap, block: _Block) -> bool:
    return True


def _aisle_block(seat_map: SeatMap, block: _Block) -> bool:
    return block.first == 1 or block.first + block.count - 1 == seat_map.seats_per_row


def _aligned_to_pairs(seat_map: SeatMap, block: _Block) -> bool:
    last = block.first + block.count - 1
    paired_end = seat_map.seats_per_row - seat_map.seats_per_row % 2
    if last <= paired_end:
        return block.first % 2 == 1 and last % 2 == 0
    return block.first > paired_end


def _couple_partner(seat_map: SeatMap, row: int, seat: int) -> str | None:
    if row not in seat_map.couple_rows:
        return None
    paired_end = seat_map.seats_per_row - seat_map.seats_per_row % 2
    if seat > paired_end:
        return None
    return seat_code(row, seat + 1 if seat % 2 else seat - 1)


# ---- the seat map as a person sees it, and the seats nearest a wish ---------------------------------

COUPLE_SURCHARGE_FEN = 1000
"""What a couple seat costs more than a standard one, per seat (a couple pair costs twice this more)."""


class SeatState(StrEnum):
    FREE = "free"
    SOLD = "sold"      # paid by someone
    HELD = "held"      # held by someone else's unpaid order
    MINE = "mine"      # held (or bought) by the order being looked at


@dataclass(frozen=True)
class Seat:
    """One seat of the map as shown: its code, state and couple partner (None for a standard seat)."""

    code: str
    row: int
    number: int
    state: SeatState
    couple_with: str | None


def layout(seat_map: SeatMap, *, sold: set[str], held: set[str], mine: set[str]) -> list[list[Seat]]:
    """Every seat, row by row from the screen (row 1 is nearest it), with its state."""
    def state(code: str) -> SeatState:
        if code in mine:
            return SeatState.MINE
        if code in sold:
            return SeatState.SOLD
        return SeatState.HELD if code in held else SeatState.FREE
    return [[Seat(seat_code(r, s), r, s, state(seat_code(r, s)), _couple_partner(seat_map, r, s))
             for s in range(1, seat_map.seats_per_row + 1)] for r in range(1, seat_map.rows + 1)]


def is_couple(seat_map: SeatMap, code: str) -> bool:
    return _couple_partner(seat_map, *parse_seat(code)) is not None


def nearest_free(seat_map: SeatMap, *, wanted: Sequence[str], taken: set[str],
                 limit: int = _MAX_ALTERNATIVES) -> tuple[tuple[str, ...], ...]:
    """Free blocks of ``len(wanted)`` adjacent seats nearest the wanted ones (a row away counts as two seats
    aside; on a tie the row further back first), best first."""
    count = len(wanted)
    if not wanted or count > seat_map.seats_per_row:
        return ()
    places = [parse_seat(code) for code in wanted]
    row = sum(r for r, _ in places) / count
    middle = sum(s for _, s in places) / count
    blocks: list[tuple[float, _Block]] = []
    for r in range(1, seat_map.rows + 1):
        for first in range(1, seat_map.seats_per_row - count + 2):
            block = _Block(r, first, count)
            if r in seat_map.couple_rows and not _aligned_to_pairs(seat_map, block):
                continue
            if any(code in taken for code in block.codes) or set(block.codes) == set(wanted):
                continue
            blocks.append((abs(r - row) * 2 + abs(first + (count - 1) / 2 - middle), block))
    blocks.sort(key=lambda pair: (pair[0], -pair[1].row, pair[1].first))
    return tuple(block.codes for _, block in blocks[:limit])


def label(codes: Sequence[str]) -> str:
    """'10排5座、10排6座' -> '10排5-6座'; seats of several rows are listed one by one."""
    places = sorted(parse_seat(code) for code in codes)
    rows = {r for r, _ in places}
    numbers = [s for _, s in places]
    if len(rows) == 1 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return _Block(places[0][0], numbers[0], len(numbers)).label()
    return "、".join(seat_code(r, s) for r, s in places)


@dataclass(frozen=True)
class SeatWish:
    """A wish to change seats: exact ``codes``, else a ``preference`` (as ``pick_seats`` takes it), else any
    other seats (换个座位)."""

    codes: tuple[str, ...] = ()
    preference: str | None = None
