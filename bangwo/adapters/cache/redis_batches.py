"""Card claims on the event loop: the claims that arrive in one loop tick settle in one atomic EVALSHA."""

from __future__ import annotations

import asyncio

import redis
import redis.asyncio as aredis
from sqlalchemy import Engine

from bangwo.adapters.cache.redis_cards import (
    CLAIM_LUA,
    UNKNOWN_USER,
    Keys,
    batch_args,
    replies,
    result_of,
    unknown_user_error,
)
from bangwo.adapters.db import card_journal
from bangwo.domain.cards import Campaign, ClaimOutcome, ClaimResult, ClaimTicket

MAX_BATCH = 256


class AsyncRedisClaims:
    """AsyncCardClaims on Redis: claims queue for the rest of the tick, then one script settles them all.

    The batch is atomic in Redis and each claim keeps its own outcome (issued, repeated, capped, sold
    out...); a claim whose user has no counter yet is seeded from the database and queued again.
    """

    def __init__(self, client: aredis.Redis, engine: Engine, campaign: Campaign, *, prefix: str,
                 max_batch: int = MAX_BATCH) -> None:
        self.client = client
        self.engine = engine
        self.keys = Keys(prefix, campaign.id)
        self.script = client.register_script(CLAIM_LUA)
        self.max_batch = max_batch
        self._pending: list[tuple[ClaimTicket, asyncio.Future[tuple[str, str]]]] = []
        self._running: set[asyncio.Task[None]] = set()
        self.batches = 0            # scripts run

    async def take(self, ticket: ClaimTicket) -> ClaimResult:
        try:
            reply = await self._queue(ticket)
            if reply[0] == UNKNOWN_USER:
                await self._seed_user(ticket)
                reply = await self._queue(ticket)
        except redis.RedisError:
            return ClaimResult(ClaimOutcome.UNAVAILABLE)
        return result_of(*reply)

    def _queue(self, ticket: ClaimTicket) -> asyncio.Future[tuple[str, str]]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[tuple[str, str]] = loop.create_future()
        if not self._pending:
            loop.call_soon(self._flush)
        self._pending.append((ticket, future))
        if len(self._pending) >= self.max_batch:
            self._flush()
        return future

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        if batch:
            task = asyncio.get_running_loop().create_task(self._settle(batch))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _settle(self, batch: list[tuple[ClaimTicket, asyncio.Future[tuple[str, str]]]]) -> None:
        tickets = [ticket for ticket, _ in batch]
        self.batches += 1
        try:
            answer = replies(await self.script(keys=self.keys.batch_keys(tickets), args=batch_args(tickets)))
        except BaseException as exc:   # every claim of the batch learns what went wrong
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        for (_, future), reply in zip(batch, answer, strict=True):
            if not future.done():
                future.set_result(reply)

    async def _seed_user(self, ticket: ClaimTicket) -> None:
        held = await asyncio.to_thread(card_journal.user_card_count, self.engine, ticket.card.campaign_id,
                                       ticket.card.user_id)
        if held is None:
            raise unknown_user_error(ticket.card.user_id)
        await self.client.set(self.keys.counter(f"user:{ticket.card.user_id}"), held, nx=True)
