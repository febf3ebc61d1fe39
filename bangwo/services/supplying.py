"""Orders fulfilled by an outside supplier: live quote and hold, confirm after payment, cancel, and the
supplier's signed status webhooks moving the order through its state machine (docs/catalog.md).

Calls to the supplier happen outside our transactions (their idempotency keys make retries safe); what they
settled is recorded in one unit of work afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from bangwo.domain import commands, fulfilment, money, orders
from bangwo.domain.errors import BangwoError, ConflictError, InvalidRequestError, NotFoundError
from bangwo.domain.offers import Offer
from bangwo.services import refunding
from bangwo.services.ports import (
    Clock,
    Supplier,
    SupplierEvent,
    SupplierHold,
    SupplierLink,
    SupplierOrders,
    SupplierRoutes,
    SupplierStatus,
    SupplierUnavailableError,
    SupplyRoute,
    UnitOfWork,
    UnitOfWorkFactory,
)

log = logging.getLogger("bangwo.suppliers")

# The order status each reported supplier status stands for (handed over: the domain's own handover).
_TARGET = {SupplierStatus.FULFILLING: orders.OrderStatus.FULFILLING,
           SupplierStatus.COMPLETED: orders.OrderStatus.COMPLETED}
_HANDOVER = frozenset({SupplierStatus.ISSUED, SupplierStatus.DELIVERED})
_ENDED = frozenset({orders.OrderStatus.CANCELLED, orders.OrderStatus.FAILED, orders.OrderStatus.REFUNDED})


class Outcome(StrEnum):
    APPLIED = "applied"            # the order moved
    DUPLICATE = "duplicate"        # this webhook-id was applied before: nothing changed
    STALE = "stale"                # the order is already there or past it (an out-of-order delivery)
    REFUNDED = "refunded"          # the supplier cancelled a paid order: refunded under its policy
    CANCELLED = "cancelled"        # the supplier cancelled an unpaid order: the hold is released


@dataclass(frozen=True)
class Reservation:
    order_id: str
    hold: SupplierHold


class Settled(StrEnum):
    """What ``settle`` did with an order's supplier hold after our side moved."""

    CONFIRMED = "confirmed"        # paid here, booked there
    CANCELLED = "cancelled"        # released, expired or refunded here, cancelled there
    REFUNDED = "refunded"          # paid here, but the supplier refused the booking: the money went back
    PENDING = "pending"            # the supplier could not be reached: the next settle finishes it
    NOTHING = "nothing"            # no supplier behind the order, or nothing left to tell it


def live_offer(route: SupplyRoute, offer: Offer) -> Offer:
    """Quote ``offer`` live at its supplier: the same offer when the price agrees; otherwise the offer at the
    supplier's price (``details["supplier_price_was_fen"]`` keeps the price shown before), so the person is
    shown and asked to confirm the new price before anything is paid."""
    quote = route.supplier.quote(item=route.item, quantity=route.quantity, options=route.options or None)
    if quote.total_fen == offer.subtotal_fen:
        return offer
    line = offer.lines[0]
    if len(offer.lines) != 1 or quote.total_fen % line.quantity:
        raise ConflictError(f"supplier {route.supplier.name} now asks {quote.total_fen} fen for {offer.title}, "
                            f"we showed {offer.subtotal_fen}",
                            user_message=f"商家刚刚调价，现在{money.format_fen(quote.total_fen)}（原来"
                                         f"{money.format_fen(offer.subtotal_fen)}），没有下单也没有扣款，请重新选择")
    repriced = replace(line, unit_price_fen=quote.total_fen // line.quantity)
    return replace(offer, lines=(repriced,), details={**offer.details, "supplier_price_was_fen": offer.subtotal_fen})


def reserve(order_id: str, *, item: str, quantity: int, supplier: Supplier, uow: UnitOfWork,
            links: SupplierOrders, clock: Clock, options: Mapping[str, Any] | None = None) -> Reservation:
    """Hold ``quantity`` of the supplier's ``item`` for a held order whose total its live quote must match."""
    with uow:
        order = uow.orders.get(order_id)
        existing = links(uow).get(order_id)
    if existing is not None:
        raise ConflictError(f"order {order_id} already holds {existing.hold_id} at {existing.supplier}",
                            user_message="这个订单已经在商家那边占好了")
    goods_fen = order.total_fen - int(order.details.get("fees_fen", 0) or 0)
    quote = supplier.quote(item=item, quantity=quantity, options=options)
    if quote.total_fen != goods_fen:
        raise ConflictError(f"supplier {supplier.name} now asks {quote.total_fen} fen, the order says {goods_fen}",
                            user_message="商家价格刚刚变了，请重新下单")
    return hold_order(order_id, SupplyRoute(supplier, item, quantity, dict(options or {})), uow=uow, links=links,
                      clock=clock)


def hold_order(order_id: str, route: SupplyRoute, *, uow: UnitOfWork, links: SupplierOrders,
               clock: Clock) -> Reservation:
    """Hold the goods of a held order at its supplier for exactly the order's goods total, and record the link
    (the order is marked ``details["supplier"]``: its status now comes from the supplier's webhooks).

    The supplier call runs outside our transaction; its idempotency key ``hold:<order id>`` makes a retry after
    a crash between the supplier's answer and our record return the same hold."""
    with uow:
        order = uow.orders.get(order_id)
        existing = links(uow).get(order_id)
    if order.status is not orders.OrderStatus.HELD:
        raise ConflictError(f"order {order_id} is {order.status.value}, not held",
                            user_message="订单已经不是待支付状态")
    goods_fen = order.total_fen - int(order.details.get("fees_fen", 0) or 0)
    if existing is not None and existing.supplier == route.supplier.name:
        return Reservation(order_id, SupplierHold(existing.hold_id, order_id, route.item, route.quantity, goods_fen,
                                                  existing.status, order.hold_expires_at or clock.now()))
    hold = route.supplier.hold(item=route.item, quantity=route.quantity, total_fen=goods_fen, order_id=order_id,
                               idempotency_key=f"hold:{order_id}", options=route.options or None)
    now = clock.now()
    with uow:
        links(uow).link(SupplierLink(order_id, route.supplier.name, hold.hold_id, SupplierStatus.HELD), at=now)
        order = uow.orders.get(order_id, lock=True)
        order.details["supplier"] = route.supplier.name
        uow.orders.save(order)
        uow.commit()
    return Reservation(order_id, hold)


def settle(order_id: str, *, routes: SupplierRoutes, uow: UnitOfWorkFactory, links: SupplierOrders,
           clock: Clock) -> Settled:
    """Tell the supplier what happened to an order here, after our transaction committed (idempotent: run it
    again until it says anything but PENDING). Paid: confirm the hold; a supplier that refuses (the hold ran
    out, the goods are gone) gets the order refunded here through the refund flow and the hold cancelled
    there. Cancelled, failed or refunded here: cancel there. A supplier that cannot be reached leaves the
    order as it is (``details["supplier_pending"]``) for the next call."""
    with uow() as reader:
        link = links(reader).get(order_id)
        order = reader.orders.get(order_id) if link is not None else None
    if link is None or order is None:
        return Settled.NOTHING
    supplier = routes.supplier(link.supplier)
    if supplier is None:
        log.warning("order %s: supplier %s is not configured here; not settled", order_id, link.supplier)
        return Settled.PENDING
    try:
        if link.status is SupplierStatus.HELD and order.status is orders.OrderStatus.PAID:
            return _confirm_or_refund(order, supplier, uow=uow, links=links, clock=clock)
        if order.status in _ENDED and link.status in (SupplierStatus.HELD, SupplierStatus.CONFIRMED):
            cancel(order_id, supplier=supplier, uow=uow(), links=links, clock=clock)
            _mark(order_id, None, uow=uow())
            return Settled.CANCELLED
    except SupplierUnavailableError as exc:
        log.warning("order %s: supplier %s unreachable, settle again later: %s", order_id, link.supplier, exc)
        _mark(order_id, "cancel" if order.status in _ENDED else "confirm", uow=uow())
        return Settled.PENDING
    except BangwoError as exc:       # e.g. a refunded order the supplier already handed over
        log.warning("order %s: supplier %s refused to cancel: %s", order_id, link.supplier, exc)
        _mark(order_id, None, uow=uow())
        return Settled.NOTHING
    return Settled.NOTHING


def _confirm_or_refund(order: orders.Order, supplier: Supplier, *, uow: UnitOfWorkFactory, links: SupplierOrders,
                       clock: Clock) -> Settled:
    try:
        confirm(order.id, supplier=supplier, uow=uow(), links=links, clock=clock)
    except SupplierUnavailableError:
        raise
    except BangwoError as exc:        # a definite no (the hold expired there, sold out): the money goes back
        log.warning("order %s: supplier %s refused to confirm, refunding: %s", order.id, supplier.name, exc)
        refunding.refund_order(commands.RefundOrder(order.user_id, order.id, f"supplier-refused:{order.id}",
                                                    reason="商家未能接单，已退款"), uow=uow(), clock=clock)
        try:
            cancel(order.id, supplier=supplier, uow=uow(), links=links, clock=clock)
        except BangwoError as late:   # nothing is booked there either way; its hold runs out on its own
            log.warning("order %s: cancel at %s after refusal: %s", order.id, supplier.name, late)
            _record(order.id, SupplierStatus.CANCELLED, uow=uow(), links=links, clock=clock)
        _mark(order.id, None, uow=uow())
        return Settled.REFUNDED
    _mark(order.id, None, uow=uow())
    return Settled.CONFIRMED


def _mark(order_id: str, pending: str | None, *, uow: UnitOfWork) -> None:
    """Note (or clear) what the supplier still has to be told about an order."""
    with uow:
        order = uow.orders.get(order_id, lock=True)
        if order.details.get("supplier_pending") == pending:
            return
        if pending is None:
            order.details.pop("supplier_pending", None)
        else:
            order.details["supplier_pending"] = pending
        uow.orders.save(order)
        uow.commit()


def confirm(order_id: str, *, supplier: Supplier, uow: UnitOfWork, links: SupplierOrders,
            clock: Clock) -> SupplierHold:
    """After payment: turn the supplier's hold into a booking (idempotent)."""
    with uow:
        order = uow.orders.get(order_id)
        link = _link(links(uow).get(order_id), order_id, supplier)
    if order.status is orders.OrderStatus.HELD:
        raise ConflictError(f"order {order_id} is not paid", user_message="订单还没有支付")
    hold = supplier.confirm(hold_id=link.hold_id, idempotency_key=f"confirm:{order_id}")
    _record(order_id, hold.status, uow=uow, links=links, clock=clock)
    return hold


def cancel(order_id: str, *, supplier: Supplier, uow: UnitOfWork, links: SupplierOrders,
           clock: Clock) -> SupplierHold:
    """Release (or cancel) the supplier's hold of an order we will not complete (idempotent)."""
    with uow:
        link = _link(links(uow).get(order_id), order_id, supplier)
    hold = supplier.cancel(hold_id=link.hold_id, idempotency_key=f"cancel:{order_id}")
    _record(order_id, hold.status, uow=uow, links=links, clock=clock)
    return hold


def apply_event(event: SupplierEvent, *, uow: UnitOfWork, links: SupplierOrders, clock: Clock) -> Outcome:
    """Apply a verified status webhook once per webhook-id; a replay changes nothing."""
    now = clock.now()
    with uow:
        records = links(uow)
        link = records.get(event.order_id)
        if link is None or link.supplier != event.supplier or link.hold_id != event.hold_id:
            raise NotFoundError(f"{event.supplier} hold {event.hold_id} is not behind order {event.order_id}",
                                user_message="没有找到这个商家订单")
        if not records.record_webhook(event, at=now):
            return Outcome.DUPLICATE
        order = uow.orders.get(event.order_id, lock=True)
        records.set_status(order.id, event.status, at=now)
        outcome = _move(order, event, now=now)
        if outcome is Outcome.CANCELLED:
            uow.stock.release_order(order.id)
        uow.orders.save(order)
        uow.commit()
    if outcome is Outcome.REFUNDED:     # money moves through the refund flow, under the order's policy
        refunding.refund_order(commands.RefundOrder(order.user_id, order.id, f"supplier:{event.webhook_id}",
                                                    reason="商家取消"), uow=uow, clock=clock)
    return outcome


def _move(order: orders.Order, event: SupplierEvent, *, now: datetime) -> Outcome:
    actor = f"supplier:{event.supplier}"
    if event.status is SupplierStatus.CANCELLED:
        if order.status is orders.OrderStatus.HELD:
            order.move(orders.OrderStatus.CANCELLED, at=now, reason="商家取消", actor=actor)
            return Outcome.CANCELLED
        return Outcome.STALE if order.status in _ENDED else Outcome.REFUNDED
    steps = fulfilment.path_to(order.status, _target(event.status, order), order.domain)
    for status in steps:
        order.move(status, at=now, reason=f"商家通知：{event.status.value}", actor=actor)
    return Outcome.APPLIED if steps else Outcome.STALE


def _target(status: SupplierStatus, order: orders.Order) -> orders.OrderStatus:
    if status in _HANDOVER:
        return fulfilment.path_to(orders.OrderStatus.FULFILLING, orders.OrderStatus.COMPLETED, order.domain)[0]
    if status in _TARGET:
        return _TARGET[status]
    raise InvalidRequestError(f"status {status.value} is not reported by webhook",
                              user_message="无法识别的商家通知")


def _link(link: SupplierLink | None, order_id: str, supplier: Supplier) -> SupplierLink:
    if link is None or link.supplier != supplier.name:
        raise NotFoundError(f"order {order_id} has no hold at {supplier.name}", user_message="这个订单不在该商家")
    return link


def _record(order_id: str, status: SupplierStatus, *, uow: UnitOfWork, links: SupplierOrders, clock: Clock) -> None:
    with uow:
        links(uow).set_status(order_id, status, at=clock.now())
        uow.commit()
