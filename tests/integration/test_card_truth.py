"""One truth for card counts: Redis claims, chat claims and database grants (invites, first use) share one
per-user cap and one stock, and a card once acknowledged is never revoked by the journal afterwards."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import redis
from sqlalchemy import Engine, text

from bangwo.adapters.cache import redis_cards
from bangwo.adapters.db import card_journal
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.domain import commands
from bangwo.domain.cards import Campaign, Card
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import BangwoError, CardError
from bangwo.services import carding, claiming, registering
from tests import builders

pytestmark = pytest.mark.redis
USERS = 12
INVITEES = 40
CAMPAIGN = Campaign(id="truth", name="truth", starts_at=builders.NOW - timedelta(days=1),
                    ends_at=builders.NOW + timedelta(days=1), first_use_grant=1, invite_reward=1, cap_per_user=3,
                    total_stock=20)


@pytest.fixture
def crowd(uow: SqlUnitOfWorkFactory, clock: FixedClock) -> list[str]:
    with uow() as u:
        u.cards.add_campaign(CAMPAIGN)
        u.commit()
    names = [f"u{i}" for i in range(USERS)] + [f"i{i}" for i in range(INVITEES)]
    for name in names:
        registering.register_user(builders.user(name), uow=uow(), clock=clock, campaign_id=None)
    return names[:USERS]




def db_cards(engine: Engine) -> dict[str, tuple[str, str, str]]:
    """request id -> (owner, card id, source) of every card of the campaign."""
    with engine.connect() as conn:
        rows = conn.execute(text("select request_id, user_id, id, source from cards where campaign_id = 'truth'"))
        return {r[0]: (r[1], r[2], r[3]) for r in rows}


def drain_all(writer: redis_cards.JournalWriter) -> None:
    writer.ensure_group()
    for _ in range(200):
        if writer.step_quietly() == 0 and writer.depth() == 0:
            return
    raise AssertionError("journal did not drain")


def test_a_grant_after_an_acknowledged_claim_takes_no_place_the_claim_holds(
        engine: Engine, uow: SqlUnitOfWorkFactory, client: redis.Redis, prefix: str, crowd: list[str],
        clock: FixedClock) -> None:
    """The probe's case: u0 holds 2 of 3; a claim through Redis is acknowledged (the 3rd), then an invite
    reward lands through the database before the journal is written. The reward must wait, not the claim."""
    redis_cards.reconcile(client, engine, CAMPAIGN, prefix=prefix)
    store = redis_cards.RedisClaims(client, engine, CAMPAIGN, prefix=prefix)
    quota = redis_cards.RedisCardQuota(client, engine, prefix=prefix)
    for n in range(2):
        claiming.claim_card(commands.ClaimCard("u0", CAMPAIGN.id, f"pre{n}"), claims=store, campaign=CAMPAIGN,
                            clock=clock)
    drain_all(redis_cards.JournalWriter(client, engine, CAMPAIGN, prefix=prefix))
    acknowledged = claiming.claim_card(commands.ClaimCard("u0", CAMPAIGN.id, "third"), claims=store,
                                       campaign=CAMPAIGN, clock=clock)
    assert carding.accept_invite("u0", "i0", CAMPAIGN.id, uow=uow(), clock=clock, quota=quota) == []
    drain_all(redis_cards.JournalWriter(client, engine, CAMPAIGN, prefix=prefix))
    assert db_cards(engine)["third"] == ("u0", acknowledged.id, "claim")
    again = claiming.claim_card(commands.ClaimCard("u0", CAMPAIGN.id, "third"), claims=store, campaign=CAMPAIGN,
                                clock=clock)
    assert again.id == acknowledged.id                      # still the user's card, not "refused"
    assert sorted(s for o, _, s in db_cards(engine).values() if o == "u0") == ["claim"] * 3


def test_a_grant_that_is_not_committed_gives_its_place_back(
        engine: Engine, uow: SqlUnitOfWorkFactory, client: redis.Redis, prefix: str, crowd: list[str],
        clock: FixedClock) -> None:
    redis_cards.reconcile(client, engine, CAMPAIGN, prefix=prefix)
    quota = redis_cards.RedisCardQuota(client, engine, prefix=prefix)
    with pytest.raises(BangwoError):   # the invitee does not exist: nothing is committed
        carding.accept_invite("u1", "ghost", CAMPAIGN.id, uow=uow(), clock=clock, quota=quota)
    assert redis_cards.counters(client, CAMPAIGN.id, prefix=prefix).get("user:u1", 0) == 0
    assert [c.id for c in carding.accept_invite("u1", "i1", CAMPAIGN.id, uow=uow(), clock=clock, quota=quota)]
    assert redis_cards.counters(client, CAMPAIGN.id, prefix=prefix)["user:u1"] == 1
    assert carding.accept_invite("u1", "i1", CAMPAIGN.id, uow=uow(), clock=clock, quota=quota) == []
    assert redis_cards.counters(client, CAMPAIGN.id, prefix=prefix)["user:u1"] == 1


def test_redis_claims_chat_claims_and_grants_at_once_never_revoke_and_keep_cap_and_stock(
        engine: Engine, uow: SqlUnitOfWorkFactory, client: redis.Redis, prefix: str, crowd: list[str],
        clock: FixedClock) -> None:
    redis_cards.reconcile(client, engine, CAMPAIGN, prefix=prefix)
    store = redis_cards.RedisClaims(client, engine, CAMPAIGN, prefix=prefix)
    quota = redis_cards.RedisCardQuota(client, engine, prefix=prefix)
    writer = redis_cards.JournalWriter(client, engine, CAMPAIGN, prefix=prefix, batch=5, linger_s=0.001)
    writer.ensure_group()
    rng = random.Random(7)
    jobs: list[tuple[str, str, str]] = []      # (kind, user, request id or invitee)
    for n in range(90):
        user = rng.choice(crowd)
        jobs.append((rng.choice(["claim", "claim", "chat"]), user, f"{user}-r{n}"))
    jobs += [("invite", rng.choice(crowd), f"i{k}") for k in range(INVITEES)]
    jobs += [("first_use", user, user) for user in crowd]
    rng.shuffle(jobs)

    def run(job: tuple[str, str, str]) -> list[tuple[str, Card]]:
        kind, user, ref = job
        try:
            if kind == "claim":
                card = claiming.claim_card(commands.ClaimCard(user, CAMPAIGN.id, ref), claims=store,
                                           campaign=CAMPAIGN, clock=clock)
                return [(ref, card)]
            if kind == "chat":
                card = carding.claim_card(commands.ClaimCard(user, CAMPAIGN.id, ref), uow=uow(), clock=clock,
                                          claims=store)
                return [(ref, card)]
            if kind == "invite":
                granted = carding.accept_invite(user, ref, CAMPAIGN.id, uow=uow(), clock=clock, quota=quota)
                return [(f"invite:{CAMPAIGN.id}:{ref}:0", c) for c in granted]
            granted = carding.grant_first_use(user, CAMPAIGN.id, uow=uow(), clock=clock, quota=quota)
            return [(f"first-use:{CAMPAIGN.id}:{user}:0", c) for c in granted]
        except CardError:
            return []

    writer.start()                              # the journal is written while claims and grants go on
    try:
        with ThreadPoolExecutor(8) as pool:
            acknowledged = dict(pair for pairs in pool.map(run, jobs) for pair in pairs)
    finally:
        writer.stop()
    drain_all(redis_cards.JournalWriter(client, engine, CAMPAIGN, prefix=prefix))

    landed = db_cards(engine)
    assert {rid: (c.user_id, c.id) for rid, c in acknowledged.items()} == {
        rid: (owner, card_id) for rid, (owner, card_id, _) in landed.items()}   # nothing revoked, nothing extra
    for rid, card in acknowledged.items():                 # a retry still answers with the same card
        if not rid.startswith(("invite:", "first-use:")):
            again = claiming.claim_card(commands.ClaimCard(card.user_id, CAMPAIGN.id, rid), claims=store,
                                        campaign=CAMPAIGN, clock=clock)
            assert again.id == card.id
    per_user = {u: sum(1 for owner, _, _ in landed.values() if owner == u) for u in crowd}
    assert max(per_user.values()) == 3                       # the cap holds across both paths
    claimed = sum(1 for _, _, source in landed.values() if source == "claim")
    assert claimed <= CAMPAIGN.total_stock
    database = card_journal.stock_counters(engine, CAMPAIGN.id)
    cached = redis_cards.counters(client, CAMPAIGN.id, prefix=prefix)
    assert {b: n for b, n in cached.items() if n} == {b: n for b, n in database.items() if n}
    assert database["total"] == claimed
    assert all(database[f"user:{u}"] == n for u, n in per_user.items() if n)
