"""The card-claim journal on the database side: batched, idempotent application and reconciliation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, bindparam, func, select, text
from sqlalchemy.dialects import postgresql

from bangwo.adapters.db import tables as t
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.domain.cards import Campaign, ClaimOutcome, ClaimTicket
from bangwo.domain.errors import BangwoError
from bangwo.services import claiming


@dataclass(frozen=True)
class JournalEntry:
    """One claim Redis accepted, as the stream carries it."""

    request_id: str
    user_id: str
    card_id: str
    bucket: str
    at: datetime
    window_stock: int | None


_c = t.cards.c
_CARDS_INSERT = postgresql.insert(t.cards).on_conflict_do_nothing(index_elements=[_c.request_id]) \
    .returning(_c.request_id)
_LOCK_BUCKETS = text("SELECT bucket FROM campaign_stock WHERE campaign_id = :cid AND bucket = ANY(:buckets) "
                     "ORDER BY bucket FOR UPDATE")
_ENSURE_BUCKETS = text("INSERT INTO campaign_stock (campaign_id, bucket, taken) "
                       "SELECT :cid, b, 0 FROM unnest(CAST(:buckets AS text[])) AS b ON CONFLICT DO NOTHING")
_ADD_TAKEN = text(
    "UPDATE campaign_stock AS s SET taken = s.taken + v.n "
    "FROM unnest(CAST(:buckets AS text[]), CAST(:ns AS int[]), CAST(:lims AS int[])) AS v(bucket, n, lim) "
    "WHERE s.campaign_id = :cid AND s.bucket = v.bucket AND (v.lim < 0 OR s.taken + v.n <= v.lim) "
    "RETURNING s.bucket")


class _Overflow(Exception):
    """A batch would pass a limit: settle it claim by claim instead."""


def apply(engine: Engine, campaign: Campaign,
          entries: Sequence[JournalEntry]) -> list[tuple[JournalEntry, ClaimOutcome]]:
    """Write the entries' cards and counters (idempotent by request id); returns the claims refused."""
    if not entries:
        return []
    if engine.dialect.name == "postgresql":
        try:
            _apply_batch(engine, campaign, entries)
            return []
        except _Overflow:
            pass
    return _apply_each(engine, campaign, entries)


def _apply_batch(engine: Engine, campaign: Campaign, entries: Sequence[JournalEntry]) -> None:
    rows = [{"id": e.card_id, "campaign_id": campaign.id, "user_id": e.user_id, "value_fen": campaign.value_fen,
             "min_spend_fen": campaign.min_spend_fen, "min_pay_fen": campaign.min_pay_fen,
             "expires_at": campaign.ends_at, "used_order_id": None, "source": "claim",
             "request_id": e.request_id, "created_at": e.at} for e in entries]
    with engine.begin() as conn:
        inserted = {r[0] for r in conn.execute(_CARDS_INSERT, rows)}
        deltas: Counter[str] = Counter()
        limits: dict[str, int] = {}
        for e in entries:
            if e.request_id not in inserted:
                continue   # applied before (a re-delivered entry)
            for bucket, limit in (("total", campaign.total_stock), (f"window:{e.bucket}", e.window_stock),
                                  (f"user:{e.user_id}", campaign.cap_per_user)):
                deltas[bucket] += 1
                limits[bucket] = -1 if limit is None else limit
        if not deltas:
            return
        buckets = sorted(deltas)
        params = {"cid": campaign.id, "buckets": buckets}
        conn.execute(_ENSURE_BUCKETS, params)
        conn.execute(_LOCK_BUCKETS, params)
        done = conn.execute(_ADD_TAKEN, {**params, "ns": [deltas[b] for b in buckets],
                                         "lims": [limits[b] for b in buckets]}).all()
        if len(done) != len(buckets):
            raise _Overflow


def _apply_each(engine: Engine, campaign: Campaign,
                entries: Sequence[JournalEntry]) -> list[tuple[JournalEntry, ClaimOutcome]]:
    store = claiming.DatabaseClaims(SqlUnitOfWorkFactory(engine))
    refused: list[tuple[JournalEntry, ClaimOutcome]] = []
    for e in entries:
        ticket = ClaimTicket(card=claiming.new_card(campaign, e.user_id, card_id=e.card_id),
                             request_id=e.request_id, bucket=e.bucket, total_stock=campaign.total_stock,
                             window_stock=e.window_stock, cap_per_user=campaign.cap_per_user, at=e.at)
        try:
            outcome = store.take(ticket).outcome
        except BangwoError:
            outcome = ClaimOutcome.REFUSED
        if outcome not in (ClaimOutcome.ISSUED, ClaimOutcome.REPEATED):
            refused.append((e, outcome))
    return refused


def user_card_count(engine: Engine, campaign_id: str, user_id: str) -> int | None:
    """How many cards of the campaign ``user_id`` holds; None when there is no such user."""
    with engine.connect() as conn:
        if conn.execute(select(t.users.c.id).where(t.users.c.id == user_id)).first() is None:
            return None
        return int(conn.execute(select(func.count()).select_from(t.cards).where(
            _c.campaign_id == campaign_id, _c.user_id == user_id)).scalar_one())


@dataclass(frozen=True)
class Truth:
    """What the cards table says: counters by bucket and the owner of every request id."""

    counters: dict[str, int]
    requests: dict[str, str]
    fixed: int


def _window_bucket(campaign: Campaign, at: datetime) -> str:
    for window in campaign.windows:
        if window.contains(at):
            return f"window:{window.key(at)}"
    return "window:all"


def reconcile_database(engine: Engine, campaign: Campaign) -> Truth:
    """Make campaign_stock equal the cards (cards are the truth); every known user gets a counter."""
    counters: Counter[str] = Counter()
    requests: dict[str, str] = {}
    s = t.campaign_stock.c
    with engine.begin() as conn:
        for user_id in conn.execute(select(t.users.c.id)).scalars():
            counters[f"user:{user_id}"] += 0
        rows = conn.execute(select(_c.id, _c.user_id, _c.source, _c.request_id, _c.created_at)
                            .where(_c.campaign_id == campaign.id))
        for card_id, user_id, source, request_id, created_at in rows:
            requests[request_id] = f"{user_id}|{card_id}"
            counters[f"user:{user_id}"] += 1
            if source == "claim":
                counters["total"] += 1
                counters[_window_bucket(campaign, created_at)] += 1
        stored = {str(b): int(n) for b, n in conn.execute(select(s.bucket, s.taken).where(s.campaign_id == campaign.id))}
        fixed = 0
        for bucket in sorted(set(stored) | {b for b, n in counters.items() if n}):
            want = counters.get(bucket, 0)
            if stored.get(bucket) == want:
                continue
            fixed += 1
            conn.execute(t.campaign_stock.delete().where(s.campaign_id == campaign.id, s.bucket == bucket))
            conn.execute(t.campaign_stock.insert().values(campaign_id=campaign.id, bucket=bucket, taken=want))
    return Truth(counters=dict(counters), requests=requests, fixed=fixed)


def stock_counters(engine: Engine, campaign_id: str) -> dict[str, int]:
    """The database counters of a campaign, by bucket."""
    s = t.campaign_stock.c
    with engine.connect() as conn:
        return {b: int(n) for b, n in conn.execute(select(s.bucket, s.taken).where(
            s.campaign_id == bindparam("cid")), {"cid": campaign_id})}
