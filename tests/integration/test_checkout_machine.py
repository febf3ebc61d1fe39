"""The checkout as a state machine: random offers, selections, corrections, confirmations and declines.

Whatever the sequence, over plans of 1-3 legs and people holding 0-2 free-order cards: money moves only
for the total on the last paying confirmation card shown; no card is allotted to two legs; every reply
says paid exactly when the database has new paid orders; the ledger sums to zero.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import func, select

from bangwo import bootstrap as boot
from bangwo.adapters.db import tables
from bangwo.config import Settings
from bangwo.domain import commands, payments
from bangwo.domain.clocks import FixedClock
from bangwo.domain.listings import Address, GeoPoint
from bangwo.domain.plans import Plan
from bangwo.domain.users import User
from bangwo.services import carding, paying, registering
from tests.builders import NOW

REQUESTS = (
    "帮我点一杯少糖少冰的珍珠奶茶",
    "订明天杭州到上海的高铁，再订一晚上海外滩附近的酒店",
    "订明天杭州到上海的高铁，再订一晚上海外滩附近的酒店，再帮我点一杯珍珠奶茶",
    "订一张后天杭州到北京的机票",
)
PICKS = ("第一个", "第二个", "3", "要便宜的", "换一家")
CORRECTIONS = ("换成半糖", "换成后天", "改成二等座")

_world: dict[str, Any] = {}
_users = itertools.count()


@pytest.fixture(scope="module", autouse=True)
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    path: Path = tmp_path_factory.mktemp("checkout") / "bangwo.db"
    clock = FixedClock(NOW)
    app = boot.bootstrap(Settings(database_url=f"sqlite:///{path}"), clock=clock)
    boot.seed_demo(app)
    _world.update(app=app, clock=clock)
    yield
    app.close()
    _world.clear()


class CheckoutMachine(RuleBasedStateMachine):
    """One new person per run, talking to the real conversation engine over a real SQLite database."""

    def __init__(self) -> None:
        super().__init__()
        self.app: boot.App = _world["app"]
        self.clock: FixedClock = _world["clock"]
        self.clock.moment = NOW   # every run starts at the same instant (replayable)
        self.user = f"hm{next(_users)}"
        self.shown_total: int | None = None     # the total on the last paying confirmation card shown
        self.shown_consent: str | None = None
        self.paid_before = 0
        self.awaiting: str | None = None
        self.offers: list[dict[str, Any]] = []

    @initialize(card_count=st.sampled_from([0, 1, 1, 2]), wallet_yuan=st.sampled_from([30, 900, 5_000]))
    def join(self, card_count: int, wallet_yuan: int) -> None:
        app = self.app
        user = User(id=self.user, name="路人", phone="13700137000", home_city="杭州",
                    addresses=(Address("杭州市西湖区文三路478号", "杭州", GeoPoint(30.2799, 120.1376)),))
        registering.register_user(user, uow=app.uow(), clock=self.clock, campaign_id=None)
        for i in range(card_count):
            carding.claim_card(commands.ClaimCard(self.user, app.settings.campaign_id, f"{self.user}-card-{i}"),
                               uow=app.uow(), clock=self.clock)
        paying.top_up(commands.TopUp(self.user, wallet_yuan * 100, "demo-card", f"{self.user}-fund"),
                      uow=app.uow(), clock=self.clock, gateway=app.gateway)

    # ---- what the person says -----------------------------------------------------------------------

    def say(self, text: str, *, consent: str | None = None) -> dict[str, Any]:
        wallet = self.wallet()
        turn = self.app.conversation().handle(self.user, text, consent=consent).to_json()
        self.clock.advance(timedelta(seconds=30))
        debit = wallet - self.wallet()
        paid_now = self.paid_orders()
        if paid_now > self.paid_before:
            # money moved: exactly the total of the last paying confirmation the person saw
            assert turn["orders"] and all(o["status"] == "paid" for o in turn["orders"])
            assert "支付" in turn["reply"]
            assert self.shown_total is not None and debit == self.shown_total, (debit, self.shown_total, turn)
            assert sum(o["paid_fen"] for o in turn["orders"]) == debit
        else:
            assert debit == 0, turn
            assert not any(o["status"] == "paid" for o in turn["orders"]), turn
        self.paid_before = paid_now
        self.awaiting = turn["awaiting"]
        self.offers = [c for c in turn["cards"] if c["kind"] == "offer"]
        paying_cards = [c for c in turn["cards"] if c["kind"] in ("confirm", "plan") and c.get("pays")]
        assert len(paying_cards) <= 1                  # one card says what the next 确认 takes
        if paying_cards:
            self.shown_total, self.shown_consent = paying_cards[-1]["total_pay_fen"], paying_cards[-1]["consent"]
            assert paying_cards[-1]["total_pay_fen"] == sum(leg["pay_fen"] for leg in paying_cards[-1]["legs"])
        elif turn["awaiting"] != "confirm":
            self.shown_total = self.shown_consent = None
        return turn

    @rule(text=st.sampled_from(REQUESTS))
    def request(self, text: str) -> None:
        self.say(text)

    @precondition(lambda self: self.awaiting == "select")
    @rule(text=st.sampled_from(PICKS))
    def pick(self, text: str) -> None:
        self.say(text)

    @precondition(lambda self: self.awaiting == "select" and bool(self.offers))
    @rule(data=st.data())
    def pick_by_number(self, data: st.DataObject) -> None:
        """What an offer card says the person pays for it is what its confirmation card says."""
        offer = data.draw(st.sampled_from(self.offers))
        turn = self.say(f"第{offer['ref']}个")
        confirm = [c for c in turn["cards"] if c["kind"] == "confirm"]
        if confirm and confirm[0]["title"] == offer["title"]:
            assert confirm[0]["pay_fen"] == offer["pay_fen"], (offer, confirm[0])

    @precondition(lambda self: self.awaiting in ("select", "confirm"))
    @rule(text=st.sampled_from(CORRECTIONS))
    def correct(self, text: str) -> None:
        self.say(text)

    @precondition(lambda self: self.awaiting == "confirm")
    @rule(text=st.sampled_from(["确认", "好的", "确认支付"]))
    def confirm_typed(self, text: str) -> None:
        self.say(text)

    @precondition(lambda self: self.awaiting == "confirm" and self.shown_consent is not None)
    @rule()
    def confirm_button(self) -> None:
        self.say("确认", consent=self.shown_consent)

    @precondition(lambda self: self.awaiting is not None)
    @rule(text=st.sampled_from(["不要了", "算了"]))
    def decline(self, text: str) -> None:
        self.say(text)

    @rule(minutes=st.sampled_from([1, 16]))
    def wait(self, minutes: int) -> None:
        self.clock.advance(timedelta(minutes=minutes))

    # ---- what must always hold ----------------------------------------------------------------------

    def wallet(self) -> int:
        with self.app.uow() as uow:
            return uow.ledger.balance(payments.wallet_account(self.user))

    def paid_orders(self) -> int:
        with self.app.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(tables.orders).where(
                tables.orders.c.user_id == self.user, tables.orders.c.paid_fen + tables.orders.c.discount_fen > 0))
                .scalar_one())

    @invariant()
    def no_card_on_two_legs_and_the_ledger_balances(self) -> None:
        with self.app.engine.connect() as conn:
            bodies = conn.execute(select(tables.plans.c.body).where(tables.plans.c.user_id == self.user)).scalars()
            for body in bodies:
                plan = Plan.from_json(dict(body))
                allotted = [leg.card_id for leg in plan.legs if leg.card_id]
                assert len(allotted) == len(set(allotted)), plan
            used = conn.execute(select(tables.orders.c.card_id).where(
                tables.orders.c.user_id == self.user, tables.orders.c.card_id.is_not(None))).scalars().all()
            assert len(used) == len(set(used))
            assert conn.execute(select(func.coalesce(func.sum(tables.ledger_entries.c.amount_fen), 0))).scalar_one() == 0
        with self.app.uow() as uow:
            account = payments.wallet_account(self.user)
            assert uow.ledger.wallet_cache(account) == uow.ledger.balance(account) >= 0


CheckoutMachine.TestCase.settings = settings(max_examples=80, stateful_step_count=16, deadline=None,
                                             suppress_health_check=[HealthCheck.too_slow])
test_checkout_state_machine = CheckoutMachine.TestCase
