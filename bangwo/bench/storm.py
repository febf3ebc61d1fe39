"""`bangwo bench storm`: one-sentence orders (understand → decide → order → pay) through HTTP at a target rate."""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import tempfile
import uuid
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

import redis
from sqlalchemy import event, func, select, text

from bangwo import bootstrap as boot
from bangwo.adapters.db import tables
from bangwo.adapters.db.engine import make_engine
from bangwo.bench import loadgen
from bangwo.bench.serving import drop_schema, pct, schema_url, serve
from bangwo.config import Settings
from bangwo.domain import commands
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.domains import Domain
from bangwo.domain.listings import GeoPoint, SearchQuery
from bangwo.domain.users import User
from bangwo.services import paying, registering

NOW = "2026-02-06T12:00:00+08:00"
BARE_TABLE = "bench_bare_http"   # the table /bench/insert writes to


def _env(url: str, redis_url: str | None, prefix: str, *, workers: int, max_inflight: int = 4) -> dict[str, str]:
    env = {"BANGWO_DATABASE_URL": url, "BANGWO_REDIS_PREFIX": prefix, "BANGWO_NOW": NOW,
           "BANGWO_BENCH_ROUTES": "true", "BANGWO_TRUST_USER_HEADER": "true", "BANGWO_WORKERS": str(workers), "BANGWO_USER_RPS": "50",
           "BANGWO_USER_BURST": "100", "BANGWO_MAX_INFLIGHT": str(max_inflight), "BANGWO_MAX_QUEUE": "256",
           "BANGWO_SHED_OPTIONAL_AT": "16", "BANGWO_QUEUE_TIMEOUT_S": "2", "BANGWO_DB_POOL_SIZE": "16"}
    if redis_url:
        env["BANGWO_REDIS_URL"] = redis_url
    return env


def prepare(url: str, settings: Settings, users: int) -> list[str]:
    """Seeded catalog, funded users (with an address), the bare-insert table."""
    app = boot.bootstrap(settings, clock=FixedClock(parse_now(NOW)))
    try:
        boot.seed_catalog(app)
        address = boot.DEMO_USERS[0].addresses
        names = [f"s{i:04d}" for i in range(users)]
        for name in names:
            registering.register_user(User(id=name, name=name, phone="13800000000", home_city="杭州",
                                           addresses=address), uow=app.uow(), clock=app.clock, campaign_id=None)
            paying.top_up(commands.TopUp(name, 10**9, "bench", f"storm-topup:{name}"), uow=app.uow(),
                          clock=app.clock, gateway=app.gateway)
        with app.engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE IF NOT EXISTS {BARE_TABLE} (id serial PRIMARY KEY, payload text)"))
        _restock(app, address[0].point)
    finally:
        app.close()
    return names


def _restock(app: boot.App, near: GeoPoint | None) -> None:
    """A storm of 60 s sells far more tea than a day's stock: give the drinks near the users a deep stock,
    so the bench measures the order path, not sold-out replies (the DB still enforces every claim)."""
    listings = app.catalog.search(SearchQuery(Domain.TAKEOUT, text="珍珠奶茶", city="杭州", near=near, limit=200),
                                  now=app.clock.now())
    keys = sorted({key for listing in listings for key in listing.stock_keys})
    with app.engine.begin() as conn:
        for key in keys:
            conn.execute(text("DELETE FROM stock_units WHERE key = :k"), {"k": key})
            conn.execute(text("INSERT INTO stock_units(key, capacity, reserved) VALUES (:k, :c, 0)"),
                         {"k": key, "c": 10**9})


def profile_orders(settings: Settings, users: list[str], orders: int) -> dict[str, Any]:
    """Where an order's time goes, in-process (cProfile over the same code the route runs)."""
    app = boot.connect(settings, clock=FixedClock(parse_now(NOW)))
    engine = app.conversation()
    counts = {"statements": 0, "transactions": 0}

    def _statement(*_: Any) -> None:
        counts["statements"] += 1

    def _transaction(*_: Any) -> None:
        counts["transactions"] += 1

    event.listen(app.engine, "before_cursor_execute", _statement)   # every round trip, SAVEPOINTs included
    event.listen(app.engine, "begin", _transaction)
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(orders):
        for line in loadgen.ORDER_SCRIPT:
            engine.handle(users[n % len(users)], line, conversation_id=f"profile{n}")
    profiler.disable()
    app.close()
    stats = pstats.Stats(profiler)
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    groups = {"database (psycopg + SQLAlchemy execute)": ("psycopg", "sqlalchemy/engine"),
              "understanding": ("bangwo/understanding",), "catalog + ranking": ("bangwo/adapters/catalog",
                                                                               "conversation/ranking")}
    shares: dict[str, float] = {}
    for label, parts in groups.items():
        spent = 0.0
        for (filename, _, _), (_, _, tt, _, _) in stats.stats.items():  # type: ignore[attr-defined]
            if any(p in filename for p in parts):
                spent += tt
        shares[label] = round(100 * spent / total, 1)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(12)
    return {"profile_ms_per_order": round(1000 * total / orders, 2),
            "statements_per_order": round(counts["statements"] / orders, 1),
            "transactions_per_order": round(counts["transactions"] / orders, 1), "profile_share_pct": shares,
            "profile_top": out.getvalue().splitlines()[-14:]}


def run(*, pg_url: str, redis_url: str | None, rate: float = 1000.0, seconds: float = 60.0, workers: int = 2,
        concurrency: int = 256, users: int = 500, profile: int = 50, max_inflight: int = 4) -> dict[str, Any]:
    run_id = uuid.uuid4().hex[:8]
    url = schema_url(pg_url, f"bangwo_storm_{run_id}")   # one schema per run: concurrent runs never collide
    prefix = f"storm{run_id}"
    env = _env(url, redis_url, prefix, workers=workers, max_inflight=max_inflight)
    settings = Settings.model_validate({k[len("BANGWO_"):].lower(): v for k, v in env.items()})
    names = prepare(url, settings, users)
    log = tempfile.mktemp(prefix="bangwo-storm-", suffix=".log")
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as gen, \
            serve(env, workers=workers, log_path=log) as server:
        cpu_start = server_cpu_s(server.process.pid)
        bare = gen.submit(loadgen.run_ping, server.base, 5_000, 32, "/bench/insert", "POST").result()
        cpu_bare = server_cpu_s(server.process.pid)
        storm = gen.submit(loadgen.run_storm, server.base, names, rate, seconds, concurrency, True).result()
        cpu_storm = server_cpu_s(server.process.pid)
    paid_in_db = _paid(url, storm.paid_orders)
    report: dict[str, Any] = {
        "target_orders_per_s": rate, "seconds": seconds, "workers": workers, "max_inflight_per_worker": max_inflight,
        "orders_paid": storm.paid, "orders_per_s": round(storm.paid / seconds, 1),
        "p50_ms": pct(storm.latencies_ms, 0.5), "p99_ms": pct(storm.latencies_ms, 0.99),
        "turn_p50_ms": pct(storm.turn_latencies_ms, 0.5), "turn_p99_ms": pct(storm.turn_latencies_ms, 0.99),
        "errors": storm.transport_errors, "answered_but_not_paid": storm.failed, "shed": dict(storm.shed), "not_started": storm.not_started,
        "statuses": dict(storm.statuses), "paid_orders_found_in_database": paid_in_db,
        "bare_insert_route_per_s": round(len(bare.latencies_ms) / bare.elapsed_s, 1),
        "bare_insert_p50_ms": pct(bare.latencies_ms, 0.5),
    }
    report["ratio_vs_bare_insert_route"] = round(report["orders_per_s"] / report["bare_insert_route_per_s"], 3)
    if cpu_start is not None and cpu_bare is not None and cpu_storm is not None:
        # what the server processes (workers, journal) spent, over what they served: the steadier figure on a
        # shared box; an order's share includes its recommendations request and whatever was shed or refused
        report["server_cpu_ms_per_bare_insert"] = round(1000 * (cpu_bare - cpu_start) / max(len(bare.latencies_ms), 1), 3)
        report["server_cpu_ms_per_order"] = round(1000 * (cpu_storm - cpu_bare) / max(storm.paid, 1), 2)
    if profile:
        report.update(profile_orders(settings, names, profile))
    if redis_url:
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)
        client.close()
    report["server_log"] = log
    drop_schema(pg_url, f"bangwo_storm_{run_id}")
    return report


def server_cpu_s(group: int) -> float | None:
    """User + system CPU seconds of every live process in the server's process group (Linux ``/proc``)."""
    total, tick = 0, os.sysconf("SC_CLK_TCK")
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return None
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue   # gone meanwhile
        if int(fields[2]) == group:   # pgrp; then utime, stime, and what its reaped children used
            total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    return total / tick


def _paid(url: str, order_ids: list[str]) -> int:
    engine = make_engine(url, pool_size=1)
    o = tables.orders.c
    with engine.connect() as conn:
        found = 0
        for start in range(0, len(order_ids), 1000):
            found += int(conn.execute(select(func.count()).select_from(tables.orders).where(
                o.id.in_(order_ids[start:start + 1000]), o.status.in_(["paid", "fulfilling", "delivered",
                                                                        "completed"]))).scalar_one())
    engine.dispose()
    return found
