"""Concurrent holds, payments and card claims never oversell, double-charge or exceed caps."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import TypeVar

import pytest

from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.domain import commands
from bangwo.domain.cards import Campaign
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import BangwoError, CardError, OutOfStockError, SeatTakenError
from bangwo.services import carding, checkout, ordering, paying, registering
from tests import builders

THREADS = 16
T = TypeVar("T")


def run_all(jobs: list[Callable[[], T]]) -> list[T | BangwoError]:
    def guarded(job: Callable[[], T]) -> T | BangwoError:
        try:
            return job()
        except BangwoError as exc:
            return exc
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(guarded, jobs))


@pytest.fixture
def crowd(uow: SqlUnitOfWorkFactory, clock: FixedClock) -> list[str]:
    with uow() as u:
        u.cards.add_campaign(Campaign(id="flash", name="flash", starts_at=builders.NOW - timedelta(days=1),
                                      ends_at=builders.NOW + timedelta(days=1), first_use_grant=0,
                                      cap_per_user=3, total_stock=40))
        u.commit()
    names = [f"u{i}" for i in range(THREADS)]
    for name in names:
        registering.register_user(builders.user(name), uow=uow(), clock=clock, campaign_id=None)
        paying.top_up(commands.TopUp(name, 1_000_000, "tok", f"t-{name}"), uow=uow(), clock=clock,
                      gateway=SandboxGateway())
    return names


def test_concurrent_holds_never_oversell(uow: SqlUnitOfWorkFactory, clock: FixedClock, crowd: list[str]) -> None:
    capacity = 37
    jobs = [
        (lambda i=i: ordering.place_order(
            commands.PlaceOrder(crowd[i % THREADS], builders.tea_offer(capacity=capacity, key="product:hot"),
                                f"k{i}"), uow=uow(), clock=clock))
        for i in range(THREADS * 4)
    ]
    results = run_all(jobs)
    held = [r for r in results if not isinstance(r, BangwoError)]
    assert len(held) == capacity
    assert all(isinstance(r, OutOfStockError) for r in results if isinstance(r, BangwoError))
    with uow() as u:
        assert u.stock.available({"product:hot": capacity}) == {"product:hot": 0}
        assert u.connection.exec_driver_sql("select count(*) from orders").scalar_one() == capacity


def test_concurrent_seat_grabs_sell_each_seat_once(uow: SqlUnitOfWorkFactory, clock: FixedClock,
                                                    crowd: list[str]) -> None:
    jobs = [
        (lambda i=i: ordering.place_order(
            commands.PlaceOrder(crowd[i], builders.movie_offer(seats=("5排1座", f"5排{2 + i % 2}座")), f"s{i}"),
            uow=uow(), clock=clock))
        for i in range(THREADS)
    ]
    results = run_all(jobs)
    assert sum(not isinstance(r, BangwoError) for r in results) == 1
    assert all(isinstance(r, SeatTakenError) for r in results if isinstance(r, BangwoError))


def test_concurrent_retries_of_one_payment_charge_once(uow: SqlUnitOfWorkFactory, clock: FixedClock,
                                                        crowd: list[str]) -> None:
    order = ordering.place_order(commands.PlaceOrder("u0", builders.tea_offer(price_fen=3000), "k"),
                                 uow=uow(), clock=clock)
    results = run_all([lambda: checkout.pay_order(commands.PayOrder("u0", order.id, "same-key"), uow=uow(),
                                                clock=clock)] * THREADS)
    assert {r.paid_fen for r in results if not isinstance(r, BangwoError)} == {3200}
    with uow() as u:
        assert u.ledger.balance("wallet:u0") == 1_000_000 - 3200


def test_concurrent_retries_of_one_order_create_one_order(uow: SqlUnitOfWorkFactory, clock: FixedClock,
                                                          crowd: list[str]) -> None:
    results = run_all([lambda: ordering.place_order(commands.PlaceOrder("u1", builders.tea_offer(), "same"),
                                                    uow=uow(), clock=clock)] * THREADS)
    assert len({r.id for r in results if not isinstance(r, BangwoError)}) == 1
    assert not [r for r in results if isinstance(r, BangwoError)]
    with uow() as u:
        assert u.stock.available({"product:tea-1": 100}) == {"product:tea-1": 99}


def test_concurrent_card_claims_respect_stock_and_cap(uow: SqlUnitOfWorkFactory, clock: FixedClock,
                                                      crowd: list[str]) -> None:
    jobs = [(lambda i=i: carding.claim_card(commands.ClaimCard(crowd[i % THREADS], "flash", f"r{i}"),
                                            uow=uow(), clock=clock)) for i in range(THREADS * 5)]
    results = run_all(jobs)
    issued = [r for r in results if not isinstance(r, BangwoError)]
    assert len(issued) == 40
    assert all(isinstance(r, CardError) for r in results if isinstance(r, BangwoError))
    with uow() as u:
        per_user = [len(u.cards.cards_of(name)) for name in crowd]
        assert max(per_user) <= 3 and sum(per_user) == 40 == u.cards.issued_count("flash")
