"""Property: after any sequence of top-ups, orders, payments, cancels and refunds the ledger balances."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bangwo.adapters.db import migrating
from bangwo.adapters.db.engine import make_engine
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.domain import commands
from bangwo.domain.cards import Campaign
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import BangwoError
from bangwo.services import checkout, ordering, paying, refunding, registering
from tests import builders

USERS = ("alice", "bob")
op = st.one_of(
    st.tuples(st.just("topup"), st.sampled_from(USERS), st.integers(1, 50_000)),
    st.tuples(st.just("order"), st.sampled_from(USERS), st.integers(1, 30_000)),
    st.tuples(st.just("pay"), st.sampled_from(USERS), st.integers(0, 9)),
    st.tuples(st.just("refund"), st.sampled_from(USERS), st.integers(0, 9)),
    st.tuples(st.just("cancel"), st.sampled_from(USERS), st.integers(0, 9)),
    st.tuples(st.just("wait"), st.sampled_from(USERS), st.integers(1, 40)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=25))
def test_ledger_sums_to_zero_after_any_sequence(tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, str, int]]) -> None:
    path = tmp_path_factory.mktemp("ledger") / "l.db"
    engine = make_engine(f"sqlite:///{path}")
    migrating.upgrade(engine)
    uow, clock = SqlUnitOfWorkFactory(engine), FixedClock(builders.NOW)
    with uow() as u:
        u.cards.add_campaign(Campaign(id="c", name="c", starts_at=builders.NOW,
                                      ends_at=builders.NOW + timedelta(minutes=300), first_use_grant=2))
        u.commit()
    for name in USERS:
        registering.register_user(builders.user(name), uow=uow(), clock=clock, campaign_id="c")
    placed: list[str] = []
    for step, (kind, who, n) in enumerate(ops):
        try:
            if kind == "topup":
                paying.top_up(commands.TopUp(who, n, "tok", f"t{step}"), uow=uow(), clock=clock,
                              gateway=SandboxGateway())
            elif kind == "order":
                offer = builders.tea_offer(price_fen=n, capacity=5, key=f"product:{n % 3}")
                placed.append(ordering.place_order(commands.PlaceOrder(who, offer, f"o{step}"), uow=uow(),
                                                   clock=clock).id)
            elif kind == "wait":
                clock.advance(timedelta(minutes=n))
            elif placed:
                target = placed[n % len(placed)]
                if kind == "pay":
                    checkout.pay_order(commands.PayOrder(who, target, f"p{step}"), uow=uow(), clock=clock)
                elif kind == "refund":
                    refunding.refund_order(commands.RefundOrder(who, target, f"r{step}"), uow=uow(), clock=clock)
                else:
                    ordering.cancel_order(commands.CancelOrder(who, target), uow=uow(), clock=clock)
        except BangwoError:
            pass
    with uow() as u:
        balances = u.ledger.balances()
        assert sum(balances.values()) == 0
        for name in USERS:
            assert u.ledger.wallet_cache(f"wallet:{name}") == balances.get(f"wallet:{name}", 0) >= 0
        reserved = u.connection.exec_driver_sql(
            "select coalesce(sum(quantity),0) from order_stock").scalar_one()
        live = u.connection.exec_driver_sql(
            "select coalesce(sum(json_extract(lines, '$[0].quantity')),0) from orders "
            "where status not in ('cancelled','refunded','failed')").scalar_one()
        assert reserved == live
    engine.dispose()
