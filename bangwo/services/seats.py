"""Cinema seats: the seat map of a showing as a person sees it, and changing the seats of a held order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bangwo.domain import seating
from bangwo.domain.domains import Domain
from bangwo.domain.errors import ForbiddenError, IdempotencyConflictError, InvalidRequestError, SeatTakenError
from bangwo.domain.listings import QuoteRequest
from bangwo.domain.orders import Order, OrderStatus
from bangwo.services import checkout
from bangwo.services.ports import Catalog, Clock, UnitOfWork

SOLD_STATUSES = frozenset({OrderStatus.PAID, OrderStatus.FULFILLING, OrderStatus.ISSUED, OrderStatus.DELIVERED,
                           OrderStatus.COMPLETED})


class SeatsUnavailableError(SeatTakenError):
    """The seats asked for are sold or held by someone else; ``alternatives`` are the nearest free blocks."""

    def __init__(self, message: str, *, user_message: str, alternatives: tuple[tuple[str, ...], ...]) -> None:
        super().__init__(message, user_message=user_message)
        self.alternatives = alternatives


@dataclass(frozen=True)
class SeatPlan:
    """The seat map of one showing: row 1 nearest the screen; ``mine`` are the seats of the order looked at."""

    showtime_ref: str
    seat_map: seating.SeatMap
    rows: list[list[seating.Seat]]
    order_id: str | None
    mine: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "showtime_ref": self.showtime_ref, "screen": "front", "rows": self.seat_map.rows,
            "seats_per_row": self.seat_map.seats_per_row, "couple_rows": list(self.seat_map.couple_rows),
            "couple_surcharge_fen": seating.COUPLE_SURCHARGE_FEN, "order_id": self.order_id, "mine": list(self.mine),
            "grid": [{"row": row[0].row, "seats": [{"code": s.code, "number": s.number, "state": s.state.value,
                                                    "couple_with": s.couple_with} for s in row]}
                     for row in self.rows],
        }


@dataclass(frozen=True)
class Reseated:
    """What a seat change did: the seats before and after, and the leg now held (None: nothing changed)."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    held: checkout.Held | None
    couple: bool = False     # the new seats are couple seats (情侣座, at the couple surcharge)


def showtime_of(order: Order) -> str:
    """The showing a cinema order's seats belong to (``show:...``)."""
    keys = [str(k) for k in order.details.get("seats") or []]
    if order.domain is not Domain.MOVIE or not keys or "/" not in keys[0]:
        raise InvalidRequestError(f"order {order.id} has no cinema seats", user_message="这笔订单没有可选的座位")
    return keys[0].rsplit("/", 1)[0]


def seats_of(order: Order) -> tuple[str, ...]:
    return tuple(str(k).rsplit("/", 1)[1] for k in order.details.get("seats") or [] if "/" in str(k))


def seat_plan(showtime_ref: str, *, claims: Mapping[str, OrderStatus], catalog: Catalog,
              order: Order | None = None) -> SeatPlan:
    """The map of a showing given who claims which seat (code -> the claiming order's status)."""
    seat_map = catalog.seat_map(showtime_ref)
    mine = seats_of(order) if order is not None and order.status is not OrderStatus.CANCELLED else ()
    sold = {code for code, status in claims.items() if status in SOLD_STATUSES}
    held = set(claims) - sold
    return SeatPlan(showtime_ref, seat_map, seating.layout(seat_map, sold=sold, held=held, mine=set(mine)),
                    order.id if order is not None else None, mine)


def change_seats(user_id: str, plan_id: str, order_id: str, wish: seating.SeatWish, *, key: str, catalog: Catalog,
                 uow: UnitOfWork, clock: Clock) -> Reseated:
    """Move a held cinema order to the seats ``wish`` names, re-priced by the checkout (see ``checkout.reseat``).

    Sold or held seats raise SeatsUnavailableError naming the nearest free ones; the same ``key`` returns the
    first change; seats the order already has change nothing (``held`` is None)."""
    with uow:
        order = uow.orders.get(order_id)
        twin = uow.orders.by_idempotency_key(user_id, key)
        taken = uow.stock.taken_seats(showtime_of(order))
    if order.user_id != user_id:
        raise ForbiddenError(f"{user_id} cannot change seats of {order_id}")
    ref, own = showtime_of(order), seats_of(order)
    if twin is not None:   # a retry: the seats it chose, whatever the wish picks now
        if wish.codes and set(seating.validate_seats(catalog.seat_map(ref), wish.codes)) != set(seats_of(twin)):
            raise IdempotencyConflictError(f"key {key!r} was used for other seats")
        codes = seats_of(twin)
    else:
        codes = _choose(catalog.seat_map(ref), wish, own=own, others=taken - set(own))
    if set(codes) == set(own) and twin is None:
        return Reseated(own, own, None)
    offer = catalog.quote(QuoteRequest(Domain.MOVIE, ref, len(codes), {"seats": list(codes)}), now=clock.now())
    try:
        held = checkout.reseat(user_id, plan_id, order_id, offer, key=key, uow=uow, clock=clock)
    except SeatTakenError:   # claimed by someone else since the map was read: name what is free now
        with uow:
            now_taken = uow.stock.taken_seats(ref)
        _refuse(catalog.seat_map(ref), codes, now_taken - set(own))
        raise
    after = seats_of(held.order)
    return Reseated(own, after, held, couple=any(seating.is_couple(catalog.seat_map(ref), c) for c in after))


def _choose(seat_map: seating.SeatMap, wish: seating.SeatWish, *, own: tuple[str, ...],
            others: set[str]) -> tuple[str, ...]:
    """The seats the wish names: exact codes (free, as many as the tickets), else picked by preference."""
    if wish.codes:
        codes = seating.validate_seats(seat_map, wish.codes)
        if len(codes) != len(own):
            raise InvalidRequestError(f"{len(codes)} seats for {len(own)} tickets",
                                      user_message=f"你买了{len(own)}张票，请选{len(own)}个座位"
                                                   f"（刚才选了{len(codes)}个）")
        _refuse(seat_map, codes, others)
        return codes
    if wish.preference is None:   # 换个座位: the best seats that are not these
        return seating.pick_seats(seat_map, taken=others | set(own), count=len(own), preference=None)
    return seating.pick_seats(seat_map, taken=others, count=len(own), preference=wish.preference)


def _refuse(seat_map: seating.SeatMap, codes: tuple[str, ...], others: set[str]) -> None:
    """Raise SeatsUnavailableError when any of ``codes`` is taken by someone else."""
    gone = [c for c in codes if c in others]
    if not gone:
        return
    alternatives = seating.nearest_free(seat_map, wanted=codes, taken=others)
    hint = "、".join(seating.label(block) for block in alternatives)
    raise SeatsUnavailableError(
        f"seats {gone} are taken; nearest free: {hint or 'none'}",
        user_message=f"{'、'.join(gone)}已经有人了" + (f"，附近还空着：{hint}" if hint else "，这一场已没有这么多空座"),
        alternatives=alternatives)
