"""Abuse controls through HTTP: sign-in throttles, per-user rate buckets, hold caps, body cap, security
headers, bounded metric labels, SQL parameters kept out of errors and logs (docs/security.md)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bangwo.adapters.db.engine import make_engine
from bangwo.api.app import UNMATCHED, create_app
from bangwo.api.auth import Role
from bangwo.config import Settings
from tests.e2e.live import ADMIN_PASSWORD, seeded_settings

PROBLEM = "application/problem+json"


def app_settings(tmp_path: Path, **extra: object) -> Settings:
    return seeded_settings(tmp_path, demo_login=True, **extra)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings(tmp_path))) as c:
        yield c


def login(client: TestClient, user: str) -> dict[str, str]:
    r = client.post("/api/auth/token", json={"user_id": user})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def say(client: TestClient, headers: dict[str, str], line: str, conversation: str) -> dict[str, Any]:
    r = client.post("/api/chat", json={"text": line, "conversation_id": conversation}, headers=headers)
    assert r.status_code == 200, r.text
    turn: dict[str, Any] = r.json()
    return turn


def held_orders(client: TestClient, headers: dict[str, str]) -> list[str]:
    r = client.get("/api/orders", headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    rows = body["orders"] if isinstance(body, dict) else body
    return sorted(o["id"] for o in rows if o["status"] == "held")


# ---- 1. sign-in throttles -----------------------------------------------------------------------------

def test_wrong_admin_passwords_are_refused_after_the_limit_even_with_the_right_one(client: TestClient) -> None:
    wrong = [client.post("/api/auth/token", json={"user_id": "ops", "password": f"guess-{i}"}) for i in range(10)]
    assert [r.status_code for r in wrong] == [401] * 10
    refused = client.post("/api/auth/token", json={"user_id": "ops", "password": ADMIN_PASSWORD})
    assert refused.status_code == 429 and refused.headers["content-type"] == PROBLEM
    body = refused.json()
    assert body["error"] == "too_many_attempts" and body["status"] == 429
    assert int(refused.headers["retry-after"]) == body["retry_after"] >= 1
    assert "尝试太频繁" in body["message"]
    assert client.post("/api/auth/token", json={"user_id": "ops2", "password": ADMIN_PASSWORD}).status_code == 200


def test_successful_sign_ins_do_not_use_up_the_limit(client: TestClient) -> None:
    assert [client.post("/api/auth/token", json={"user_id": "alice"}).status_code for _ in range(15)] == [200] * 15


def test_one_address_trying_many_accounts_is_throttled(tmp_path: Path) -> None:
    with TestClient(create_app(app_settings(tmp_path, login_limit_per_address="12/minute"))) as c:
        codes = [c.post("/api/auth/token", json={"user_id": f"nobody{i}"}).status_code for i in range(13)]
        assert codes == [404] * 12 + [429]
        assert c.post("/api/auth/token", json={"user_id": "alice"}).status_code == 429   # the address waits


@pytest.mark.redis
def test_the_limit_is_shared_by_every_worker_through_redis(tmp_path: Path, redis_url: str) -> None:
    prefix = f"h9abuse-{uuid.uuid4().hex[:8]}"
    settings = app_settings(tmp_path, redis_url=redis_url, redis_prefix=prefix)
    try:
        with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
            for i in range(10):
                worker = one if i % 2 else two
                assert worker.post("/api/auth/token", json={"user_id": "ops", "password": "x"}).status_code == 401
            assert one.post("/api/auth/token", json={"user_id": "ops", "password": "x"}).status_code == 429
            assert two.post("/api/auth/token", json={"user_id": "ops", "password": "x"}).status_code == 429
    finally:
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)
        client.close()


# ---- 2. rate buckets per user -------------------------------------------------------------------------

def test_rate_buckets_are_per_user_however_many_tokens_they_take(tmp_path: Path) -> None:
    with TestClient(create_app(app_settings(tmp_path, user_rps=0.01, user_burst=4))) as c:
        first = login(c, "alice")
        signer = c.app.state.signer           # a token issued a second later is another string (no sleeping)
        later, _ = replace(signer, clock=lambda: signer.clock() + 1).issue("alice", Role.USER)
        second = {"Authorization": f"Bearer {later}"}
        assert first != second
        assert [c.get("/api/orders", headers=h).status_code for h in (first, second, first, second)] == [200] * 4
        limited = c.get("/api/orders", headers=second)
        assert limited.status_code == 429 and limited.json()["error"] == "rate_limited"
        assert c.get("/api/orders", headers=login(c, "bob")).status_code == 200   # bob has his own bucket


# ---- 3. open holds and the balance rule ---------------------------------------------------------------

def test_a_sixth_unpaid_hold_is_refused_and_reserves_nothing(client: TestClient) -> None:
    alice = login(client, "alice")
    for n in range(5):
        assert say(client, alice, "帮我点一杯珍珠奶茶", f"c{n}")["awaiting"] == "select"
        assert say(client, alice, "第一个", f"c{n}")["awaiting"] == "confirm"
    held = held_orders(client, alice)
    assert len(held) == 5
    say(client, alice, "帮我点一杯珍珠奶茶", "c5")
    refused = say(client, alice, "第一个", "c5")
    assert "你还有5个订单没有支付" in refused["reply"] and refused["awaiting"] != "confirm"
    assert held_orders(client, alice) == held
    paid = say(client, alice, "确认", "c0")                  # paying one frees a place
    assert [o["status"] for o in paid["orders"]] == ["paid"]
    say(client, alice, "帮我点一杯珍珠奶茶", "c6")
    assert say(client, alice, "第一个", "c6")["awaiting"] == "confirm"


def test_an_empty_wallet_holds_one_order_but_not_a_second(tmp_path: Path) -> None:
    with TestClient(create_app(app_settings(tmp_path, starting_wallet_fen=0))) as c:
        alice = login(c, "alice")
        say(c, alice, "帮我点一杯珍珠奶茶", "a")
        assert say(c, alice, "第一个", "a")["awaiting"] == "confirm"     # one: the person may top up to pay
        first = held_orders(c, alice)
        say(c, alice, "帮我点一杯珍珠奶茶", "b")
        refused = say(c, alice, "第一个", "b")
        assert "钱包余额0.00元，不够支付你锁定的订单" in refused["reply"]
        assert refused["awaiting"] != "confirm" and held_orders(c, alice) == first


# ---- 4. body cap ----------------------------------------------------------------------------------

def test_a_body_over_64_kib_is_refused_before_parsing(client: TestClient) -> None:
    alice = login(client, "alice")
    big = {"text": "奶" * 30_000, "conversation_id": "big"}          # 90 KB of UTF-8
    r = client.post("/api/chat", json=big, headers=alice)
    assert r.status_code == 413 and r.headers["content-type"] == PROBLEM
    assert r.json()["error"] == "payload_too_large" and "内容太长" in r.json()["message"]
    chunks = (b'{"text": "' + b"a" * 8192 for _ in range(10))
    chunked = client.post("/api/chat", content=chunks, headers={**alice, "content-type": "application/json"})
    assert chunked.status_code == 413
    assert held_orders(client, alice) == []
    assert say(client, alice, "帮我点一杯珍珠奶茶", "small")["awaiting"] == "select"


# ---- 5. security headers ----------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path"), [("GET", "/"), ("GET", "/dashboard"), ("GET", "/healthz"),
                                              ("GET", "/api/orders"), ("GET", "/no/such/page"),
                                              ("GET", "/static/app.js"), ("POST", "/api/auth/token")])
def test_every_response_carries_the_security_headers(client: TestClient, method: str, path: str) -> None:
    r = client.request(method, path, json={})
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self';" in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


# ---- 6. metric labels ---------------------------------------------------------------------------------

def test_probing_random_paths_adds_one_metric_label(client: TestClient) -> None:
    alice = login(client, "alice")
    for i in range(300):
        client.get(f"/probe/{i}/{uuid.uuid4().hex}")
    client.get(f"/api/orders/BW{uuid.uuid4().hex}", headers=alice)
    client.get("/static/app.js")
    metrics = client.get("/metrics").text
    routes = set(re.findall(r'bangwo_http_requests_total\{route="([^"]*)"', metrics))
    assert UNMATCHED in routes and "/api/orders/{order_id}" in routes and "/static" in routes
    assert not any("probe" in r or "BW" in r for r in routes)
    assert len(routes) <= 8


# ---- 7. no SQL parameters in errors or logs -------------------------------------------------------------

def test_database_errors_never_show_the_parameters(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    secret = "帮我给妈妈买药 13800138000"
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id TEXT PRIMARY KEY)"))
        conn.execute(text("INSERT INTO t VALUES (:v)"), {"v": secret})
    with pytest.raises(IntegrityError) as failed, engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (:v)"), {"v": secret})
    engine.dispose()
    assert secret not in str(failed.value) and "hidden" in str(failed.value)
    assert secret not in caplog.text


def test_code_requests_are_throttled_per_address_across_phones(tmp_path: Path) -> None:
    with TestClient(create_app(app_settings(tmp_path, login_limit_per_address="5/minute"))) as c:
        sent = [c.post("/api/auth/codes", json={"phone": f"139001390{n:02d}"}) for n in range(6)]
        assert [r.status_code for r in sent] == [202] * 5 + [429]
        assert sent[-1].json()["error"] == "too_many_attempts"
