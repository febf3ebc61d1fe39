"""Supplier status events on SQLite and PostgreSQL: applied once per webhook-id, through the order state machine."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from bangwo.adapters.db import supplier_orders, tables
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.domain import commands, orders
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import DuplicateRequestError, NotFoundError
from bangwo.services import checkout, ordering, paying, registering, supplying
from bangwo.services.ports import SupplierEvent, SupplierLink, SupplierStatus
from tests import builders

links = supplier_orders.supplier_orders


def held_order(uow: SqlUnitOfWorkFactory, clock: FixedClock, user: str = "alice") -> orders.Order:
    registering.register_user(builders.user(user), uow=uow(), clock=clock, campaign_id=None)
    paying.top_up(commands.TopUp(user, 10_000, "test-card", f"topup:{user}"), uow=uow(), clock=clock,
                  gateway=SandboxGateway())
    order = ordering.place_order(commands.PlaceOrder(user, builders.tea_offer(), f"place:{user}"), uow=uow(),
                                 clock=clock)
    with uow() as unit:
        links(unit).link(SupplierLink(order.id, "shancha", f"h_{user}", SupplierStatus.HELD), at=clock.now())
        unit.commit()
    return order


def event(order: orders.Order, status: SupplierStatus, webhook_id: str, hold: str = "h_alice") -> SupplierEvent:
    return SupplierEvent(webhook_id, "shancha", hold, order.id, status, builders.NOW)


def history(engine: Engine, order_id: str) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(tables.order_events.c.to_status, tables.order_events.c.actor)
                            .where(tables.order_events.c.order_id == order_id).order_by(tables.order_events.c.id))
        return [(status, actor) for status, actor in rows]


def test_status_events_move_the_order_once_each(engine: Engine, uow: SqlUnitOfWorkFactory,
                                                 clock: FixedClock) -> None:
    order = held_order(uow, clock)
    checkout.pay_order(commands.PayOrder("alice", order.id, "pay"), uow=uow(), clock=clock)
    clock.moment += timedelta(minutes=3)
    apply = lambda e: supplying.apply_event(e, uow=uow(), links=links, clock=clock)  # noqa: E731
    assert apply(event(order, SupplierStatus.FULFILLING, "msg_1")) is supplying.Outcome.APPLIED
    assert apply(event(order, SupplierStatus.FULFILLING, "msg_1")) is supplying.Outcome.DUPLICATE
    assert apply(event(order, SupplierStatus.FULFILLING, "msg_2")) is supplying.Outcome.STALE
    assert apply(event(order, SupplierStatus.DELIVERED, "msg_3")) is supplying.Outcome.APPLIED
    assert history(engine, order.id)[-2:] == [("fulfilling", "supplier:shancha"), ("delivered", "supplier:shancha")]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tables.supplier_webhooks)).scalar_one() == 3
        assert conn.execute(select(tables.supplier_orders.c.status)).scalar_one() == "delivered"


def test_an_event_for_another_hold_or_a_second_link_is_refused(engine: Engine, uow: SqlUnitOfWorkFactory,
                                                               clock: FixedClock) -> None:
    order = held_order(uow, clock)
    with pytest.raises(NotFoundError):
        supplying.apply_event(event(order, SupplierStatus.FULFILLING, "msg_x", hold="h_other"), uow=uow(),
                              links=links, clock=clock)
    with uow() as unit, pytest.raises(DuplicateRequestError):
        links(unit).link(SupplierLink(order.id, "shancha", "h_again", SupplierStatus.HELD), at=clock.now())
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tables.supplier_webhooks)).scalar_one() == 0


def test_a_supplier_cancelling_a_held_order_releases_its_stock(engine: Engine, uow: SqlUnitOfWorkFactory,
                                                               clock: FixedClock) -> None:
    order = held_order(uow, clock)
    outcome = supplying.apply_event(event(order, SupplierStatus.CANCELLED, "msg_c"), uow=uow(), links=links,
                                    clock=clock)
    assert outcome is supplying.Outcome.CANCELLED
    with uow.reader() as unit:
        assert unit.orders.get(order.id).status is orders.OrderStatus.CANCELLED
        assert unit.stock.available({"product:tea-1": 100}) == {"product:tea-1": 100}
