"""The cap on open holds holds under concurrency: holds of one person racing on PostgreSQL are counted one
after another (the user's row is locked), so no burst of parallel requests holds more than the cap."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, text

from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.domain import commands
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import ConflictError
from bangwo.services import checkout, paying, registering
from tests import builders

CAP, RACERS = 2, 8


@pytest.mark.parametrize("engine", ["postgres", "sqlite"], indirect=True)
def test_parallel_holds_of_one_person_never_pass_the_cap(engine: Engine, uow: SqlUnitOfWorkFactory,
                                                        clock: FixedClock) -> None:
    registering.register_user(builders.user("racer"), uow=uow(), clock=clock, campaign_id=None)
    paying.top_up(commands.TopUp("racer", 10**7, "tok", "race-topup"), uow=uow(), clock=clock,
                  gateway=SandboxGateway())
    plans = [checkout.open_plan("racer", uow=uow(), clock=clock) for _ in range(RACERS)]
    barrier = threading.Barrier(RACERS)

    def attempt(n: int) -> str:
        barrier.wait()
        try:
            checkout.hold("racer", plans[n].id, 0, builders.tea_offer(key=f"product:race-{n}"), key=f"race-{n}",
                          hold_minutes=15, uow=uow(), clock=clock, max_open_holds=CAP)
            return "held"
        except ConflictError:
            return "refused"

    with ThreadPoolExecutor(RACERS) as pool:
        outcomes = list(pool.map(attempt, range(RACERS)))
    with engine.connect() as conn:
        held = conn.execute(text("SELECT count(*) FROM orders WHERE user_id = 'racer' AND status = 'held'")).scalar()
    assert outcomes.count("held") == CAP == held
