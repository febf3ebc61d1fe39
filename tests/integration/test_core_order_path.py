"""The core order path (place_order + pay_order, what `bangwo bench core` measures): its statement budget on both
databases, and the SQLite writer gate that queues a process's write transactions (engine.WriterGate)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, text

from bangwo.adapters.db import migrating
from bangwo.adapters.db.engine import GatedConnection, make_engine, writer_gate
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.domain import commands
from bangwo.domain.cards import Card
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import NotFoundError
from bangwo.domain.orders import OrderStatus
from bangwo.services import checkout, ordering, paying, registering
from tests import builders

# place_order: the order (with its event, the user's existence check and, on PostgreSQL, the stock take: one statement);
# pay_order: the locked order with the user's cards, then the wallet move with its ledger entries, the payment and
# the order's new state with its event (one statement on PostgreSQL). SQLite adds BEGIN IMMEDIATE per transaction
# and cannot fold DML into CTEs.
STATEMENTS = {"sqlite": 12, "postgresql": 3}   # statements sent (BEGINs included), COMMITs not counted
COMMITS = 2


class Counter:
    def __init__(self, engine: Engine) -> None:
        self.statements: list[str] = []
        self.commits = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)
        self.engine = engine

    def _statement(self, conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(" ".join(statement.split())[:80])

    def _commit(self, conn: Connection) -> None:
        self.commits += 1

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)


@pytest.fixture
def funded(uow: SqlUnitOfWorkFactory, clock: FixedClock) -> SqlUnitOfWorkFactory:
    registering.register_user(builders.user("alice"), uow=uow(), clock=clock, campaign_id=None)
    paying.top_up(commands.TopUp("alice", 100_000, "tok", "topup-alice"), uow=uow(), clock=clock,
                  gateway=SandboxGateway())
    return uow


def _order(uow: SqlUnitOfWorkFactory, clock: FixedClock, key: str) -> None:
    order = ordering.place_order(commands.PlaceOrder("alice", builders.tea_offer(), key), uow=uow(), clock=clock)
    paid = checkout.pay_order(commands.PayOrder("alice", order.id, key), uow=uow(), clock=clock)
    assert paid.status is OrderStatus.PAID


def test_an_order_stays_within_its_statement_budget(funded: SqlUnitOfWorkFactory, engine: Engine,
                                                     clock: FixedClock) -> None:
    _order(funded, clock, "warm-up")   # first use creates the stock unit
    counter = Counter(engine)
    try:
        _order(funded, clock, "measured")
    finally:
        counter.close()
    assert len(counter.statements) <= STATEMENTS[engine.dialect.name], counter.statements
    assert counter.commits == COMMITS


def test_paying_again_reads_the_payment_and_charges_nothing(funded: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = ordering.place_order(commands.PlaceOrder("alice", builders.tea_offer(), "k"), uow=funded(), clock=clock)
    first = checkout.pay_order(commands.PayOrder("alice", order.id, "p"), uow=funded(), clock=clock)
    again = checkout.pay_order(commands.PayOrder("alice", order.id, "p"), uow=funded(), clock=clock)
    assert (again.id, again.status, again.paid_fen) == (first.id, OrderStatus.PAID, first.paid_fen)
    with funded() as u:
        assert u.connection.execute(text("select count(*) from payments where kind = 'pay'")).scalar_one() == 1


def test_the_order_read_brings_the_cards_usable_when_paying(funded: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    with funded() as u:   # one card runs out before the payment, the other is still good: only it is allotted
        for card_id, minutes in (("card-short", 5), ("card-long", 60 * 24)):
            u.cards.issue(Card(id=card_id, campaign_id="c", user_id="alice", value_fen=500, min_spend_fen=0,
                               min_pay_fen=1, expires_at=clock.now() + timedelta(minutes=minutes)),
                          request_id=card_id, source="test", at=clock.now())
        u.commit()
    order = ordering.place_order(commands.PlaceOrder("alice", builders.tea_offer(), "k"), uow=funded(), clock=clock)
    clock.advance(timedelta(minutes=10))
    paid = checkout.pay_order(commands.PayOrder("alice", order.id, "k"), uow=funded(), clock=clock)
    assert (paid.card_id, paid.discount_fen, paid.paid_fen) == ("card-long", 500, paid.total_fen - 500)


def test_an_unknown_user_places_nothing(funded: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    with pytest.raises(NotFoundError):
        ordering.place_order(commands.PlaceOrder("nobody", builders.tea_offer(), "k"), uow=funded(), clock=clock)
    with funded() as u:
        assert u.connection.execute(text("select count(*) from orders")).scalar_one() == 0
        assert u.connection.execute(text("select coalesce(sum(reserved), 0) from stock_units")).scalar_one() == 0


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'gate.db'}", pool_size=8)
    migrating.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    yield engine
    engine.dispose()


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT n FROM counter")).scalar_one())


def test_writers_of_one_process_queue_and_lose_no_update(sqlite_file: Engine) -> None:
    def writer() -> None:
        for _ in range(40):
            with sqlite_file.begin() as conn:   # read, then write what was read: lost updates would show
                n = conn.execute(text("SELECT n FROM counter")).scalar_one()
                conn.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert _count(sqlite_file) == 240


def test_a_failed_or_abandoned_write_transaction_gives_the_gate_back(sqlite_file: Engine) -> None:
    def fail() -> None:
        with sqlite_file.begin() as conn:
            conn.execute(text("UPDATE counter SET n = 5"))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail()
    conn = sqlite_file.connect()
    conn.execute(text("UPDATE counter SET n = 6"))
    conn.close()                                   # closed without commit: rolled back
    done = threading.Event()

    def other_thread() -> None:
        with sqlite_file.begin() as c:
            c.execute(text("UPDATE counter SET n = n + 1"))
        done.set()

    th = threading.Thread(target=other_thread)
    th.start()
    assert done.wait(timeout=10), "the gate was not given back"
    th.join()
    assert _count(sqlite_file) == 1


def test_readers_do_not_queue_behind_a_writer(sqlite_file: Engine) -> None:
    factory = SqlUnitOfWorkFactory(sqlite_file)
    with sqlite_file.begin() as writer:
        writer.execute(text("UPDATE counter SET n = 7"))   # holds the gate and SQLite's write lock
        read: list[int] = []
        th = threading.Thread(target=lambda: read.append(_read(factory)))
        th.start()
        th.join(timeout=10)
        assert read == [0]                               # WAL: the reader sees the last commit, at once
    assert _count(sqlite_file) == 7


def _read(factory: SqlUnitOfWorkFactory) -> int:
    with factory.reader() as u:
        return int(u.connection.execute(text("SELECT n FROM counter")).scalar_one())


def test_engines_on_one_file_share_one_gate(sqlite_file: Engine, tmp_path: Path) -> None:
    other = make_engine(f"sqlite:///{tmp_path / 'gate.db'}", pool_size=2)
    try:
        with other.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, GatedConnection)
        assert writer_gate(str(tmp_path / "gate.db")) is writer_gate(str(tmp_path / "." / "gate.db"))
    finally:
        other.dispose()
