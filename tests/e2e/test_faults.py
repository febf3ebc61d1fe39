"""Faults in the middle of a storm: kill -9 a worker and Redis, restart them; nothing paid or claimed is lost."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import Engine, text

from bangwo import bootstrap as boot
from bangwo.adapters.cache import redis_cards
from bangwo.adapters.db import card_journal
from bangwo.adapters.db.engine import make_engine
from bangwo.config import Settings
from bangwo.domain import commands
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.users import User
from bangwo.services import paying, registering
from tests.conftest import IN_CI, fresh_schema

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.postgres]
NOW = "2026-02-06T12:00:00+08:00"
USERS = [f"ft{i:02d}" for i in range(12)]
STOCK, CAP = 40, 5
ORDER = ("帮我点一杯少糖少冰的珍珠奶茶", "第一个", "确认")


def _worker_index(worker_id: str) -> int:
    return int(worker_id[2:]) if worker_id.startswith("gw") else 0


@dataclass
class RedisServer:
    """Our own redis-server (never the machine's): AOF with fsync on every write, on a port of its own."""

    port: int
    directory: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
             "--appendfsync", "always", "--dir", str(self.directory)], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        try:
            for _ in range(200):
                try:
                    if client.ping():
                        return
                except redis.ConnectionError:
                    time.sleep(0.05)
            raise RuntimeError("our redis-server did not start")
        finally:
            client.close()

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


@pytest.fixture
def own_redis(tmp_path: Path, worker_id: str) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        if IN_CI:
            raise RuntimeError("CI=true but redis-server is not installed")
        pytest.skip("redis-server not installed")
    server = RedisServer(6390 + _worker_index(worker_id), tmp_path / "redis")
    server.directory.mkdir()
    server.start()
    yield server
    if server.process is not None and server.process.poll() is None:
        server.kill()


@pytest.fixture
def database(pg_engine: Engine, worker_id: str) -> str:
    return fresh_schema(pg_engine, f"faults_{worker_id}")


def _env(db_url: str, redis_url: str) -> dict[str, str]:
    return {"BANGWO_DATABASE_URL": db_url, "BANGWO_REDIS_URL": redis_url, "BANGWO_REDIS_PREFIX": "ft",
            "BANGWO_NOW": NOW, "BANGWO_TRUST_USER_HEADER": "true", "BANGWO_CARD_TOTAL_STOCK": str(STOCK), "BANGWO_CARD_CAP_PER_USER": str(CAP),
            "BANGWO_CARD_FIRST_USE_GRANT": "0", "BANGWO_WORKERS": "2", "BANGWO_USER_RPS": "1000",
            "BANGWO_USER_BURST": "1000", "BANGWO_DB_POOL_SIZE": "4"}


def _prepare(env: dict[str, str]) -> None:
    settings = Settings.model_validate({k[len("BANGWO_"):].lower(): v for k, v in env.items()})
    app = boot.bootstrap(settings, clock=FixedClock(parse_now(NOW)))
    try:
        boot.seed_catalog(app)
        for name in USERS:
            registering.register_user(User(id=name, name=name, phone="13800000000", home_city="杭州",
                                           addresses=boot.DEMO_USERS[0].addresses), uow=app.uow(), clock=app.clock,
                                      campaign_id=None)
            paying.top_up(commands.TopUp(name, 10**8, "tok", f"ft-topup:{name}"), uow=app.uow(), clock=app.clock,
                          gateway=app.gateway)
    finally:
        app.close()


@dataclass
class Seen:
    """What the clients were told: paid orders and claimed cards (to be found in the database afterwards)."""

    paid: set[str] = field(default_factory=set)
    cards: dict[str, tuple[str, str]] = field(default_factory=dict)   # request id -> (user, card id)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _post(client: httpx.Client, path: str, user: str, body: dict[str, str]) -> httpx.Response | None:
    """One request, retried (bounded) across worker and Redis restarts; None when it never got an answer."""
    for _ in range(60):
        try:
            r = client.post(path, json=body, headers={"X-Bangwo-User": user})
        except httpx.TransportError:
            time.sleep(0.1)
            continue
        if r.status_code in (429, 503):
            time.sleep(0.1)
            continue
        return r
    return None


def _client_loop(base: str, user: str, rounds: int, seen: Seen, stop: threading.Event) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        for n in range(rounds):
            if stop.is_set():
                return
            rid = f"{user}-claim-{n}"
            r = _post(client, "/v1/cards/claims", user, {"request_id": rid})
            if r is not None and r.status_code == 200:
                with seen.lock:
                    seen.cards[rid] = (user, r.json()["card_id"])
            turn = None
            for line in ORDER:
                r = _post(client, "/v1/chat", user, {"text": line, "conversation_id": f"{user}-{n}"})
                turn = r.json() if r is not None and r.status_code == 200 else None
            for order in (turn or {}).get("orders", []):
                if order["status"] == "paid":
                    with seen.lock:
                        seen.paid.add(order["id"])


def _wait(predicate: object, *, deadline_s: float, what: str) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _health_pid(base: str) -> int | None:
    try:
        return int(httpx.get(f"{base}/healthz", timeout=2).json()["pid"])
    except (httpx.HTTPError, ValueError, KeyError):
        return None


def _redis_ok(base: str) -> bool:
    try:
        return bool(httpx.get(f"{base}/readyz", timeout=2).json().get("redis") == "ok")
    except (httpx.HTTPError, ValueError):
        return False


def test_killing_a_worker_and_redis_mid_storm_loses_nothing(own_redis: RedisServer, database: str,
                                                            tmp_path: Path) -> None:
    env = _env(database, own_redis.url)
    _prepare(env)
    from bangwo.bench.serving import free_port, stop, wait_ready

    base = f"http://127.0.0.1:{free_port()}"
    port = base.rsplit(":", 1)[1]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "bangwo.cli", "serve", "--port", port, "--workers", "2"],
                              env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    seen, halt = Seen(), threading.Event()
    clients = [threading.Thread(target=_client_loop, args=(base, user, 8, seen, halt)) for user in USERS]
    try:
        wait_ready(base, deadline_s=90, process=server)
        for th in clients:
            th.start()
        _wait(lambda: len(seen.paid) >= 10, deadline_s=120, what="the storm to get going")
        victim = _health_pid(base)
        assert victim is not None
        os.kill(victim, signal.SIGKILL)                      # a worker dies mid-request
        own_redis.kill()                                     # and so does Redis
        _wait(lambda: _health_pid(base) not in (None, victim), deadline_s=60, what="a live worker")
        own_redis.start()                                    # Redis comes back from its append-only file
        _wait(lambda: _redis_ok(base), deadline_s=60, what="claims to be settled again")
        for th in clients:
            th.join(timeout=300)
        assert not any(th.is_alive() for th in clients)
        journal = redis.Redis.from_url(own_redis.url)
        _wait(lambda: int(journal.xlen("ft:{spring-2026}:journal")) == 0, deadline_s=60, what="the journal to drain")
        journal.close()
        pids = {_health_pid(base) for _ in range(20)} - {None}
        assert victim not in pids and pids
    finally:
        halt.set()
        stop(server)
        log.close()
    _assert_reconciled(database, own_redis, seen)


def _assert_reconciled(db_url: str, own_redis: RedisServer, seen: Seen) -> None:
    settings = Settings(database_url=db_url, redis_url=own_redis.url, redis_prefix="ft", card_total_stock=STOCK,
                        card_cap_per_user=CAP, card_first_use_grant=0)
    report = boot.prepare_serving(settings)                  # a restart reconciles: nothing to fix
    assert report["fixed_buckets"] == 0 and report["journal_drained"] == 0
    engine = make_engine(db_url, pool_size=1)
    with engine.connect() as conn:
        q = lambda sql: conn.execute(text(sql)).all()  # noqa: E731
        paid = {r[0] for r in q("select id from orders where status in ('paid','fulfilling','delivered','completed')")}
        assert seen.paid and seen.paid <= paid                                         # no paid order lost
        assert q("select card_id from orders where card_id is not null and status <> 'cancelled' "
                 "group by card_id having count(*) > 1") == []                          # no card spent twice
        assert q("select o.id from orders o join cards c on c.id = o.card_id "
                 "where o.status in ('paid','fulfilling','delivered','completed') "
                 "and c.used_order_id is distinct from o.id") == []
        assert q("select sum(amount_fen) from ledger_entries")[0][0] == 0               # the ledger balances
        assert q("select a.id from accounts a left join (select account, sum(amount_fen) s from ledger_entries "
                 "group by account) l on l.account = a.id where a.balance_fen <> coalesce(l.s, 0)") == []
        assert q("select s.key from stock_units s left join (select os.key, sum(os.quantity) n from order_stock os "
                 "group by os.key) h on h.key = s.key where s.reserved <> coalesce(h.n, 0)") == []
        cards = {r[0]: (r[1], r[2]) for r in q("select request_id, user_id, id from cards where source = 'claim'")}
        assert {rid: cards.get(rid) for rid in seen.cards} == seen.cards                # no claim lost
        assert len(cards) <= STOCK
        assert q(f"select user_id from cards group by user_id having count(*) > {CAP}") == []
    database = card_journal.stock_counters(engine, "spring-2026")
    engine.dispose()
    client = redis.Redis.from_url(own_redis.url)
    cached = redis_cards.counters(client, "spring-2026", prefix="ft")
    client.close()
    assert database["total"] == len(cards) == cached["total"]
    assert {b: n for b, n in cached.items() if n} == {b: n for b, n in database.items() if n}
    assert json.dumps(report)   # the report is printable as serve prints it
