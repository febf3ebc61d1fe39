"""The HTTP service through TestClient(create_app(...)): chat, orders, card claims, health, metrics."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import text

from bangwo import bootstrap as boot
from bangwo.adapters.cache import redis_cards
from bangwo.api.app import FrontDoor, create_app
from bangwo.config import Settings
from bangwo.domain.clocks import FixedClock, parse_now

NOW = "2026-02-06T12:00:00+08:00"


def settings_for(tmp_path: Path, **extra: object) -> Settings:
    return Settings.model_validate({"database_url": f"sqlite:///{tmp_path / 'api.db'}", "now": NOW, "trust_user_header": True, **extra})


def seeded(settings: Settings) -> None:
    app = boot.bootstrap(settings, clock=FixedClock(parse_now(NOW)))
    boot.seed_demo(app)
    app.close()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = settings_for(tmp_path)
    seeded(settings)
    boot.prepare_serving(settings)
    with TestClient(create_app(settings)) as c:
        yield c


def chat(client: TestClient, user: str, line: str, conversation: str = "c1") -> dict[str, object]:
    r = client.post("/v1/chat", json={"text": line, "conversation_id": conversation}, headers={"X-Bangwo-User": user})
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def test_one_sentence_then_first_then_confirm_pays_and_the_order_can_be_read(client: TestClient) -> None:
    assert chat(client, "alice", "帮我点一杯少糖少冰的珍珠奶茶")["awaiting"] == "select"
    assert chat(client, "alice", "第一个")["awaiting"] == "confirm"
    turn = chat(client, "alice", "确认")
    [order] = turn["orders"]  # type: ignore[misc]
    assert order["status"] == "paid" and order["paid_fen"] == 1
    read = client.get(f"/v1/orders/{order['id']}", headers={"X-Bangwo-User": "alice"})
    assert read.status_code == 200 and read.json()["id"] == order["id"]
    other = client.get(f"/v1/orders/{order['id']}", headers={"X-Bangwo-User": "bob"})
    assert other.status_code == 403 and other.json()["error"] == "forbidden"


def test_the_user_comes_from_the_header_and_is_checked(client: TestClient) -> None:
    assert client.post("/v1/chat", json={"text": "你好"}).status_code == 422
    bad = client.post("/v1/chat", json={"text": "你好"}, headers={"X-Bangwo-User": "a b"})
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_request"
    unknown = client.post("/v1/chat", json={"text": "你好"}, headers={"X-Bangwo-User": "nobody"})
    assert unknown.status_code == 404


def test_claims_on_the_database_alone_repeat_the_first_card(client: TestClient, tmp_path: Path) -> None:
    first = client.post("/v1/cards/claims", json={"request_id": "r1"}, headers={"X-Bangwo-User": "alice"})
    again = client.post("/v1/cards/claims", json={"request_id": "r1"}, headers={"X-Bangwo-User": "alice"})
    assert first.status_code == again.status_code == 200
    assert first.json()["card_id"] == again.json()["card_id"] and first.json()["value_fen"] == 2500
    theft = client.post("/v1/cards/claims", json={"request_id": "r1"}, headers={"X-Bangwo-User": "bob"})
    assert theft.status_code == 403


def test_the_front_door_serves_claims_with_the_same_rules_metrics_and_admission(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, user_rps=0.01, user_burst=2)
    seeded(settings)
    boot.prepare_serving(settings)
    with TestClient(FrontDoor(create_app(settings), claims_direct=True)) as c:
        def post(user: str | None, body: object) -> httpx.Response:
            return c.post("/v1/cards/claims", json=body, headers={"X-Bangwo-User": user} if user else {})
        first, again = post("alice", {"request_id": "d1"}), post("alice", {"request_id": "d1"})
        assert first.status_code == again.status_code == 200 and first.json()["card_id"] == again.json()["card_id"]
        assert first.json()["request_id"] == "d1" and first.json()["value_fen"] == 2500
        assert post("alice", {"request_id": "d2"}).status_code == 429   # alice's burst of 2 is spent
        theft = post("bob", {"request_id": "d1"})
        assert theft.status_code == 403 and theft.json()["error"] == "forbidden"
        for user, body in ((None, {"request_id": "d3"}), ("a b", {"request_id": "d3"}), ("v1", {}),
                           ("v2", {"request_id": ""}), ("v3", ["d3"]), ("v4", {"request_id": "x" * 129})):
            bad = post(user, body)
            assert bad.status_code == 400 and bad.json()["error"] == "invalid_request", (user, body)
        exposition = c.get("/metrics").text
    assert 'bangwo_card_claims_total{outcome="issued"} 2.0' in exposition
    assert 'bangwo_http_requests_total{route="/v1/cards/claims",status="200"} 2.0' in exposition
    assert 'bangwo_admission_shed_total{priority="normal",reason="rate_limited"} 1.0' in exposition


def test_health_readiness_and_metrics(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz").json()
    assert ready["ready"] is True and ready["redis"] == "off" and ready["degraded"] is False
    client.post("/v1/cards/claims", json={"request_id": "m1"}, headers={"X-Bangwo-User": "alice"})
    exposition = client.get("/metrics").text
    assert 'bangwo_card_claims_total{outcome="issued"} 1.0' in exposition
    assert 'bangwo_http_requests_total{route="/v1/cards/claims",status="200"} 1.0' in exposition
    assert "bangwo_http_request_seconds_bucket" in exposition and "bangwo_admission_queue_depth" in exposition


def test_a_user_over_the_rate_gets_429_with_retry_after(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, user_rps=1.0, user_burst=2)
    seeded(settings)
    with TestClient(create_app(settings)) as c:
        codes = [c.get("/v1/orders/none", headers={"X-Bangwo-User": "alice"}).status_code for _ in range(3)]
        refused = c.get("/v1/orders/none", headers={"X-Bangwo-User": "alice"})
    assert codes[:2] == [404, 404] and refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1 and refused.json()["error"] == "rate_limited"


@pytest.mark.redis
def test_claims_on_redis_land_in_the_database_through_the_journal(tmp_path: Path, redis_url: str) -> None:
    prefix = f"api{uuid.uuid4().hex[:8]}"
    settings = settings_for(tmp_path, redis_url=redis_url, redis_prefix=prefix)
    seeded(settings)
    assert boot.prepare_serving(settings)["claims"] == "redis"
    with TestClient(create_app(settings)) as c:
        r = c.post("/v1/cards/claims", json={"request_id": "x1"}, headers={"X-Bangwo-User": "bob"})
        assert r.status_code == 200
        assert c.get("/readyz").json()["redis"] == "ok"
    app = boot.connect(settings)
    writer = boot.journal_writer(app)
    assert writer is not None
    writer.ensure_group()
    assert writer.step_quietly() == 1 and writer.depth() == 0
    with app.engine.connect() as conn:
        owner = conn.execute(text("select user_id, id from cards where request_id = 'x1'")).one()
    assert tuple(owner) == ("bob", r.json()["card_id"])
    client = redis.Redis.from_url(redis_url)
    assert redis_cards.counters(client, settings.campaign_id, prefix=prefix)["user:bob"] == 2   # first use + claim
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()
    app.close()
