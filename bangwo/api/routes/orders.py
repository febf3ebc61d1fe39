"""Reading an order (its fulfilment advanced to now)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from bangwo import views
from bangwo.api.deps import ServiceDep, UserDep
from bangwo.domain.errors import ForbiddenError

router = APIRouter(prefix="/v1/orders")


@router.get("/{order_id}")
def read_order(order_id: str, user: UserDep, svc: ServiceDep) -> dict[str, Any]:
    app = svc.app
    with app.uow.reader() as uow:
        order = uow.orders.get(order_id)
    if order.user_id != user:
        raise ForbiddenError(f"order {order_id} belongs to another user")
    return views.order_json(order, app.clock.now())
