"""The aiohttp load generator of `bench storm` (keep-alive, loopback only) and the bare Lua baseline."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def check_loopback(url: str) -> str:
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK and not host.startswith("127."):
        raise ValueError(f"load is only ever sent to this machine (loopback), not {host!r}")
    return url


@dataclass
class Tally:
    """What a load run saw: latencies, status codes, refusal reasons and the cards acknowledged."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    acknowledged: list[tuple[str, str, str]] = field(default_factory=list)   # request id, user, card id
    first_start: float = 0.0
    last_success: float = 0.0
    elapsed_s: float = 0.0
    transport_errors: int = 0


def _connector(concurrency: int) -> aiohttp.TCPConnector:
    return aiohttp.TCPConnector(limit=concurrency, force_close=False, enable_cleanup_closed=True)


async def _ping(base: str, total: int, concurrency: int, path: str, method: str) -> Tally:
    tally = Tally()
    left = [total]
    url = f"{check_loopback(base)}{path}"
    start = time.perf_counter()
    async with aiohttp.ClientSession(connector=_connector(concurrency)) as session:
        async def worker() -> None:
            while left[0] > 0:
                left[0] -= 1
                t0 = time.perf_counter()
                async with session.request(method, url) as r:
                    await r.read()
                    tally.statuses[r.status] += 1
                tally.latencies_ms.append((time.perf_counter() - t0) * 1000)
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    tally.elapsed_s = time.perf_counter() - start
    return tally


async def _lua(redis_url: str, total: int, concurrency: int, prefix: str) -> Tally:
    import redis.asyncio as aredis

    tally = Tally()
    client = aredis.Redis.from_url(redis_url, max_connections=concurrency)
    script = client.register_script("return redis.call('INCR', KEYS[1])")
    left = [total]
    start = time.perf_counter()

    async def worker() -> None:
        while left[0] > 0:
            left[0] -= 1
            t0 = time.perf_counter()
            await script(keys=[f"{prefix}:bare-lua"])
            tally.latencies_ms.append((time.perf_counter() - t0) * 1000)
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    tally.elapsed_s = time.perf_counter() - start
    await client.delete(f"{prefix}:bare-lua")
    await client.aclose()
    return tally


def run_ping(base: str, total: int, concurrency: int, path: str = "/bench/ping", method: str = "GET") -> Tally:
    return run_loop(_ping(base, total, concurrency, path, method))


def run_lua(redis_url: str, total: int, concurrency: int, prefix: str) -> Tally:
    return run_loop(_lua(redis_url, total, concurrency, prefix))


def run_loop(coro: Any) -> Tally:
    """Run a load coroutine on uvloop when it is installed."""
    try:
        import uvloop
        return uvloop.run(coro)  # type: ignore[no-any-return]
    except ImportError:
        return asyncio.run(coro)  # type: ignore[no-any-return]


ORDER_SCRIPT = ("帮我点一杯少糖少冰的珍珠奶茶", "第一个", "确认")


@dataclass
class StormTally(Tally):
    """A storm run: whole-order latencies, paid orders, what was shed and what never started."""

    paid: int = 0
    paid_orders: list[str] = field(default_factory=list)
    failed: int = 0
    not_started: int = 0
    turn_latencies_ms: list[float] = field(default_factory=list)
    shed: Counter[str] = field(default_factory=Counter)


async def _storm(base: str, users: list[str], rate: float, seconds: float, concurrency: int,
                 recommendations: bool) -> StormTally:
    tally = StormTally()
    check_loopback(base)
    slots = asyncio.Semaphore(concurrency)
    start = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []
    async with aiohttp.ClientSession(connector=_connector(concurrency),
                                     timeout=aiohttp.ClientTimeout(total=30)) as session:
        async def post(user: str, conv: str, text: str) -> tuple[int, dict[str, Any]]:
            t0 = time.perf_counter()
            async with session.post(f"{base}/v1/chat", json={"text": text, "conversation_id": conv},
                                    headers={"X-Bangwo-User": user}) as r:
                body = await r.json(content_type=None)
            tally.turn_latencies_ms.append((time.perf_counter() - t0) * 1000)
            tally.statuses[r.status] += 1
            return r.status, body

        async def order(n: int) -> None:
            user, conv = users[n % len(users)], f"s{n}"
            t0 = time.perf_counter()
            try:
                for text in ORDER_SCRIPT:
                    status, body = await post(user, conv, text)
                    if status != 200:
                        tally.shed[f"chat:{body.get('error', status)}"] += 1
                        tally.failed += status not in (429, 503)
                        return
                paid = [o for o in body.get("orders", []) if o.get("status") == "paid"]
                if not paid:
                    tally.failed += 1
                    return
                tally.paid += 1
                tally.paid_orders.append(paid[0]["id"])
                tally.latencies_ms.append((time.perf_counter() - t0) * 1000)
                if recommendations:
                    async with session.get(f"{base}/v1/recommendations", params={"text": "奶茶"},
                                           headers={"X-Bangwo-User": user}) as r:
                        await r.read()
                        if r.status != 200:
                            tally.shed[f"recommendations:{r.status}"] += 1
            except (aiohttp.ClientError, OSError, TimeoutError):
                tally.transport_errors += 1
            finally:
                slots.release()

        n = 0
        while (now := time.perf_counter() - start) < seconds:
            due = int(now * rate)
            while n < due:
                if slots.locked():
                    tally.not_started += due - n
                    n = due
                    break
                await slots.acquire()
                tasks.append(asyncio.create_task(order(n)))
                n += 1
            await asyncio.sleep(0.005)
        if tasks:
            await asyncio.wait(tasks, timeout=60)
    tally.elapsed_s = time.perf_counter() - start
    return tally


def run_storm(base: str, users: list[str], rate: float, seconds: float, concurrency: int,
              recommendations: bool) -> StormTally:
    return run_loop(_storm(base, users, rate, seconds, concurrency, recommendations))  # type: ignore[return-value]
