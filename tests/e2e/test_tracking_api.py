"""/api/orders and /api/wallet over HTTP: one status label in the list and the detail as time passes, refunds
offered and refused by the policy in Chinese, and the wallet top-up charged once per key, the balance the ledger's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select

from bangwo import bootstrap as boot
from bangwo.adapters.db import tables
from bangwo.api.app import create_app
from bangwo.config import Settings
from bangwo.domain import payments
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.listings import Address, GeoPoint
from bangwo.domain.users import User
from bangwo.services import registering
from tests.e2e.live import NOW, seeded_settings

PROBLEM = "application/problem+json"



def settings_with_carol(tmp_path: Path, clock: FixedClock) -> Settings:
    """The seeded demo world plus carol, who saved a bank card (the tracking and wallet tests' person)."""
    settings = seeded_settings(tmp_path)
    app = boot.bootstrap(settings, clock=clock)
    registering.register_user(User(id="carol", name="卡罗", phone="13700137000", home_city="杭州", payment_token="tok_c",
                                   addresses=(Address("杭州市西湖区文三路478号", "杭州", GeoPoint(30.2799, 120.1376)),)),
                              uow=app.uow(), clock=clock, campaign_id=None)
    app.close()
    return settings


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(parse_now(NOW))


@pytest.fixture
def client(tmp_path: Path, clock: FixedClock) -> Iterator[TestClient]:
    settings = settings_with_carol(tmp_path, clock)
    with TestClient(create_app(settings, clock=clock)) as c:
        yield c


def login(client: TestClient, user: str) -> dict[str, str]:
    r = client.post("/api/auth/token", json={"user_id": user})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def say(client: TestClient, headers: dict[str, str], *lines: str) -> dict[str, Any]:
    turn: dict[str, Any] = {}
    for line in lines:
        r = client.post("/api/chat", json={"text": line, "conversation_id": "web"}, headers=headers)
        assert r.status_code == 200, r.text
        turn = r.json()
    return turn


def ledger_wallet(client: TestClient, user: str) -> int:
    engine = create_engine(client.app.state.service.app.settings.database_url)   # type: ignore[attr-defined]
    with engine.connect() as conn:
        fen = conn.execute(select(func.coalesce(func.sum(tables.ledger_entries.c.amount_fen), 0))
                           .where(tables.ledger_entries.c.account == payments.wallet_account(user))).scalar_one()
    engine.dispose()
    return int(fen)


def test_the_list_and_the_detail_show_one_status_as_the_tea_travels(client: TestClient, clock: FixedClock) -> None:
    alice = login(client, "alice")
    [order] = say(client, alice, "帮我点一杯少糖少冰的珍珠奶茶", "第一个", "确认")["orders"]
    seen = []
    for minutes in (1, 15, 60, 200):
        clock.moment = parse_now(NOW) + timedelta(minutes=minutes)
        listed = next(o for o in client.get("/api/orders", headers=alice).json() if o["id"] == order["id"])
        detail = client.get(f"/api/orders/{order['id']}", headers=alice).json()
        assert listed["status_zh"] == detail["status_zh"] and listed["status"] == detail["status"]
        assert listed["steps"] == detail["steps"]
        seen.append(detail["status_zh"])
        assert detail["seats"] == [] and "courier" not in str(detail.get("tracking"))
    assert seen[0] == "商家制作中" and seen[-1] == "已完成"
    assert seen[1] in ("骑手配送中", "已送达")


def test_refund_offered_only_where_the_policy_allows_and_refused_in_chinese(client: TestClient,
                                                                             clock: FixedClock) -> None:
    alice = login(client, "alice")
    [tea] = say(client, alice, "帮我点一杯少糖少冰的珍珠奶茶", "第一个", "确认")["orders"]
    [train] = say(client, alice, "帮我订一张明天杭州到上海的高铁票", "第一个", "确认")["orders"]
    clock.advance(timedelta(minutes=2))
    tea_view = client.get(f"/api/orders/{tea['id']}", headers=alice).json()
    train_view = client.get(f"/api/orders/{train['id']}", headers=alice).json()
    assert tea_view["refund"]["allowed"] is False and tea_view["refund"]["reason"].startswith("按退改规则不能退款")
    assert train_view["refund"]["allowed"] is True and train_view["refund"]["fee_fen"] == train["paid_fen"] // 5
    before = ledger_wallet(client, "alice")
    refused = client.post(f"/api/orders/{tea['id']}/refund", json={}, headers=alice)
    assert refused.status_code == 409 and refused.headers["content-type"] == PROBLEM
    assert refused.json()["message"] == tea_view["refund"]["reason"]
    assert ledger_wallet(client, "alice") == before
    done = client.post(f"/api/orders/{train['id']}/refund", json={"idempotency_key": "r1"}, headers=alice).json()
    assert done["status"] == "refunded" and done["refunded_fen"] == train["paid_fen"] - train_view["refund"]["fee_fen"]
    assert ledger_wallet(client, "alice") == before + done["refunded_fen"]
    again = client.post(f"/api/orders/{train['id']}/refund", json={"idempotency_key": "r1"}, headers=alice)
    assert again.status_code == 200 and ledger_wallet(client, "alice") == before + done["refunded_fen"]
    assert done["refund"] == {"allowed": False, "fee_fen": 0, "reason": "这笔订单已经退款了"}


def test_the_wallet_is_topped_up_once_per_key_from_the_saved_card(client: TestClient) -> None:
    carol = login(client, "carol")
    shown = client.get("/api/wallet", headers=carol).json()
    assert shown == {"wallet_fen": 0, "card_saved": True, "sandbox": True, "choices_fen": [5000, 10000, 20000, 50000],
                     "min_fen": 100, "max_fen": 500000, "policy": shown["policy"]}
    first = client.post("/api/wallet/topups", json={"amount_fen": 20000, "idempotency_key": "w1"}, headers=carol)
    twin = client.post("/api/wallet/topups", json={"amount_fen": 20000, "idempotency_key": "w1"}, headers=carol)
    assert first.json() == twin.json() == {"amount_fen": 20000, "wallet_fen": 20000,
                                           "message": "已给钱包充值200.00元，现在钱包余额200.00元。"}
    assert ledger_wallet(client, "carol") == 20000
    assert client.get("/api/cards", headers=carol).json()["wallet_fen"] == 20000
    too_much = client.post("/api/wallet/topups", json={"amount_fen": 600000, "idempotency_key": "w2"}, headers=carol)
    assert too_much.status_code == 400 and too_much.json()["message"] == "单次充值金额需在1.00元到5000.00元之间"
    alice = login(client, "alice")                        # the demo users saved no bank card
    assert client.get("/api/wallet", headers=alice).json()["card_saved"] is False
    before = ledger_wallet(client, "alice")
    no_card = client.post("/api/wallet/topups", json={"amount_fen": 5000, "idempotency_key": "w3"}, headers=alice)
    assert no_card.status_code == 409 and no_card.json()["message"].startswith("你还没有绑定银行卡，暂时不能给钱包充值。")
    assert ledger_wallet(client, "alice") == before
    # With the sandbox gateway a person binds its test card, then tops up (a real provider binds its own way).
    bound = client.post("/api/wallet/sandbox-card", headers=alice)
    assert bound.status_code == 200 and client.post("/api/wallet/sandbox-card", headers=alice).status_code == 200
    assert client.get("/api/wallet", headers=alice).json()["card_saved"] is True
    paid = client.post("/api/wallet/topups", json={"amount_fen": 5000, "idempotency_key": "w3"}, headers=alice)
    assert paid.status_code == 200 and ledger_wallet(client, "alice") == before + 5000


def test_the_wallet_routes_act_only_for_the_token_user(client: TestClient) -> None:
    carol, bob = login(client, "carol"), login(client, "bob")
    client.post("/api/wallet/topups", json={"amount_fen": 5000, "idempotency_key": "same"}, headers=carol)
    assert client.get("/api/wallet", headers=bob).json()["wallet_fen"] == ledger_wallet(client, "bob")
    bob_before = ledger_wallet(client, "bob")
    twin = client.post("/api/wallet/topups", json={"amount_fen": 5000, "idempotency_key": "same"}, headers=bob)
    assert twin.status_code == 409                           # bob saved no card; carol's key is not his
    assert ledger_wallet(client, "bob") == bob_before and ledger_wallet(client, "carol") == 5000
    assert client.get("/api/wallet").status_code == 401
