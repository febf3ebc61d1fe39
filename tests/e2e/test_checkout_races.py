"""Races in one conversation through HTTP: `bangwo serve --workers 2` over PostgreSQL.

Hundreds of rounds of 确认 vs 不要了, 确认 vs 确认 and 确认 vs a new request, sent at the same moment
to the same conversation: every reply agrees with the database. A reply says paid if and only if the
order is paid; no reply says 没有扣款 about a paid order; nobody is answered with an error.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text

from bangwo import bootstrap as boot
from bangwo.adapters.db.engine import make_engine
from bangwo.bench.serving import free_port, stop, wait_ready
from bangwo.config import Settings
from bangwo.domain import commands
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.users import User
from bangwo.services import paying, registering
from tests.conftest import fresh_schema

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
NOW = "2026-02-06T12:00:00+08:00"
TEA = "帮我点一杯少糖少冰的珍珠奶茶"
RACES = {"decline": ("确认", "不要了"), "twice": ("确认", "确认"), "new": ("确认", "帮我点一杯热拿铁")}
ROUNDS = 70          # per kind of race: 210 rounds in all
USERS = [f"rc{i:02d}" for i in range(6)]


@pytest.fixture
def database(pg_engine: Engine, worker_id: str) -> str:
    return fresh_schema(pg_engine, f"races_{worker_id}")


@dataclass(frozen=True)
class Server:
    base: str
    url: str


@pytest.fixture
def server(database: str, tmp_path: Path) -> Iterator[Server]:
    env = {"BANGWO_DATABASE_URL": database, "BANGWO_NOW": NOW, "BANGWO_AUTH_SECRET": "race-secret",
           "BANGWO_USER_RPS": "1000", "BANGWO_USER_BURST": "1000", "BANGWO_DB_POOL_SIZE": "8",
           "BANGWO_DEMO_LOGIN": "true"}
    settings = Settings.model_validate({k[len("BANGWO_"):].lower(): v for k, v in env.items()})
    app = boot.bootstrap(settings, clock=FixedClock(parse_now(NOW)))
    try:
        boot.seed_catalog(app)
        for name in USERS:
            registering.register_user(User(id=name, name=name, phone="13800000000", home_city="杭州",
                                           addresses=boot.DEMO_USERS[0].addresses), uow=app.uow(), clock=app.clock,
                                      campaign_id=app.settings.campaign_id)
            paying.top_up(commands.TopUp(name, 10**8, "tok", f"race-topup:{name}"), uow=app.uow(), clock=app.clock,
                          gateway=app.gateway)
    finally:
        app.close()
    env.pop("BANGWO_REDIS_URL", None)
    base = f"http://127.0.0.1:{free_port()}"
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "bangwo.cli", "serve", "--port", base.rsplit(":", 1)[1],
                                "--workers", "2"], env={**{k: v for k, v in os.environ.items()
                                                           if k != "BANGWO_REDIS_URL"}, **env},
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_ready(base, deadline_s=90, process=process)
        yield Server(base, database)
    finally:
        stop(process)
        log.close()


def _says_paid(turn: dict[str, Any], order_id: str) -> bool:
    return any(o["id"] == order_id and o["status"] == "paid" for o in turn["orders"]) or \
        (order_id in turn["reply"] and "已经支付" in turn["reply"])


def _round(client: httpx.Client, headers: dict[str, str], conversation: str, race: tuple[str, str],
           barrier: threading.Barrier) -> tuple[str, list[dict[str, Any]]]:
    for line in (TEA, "第一个"):
        r = client.post("/api/chat", json={"text": line, "conversation_id": conversation}, headers=headers)
        assert r.status_code == 200, r.text
    held = r.json()
    assert held["awaiting"] == "confirm", held
    order_id = held["cards"][0]["order_id"]

    def send(line: str) -> httpx.Response:
        barrier.wait(timeout=30)
        return client.post("/api/chat", json={"text": line, "conversation_id": conversation}, headers=headers)
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(send, race))
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]   # never a 409 or a 500
    return order_id, [a.json() for a in answers]


def _user_rounds(base: str, user: str, jobs: list[tuple[str, int]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    out = []
    with httpx.Client(base_url=base, timeout=60) as client:
        token = client.post("/api/auth/token", json={"user_id": user}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        for kind, n in jobs:
            barrier = threading.Barrier(2)
            order_id, turns = _round(client, headers, f"{user}-{kind}-{n}", RACES[kind], barrier)
            out.append((kind, order_id, turns))
    return out


def test_every_reply_agrees_with_the_database_under_races_in_one_conversation(server: Server) -> None:
    jobs = [(kind, n) for kind in RACES for n in range(ROUNDS)]
    per_user = {user: jobs[i::len(USERS)] for i, user in enumerate(USERS)}
    with ThreadPoolExecutor(len(USERS)) as pool:
        results = [r for part in pool.map(lambda u: _user_rounds(server.base, u, per_user[u]), USERS) for r in part]
    assert len(results) == len(jobs) >= 200
    engine = make_engine(server.url, pool_size=1)
    with engine.connect() as conn:
        status = dict(conn.execute(text("select id, status from orders")).all())
        assert conn.execute(text("select coalesce(sum(amount_fen), 0) from ledger_entries")).scalar_one() == 0
        payments = conn.execute(text("select order_id, count(*) from payments where kind = 'pay' "
                                     "group by order_id having count(*) > 1")).all()
    engine.dispose()
    assert payments == []                                           # nothing was charged twice
    outcomes: dict[str, int] = {}
    for kind, order_id, turns in results:
        paid = status[order_id] == "paid"
        told_paid = [_says_paid(t, order_id) for t in turns]
        assert paid == any(told_paid), (kind, order_id, status[order_id], [t["reply"] for t in turns])
        if paid:
            assert not any("没有扣款" in t["reply"] and "已取消" in t["reply"] for t in turns), (kind, turns)
        else:
            assert status[order_id] == "cancelled" or kind != "decline"
        outcomes[f"{kind}:{status[order_id]}"] = outcomes.get(f"{kind}:{status[order_id]}", 0) + 1
    assert outcomes.get("twice:paid") == ROUNDS                     # two 确认: paid once, in every round
    assert outcomes.get("decline:paid", 0) + outcomes.get("decline:cancelled", 0) == ROUNDS


def test_control_characters_are_removed_before_anything_is_parsed_or_stored(server: Server) -> None:
    """NUL and friends used to pass to PostgreSQL after the payment and turn it into a 500 (and orphan holds)."""
    with httpx.Client(base_url=server.base, timeout=60) as client:
        token = client.post("/api/auth/token", json={"user_id": USERS[0]}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        for line in (f"{TEA}\u0000", "第一个\u0000\u200b"):
            r = client.post("/api/chat", json={"text": line, "conversation_id": "nul"}, headers=headers)
            assert r.status_code == 200, r.text
        held = r.json()
        assert held["awaiting"] == "confirm"
        order_id = held["cards"][0]["order_id"]
        r = client.post("/api/chat/stream", json={"text": "确认\u0000\u0007", "conversation_id": "nul"},
                        headers=headers)
        assert r.status_code == 200
        events = [line.split(": ", 1)[1] for line in r.text.splitlines() if line.startswith("event: ")]
        assert events[-1] == "done" and "error" not in events
        history = client.get("/api/chat/history?conversation_id=nul", headers=headers).json()
    assert [t["text"] for t in history] == [TEA, "第一个", "确认"]          # stored clean
    engine = make_engine(server.url, pool_size=1)
    with engine.connect() as conn:
        rows = conn.execute(text("select id, status from orders where user_id = :u"), {"u": USERS[0]}).all()
    engine.dispose()
    assert rows == [(order_id, "paid")]                                      # one order, paid; no orphan hold
