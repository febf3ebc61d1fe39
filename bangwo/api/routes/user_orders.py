"""A user's orders: list, read and track (fulfilment advanced to now), cancel a held one, refund a paid one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from bangwo import views
from bangwo.adapters.db import reporting
from bangwo.api.auth import AuthUserDep
from bangwo.api.deps import ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.bootstrap import App
from bangwo.domain import commands
from bangwo.domain.errors import NotFoundError
from bangwo.domain.orders import STATUS_ZH, Order, OrderStatus
from bangwo.domain.policies import by_code
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
    body = views.order_json(order, app.clock.now())
    body["status_zh"] = STATUS_ZH[order.status]
    body["policy"] = by_code(order.policy_code).summary_zh
    return body


@router.get("")
def list_orders(user: AuthUserDep, svc: ServiceDep,
                limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict[str, Any]]:
    """The user's latest orders, newest first."""
    app = svc.app
    with app.uow.reader() as uow:
        found = uow.orders.list_for_user(user, limit=limit)
    return [order_body(app, o) for o in found]


@router.get("/{order_id}")
def read_order(order_id: OrderId, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """The order with live status: fulfilment (rider, tickets) is advanced to now, then its timeline."""
    app = svc.app
    order = owned(app, order_id, user)
    if order.status in (OrderStatus.PAID, OrderStatus.FULFILLING, OrderStatus.ISSUED, OrderStatus.DELIVERED):
        order = fulfilling.advance_order(order.id, uow=app.uow(), clock=app.clock)
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
    """Refund under the order's policy (fee from what was paid; the card back while still valid)."""
    app = svc.app
    order = owned(app, order_id, user)
    if order.status is OrderStatus.HELD:
        return cancel_order(order_id, user, svc)
    fulfilling.advance_order(order.id, uow=app.uow(), clock=app.clock)
    key = (body.idempotency_key if body else None) or f"api-refund:{order.id}"
    done = refunding.refund_order(commands.RefundOrder(user, order.id, key), uow=app.uow(), clock=app.clock)
    return order_body(app, done)
