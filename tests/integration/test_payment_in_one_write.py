"""Paying an order is one all-or-nothing write (``OrderRepository.save_paid``; one statement on PostgreSQL): the
wallet move gates the ledger entries, the payment row and the order's new state, and the order must still be HELD.
Placing one takes its first stock claim in the order's own write (``add_holding``), only if the order was written."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Connection, Engine, func, select, update

from bangwo.adapters.db import tables as t
from bangwo.adapters.db.repositories import SqlOrders
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.domain import commands, payments
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import (
    ConflictError,
    DuplicateRequestError,
    InsufficientBalanceError,
    NotFoundError,
    OutOfStockError,
)
from bangwo.domain.offers import StockClaim
from bangwo.domain.orders import Order, OrderStatus
from bangwo.services import checkout, ordering, paying, registering
from tests import builders

TOTAL_FEN = 1800   # builders.tea_offer(): 1600 + 200 fees


def _held_order(uow: SqlUnitOfWorkFactory, clock: FixedClock, *, funded_fen: int | None) -> Order:
    registering.register_user(builders.user("alice"), uow=uow(), clock=clock, campaign_id=None)
    if funded_fen is not None:
        paying.top_up(commands.TopUp("alice", funded_fen, "tok", "topup-alice"), uow=uow(), clock=clock,
                      gateway=SandboxGateway())
    return ordering.place_order(commands.PlaceOrder("alice", builders.tea_offer(), "k1"), uow=uow(), clock=clock)


def _written(conn: Connection, order_id: str) -> tuple[int, int, int, str, int]:
    """Ledger entries and payments of the order, its events, its status, alice's cached wallet balance."""
    return (conn.execute(select(func.count()).select_from(t.ledger_entries)
                         .where(t.ledger_entries.c.order_id == order_id)).scalar_one(),
            conn.execute(select(func.count()).select_from(t.payments)
                         .where(t.payments.c.order_id == order_id)).scalar_one(),
            conn.execute(select(func.count()).select_from(t.order_events)
                         .where(t.order_events.c.order_id == order_id)).scalar_one(),
            conn.execute(select(t.orders.c.status).where(t.orders.c.id == order_id)).scalar_one(),
            int(conn.execute(select(t.accounts.c.balance_fen).where(t.accounts.c.id == "wallet:alice")).scalar() or 0))


def _paid_in_memory(order: Order, now: datetime) -> payments.Transaction:
    order.paid_fen = order.total_fen
    order.move(OrderStatus.PAID, at=now, reason="钱包支付", actor=order.user_id)
    return payments.payment(order_id=order.id, user_id=order.user_id, merchant_id=order.merchant_id,
                            total_fen=order.total_fen, discount_fen=0)


@pytest.mark.parametrize("funded_fen", [None, TOTAL_FEN - 1], ids=["no-wallet-yet", "one-fen-short"])
def test_a_wallet_that_cannot_pay_writes_nothing_in_the_same_transaction(
        uow: SqlUnitOfWorkFactory, engine: Engine, clock: FixedClock, funded_fen: int | None) -> None:
    order = _held_order(uow, clock, funded_fen=funded_fen)
    with engine.begin() as conn:
        before = _written(conn, order.id)
        txn = _paid_in_memory(order, clock.now())
        with pytest.raises(InsufficientBalanceError):
            SqlOrders(conn).save_paid(order, txn, payment_key=f"{order.id}:k1", at=clock.now())
        assert _written(conn, order.id) == before   # not undone by a rollback: never written
    assert before[:4] == (0, 0, 1, "held")


def test_an_order_no_longer_held_is_not_paid_even_if_the_caller_thinks_so(
        uow: SqlUnitOfWorkFactory, engine: Engine, clock: FixedClock) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite writes the parts one by one under its write lock; the service's locked read guards it")
    order = _held_order(uow, clock, funded_fen=10_000)
    with engine.begin() as conn:
        conn.execute(update(t.orders).where(t.orders.c.id == order.id).values(status="cancelled"))
        before = _written(conn, order.id)
        txn = _paid_in_memory(order, clock.now())   # a stale copy: HELD -> PAID in memory
        with pytest.raises(ConflictError):   # the one statement checks the state it moves the order from
            SqlOrders(conn).save_paid(order, txn, payment_key=f"{order.id}:k1", at=clock.now())
        assert _written(conn, order.id) == before


def test_a_paid_order_has_every_part_written_once(uow: SqlUnitOfWorkFactory, engine: Engine,
                                                   clock: FixedClock) -> None:
    order = _held_order(uow, clock, funded_fen=10_000)
    paid = checkout.pay_order(commands.PayOrder("alice", order.id, "pay-1"), uow=uow(), clock=clock)
    again = checkout.pay_order(commands.PayOrder("alice", order.id, "pay-1"), uow=uow(), clock=clock)
    assert (paid.status, again.status, again.paid_fen) == (OrderStatus.PAID, OrderStatus.PAID, TOTAL_FEN)
    with engine.connect() as conn:
        entries, payment_rows, events, status, balance = _written(conn, order.id)
        amounts = sorted(conn.execute(select(t.ledger_entries.c.amount_fen)
                                      .where(t.ledger_entries.c.order_id == order.id)).scalars())
        key, amount = conn.execute(select(t.payments.c.key, t.payments.c.amount_fen)
                                   .where(t.payments.c.order_id == order.id)).one()
        history = list(conn.execute(select(t.order_events.c.to_status).where(t.order_events.c.order_id == order.id)
                                    .order_by(t.order_events.c.id)).scalars())
    assert (entries, payment_rows, events, status, balance) == (2, 1, 2, "paid", 10_000 - TOTAL_FEN)
    assert amounts == [-TOTAL_FEN, TOTAL_FEN] and sum(amounts) == 0
    assert (key, amount) == (f"{order.id}:pay-1", TOTAL_FEN)
    assert history == ["held", "paid"]


def _stock(conn: Connection) -> tuple[int, int, int]:
    """Units reserved of product:tea-1, order_stock rows, orders."""
    return (int(conn.execute(select(t.stock_units.c.reserved).where(t.stock_units.c.key == "product:tea-1"))
                .scalar() or 0),
            conn.execute(select(func.count()).select_from(t.order_stock)).scalar_one(),
            conn.execute(select(func.count()).select_from(t.orders)).scalar_one())


def _new_order(key: str, clock: FixedClock, user_id: str = "alice") -> Order:
    return ordering._new_order(commands.PlaceOrder(user_id, builders.tea_offer(), key), clock.now())


def test_the_stock_taken_with_the_order_only_when_the_order_is_written_and_the_stock_fits(
        uow: SqlUnitOfWorkFactory, engine: Engine, clock: FixedClock) -> None:
    _held_order(uow, clock, funded_fen=None)   # creates the stock unit (capacity 100) and holds 1
    with engine.begin() as conn:
        orders = SqlOrders(conn)
        assert _stock(conn) == (1, 1, 1)
        taken = orders.add_holding(_new_order("k2", clock), StockClaim("product:tea-1", 2, 100))
        assert _stock(conn) == ((3, 2, 2) if taken else (1, 1, 2))   # SQLite: the caller reserves it
        assert taken is (engine.dialect.name == "postgresql")
        assert orders.add_holding(_new_order("k3", clock), StockClaim("product:tea-1", 1000, 100)) is False
        assert _stock(conn)[0] == (3 if taken else 1)   # short: written, nothing taken
        assert orders.add_holding(_new_order("k4", clock), StockClaim("product:tea-2", 1, 100)) is False
        with pytest.raises(NotFoundError):   # an unknown user: no order, no stock
            orders.add_holding(_new_order("k5", clock, "nobody"), StockClaim("product:tea-1", 1, 100))
        with pytest.raises(DuplicateRequestError):   # a key taken: no second order, no stock
            orders.add_holding(_new_order("k1", clock), StockClaim("product:tea-1", 1, 100))
        assert _stock(conn) == ((3, 2, 4) if taken else (1, 1, 4))


def test_a_sold_out_order_and_a_retried_one_take_no_stock(uow: SqlUnitOfWorkFactory, engine: Engine,
                                                           clock: FixedClock) -> None:
    first = _held_order(uow, clock, funded_fen=None)
    again = ordering.place_order(commands.PlaceOrder("alice", builders.tea_offer(), "k1"), uow=uow(), clock=clock)
    with pytest.raises(OutOfStockError):
        ordering.place_order(commands.PlaceOrder("alice", builders.tea_offer(quantity=100), "k2"), uow=uow(),
                             clock=clock)
    with engine.connect() as conn:
        assert again.id == first.id and _stock(conn) == (1, 1, 1)
