"""A user's orders: list, read and track (fulfilment advanced to now), cancel a held one, refund a paid one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from bangwo import views
from bangwo.adapters.db import reporting
from bangwo.api.auth import AuthUserDep
from bangwo.api.deps import ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.bootstrap import App
from bangwo.domain import commands, fulfilment, policies
from bangwo.domain.errors import ConflictError, NotFoundError, NotRefundableError
from bangwo.domain.orders import Order, OrderStatus
from bangwo.services import fulfilling, ordering, refunding

router = APIRouter(prefix="/api/orders", tags=["orders"], responses=PROBLEM_RESPONSES)
OrderId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:\-]{1,64}$", examples=["BW2602061200ABCDEF0123456789"])]


class RefundRequest(BaseModel):
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=128, pattern=r"^[\x21-\x7e]+$",
                                        description="A retry with the same key returns the first refund.")


def owned(app: App, order_id: str, user: str) -> Order:
    """The order when it is this user's; someone else's order answers exactly like a missing one."""
    with app.uow.reader() as uow:
        order = uow.orders.get(order_id)
    if order.user_id != user:
        raise NotFoundError(f"{user} asked for {order_id} of another user", user_message="没有找到这笔订单")
    return order


def order_body(app: App, order: Order) -> dict[str, Any]:
    """The order as the list and the detail show it: one status label, the stepper, tracking, refund."""
    return views.order_view(order, app.clock.now())


def current(app: App, order: Order) -> Order:
    """The order with its fulfilment brought up to the clock (a step is an event, recorded once)."""
    if order.status in fulfilment.ACTIVE:
        return fulfilling.advance_order(order.id, uow=app.uow(), clock=app.clock)
    return order


@router.get("")
def list_orders(user: AuthUserDep, svc: ServiceDep,
                limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict[str, Any]]:
    """The user's latest orders, newest first, each advanced to now (the list and the detail agree)."""
    app = svc.app
    with app.uow.reader() as uow:
        found = uow.orders.list_for_user(user, limit=limit)
    return [order_body(app, current(app, o)) for o in found]


@router.get("/{order_id}")
def read_order(order_id: OrderId, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """The order with live status: fulfilment (rider, tickets) is advanced to now, then its timeline."""
    app = svc.app
    order = current(app, owned(app, order_id, user))
    body = order_body(app, order)
    body["timeline"] = reporting.order_timeline(app.engine, order.id)
    return body


@router.post("/{order_id}/cancel")
def cancel_order(order_id: OrderId, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """Cancel an unpaid (held) order and release its stock; a paid order is refunded instead."""
    app = svc.app
    owned(app, order_id, user)
    done = ordering.cancel_order(commands.CancelOrder(user, order_id), uow=app.uow(), clock=app.clock)
    return order_body(app, done)


@router.post("/{order_id}/refund")
def refund_order(order_id: OrderId, user: AuthUserDep, svc: ServiceDep,
                 body: RefundRequest | None = None) -> dict[str, Any]:
    """Refund under the order's policy (fee from what was paid; the card back while still valid); refused,
    with the reason in Chinese, where the policy allows no refund at this moment."""
    app = svc.app
    order = owned(app, order_id, user)
    if order.status is OrderStatus.HELD:
        return cancel_order(order_id, user, svc)
    order = current(app, order)
    if order.status is not OrderStatus.REFUNDED:   # a refunded order: a retry answers with the first refund
        refuse_unless_refundable(order, now=app.clock.now())
    key = (body.idempotency_key if body else None) or f"api-refund:{order.id}"
    done = refunding.refund_order(commands.RefundOrder(user, order.id, key), uow=app.uow(), clock=app.clock)
    return order_body(app, done)


def refuse_unless_refundable(order: Order, *, now: datetime) -> None:
    """Raise, with the reason the detail shows, when the policy allows no refund of ``order`` now."""
    quote = policies.refund_quote(order, now=now)
    if quote.allowed:
        return
    if quote.reason == "policy":
        raise NotRefundableError(quote.policy_zh)
    reason = views.refund_json(order, now)["reason"]
    raise ConflictError(f"order {order.id} is {order.status.value}: no refund", user_message=reason)
