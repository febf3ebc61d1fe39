"""Place an order from an offer: reserve stock and seats, record the order as held until paid."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from bangwo.domain import commands, orders, users
from bangwo.domain.errors import (
    DuplicateRequestError,
    ForbiddenError,
    IdempotencyConflictError,
    InvalidRequestError,
    OutOfStockError,
    SeatTakenError,
)
from bangwo.domain.offers import Offer, StockClaim
from bangwo.services.ports import Clock, UnitOfWork

MAX_HOLD_MINUTES = 60
MAX_OPEN_HOLDS = 5            # BANGWO_MAX_OPEN_HOLDS: unpaid orders one user may hold at once (checkout.hold)
RECENT_ORDERS = 200           # a live hold is at most MAX_HOLD_MINUTES old: always among the latest orders


def new_order_id(now: datetime) -> str:
    """Time-sortable, 64 random bits: 'BW' + yymmddHHMM + 16 hex."""
    return f"BW{now:%y%m%d%H%M}{uuid.uuid4().hex[:16].upper()}"


def offer_hash(offer: Offer) -> str:
    """A fingerprint of what is bought, to tell a true retry from a reused key."""
    body: dict[str, Any] = {
        "domain": offer.domain.value, "merchant": offer.merchant_id, "total": offer.total_fen,
        "lines": [[ln.title, ln.quantity, ln.unit_price_fen, dict(ln.options)] for ln in offer.lines],
        "stock": sorted([c.key, c.quantity] for c in offer.stock), "seats": sorted(offer.seats),
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _new_order(cmd: commands.PlaceOrder, now: datetime) -> orders.Order:
    offer = cmd.offer
    order = orders.Order(
        id=new_order_id(now), user_id=cmd.user_id, domain=offer.domain, merchant_id=offer.merchant_id,
        merchant_name=offer.merchant_name, title=offer.title,
        lines=[{"title": ln.title, "quantity": ln.quantity, "unit_price_fen": ln.unit_price_fen,
                "options": dict(ln.options)} for ln in offer.lines],
        details={**offer.details, "fees_fen": offer.fees_fen, "seats": list(offer.seats)},
        policy_code=offer.policy.code, total_fen=offer.total_fen, status=orders.OrderStatus.HELD,
        created_at=now, hold_expires_at=now + timedelta(minutes=cmd.hold_minutes), starts_at=offer.starts_at,
        idempotency_key=cmd.idempotency_key, request_hash=offer_hash(offer),
    )
    order.events.append(orders.OrderEvent(at=now, from_status=None, to_status=orders.OrderStatus.HELD,
                                          reason="下单并锁定库存", actor=cmd.user_id))
    return order


def _validate(cmd: commands.PlaceOrder) -> None:
    users.check_user_id(cmd.user_id)
    commands.check_key(cmd.idempotency_key)
    if not 1 <= cmd.hold_minutes <= MAX_HOLD_MINUTES:
        raise InvalidRequestError(f"hold_minutes must be 1..{MAX_HOLD_MINUTES}")
    for claim in cmd.offer.stock:
        if claim.quantity <= 0:
            raise InvalidRequestError("stock claim must be positive", user_message="数量至少为1")


def _replay(existing: orders.Order, cmd: commands.PlaceOrder) -> orders.Order:
    if existing.request_hash != offer_hash(cmd.offer):
        raise IdempotencyConflictError(f"key {cmd.idempotency_key!r} was used for another order")
    return existing


def open_holds(user_id: str, *, uow: UnitOfWork, now: datetime) -> list[orders.Order]:
    """The user's orders still held for payment at ``now`` (inside the caller's unit of work)."""
    return [o for o in uow.orders.list_for_user(user_id, limit=RECENT_ORDERS)
            if o.status is orders.OrderStatus.HELD and not o.hold_expired(now)]


def place_order(cmd: commands.PlaceOrder, *, uow: UnitOfWork, clock: Clock) -> orders.Order:
    """Hold stock and seats for ``cmd.offer`` and create the order; the same key returns the same order."""
    _validate(cmd)
    with uow:
        order = place(cmd, uow=uow, now=clock.now())
        uow.commit()
    return order


def place(cmd: commands.PlaceOrder, *, uow: UnitOfWork, now: datetime) -> orders.Order:
    """``place_order`` inside the caller's open unit of work, which commits it, or undoes all of it when this
    raises (a use case that places an order as one step of its own, e.g. ``checkout.hold``)."""
    _validate(cmd)
    order = _new_order(cmd, now)
    stock = cmd.offer.stock
    try:   # the unique (user, key) constraint tells a retry apart, and an unknown user raises: no read before
        if not stock:
            uow.orders.add(order)
        elif uow.orders.add_holding(order, stock[0]):   # the first claim was taken with the order
            stock = stock[1:]
    except DuplicateRequestError:   # nothing was written: the twin committed first
        twin = uow.orders.by_idempotency_key(cmd.user_id, cmd.idempotency_key)
        assert twin is not None
        return _replay(twin, cmd)
    _reserve(cmd.offer, stock, order.id, uow)
    return order


def _reserve(offer: Offer, stock: Sequence[StockClaim], order_id: str, uow: UnitOfWork) -> None:
    for claim in stock:
        if not uow.stock.reserve(claim, order_id=order_id):
            left = uow.stock.available({claim.key: claim.capacity})[claim.key]
            raise OutOfStockError(f"stock {claim.key} short: want {claim.quantity}, left {left}",
                                  user_message=f"{offer.title}库存不足（仅剩{max(left, 0)}）" if left > 0
                                  else f"{offer.title}已售罄")
    if offer.seats and not uow.stock.claim_seats(offer.seats, order_id=order_id):
        raise SeatTakenError(f"seats {offer.seats} not all free")


def cancel_order(cmd: commands.CancelOrder, *, uow: UnitOfWork, clock: Clock) -> orders.Order:
    """Cancel an unpaid order and release its holds; cancelling twice returns the cancelled order."""
    with uow:
        order = uow.orders.get(cmd.order_id, lock=True)
        if order.user_id != cmd.user_id:
            raise ForbiddenError(f"{cmd.user_id} cannot cancel {order.id}")
        if order.status is orders.OrderStatus.CANCELLED:
            return order
        order.move(orders.OrderStatus.CANCELLED, at=clock.now(), reason=cmd.reason, actor=cmd.user_id)
        uow.stock.release_order(order.id)
        uow.orders.save(order)
        uow.commit()
    return order


def expire_holds(*, uow: UnitOfWork, clock: Clock, limit: int = 500) -> int:
    """Cancel held orders whose hold ran out, releasing stock; returns how many."""
    now = clock.now()
    count = 0
    with uow:
        for order_id in uow.orders.expired_hold_ids(now, limit=limit):
            order = uow.orders.get(order_id, lock=True)
            if order.hold_expired(now):
                order.move(orders.OrderStatus.CANCELLED, at=now, reason="超时未支付，自动取消", actor="system")
                uow.stock.release_order(order.id)
                uow.orders.save(order)
                count += 1
        uow.commit()
    return count
