"""The fulfilment simulator: moves paid orders along their domain's timeline as the clock advances.

Orders an outside supplier fulfils (``details["supplier"]``, set when the supplier holds them) are left alone:
their status comes only from that supplier's signed webhooks (services/supplying.py).
"""

from __future__ import annotations

from bangwo.domain import fulfilment
from bangwo.domain.orders import Order
from bangwo.services.ports import Clock, UnitOfWork, UnitOfWorkFactory


def advance_order(order_id: str, *, uow: UnitOfWork, clock: Clock) -> Order:
    """Bring one order up to the clock, recording each step as an event."""
    return _advance(order_id, uow=uow, clock=clock)[0]


def _advance(order_id: str, *, uow: UnitOfWork, clock: Clock) -> tuple[Order, int]:
    now = clock.now()
    with uow:
        order = uow.orders.get(order_id, lock=True)
        if supplied(order):
            return order, 0
        state = fulfilment.progress(order, now)
        steps = fulfilment.path_to(order.status, state.status, order.domain)
        for status in steps:
            order.move(status, at=now, reason=fulfilment.PHASE_ZH.get(state.phase, state.phase), actor="fulfilment")
            if status.value == "issued" and "tickets" not in order.details:
                order.details["tickets"] = fulfilment.ticket_codes(order)
        if steps:
            order.details["phase"] = state.phase
            uow.orders.save(order)
            uow.commit()
    return order, len(steps)


def supplied(order: Order) -> bool:
    """True for an order an outside supplier fulfils (the simulator never moves it)."""
    return bool(order.details.get("supplier"))


def advance_all(*, uow: UnitOfWorkFactory, clock: Clock, limit: int = 500) -> int:
    """Advance every active order; returns how many changed status."""
    with uow() as reader:
        ids = reader.orders.ids_in_status(fulfilment.ACTIVE, limit=limit)
    return sum(1 for order_id in ids if _advance(order_id, uow=uow(), clock=clock)[1])
