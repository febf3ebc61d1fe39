"""A chat turn's persistence: lazy savepoints keep every nested unit all-or-nothing, and a one-sentence order
stays within its statement budget on PostgreSQL (counted by a real SQLAlchemy listener on the real engine)."""

from __future__ import annotations

import collections
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, func, select, text

from bangwo import bootstrap as boot
from bangwo.adapters.db import tables as t
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory, may_write
from bangwo.bench import loadgen, storm
from bangwo.config import Settings
from bangwo.domain import commands
from bangwo.domain.cards import Campaign, Card
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.errors import ConflictError, NotFoundError
from bangwo.domain.listings import Address
from bangwo.domain.plans import Plan, PlanStatus
from bangwo.services import ordering, registering
from bangwo.services.ports import UnitOfWorkFactory
from tests import builders
from tests.conftest import fresh_schema

# What a three-turn order (帮我点一杯少糖少冰的珍珠奶茶 → 第一个 → 确认) costs on PostgreSQL after issue 16
# (it was 67 statements, then 36); the turn path may get cheaper, never dearer. Per turn: 3 (open, stock, close),
# 7 (open, SAVEPOINT, user lock, open holds, order + event + stock + order_stock in one statement, plan, close) and
# 7 (open, SAVEPOINT, plan and order locks, wallet + ledger + payment + order + event in one statement, plan, close),
# one transaction each.
STATEMENTS_PER_ORDER = 17
TRANSACTIONS_PER_ORDER = 3
SAVEPOINT_STATEMENTS_PER_ORDER = 2   # SAVEPOINT before the first write of a unit that writes; ROLLBACK TO on failure

HOME = Address(text="文三路478号", city="杭州")


class Recorder:
    """Every statement the engine sends, in order (SAVEPOINTs included), and every transaction begun."""

    def __init__(self, engine: Engine) -> None:
        self.statements: list[str] = []
        self.transactions = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "begin", self._begin)
        self.engine = engine

    def _statement(self, conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(" ".join(statement.split()))

    def _begin(self, conn: Connection) -> None:
        self.transactions += 1

    def clear(self) -> None:
        self.statements.clear()
        self.transactions = 0

    def savepoint_statements(self) -> list[str]:
        return [s for s in self.statements if "SAVEPOINT" in s.upper()]

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "begin", self._begin)


@pytest.fixture
def recorder(engine: Engine) -> Iterator[Recorder]:
    rec = Recorder(engine)
    yield rec
    rec.close()


def _places(engine: Engine, user_id: str) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(t.saved_places.c.label).where(t.saved_places.c.user_id == user_id)).scalars())


def _add_user(uow: SqlUnitOfWorkFactory, user_id: str = "alice") -> None:
    with uow() as u:
        u.users.add(builders.user(user_id))
        u.commit()


# ---- lazy savepoints: correctness first -----------------------------------------------------------------


class UseCaseFailed(Exception):
    pass


def _write_then_fail(joined: UnitOfWorkFactory) -> None:
    with joined() as unit:
        unit.users.save_place("alice", "公司", HOME, at=builders.NOW)
        raise UseCaseFailed("the use case fails after its write")


def _read_nest_write_then_fail(joined: UnitOfWorkFactory) -> None:
    with joined() as hold:
        hold.users.get("alice")                           # a read: no savepoint yet
        with hold.within()() as place:
            place.users.save_place("alice", "家", HOME, at=builders.NOW)
            place.commit()
        hold.users.save_place("alice", "公司", HOME, at=builders.NOW)
        raise UseCaseFailed("the enclosing use case fails after the inner one committed")


def test_a_unit_that_fails_after_writing_is_undone_alone(engine: Engine, uow: SqlUnitOfWorkFactory,
                                                         recorder: Recorder) -> None:
    _add_user(uow)
    with uow() as outer:
        joined = outer.within()
        with joined() as a:
            a.users.save_place("alice", "家", HOME, at=builders.NOW)
            a.commit()
        with pytest.raises(UseCaseFailed):
            _write_then_fail(joined)
        outer.users.save_place("alice", "学校", HOME, at=builders.NOW)
        outer.commit()
    assert _places(engine, "alice") == {"家", "学校"}
    assert any(s.upper().startswith("ROLLBACK TO SAVEPOINT") for s in recorder.statements)


def test_an_enclosing_unit_that_fails_undoes_what_its_inner_unit_committed(
        engine: Engine, uow: SqlUnitOfWorkFactory) -> None:
    """The enclosing unit had only read when the inner one wrote: its savepoint must still come first."""
    _add_user(uow)
    with uow() as outer:
        joined = outer.within()
        with pytest.raises(UseCaseFailed):
            _read_nest_write_then_fail(joined)
        with joined() as after:
            after.users.save_place("alice", "学校", HOME, at=builders.NOW)
            after.commit()
        outer.commit()
    assert _places(engine, "alice") == {"学校"}


def test_a_unit_rolled_back_after_its_commit_loses_only_the_later_writes(
        engine: Engine, uow: SqlUnitOfWorkFactory) -> None:
    _add_user(uow)
    with uow() as outer:
        with outer.within()() as unit:
            unit.users.save_place("alice", "家", HOME, at=builders.NOW)
            unit.commit()
            unit.users.save_place("alice", "公司", HOME, at=builders.NOW)
            unit.rollback()
            unit.users.save_place("alice", "学校", HOME, at=builders.NOW)
            unit.commit()
        outer.commit()
    assert _places(engine, "alice") == {"家", "学校"}


def test_leaving_the_outer_unit_without_commit_keeps_nothing(engine: Engine, uow: SqlUnitOfWorkFactory) -> None:
    _add_user(uow)
    with uow() as outer, outer.within()() as unit:
        unit.users.save_place("alice", "家", HOME, at=builders.NOW)
        unit.commit()
    assert _places(engine, "alice") == set()


def test_units_that_only_read_send_no_savepoint(uow: SqlUnitOfWorkFactory, recorder: Recorder) -> None:
    _add_user(uow)
    recorder.clear()
    with uow() as outer:
        joined = outer.within()
        with joined() as a:
            a.users.get("alice")
            a.commit()
        with joined.reader() as r:
            r.cards.usable_cards("alice", builders.NOW)
        outer.commit()
    assert recorder.savepoint_statements() == []


def test_a_locking_read_opens_the_savepoint(engine: Engine, uow: SqlUnitOfWorkFactory, recorder: Recorder) -> None:
    """FOR UPDATE counts as a write: the lock goes with the unit that took it, as before."""
    _add_user(uow)
    recorder.clear()
    with uow() as outer:
        with outer.within()() as a:
            a.users.lock("alice")
        outer.commit()
    assert [s.split()[0].upper() for s in recorder.savepoint_statements()] == ["SAVEPOINT", "ROLLBACK"]


def test_what_may_write() -> None:
    assert not may_write(select(t.users.c.id))
    assert may_write(select(t.users.c.id).with_for_update())
    assert may_write(t.users.delete())
    assert may_write(select(t.users.c.id).add_cte(t.saved_places.delete().returning(t.saved_places.c.label)
                                                  .cte("gone")))
    assert may_write(text("UPDATE users SET name = 'x'"))
    assert not may_write("SELECT 1")
    assert may_write("SELECT id FROM users FOR UPDATE")
    assert may_write("DELETE FROM users")


# ---- what a transaction remembers (plans it locked or wrote, cards it read) ------------------------------

CAMPAIGN = "free-tea"


def _with_cards(uow: SqlUnitOfWorkFactory) -> None:
    with uow() as u:
        u.cards.add_campaign(Campaign(id=CAMPAIGN, name="免单卡", starts_at=builders.NOW - timedelta(days=30),
                                      ends_at=builders.NOW + timedelta(days=30)))
        u.commit()
    registering.register_user(builders.user("alice"), uow=uow(), clock=FixedClock(builders.NOW),
                              campaign_id=CAMPAIGN)


def _ids(cards: list[Card]) -> list[str]:
    return [c.id for c in cards]


def test_the_cards_read_with_the_turn_are_the_cards_the_repository_reads(uow: SqlUnitOfWorkFactory) -> None:
    _with_cards(uow)
    with uow() as u:
        u.conversations.open_turn("alice", "c1", at=builders.NOW)
        remembered = u.cards.usable_cards("alice", builders.NOW + timedelta(minutes=1))
    with uow() as u:
        fresh = u.cards.usable_cards("alice", builders.NOW + timedelta(minutes=1))
    assert fresh and remembered == fresh
    assert [c.expires_at.isoformat() for c in remembered] == [c.expires_at.isoformat() for c in fresh]


def test_a_card_used_in_a_unit_rolled_back_is_usable_again(uow: SqlUnitOfWorkFactory) -> None:
    _with_cards(uow)
    with uow() as outer:
        outer.conversations.open_turn("alice", "c1", at=builders.NOW)
        card = outer.cards.usable_cards("alice", builders.NOW)[0]
        with outer.within()() as inner:
            assert inner.cards.use(card.id, order_id="BW-used")
            assert card.id not in _ids(inner.cards.usable_cards("alice", builders.NOW))
        assert card.id in _ids(outer.cards.usable_cards("alice", builders.NOW))


def test_a_plan_written_in_a_unit_rolled_back_is_read_as_the_database_has_it(uow: SqlUnitOfWorkFactory) -> None:
    _add_user(uow)
    plan = Plan("PL-h16", "alice", builders.NOW)
    with uow() as outer:
        outer.plans.add(plan, at=builders.NOW)
        with outer.within()() as inner:
            changed = inner.plans.get(plan.id, lock=True)
            changed.status = PlanStatus.RELEASED
            inner.plans.save(changed, at=builders.NOW)
            assert inner.plans.get(plan.id, lock=True).status is PlanStatus.RELEASED
        assert outer.plans.get(plan.id, lock=True).status is PlanStatus.OPEN
        outer.commit()
    with uow() as u:
        assert u.plans.get(plan.id).status is PlanStatus.OPEN


def test_an_order_placed_twice_in_one_transaction_is_one_order(engine: Engine, uow: SqlUnitOfWorkFactory) -> None:
    """The second insert under the same key writes nothing and leaves the transaction usable (no savepoint)."""
    _add_user(uow)
    cmd = commands.PlaceOrder("alice", builders.tea_offer(), "same-key")
    with uow() as u:
        first = ordering.place(cmd, uow=u, now=builders.NOW)
        again = ordering.place(cmd, uow=u, now=builders.NOW)
        u.commit()
    assert again.id == first.id
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.orders)).scalar_one() == 1
        assert conn.execute(select(t.stock_units.c.reserved)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(t.order_events)).scalar_one() == 1


# ---- the conversation row -------------------------------------------------------------------------------


def test_open_turn_of_an_unknown_user_writes_nothing(engine: Engine, uow: SqlUnitOfWorkFactory) -> None:
    with uow() as u, pytest.raises(NotFoundError):
        u.conversations.open_turn("nobody", "c1", at=builders.NOW)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.conversations)).scalar_one() == 0


def test_a_turn_saved_from_a_stale_version_conflicts_and_logs_nothing(
        engine: Engine, uow: SqlUnitOfWorkFactory) -> None:
    _add_user(uow)
    turn: dict[str, Any] = {"text": "你好", "domains": "", "outcome": "chat", "reply": {"reply": "你好！"}}
    with uow() as u:
        user, state, version = u.conversations.open_turn("alice", "c1", at=builders.NOW)
        assert (user.id, user.addresses, state, version) == ("alice", builders.user().addresses, {}, 0)
        u.conversations.close_turn("alice", "c1", {"turn_no": 1}, version=version, at=builders.NOW, **turn)
        u.commit()
    with uow() as u:
        _, state, version = u.conversations.open_turn("alice", "c1", at=builders.NOW)
        assert (state, version) == ({"turn_no": 1}, 1)
        with pytest.raises(ConflictError):
            u.conversations.close_turn("alice", "c1", {"turn_no": 2}, version=0, at=builders.NOW, **turn)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.turns)).scalar_one() == 1
        assert conn.execute(select(t.conversations.c.version)).scalar_one() == 1


# ---- the budget of a one-sentence order on PostgreSQL ----------------------------------------------------


# With an outside supplier configured, every turn settles the orders it moved at their suppliers after it commits:
# orders held through no supplier route (the generated tea shops) have no supplier link, and cost nothing there.
SUPPLIER = {"supplier_name": "shancha", "supplier_url": "http://127.0.0.1:9", "supplier_api_key": "never-called"}


@pytest.mark.postgres
@pytest.mark.parametrize("supplier", [{}, SUPPLIER], ids=["no-supplier", "supplier-configured"])
def test_a_one_sentence_order_stays_within_its_statement_budget(pg_engine: Engine, supplier: dict[str, str]) -> None:
    url = fresh_schema(pg_engine, "turn_statements")
    settings = Settings.model_validate({"database_url": url, "now": storm.NOW, **supplier})
    names = storm.prepare(url, settings, 2)
    app = boot.connect(settings, clock=FixedClock(parse_now(storm.NOW)))
    try:
        engine = app.conversation()
        for line in loadgen.ORDER_SCRIPT:   # a first order warms the caches, as a running server has them
            engine.handle(names[0], line, conversation_id="warm")
        recorder = Recorder(app.engine)
        replies = [engine.handle(names[1], line, conversation_id="counted").reply for line in loadgen.ORDER_SCRIPT]
        recorder.close()
        kinds = collections.Counter(s.split()[0].upper() for s in recorder.statements)
        assert len(recorder.statements) <= STATEMENTS_PER_ORDER, kinds
        assert recorder.transactions <= TRANSACTIONS_PER_ORDER
        assert kinds["RELEASE"] == 0
        assert len(recorder.savepoint_statements()) <= SAVEPOINT_STATEMENTS_PER_ORDER
        # each turn: one statement opens it (user, addresses, conversation row), one saves the state and logs it
        conversation = [s for s in recorder.statements if "conversations" in s]
        assert len(conversation) == 2 * len(loadgen.ORDER_SCRIPT)
        assert not any(s.startswith("INSERT INTO turns") for s in recorder.statements)
        with app.engine.connect() as conn:
            paid = conn.execute(select(t.orders.c.id, t.orders.c.status).where(t.orders.c.user_id == names[1])).all()
            logged = conn.execute(select(t.turns.c.outcome, t.turns.c.reply).where(
                t.turns.c.conversation_id == "counted").order_by(t.turns.c.id)).all()
            version = conn.execute(select(t.conversations.c.version).where(
                t.conversations.c.id == "counted")).scalar_one()
        assert [(status) for _, status in paid] == ["paid"]
        assert paid[0][0] in replies[-1]
        assert [row.reply["reply"] for row in logged] == replies   # the log says what the replies said
        assert version == 3
    finally:
        app.close()
