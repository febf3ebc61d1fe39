"""The card-claim journal on the database side: batched, idempotent application and reconciliation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, bindparam, func, select, text

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
# One statement for a whole batch, its text the same every time (psycopg parses it once, not 1,000 rows of
# placeholders per batch). The per-claim columns come as one string each, split in the database on the
# unit separator (never part of an id: user ids are identifiers, request ids printable), which is far
# cheaper to send than Python lists; the campaign's columns are scalars.
SEP = "\x1f"
_CARDS_INSERT = text(
    "INSERT INTO cards (id, campaign_id, user_id, value_fen, min_spend_fen, min_pay_fen, expires_at, used_order_id, "
    "source, request_id, created_at) "
    "SELECT v.id, :cid, v.user_id, :value_fen, :min_spend_fen, :min_pay_fen, :expires_at, NULL, 'claim', "
    "v.request_id, v.at FROM unnest(string_to_array(:ids, chr(31)), string_to_array(:users, chr(31)), "
    "string_to_array(:rids, chr(31)), CAST(string_to_array(:ats, chr(31)) AS timestamptz[])) "
    "AS v(id, user_id, request_id, at) "
    "ON CONFLICT (request_id) DO NOTHING RETURNING request_id")
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
    params = {"cid": campaign.id, "value_fen": campaign.value_fen, "min_spend_fen": campaign.min_spend_fen,
              "min_pay_fen": campaign.min_pay_fen, "expires_at": campaign.ends_at.astimezone(UTC),
              "ids": SEP.join(e.card_id for e in entries), "users": SEP.join(e.user_id for e in entries),
              "rids": SEP.join(e.request_id for e in entries),
              "ats": SEP.join(e.at.astimezone(UTC).isoformat() for e in entries)}
    with engine.begin() as conn:
        inserted = {r[0] for r in conn.execute(_CARDS_INSERT, params)}
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
        which = {"cid": campaign.id, "buckets": buckets}
        conn.execute(_ENSURE_BUCKETS, which)
        conn.execute(_LOCK_BUCKETS, which)
        done = conn.execute(_ADD_TAKEN, {**which, "ns": [deltas[b] for b in buckets],
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
    """How many cards of the campaign ``user_id`` holds; None when there is no such user. A read-only
    transaction: it runs while a grant's or a chat turn's write transaction is open (SQLite's write lock)."""
    with engine.connect().execution_options(readonly=True) as conn:
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
