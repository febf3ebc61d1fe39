"""The turn log off the request path: committed turns go to a Redis stream; a writer logs them in batches.

The conversation row keeps the last turn (``conversations.last_turn``) in the same UPDATE as the state, so a turn
is durable the moment its transaction commits. Publication follows the commit; if it is lost (Redis down: the
turn is logged directly instead; the process died in between: the conversation's next turn publishes it again,
and the writer's sweep of recently updated conversations finds it), the log still gets it, once per
(conversation, seq).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import orjson
import redis
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from bangwo.adapters.db import tables as t
from bangwo.adapters.db.repositories import insert_turns

log = logging.getLogger(__name__)

GROUP = "turn-log"


def stream_key(prefix: str) -> str:
    return f"{prefix}:turns"


class RedisTurnJournal:
    """Publishes committed turns to the stream; on Redis trouble writes them to the database itself."""

    def __init__(self, client: redis.Redis, engine: Engine, *, prefix: str) -> None:
        self.client = client
        self.engine = engine
        self.key = stream_key(prefix)

    def publish(self, records: Sequence[Mapping[str, Any]]) -> None:
        try:
            if len(records) == 1:   # a turn's own record: one XADD, no pipeline to build
                self.client.xadd(self.key, {"turn": _encode(records[0])})
                return
            pipe = self.client.pipeline(transaction=False)
            for record in records:
                pipe.xadd(self.key, {"turn": _encode(record)})
            pipe.execute()
        except (redis.RedisError, OSError):
            log.warning("turn log: Redis unavailable, logging %d turn(s) directly", len(records))
            try:
                with self.engine.begin() as conn:
                    insert_turns(conn, records)
            except SQLAlchemyError:   # the state (and last_turn) is committed: the sweep logs it later
                log.exception("turn log: could not log %d turn(s) now; the sweep will", len(records))


def _encode(record: Mapping[str, Any]) -> bytes:
    """The record as UTF-8 JSON (orjson: a tenth of ``json.dumps``'s time; the writer's ``json.loads`` reads it)."""
    try:
        return orjson.dumps(record, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME)
    except TypeError:
        return json.dumps(record, ensure_ascii=False).encode()


class TurnLogWriter:
    """Drains the turn stream into the turns table in batches and sweeps ``last_turn`` for lost publications."""

    def __init__(self, client: redis.Redis, engine: Engine, *, prefix: str, batch: int = 1000,
                 linger_s: float = 0.05, sweep_every_s: float = 60.0, grace_s: float = 30.0,
                 now: Callable[[], datetime] | None = None) -> None:
        self.client = client
        self.engine = engine
        self.key = stream_key(prefix)
        self.batch = batch
        self.linger_s = linger_s
        self.sweep_every_s = sweep_every_s
        self.grace = timedelta(seconds=grace_s)
        self.now = now
        self.consumer = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self._swept_until: datetime | None = None
        self._last_sweep = 0.0

    def ensure_group(self) -> None:
        try:
            self.client.xgroup_create(self.key, GROUP, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def step(self, *, block_ms: int | None = 200) -> int:
        """Log one batch: own pending entries first, then those a dead writer left, then new ones."""
        mine: Any = self.client.xreadgroup(GROUP, self.consumer, {self.key: "0"}, count=self.batch)
        raw = list(mine[0][1]) if mine and mine[0][1] else []
        if not raw:
            claimed: Any = self.client.xautoclaim(self.key, GROUP, self.consumer, min_idle_time=10_000,
                                                 start_id="0-0", count=self.batch)
            raw = list(claimed[1]) if claimed and claimed[1] else []
        if not raw:
            got: Any = self.client.xreadgroup(GROUP, self.consumer, {self.key: ">"}, count=self.batch,
                                              block=block_ms)
            raw = list(got[0][1]) if got else []
        if not raw:
            return 0
        ids = [entry_id for entry_id, _ in raw]
        records = [json.loads(fields.get(b"turn") or fields.get("turn")) for _, fields in raw]
        with self.engine.begin() as conn:
            insert_turns(conn, records)
        pipe = self.client.pipeline(transaction=True)
        pipe.xack(self.key, GROUP, *ids)
        pipe.xdel(self.key, *ids)
        pipe.execute()
        return len(records)

    def sweep(self, now: datetime) -> int:
        """Log the last turn of every conversation updated since the previous sweep and at least ``grace`` ago
        (its publication had time to arrive); turns already logged are skipped. Returns the turns looked at."""
        until = now - self.grace
        since = self._swept_until or until - timedelta(hours=1)
        c = t.conversations.c
        with self.engine.begin() as conn:
            found = [row[0] for row in conn.execute(select(c.last_turn).where(
                c.updated_at >= since, c.updated_at < until, c.last_turn.is_not(None)))]
            insert_turns(conn, found)
        self._swept_until = until
        return len(found)

    def drain(self) -> int:
        """Log everything in the stream now (tests, shutdown)."""
        self.ensure_group()
        done = 0
        while (n := self.step(block_ms=None)) > 0:
            done += n
        return done

    def run_until(self, stop: Callable[[], bool]) -> None:
        """Loop until ``stop()``: Redis or database trouble waits a little and tries again, never ends the loop."""
        while not stop():
            try:
                self.ensure_group()
                if time.monotonic() - self._last_sweep >= self.sweep_every_s:
                    self.sweep(self.now() if self.now else datetime.now().astimezone())
                    self._last_sweep = time.monotonic()
                for _ in range(25):
                    if stop():
                        return
                    if self.step() < self.batch:
                        time.sleep(self.linger_s)   # let a bigger batch gather: fewer, larger transactions
            except (redis.RedisError, OSError, SQLAlchemyError):
                log.exception("turn log writer: trouble, retrying")
                time.sleep(0.5)
