"""Card claims on Redis: one atomic Lua script, journaled to a stream that a batching writer drains."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import redis
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bangwo.adapters.db import card_journal
from bangwo.adapters.db.card_journal import JournalEntry
from bangwo.domain.cards import Campaign, ClaimOutcome, ClaimResult, ClaimTicket
from bangwo.domain.errors import NotFoundError

# Claims settle in batches (one claim is a batch of one): the script loops, each claim keeps its outcome.
# KEYS: 1 ready flag, 2 request ids (hash), 3 total taken, 4 journal stream; then per claim i (from 0):
#       5+2i window taken, 6+2i user's cards
# ARGV: per claim i, 8 fields from 1+8i: request id, user id, card id, total stock (-1: none),
#       window stock (-1), cap, bucket, claimed at (ISO-8601)
# Returns a flat list: outcome, card id (or '') for each claim in order.
CLAIM_LUA = """
local out = {}
if redis.call('EXISTS', KEYS[1]) == 0 then
  for i = 1, #ARGV / 8 do out[2 * i - 1] = 'unavailable'; out[2 * i] = '' end
  return out
end
local function claim(window_key, user_key, rid, uid, cid, total_stock, window_stock, cap, bucket, at)
  local prev = redis.call('HGET', KEYS[2], rid)
  if prev then
    local sep = string.find(prev, '|', 1, true)
    local owner = string.sub(prev, 1, sep - 1)
    if owner == '!' then return string.sub(prev, sep + 1), '' end
    if owner ~= uid then return 'foreign', '' end
    return 'repeated', string.sub(prev, sep + 1)
  end
  local held = redis.call('GET', user_key)
  if not held then return 'unknown_user', '' end
  if tonumber(held) >= tonumber(cap) then return 'capped', '' end
  total_stock = tonumber(total_stock)
  if total_stock >= 0 and tonumber(redis.call('GET', KEYS[3]) or '0') >= total_stock then return 'sold_out', '' end
  if tonumber(window_stock) >= 0 and tonumber(redis.call('GET', window_key) or '0') >= tonumber(window_stock) then
    return 'sold_out', ''
  end
  redis.call('INCR', KEYS[3])
  redis.call('INCR', window_key)
  redis.call('INCR', user_key)
  redis.call('HSET', KEYS[2], rid, uid .. '|' .. cid)
  redis.call('XADD', KEYS[4], '*', 'r', rid, 'u', uid, 'c', cid, 'b', bucket, 'at', at, 'wl', window_stock)
  return 'issued', cid
end
for i = 0, #ARGV / 8 - 1 do
  local a = 8 * i
  local outcome, card = claim(KEYS[5 + 2 * i], KEYS[6 + 2 * i], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4],
                              ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], ARGV[a + 8])
  out[2 * i + 1] = outcome
  out[2 * i + 2] = card
end
return out
"""

GROUP = "writers"


@dataclass(frozen=True)
class Keys:
    """Every Redis key of one campaign (one hash tag, so a cluster keeps them on one node)."""

    prefix: str
    campaign_id: str

    def _k(self, name: str) -> str:
        return f"{self.prefix}:{{{self.campaign_id}}}:{name}"

    @property
    def ready(self) -> str:
        return self._k("ready")

    @property
    def requests(self) -> str:
        return self._k("requests")

    @property
    def journal(self) -> str:
        return self._k("journal")

    @property
    def lock(self) -> str:
        return self._k("reconcile-lock")

    def counter(self, bucket: str) -> str:
        """'total', 'window:{key}' or 'user:{id}' (the campaign_stock buckets of the database)."""
        return self._k(f"n:{bucket}")

    def batch_keys(self, tickets: Sequence[ClaimTicket]) -> list[str]:
        """The keys CLAIM_LUA needs for ``tickets``: the campaign's four, then window and user per claim."""
        keys = [self.ready, self.requests, self.counter("total"), self.journal]
        for ticket in tickets:
            keys += (self.counter(f"window:{ticket.bucket}"), self.counter(f"user:{ticket.card.user_id}"))
        return keys


def batch_args(tickets: Sequence[ClaimTicket]) -> list[str | int]:
    args: list[str | int] = []
    for ticket in tickets:
        args += (ticket.request_id, ticket.card.user_id, ticket.card.id,
                 -1 if ticket.total_stock is None else ticket.total_stock,
                 -1 if ticket.window_stock is None else ticket.window_stock,
                 ticket.cap_per_user, ticket.bucket, ticket.at.isoformat())
    return args


UNKNOWN_USER = "unknown_user"   # the script has no counter for the user yet: seed it from the database


def replies(reply: Sequence[Any]) -> list[tuple[str, str]]:
    """CLAIM_LUA's flat reply as (outcome, card id) per claim."""
    texts = [x.decode() if isinstance(x, bytes) else str(x) for x in reply]
    return list(zip(texts[::2], texts[1::2], strict=True))


def result_of(outcome: str, card_id: str) -> ClaimResult:
    return ClaimResult(ClaimOutcome(outcome), card_id or None)


class RedisClaims:
    """CardClaims on Redis (synchronous client): the Lua script settles, the stream journals."""

    def __init__(self, client: redis.Redis, engine: Engine, campaign: Campaign, *, prefix: str) -> None:
        self.client = client
        self.engine = engine
        self.keys = Keys(prefix, campaign.id)
        self.script = client.register_script(CLAIM_LUA)

    def take(self, ticket: ClaimTicket) -> ClaimResult:
        keys, args = self.keys.batch_keys([ticket]), batch_args([ticket])
        try:
            [reply] = replies(self.script(keys=keys, args=args))
            if reply[0] == UNKNOWN_USER:
                self._seed_user(ticket)
                [reply] = replies(self.script(keys=keys, args=args))
        except redis.RedisError:
            return ClaimResult(ClaimOutcome.UNAVAILABLE)
        return result_of(*reply)

    def _seed_user(self, ticket: ClaimTicket) -> None:
        held = card_journal.user_card_count(self.engine, ticket.card.campaign_id, ticket.card.user_id)
        if held is None:
            raise unknown_user_error(ticket.card.user_id)
        self.client.set(self.keys.counter(f"user:{ticket.card.user_id}"), held, nx=True)


# A grant (first use, invite) made through the database takes its place under the user's cap here first,
# so a claim Redis acknowledged is never refused later by the database for a grant that landed meanwhile.
# KEYS: 1 ready flag, 2 request ids (hash), 3 user's cards; ARGV: request id, user id, card id, cap.
RESERVE_LUA = """
if redis.call('EXISTS', KEYS[1]) == 0 then return {'unavailable', ''} end
local prev = redis.call('HGET', KEYS[2], ARGV[1])
if prev then
  local sep = string.find(prev, '|', 1, true)
  local owner = string.sub(prev, 1, sep - 1)
  if owner == '!' then return {string.sub(prev, sep + 1), ''} end
  if owner ~= ARGV[2] then return {'foreign', ''} end
  return {'repeated', string.sub(prev, sep + 1)}
end
local held = redis.call('GET', KEYS[3])
if not held then return {'unknown_user', ''} end
if tonumber(held) >= tonumber(ARGV[4]) then return {'capped', ''} end
redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. '|' .. ARGV[3])
return {'issued', ARGV[3]}
"""
# Give a reservation back (the grant was not committed): only the one this request made.
# KEYS: 2 request ids, 3 user's cards (KEYS[1] unused, kept for one layout); ARGV: request id, owner|card.
RELEASE_LUA = """
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('DECR', KEYS[3])
  return 1
end
return 0
"""


class RedisCardQuota:
    """carding.CardQuota on Redis: database grants count against the same per-user counter as claims."""

    def __init__(self, client: redis.Redis, engine: Engine, *, prefix: str) -> None:
        self.client = client
        self.engine = engine
        self.prefix = prefix
        self.reserve_script = client.register_script(RESERVE_LUA)
        self.release_script = client.register_script(RELEASE_LUA)

    def _keys(self, campaign: Campaign, user_id: str) -> list[str]:
        keys = Keys(self.prefix, campaign.id)
        return [keys.ready, keys.requests, keys.counter(f"user:{user_id}")]

    def reserve(self, campaign: Campaign, user_id: str, *, request_id: str, card_id: str) -> ClaimResult:
        keys = self._keys(campaign, user_id)
        args: list[str | int] = [request_id, user_id, card_id, campaign.cap_per_user]
        try:
            [reply] = replies(self.reserve_script(keys=keys, args=args))
            if reply[0] == UNKNOWN_USER:
                held = card_journal.user_card_count(self.engine, campaign.id, user_id)
                if held is None:
                    raise unknown_user_error(user_id)
                self.client.set(keys[2], held, nx=True)
                [reply] = replies(self.reserve_script(keys=keys, args=args))
        except redis.RedisError:
            return ClaimResult(ClaimOutcome.UNAVAILABLE)
        return result_of(*reply)

    def release(self, campaign: Campaign, user_id: str, *, request_id: str, card_id: str) -> None:
        """Best effort: if Redis is unreachable the counter stays one high (it refuses, never revokes) until
        the next reconciliation makes it equal the database again."""
        try:
            self.release_script(keys=self._keys(campaign, user_id), args=[request_id, f"{user_id}|{card_id}"])
        except redis.RedisError:
            return


def unknown_user_error(user_id: str) -> NotFoundError:
    return NotFoundError(f"no user {user_id!r}", user_message="没有这个用户")


# ---- the journal: stream -> database ---------------------------------------------------------------


def _entries(raw: Sequence[Any]) -> tuple[list[str], list[JournalEntry]]:
    ids, entries = [], []
    for entry_id, fields in raw:
        if fields is None:   # trimmed while pending
            ids.append(_s(entry_id))
            continue
        f = {_s(k): _s(v) for k, v in fields.items()}
        ids.append(_s(entry_id))
        entries.append(JournalEntry(request_id=f["r"], user_id=f["u"], card_id=f["c"], bucket=f["b"],
                                    at=datetime.fromisoformat(f["at"]),
                                    window_stock=None if int(f["wl"]) < 0 else int(f["wl"])))
    return ids, entries


def _s(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class JournalWriter:
    """Drains the claim journal into the database in batches; safe to run in every worker process."""

    def __init__(self, client: redis.Redis, engine: Engine, campaign: Campaign, *, prefix: str,
                 batch: int = 1000, on_applied: Callable[[int, int], None] | None = None,
                 linger_s: float = 0.05) -> None:
        self.client = client
        self.engine = engine
        self.campaign = campaign
        self.keys = Keys(prefix, campaign.id)
        self.batch = batch
        self.linger_s = linger_s
        self.consumer = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.on_applied = on_applied
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def ensure_group(self) -> None:
        try:
            self.client.xgroup_create(self.keys.journal, GROUP, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def step(self, *, block_ms: int | None = 200) -> int:
        """Apply one batch: own pending entries first, then those a dead writer left, then new ones."""
        mine: Any = self.client.xreadgroup(GROUP, self.consumer, {self.keys.journal: "0"}, count=self.batch)
        raw = list(mine[0][1]) if mine and mine[0][1] else []
        if not raw:
            claimed: Any = self.client.xautoclaim(self.keys.journal, GROUP, self.consumer, min_idle_time=10_000,
                                             start_id="0-0", count=self.batch)
            raw = list(claimed[1]) if claimed and claimed[1] else []
        if not raw:
            got: Any = self.client.xreadgroup(GROUP, self.consumer, {self.keys.journal: ">"}, count=self.batch,
                                         block=block_ms)
            raw = list(got[0][1]) if got else []
        return self._apply(raw)

    def _apply(self, raw: Sequence[Any]) -> int:
        if not raw:
            return 0
        ids, entries = _entries(raw)
        rejected = card_journal.apply(self.engine, self.campaign, entries)
        pipe = self.client.pipeline(transaction=True)
        for entry, outcome in rejected:
            pipe.hset(self.keys.requests, entry.request_id, f"!|{outcome.value}")
        pipe.xack(self.keys.journal, GROUP, *ids)
        pipe.xdel(self.keys.journal, *ids)
        pipe.execute()
        if self.on_applied:
            self.on_applied(len(entries) - len(rejected), len(rejected))
        return len(entries)

    def step_quietly(self) -> int:
        """step() without blocking (for tests and draining loops)."""
        return self.step(block_ms=None)

    def ready(self) -> bool:
        """Claims are being settled (reconciliation has run since Redis last lost its data)."""
        return bool(self.client.exists(self.keys.ready))

    def heal(self) -> None:
        """Redis came back empty: reconcile from the database (one process does it, the others wait)."""
        if self.ready():
            return
        try:
            reconcile(self.client, self.engine, self.campaign, prefix=self.keys.prefix, batch=self.batch)
        except ReconcileBusyError:
            return

    def run(self) -> None:
        """Loop until stop()."""
        self.run_until(self._stop.is_set)

    def run_until(self, stop: Callable[[], bool]) -> None:
        """Loop until ``stop()``: Redis or database trouble waits a little and tries again, never ends the loop."""
        while not stop():
            try:
                self.heal()
                self.ensure_group()
                for _ in range(25):
                    if stop():
                        return
                    if self.step() < self.batch:
                        time.sleep(self.linger_s)   # let a bigger batch gather: fewer, larger transactions
            except (redis.RedisError, OSError, SQLAlchemyError):
                self._stop.wait(0.5)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="bangwo-journal", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def depth(self) -> int:
        depth: Any = self.client.xlen(self.keys.journal)
        return int(depth)


# ---- start-up reconciliation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reconciled:
    drained: int
    cards: int
    counters: int
    fixed_buckets: int


def drain(client: redis.Redis, engine: Engine, campaign: Campaign, *, prefix: str, batch: int = 1000) -> int:
    """Apply every journal entry still in the stream (idempotent) and delete it; returns entries applied."""
    writer = JournalWriter(client, engine, campaign, prefix=prefix, batch=batch)
    keys = writer.keys
    done = 0
    while True:
        raw: Any = client.xrange(keys.journal, "-", "+", count=batch)
        if not raw:
            return done
        ids, entries = _entries(raw)
        rejected = card_journal.apply(engine, campaign, entries)
        pipe = client.pipeline(transaction=True)
        for entry, outcome in rejected:
            pipe.hset(keys.requests, entry.request_id, f"!|{outcome.value}")
        pipe.xdel(keys.journal, *ids)
        pipe.execute()
        done += len(entries)


def reconcile(client: redis.Redis, engine: Engine, campaign: Campaign, *, prefix: str,
              batch: int = 1000) -> Reconciled:
    """Stop claims, drain the journal, make the database counters equal its cards, rebuild Redis from them."""
    keys = Keys(prefix, campaign.id)
    token = uuid.uuid4().hex
    if not client.set(keys.lock, token, nx=True, px=300_000):
        raise ReconcileBusyError("another process is reconciling this campaign")
    try:
        client.delete(keys.ready)
        drained = drain(client, engine, campaign, prefix=prefix, batch=batch)
        truth = card_journal.reconcile_database(engine, campaign)
        _rebuild(client, keys, truth)
        JournalWriter(client, engine, campaign, prefix=prefix).ensure_group()
        client.set(keys.ready, token)
    finally:
        if _s(client.get(keys.lock) or b"") == token:
            client.delete(keys.lock)
    return Reconciled(drained=drained, cards=len(truth.requests), counters=len(truth.counters),
                      fixed_buckets=truth.fixed)


class ReconcileBusyError(RuntimeError):
    """Another process holds the reconciliation lock."""


def _rebuild(client: redis.Redis, keys: Keys, truth: card_journal.Truth) -> None:
    stale = list(client.scan_iter(match=keys.counter("*"), count=1000))
    pipe = client.pipeline(transaction=False)
    for start in range(0, len(stale), 1000):
        pipe.delete(*stale[start:start + 1000])
    pipe.delete(keys.requests)
    pipe.execute()
    items = list(truth.counters.items())
    for start in range(0, len(items), 1000):
        client.mset({keys.counter(bucket): n for bucket, n in items[start:start + 1000]})
    requests = list(truth.requests.items())
    for start in range(0, len(requests), 1000):
        client.hset(keys.requests, mapping=dict(requests[start:start + 1000]))


def counters(client: redis.Redis, campaign_id: str, *, prefix: str) -> dict[str, int]:
    """Every Redis counter of the campaign, by bucket (what reconciliation compares with the database)."""
    keys = Keys(prefix, campaign_id)
    head = keys.counter("")
    names = list(client.scan_iter(match=keys.counter("*"), count=1000))
    values: Any = client.mget(names) if names else []
    return {_s(name)[len(head):]: int(v) for name, v in zip(names, values, strict=True) if v is not None}
