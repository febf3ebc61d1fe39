"""Card claims on Redis: one Lua script settles stock, cap and repeats; the journal lands in the database."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import redis
import redis.asyncio as aredis
from sqlalchemy import Engine, text

from bangwo.adapters.cache import redis_batches, redis_cards
from bangwo.adapters.db import card_journal
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.domain import commands
from bangwo.domain.cards import Campaign, Card, ClaimOutcome, ClaimResult, ClaimTicket
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import BangwoError, CardError, ForbiddenError, UnavailableError
from bangwo.services import claiming, registering
from tests import builders

pytestmark = pytest.mark.redis
USERS = 16
CAMPAIGN = Campaign(id="flash", name="flash", starts_at=builders.NOW - timedelta(days=1),
                    ends_at=builders.NOW + timedelta(days=1), first_use_grant=0, cap_per_user=3, total_stock=40)


@pytest.fixture
def crowd(uow: SqlUnitOfWorkFactory, clock: FixedClock) -> list[str]:
    with uow() as u:
        u.cards.add_campaign(CAMPAIGN)
        u.commit()
    names = [f"u{i}" for i in range(USERS)]
    for name in names:
        registering.register_user(builders.user(name), uow=uow(), clock=clock, campaign_id=None)
    return names




def claim(store: redis_cards.RedisClaims, user: str, request_id: str, clock: FixedClock) -> Card | BangwoError:
    try:
        return claiming.claim_card(commands.ClaimCard(user, CAMPAIGN.id, request_id), claims=store,
                                   campaign=CAMPAIGN, clock=clock)
    except BangwoError as exc:
        return exc


def drain_all(writer: redis_cards.JournalWriter) -> None:
    writer.ensure_group()
    for _ in range(100):
        if writer.step_quietly() == 0 and writer.depth() == 0:
            return
    raise AssertionError("journal did not drain in 100 steps")


def db_cards(engine: Engine) -> dict[str, tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(text("select request_id, user_id, id from cards where campaign_id = 'flash'")).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def test_a_crowd_gets_exactly_the_stock_within_the_cap_and_every_card_lands(
        engine: Engine, client: redis.Redis, prefix: str, crowd: list[str], clock: FixedClock) -> None:
    redis_cards.reconcile(client, engine, CAMPAIGN, prefix=prefix)
    store = redis_cards.RedisClaims(client, engine, CAMPAIGN, prefix=prefix)
    attempts = [(crowd[i % USERS], f"r{i}") for i in range(USERS * 5)] + [(crowd[0], "r0"), (crowd[1], "r1")]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda a: claim(store, a[0], a[1], clock), attempts))
    issued = {a[1]: r for a, r in zip(attempts, results, strict=True) if isinstance(r, Card)}
    assert len({c.id for c in issued.values()}) == 40
    assert all(isinstance(r, CardError) for r in results if isinstance(r, BangwoError))
    drain_all(redis_cards.JournalWriter(client, engine, CAMPAIGN, prefix=prefix, batch=7))
    landed = db_cards(engine)
    assert {rid: (c.user_id, c.id) for rid, c in issued.items()} == landed
    per_user = {u: sum(1 for owner, _ in landed.values() if owner == u) for u in crowd}
    assert max(per_user.values()) <= 3 and sum(per_user.values()) == 40
    database = card_journal.stock_counters(engine, CAMPAIGN.id)
    assert database["total"] == 40 and database["window:all"] == 40
    cached = redis_cards.counters(client, CAMPAIGN.id, prefix=prefix)
    assert {b: n for b, n in cached.items() if n} == {b: n for b, n in database.items() if n}


def test_a_repeated_request_returns_the_first_card_and_another_user_cannot_take_it(
        engine: Engine, client: redis.Redis, prefix: str, crowd: list[str], clock: FixedClock) -> None:
    redis_cards.reconcile(client, engine, CAMPAIGN, prefix=prefix)
    store = redis_cards.RedisClaims(client, engine, CAMPAIGN, prefix=prefix)
    first = claim(store, "u0", "same", clock)
    assert isinstance(first, Card)
    again = claim(store, "u0", "same", clock)
    assert isinstance(again, Card) and again.id == first.id
    assert isinstance(claim(store, "u1", "same", clock), ForbiddenError)
    assert redis_cards.counters(client, CAMPAIGN.id, prefix=prefix)["total"] == 1


def test_claims_settled_in_one_batch_each_keep_their_own_outcome(
        engine: Engine, client: redis.Redis, redis_url: str, prefix: str, crowd: list[str], clock: FixedClock) -> None:
    redis_cards.reconcile(client, engine, CAMPAIGN, prefix=prefix)
    early = [("u0", "a1"), ("u0", "a2")]
    batch = [("u0", "a3"), ("u0", "a4"), ("u0", "a1"), ("u1", "a1")] + [
        (crowd[k], f"b{k}-{j}") for k in range(2, USERS) for j in range(3)]

    async def settle() -> tuple[list[ClaimResult], int]:
        aclient = aredis.Redis.from_url(redis_url)
        store = redis_batches.AsyncRedisClaims(aclient, engine, CAMPAIGN, prefix=prefix)
        try:
            for user, rid in early:
                await store.take(ticket(user, rid))
            before = store.batches
            results = await asyncio.gather(*(store.take(ticket(user, rid)) for user, rid in batch))
            return list(results), store.batches - before
        finally:
            await aclient.aclose()

    def ticket(user: str, rid: str) -> ClaimTicket:
        return claiming.ticket_for(commands.ClaimCard(user, CAMPAIGN.id, rid), CAMPAIGN, now=clock.now())

    results, scripts = asyncio.run(settle())
    outcomes = [r.outcome for r in results]
    assert scripts == 1
    assert outcomes[:4] == [ClaimOutcome.ISSUED, ClaimOutcome.CAPPED, ClaimOutcome.REPEATED, ClaimOutcome.FOREIGN]
    assert outcomes[4:] == [ClaimOutcome.ISSUED] * 37 + [ClaimOutcome.SOLD_OUT] * 5   # 40 - 3 held by u0
    drain_all(redis_cards.JournalWriter(client, engine, CAMPAIGN, prefix=prefix))
    issued = {rid: (user, r.card_id) for (user, rid), r in zip(batch, results, strict=True)
              if r.outcome is ClaimOutcome.ISSUED}
    landed = db_cards(engine)
    assert len(landed) == 40 and {rid: landed[rid] for rid in issued} == issued
    assert results[2].card_id == landed["a1"][1]


def test_claims_wait_for_reconciliation_and_nothing_happens_meanwhile(
        engine: Engine, client: redis.Redis, prefix: str, crowd: list[str], clock: FixedClock) -> None:
    store = redis_cards.RedisClaims(client, engine, CAMPAIGN, prefix=prefix)
    assert isinstance(claim(store, "u0", "early", clock), UnavailableError)
    assert redis_cards.counters(client, CAMPAIGN.id, prefix=prefix) == {}
    assert db_cards(engine) == {}


def test_an_unknown_user_cannot_claim(engine: Engine, client: redis.Redis, prefix: str, crowd: list[str],
                                      clock: FixedClock) -> None:
    redis_cards.reconcile(client, engine, CAMPAIGN, prefix=prefix)
    store = redis_cards.RedisClaims(client, engine, CAMPAIGN, prefix=prefix)
    assert isinstance(claim(store, "nobody", "n1", clock), BangwoError)
    assert redis_cards.counters(client, CAMPAIGN.id, prefix=prefix).get("total", 0) == 0


def test_reconciliation_after_losing_redis_rebuilds_counters_from_the_database(
        engine: Engine, client: redis.Redis, prefix: str, crowd: list[str], clock: FixedClock) -> None:
    redis_cards.reconcile(client, engine, CAMPAIGN, prefix=prefix)
    store = redis_cards.RedisClaims(client, engine, CAMPAIGN, prefix=prefix)
    for i in range(30):
        assert isinstance(claim(store, crowd[i % USERS], f"a{i}", clock), Card)
    report = redis_cards.reconcile(client, engine, CAMPAIGN, prefix=prefix)   # drains the journal first
    assert (report.drained, report.cards, report.fixed_buckets) == (30, 30, 0)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):   # Redis loses everything
        client.delete(key)
    redis_cards.reconcile(client, engine, CAMPAIGN, prefix=prefix)
    assert redis_cards.counters(client, CAMPAIGN.id, prefix=prefix)["total"] == 30
    results = [claim(store, crowd[i % USERS], f"b{i}", clock) for i in range(USERS * 3)]
    assert sum(isinstance(r, Card) for r in results) == 10
    again = claim(store, crowd[0], "a0", clock)
    assert isinstance(again, Card) and again.id == db_cards(engine)["a0"][1]
    redis_cards.reconcile(client, engine, CAMPAIGN, prefix=prefix)
    assert len(db_cards(engine)) == 40 == card_journal.stock_counters(engine, CAMPAIGN.id)["total"]


def test_a_redelivered_journal_batch_is_written_once(engine: Engine, crowd: list[str]) -> None:
    entries = [card_journal.JournalEntry(request_id=f"j{i}", user_id=crowd[i], card_id=f"CJ{i}", bucket="all",
                                         at=builders.NOW, window_stock=None) for i in range(5)]
    assert card_journal.apply(engine, CAMPAIGN, entries) == []
    assert card_journal.apply(engine, CAMPAIGN, entries) == []
    assert len(db_cards(engine)) == 5
    counters = card_journal.stock_counters(engine, CAMPAIGN.id)
    assert counters["total"] == 5 and counters["user:u0"] == 1


def test_journaled_claims_past_the_database_limit_are_refused_not_oversold(
        engine: Engine, client: redis.Redis, prefix: str, crowd: list[str], clock: FixedClock) -> None:
    entries = [card_journal.JournalEntry(request_id=f"j{i}", user_id="u0", card_id=f"CJ{i}", bucket="all",
                                         at=builders.NOW, window_stock=None) for i in range(5)]
    refused = card_journal.apply(engine, CAMPAIGN, entries)
    assert [(e.request_id, o) for e, o in refused] == [("j3", ClaimOutcome.CAPPED), ("j4", ClaimOutcome.CAPPED)]
    assert len(db_cards(engine)) == 3
    assert card_journal.stock_counters(engine, CAMPAIGN.id)["user:u0"] == 3
