"""`bangwo bench flash`: a crowd claims a stock of cards through HTTP against a real `bangwo serve`."""

from __future__ import annotations

import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from typing import Any

import redis
from sqlalchemy import func, insert, select

from bangwo import bootstrap as boot
from bangwo.adapters.cache.redis_cards import Keys
from bangwo.adapters.db import tables
from bangwo.adapters.db.engine import make_engine
from bangwo.bench import loadgen, rawload
from bangwo.bench.serving import pct, schema_url, serve
from bangwo.config import Settings
from bangwo.domain.clocks import parse_now

NOW = "2026-02-06T00:30:00+08:00"   # inside the 00:00-06:00 window
CAMPAIGN = "flash-bench"
LOCK = "bangwo:bench-flash:lock"


def attempts_for(users: int, cap: int, *, seed: int = 7) -> list[tuple[str, str]]:
    """Every user tries up to the cap; one in ten tries four more; 2% of requests are retried as-is."""
    rng = random.Random(seed)
    plan = [(f"f{u:05d}", f"f{u:05d}-{k}") for u in range(users) for k in range(cap + (4 if u % 10 == 0 else 0))]
    rng.shuffle(plan)
    retries = [plan[rng.randrange(len(plan))] for _ in range(len(plan) // 50)]
    for retry in retries:
        plan.insert(rng.randrange(len(plan)), retry)
    return plan


def _env(url: str, redis_url: str, prefix: str, *, stock: int, cap: int, workers: int) -> dict[str, str]:
    return {"BANGWO_DATABASE_URL": url, "BANGWO_REDIS_URL": redis_url, "BANGWO_REDIS_PREFIX": prefix,
            "BANGWO_CAMPAIGN_ID": CAMPAIGN, "BANGWO_CARD_TOTAL_STOCK": str(stock),
            "BANGWO_CARD_WINDOWS": f"00:00-06:00={stock}", "BANGWO_CARD_CAP_PER_USER": str(cap),
            "BANGWO_CARD_FIRST_USE_GRANT": "0", "BANGWO_NOW": NOW, "BANGWO_BENCH_ROUTES": "true", "BANGWO_TRUST_USER_HEADER": "true",
            "BANGWO_WORKERS": str(workers), "BANGWO_USER_RPS": "1000", "BANGWO_USER_BURST": "1000",
            "BANGWO_GLOBAL_RPS": "1000000", "BANGWO_MAX_INFLIGHT": "512", "BANGWO_CATALOG_SEED": "2026"}


def _register(url: str, users: int) -> None:
    engine = make_engine(url, pool_size=1)
    at = parse_now(NOW)
    rows = [{"id": f"f{u:05d}", "name": f"f{u:05d}", "phone": "13800000000", "home_city": "杭州", "created_at": at}
            for u in range(users)]
    with engine.begin() as conn:
        for start in range(0, len(rows), 5000):
            conn.execute(insert(tables.users), rows[start:start + 5000])
    engine.dispose()


def run(*, pg_url: str, redis_url: str, stock: int = 50_000, users: int = 3_000, cap: int = 21, workers: int = 2,
        concurrency: int = 128, depth: int = 1, deadline_s: float = 120.0,
        baseline_requests: int = 20_000) -> dict[str, Any]:
    loadgen.check_loopback(redis_url)
    with _alone(redis_url):
        return _run(pg_url=pg_url, redis_url=redis_url, stock=stock, users=users, cap=cap, workers=workers,
                    concurrency=concurrency, depth=depth, deadline_s=deadline_s, baseline_requests=baseline_requests)


@contextmanager
def _alone(redis_url: str) -> Iterator[None]:
    """One `bench flash` at a time on this machine (two would share, and drop, the same schema)."""
    client = redis.Redis.from_url(redis_url)
    token = uuid.uuid4().hex
    if not client.set(LOCK, token, nx=True, ex=900):
        client.close()
        raise RuntimeError("another `bangwo bench flash` is running on this machine; try again when it is done")
    try:
        yield
    finally:
        if client.get(LOCK) == token.encode():
            client.delete(LOCK)
        client.close()


def _run(*, pg_url: str, redis_url: str, stock: int, users: int, cap: int, workers: int, concurrency: int,
         depth: int, deadline_s: float, baseline_requests: int) -> dict[str, Any]:
    url = schema_url(pg_url, "bangwo_flash")
    prefix = f"flash{uuid.uuid4().hex[:8]}"
    env = _env(url, redis_url, prefix, stock=stock, cap=cap, workers=workers)
    settings = Settings.model_validate({k[len("BANGWO_"):].lower(): v for k, v in env.items()})
    boot.bootstrap(settings).close()
    _register(url, users)
    plan = attempts_for(users, cap)
    log = tempfile.mktemp(prefix="bangwo-flash-", suffix=".log")
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as gen, \
            serve(env, workers=workers, log_path=log) as server:
        bare_http = gen.submit(rawload.run_ping, server.base, baseline_requests, concurrency, depth).result()
        bare_lua = gen.submit(loadgen.run_lua, redis_url, baseline_requests, concurrency, prefix).result()
        scripts_before = _evalsha_calls(redis_url)
        flash = gen.submit(rawload.run_claims, server.base, plan, concurrency, depth, deadline_s).result()
        scripts = _evalsha_calls(redis_url) - scripts_before
        drained_in = _wait_drained(redis_url, prefix, deadline_s=120.0)
    report = _verify(url, flash, stock=stock, cap=cap)
    _forget(redis_url, prefix)
    issued = len({rid for rid, _, _ in flash.acknowledged})
    claims_per_s = issued / flash.last_success if flash.last_success else 0.0
    http_rate = len(bare_http.latencies_ms) / bare_http.elapsed_s
    lua_rate = len(bare_lua.latencies_ms) / bare_lua.elapsed_s
    return {
        "stock": stock, "users": users, "cap": cap, "workers": workers, "concurrency": concurrency, "depth": depth,
        "requests": len(flash.latencies_ms), "issued_http": issued,
        "time_to_exhaust_s": round(flash.last_success, 2), "claims_per_s": round(claims_per_s, 1),
        "p50_ms": pct(flash.latencies_ms, 0.50), "p99_ms": pct(flash.latencies_ms, 0.99),
        "statuses": dict(flash.statuses), "refusals": dict(flash.reasons),
        "transport_errors": flash.transport_errors, "journal_drained_s": round(drained_in, 2), **report,
        "redis_scripts": scripts, "claims_per_script": round(len(flash.latencies_ms) / scripts, 1) if scripts else 0.0,
        "bare_http_per_s": round(http_rate, 1), "bare_http_p50_ms": pct(bare_http.latencies_ms, 0.5),
        "bare_lua_per_s": round(lua_rate, 1), "bare_lua_p50_ms": pct(bare_lua.latencies_ms, 0.5),
        "ratio_vs_bare_http": round(claims_per_s / http_rate, 3), "ratio_vs_bare_lua": round(claims_per_s / lua_rate, 3),
        "server_log": log,
    }


def _evalsha_calls(redis_url: str) -> int:
    """EVALSHA calls Redis has run so far (every client's: the bench's figure is a close upper bound)."""
    client = redis.Redis.from_url(redis_url)
    try:
        stats: Any = client.info("commandstats")
        return int(stats.get("cmdstat_evalsha", {}).get("calls", 0))
    finally:
        client.close()


def _wait_drained(redis_url: str, prefix: str, *, deadline_s: float) -> float:
    client = redis.Redis.from_url(redis_url)
    keys = Keys(prefix, CAMPAIGN)
    start = time.monotonic()
    try:
        while time.monotonic() - start < deadline_s:
            depth: Any = client.xlen(keys.journal)
            if int(depth) == 0:
                return time.monotonic() - start
            time.sleep(0.1)
        raise TimeoutError("the claim journal did not drain")
    finally:
        client.close()


def _verify(url: str, flash: loadgen.Tally, *, stock: int, cap: int) -> dict[str, int]:
    """Oversold, over-cap and lost claims, from the database after the journal drained."""
    engine = make_engine(url, pool_size=1)
    c = tables.cards.c
    with engine.connect() as conn:
        rows = {r: (u, i) for r, u, i in conn.execute(select(c.request_id, c.user_id, c.id)
                                                       .where(c.campaign_id == CAMPAIGN))}
        per_user = conn.execute(select(c.user_id, func.count()).where(c.campaign_id == CAMPAIGN)
                                .group_by(c.user_id)).all()
        s = tables.campaign_stock.c
        counted = conn.execute(select(s.taken).where(s.campaign_id == CAMPAIGN, s.bucket == "total")).scalar() or 0
    engine.dispose()
    lost = sum(1 for rid, user, card in flash.acknowledged if rows.get(rid) != (user, card))
    return {"cards_in_database": len(rows), "stock_counter": int(counted),
            "oversold": max(0, len(rows) - stock) + max(0, int(counted) - stock),
            "cap_violations": sum(1 for _, n in per_user if n > cap), "lost": lost,
            "counter_mismatch": abs(int(counted) - len(rows))}


def _forget(redis_url: str, prefix: str) -> None:
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)
    client.close()
