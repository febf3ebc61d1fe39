"""`bangwo bench core`: quote -> hold -> order -> pay per second, against the bare insert rate."""

from __future__ import annotations

import multiprocessing as mp
import queue
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, text

from bangwo import bootstrap as boot
from bangwo.adapters.db.engine import make_engine
from bangwo.config import Settings
from bangwo.domain import commands
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.domains import Domain
from bangwo.domain.errors import BangwoError
from bangwo.domain.listings import QuoteRequest, SearchQuery
from bangwo.domain.users import User
from bangwo.services import checkout, ordering, paying, registering

NOW = "2026-02-06T12:00:00+08:00"
WORKER_GRACE_S = 120.0   # a worker starts (spawn, imports, bootstrap) and reports within its seconds + this
bare = Table("bench_bare", MetaData(), Column("id", Integer, primary_key=True, autoincrement=True),
             Column("payload", String(64), nullable=False))


@dataclass(frozen=True)
class Figures:
    label: str
    operations: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.operations / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _bench_users(clients: int) -> list[str]:
    return [f"bench{i:03d}" for i in range(clients)]


def prepare(url: str, *, clients: int) -> None:
    """Fresh schema, seeded catalog, funded users, generous stock for the benchmarked products."""
    app = boot.bootstrap(Settings(database_url=url), clock=FixedClock(parse_now(NOW)))
    try:
        with app.engine.begin() as conn:
            for table in ("ledger_entries", "payments", "order_events", "order_stock", "seat_claims", "orders",
                          "stock_units", "accounts", "cards", "campaign_stock", "addresses", "users"):
                conn.execute(text(f"DELETE FROM {table}"))
            bare.drop(conn, checkfirst=True)
            bare.create(conn)
        for uid in _bench_users(clients):
            registering.register_user(User(id=uid, name=uid, phone="13800000000", home_city="杭州"),
                                      uow=app.uow(), clock=app.clock, campaign_id=None)
            paying.top_up(commands.TopUp(uid, 10**10, "bench", f"bench-topup:{uid}"), uow=app.uow(),
                          clock=app.clock, gateway=app.gateway)
    finally:
        app.close()


def _refs(app: boot.App) -> list[str]:
    listings = app.catalog.search(SearchQuery(domain=Domain.SHOPPING, limit=200), now=app.clock.now())
    return [listing.ref for listing in listings]


def _restock(app: boot.App, refs: list[str]) -> None:
    with app.engine.begin() as conn:
        for ref in refs:
            offer = app.catalog.quote(QuoteRequest(Domain.SHOPPING, ref), now=app.clock.now())
            for claim in offer.stock:
                conn.execute(text("DELETE FROM stock_units WHERE key = :k"), {"k": claim.key})
                conn.execute(text("INSERT INTO stock_units(key, capacity, reserved) VALUES (:k, :c, 0)"),
                             {"k": claim.key, "c": 10**9})


def _flow_worker(url: str, users: list[str], seconds: float, out: Any) -> None:
    _report(out, _flow, url, users, seconds)


def _bare_worker(url: str, clients: int, seconds: float, out: Any) -> None:
    _report(out, _bare, url, clients, seconds)


def _report(out: Any, work: Any, *args: Any) -> None:
    """Run a worker's ``work`` and send its figures, or why it failed (one line, no stack trace)."""
    try:
        out.put(work(*args))
    except Exception as exc:
        out.put(("failed", f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"))


def _flow(url: str, users: list[str], seconds: float) -> tuple[list[float], int]:
    app = boot.bootstrap(Settings(database_url=url), clock=FixedClock(parse_now(NOW)), pool_size=len(users))
    refs = _refs(app)
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(uid: str, offset: int) -> None:
        n, mine = offset, []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                offer = app.catalog.quote(QuoteRequest(Domain.SHOPPING, refs[n % len(refs)]), now=app.clock.now())
                key = uuid.uuid4().hex
                order = ordering.place_order(commands.PlaceOrder(uid, offer, key), uow=app.uow(), clock=app.clock)
                checkout.pay_order(commands.PayOrder(uid, order.id, key), uow=app.uow(), clock=app.clock)
                mine.append((time.perf_counter() - start) * 1000)
            except BangwoError:
                with lock:
                    errors[0] += 1
            n += 7
        with lock:
            lat.extend(mine)

    try:
        _in_threads(client, [(uid, i) for i, uid in enumerate(users)])
    finally:
        app.close()
    return lat, errors[0]


def _bare(url: str, clients: int, seconds: float) -> tuple[list[float], int]:
    engine = make_engine(url, pool_size=clients)
    lat: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        mine = []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            with engine.begin() as conn:
                conn.execute(insert(bare).values(payload="x"))
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            lat.extend(mine)

    try:
        _in_threads(client, [() for _ in range(clients)])
    finally:
        engine.dispose()
    return lat, 0


def _in_threads(work: Callable[..., None], args: list[tuple[Any, ...]]) -> None:
    """``work(*a)`` in one thread per ``a``; the first exception a thread raised is raised here, after all end."""
    failures: list[Exception] = []

    def guarded(*a: Any) -> None:
        try:
            work(*a)
        except Exception as exc:
            failures.append(exc)

    threads = [threading.Thread(target=guarded, args=a) for a in args]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if failures:
        raise failures[0]


class BenchWorkerError(BangwoError):
    """A benchmark worker process ended, or overran its time, without reporting its figures."""

    code = "bench_worker"


def _collect(label: str, procs: list[Any], out: Any, *, timeout_s: float) -> list[Any]:
    """Every worker's figures; BenchWorkerError (the workers left are stopped) when one dies before reporting or
    they have not all reported within ``timeout_s``."""
    deadline = time.perf_counter() + timeout_s
    results: list[Any] = []
    while len(results) < len(procs):
        try:
            got = out.get(timeout=0.2)
        except queue.Empty:
            pass
        else:
            if got[0] == "failed":
                _fail(label, procs, f"failed: {got[1]}")
            results.append(got)
            continue
        dead = [(i + 1, p.exitcode) for i, p in enumerate(procs) if p.exitcode not in (None, 0)]
        if all(p.exitcode is not None for p in procs) and not dead:
            for got in _drain(out):   # all ended well: what they sent is in the pipe
                if got[0] == "failed":
                    _fail(label, procs, f"failed: {got[1]}")
                results.append(got)
            if len(results) < len(procs):
                _fail(label, procs, "ended without reporting its figures")
        elif dead:
            _fail(label, procs, "died before reporting its figures (" + ", ".join(
                f"process {n}: exit code {code}" for n, code in dead) + ")")
        elif time.perf_counter() > deadline:
            _fail(label, procs, f"did not report within {timeout_s:.0f} s (stopped)")
    return results


def _drain(out: Any) -> list[Any]:
    got = []
    try:
        while True:
            got.append(out.get(timeout=1.0))
    except queue.Empty:
        return got


def _fail(label: str, procs: list[Any], what: str) -> NoReturn:
    for p in procs:   # the workers this run started, and only those
        if p.exitcode is None:
            p.terminate()
        p.join(5)
    message = f"bench core: a '{label}' worker {what}; no figures for this run"
    raise BenchWorkerError(message, user_message=message)


def _run(label: str, target: Any, args_for: Any, processes: int, seconds: float, *,
         grace_s: float = WORKER_GRACE_S) -> Figures:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args_for(p), seconds, out)) for p in range(processes)]
    start = time.perf_counter()
    for p in procs:
        p.start()
    results = _collect(label, procs, out, timeout_s=seconds + grace_s)
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    lat = [x for r in results for x in r[0]]
    return Figures(label, len(lat), sum(r[1] for r in results), min(elapsed, seconds + 0.001) if lat else elapsed, lat)


def run(url: str, *, clients: int = 8, processes: int = 2, seconds: float = 10.0) -> tuple[Figures, Figures]:
    """Measure the bare insert rate, then the full flow, on the database at ``url``."""
    prepare(url, clients=clients)
    app = boot.bootstrap(Settings(database_url=url), clock=FixedClock(parse_now(NOW)))
    _restock(app, _refs(app))
    app.close()
    per = max(1, clients // processes)
    users = _bench_users(clients)
    base = _run("bare insert", _bare_worker, lambda p: (url, per), processes, seconds)
    flow = _run("quote→hold→order→pay", _flow_worker, lambda p: (url, users[p * per:(p + 1) * per]),
                processes, seconds)
    return base, flow


def default_sqlite_url() -> str:
    return f"sqlite:///{tempfile.mkdtemp(prefix='bangwo-bench-')}/bench.db"


def summary(db: str, base: Figures, flow: Figures, clients: int) -> dict[str, Any]:
    return {
        "database": db, "clients": clients, "paid_orders_per_s": round(flow.rate, 1),
        "p50_ms": round(flow.pct(0.50), 2), "p99_ms": round(flow.pct(0.99), 2), "errors": flow.errors,
        "bare_inserts_per_s": round(base.rate, 1), "bare_p50_ms": round(base.pct(0.5), 2),
        "ratio_vs_bare_insert": round(flow.rate / base.rate, 3) if base.rate else None,
        "median_ms": round(statistics.median(flow.latencies_ms), 2) if flow.latencies_ms else None,
    }
