"""The /api surface: tokens, no cross-user access, problem+json errors, the SSE turn, the dashboard's figures."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from bangwo.api.app import create_app
from bangwo.api.auth import Role, TokenSigner
from tests.e2e.live import ADMIN_PASSWORD, seeded_settings

PROBLEM = "application/problem+json"
SNAPSHOT_TABLES = ("orders", "order_events", "cards", "ledger_entries", "payments", "accounts", "invites",
                   "seat_claims", "stock_units", "campaign_stock")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seeded_settings(tmp_path))) as c:
        yield c


def login(client: TestClient, user: str, password: str | None = None) -> dict[str, str]:
    body = {"user_id": user} if password is None else {"user_id": user, "password": password}
    r = client.post("/api/auth/token", json=body)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def say(client: TestClient, headers: dict[str, str], line: str, conversation: str = "web") -> dict[str, Any]:
    r = client.post("/api/chat", json={"text": line, "conversation_id": conversation}, headers=headers)
    assert r.status_code == 200, r.text
    turn: dict[str, Any] = r.json()
    return turn


def paid_milk_tea(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    say(client, headers, "帮我点一杯少糖少冰的珍珠奶茶")
    say(client, headers, "第一个")
    [order] = say(client, headers, "确认")["orders"]
    assert order["status"] == "paid"
    return dict(order)


def snapshot(client: TestClient) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(client.app.state.service.app.settings.database_url)   # type: ignore[attr-defined]
    with engine.connect() as conn:
        rows = {name: sorted(tuple(r) for r in conn.execute(text(f"SELECT * FROM {name}"))) for name in SNAPSHOT_TABLES}
    engine.dispose()
    return rows


# ---- tokens ----------------------------------------------------------------------------------------

def test_a_demo_user_signs_in_and_the_token_names_them(client: TestClient) -> None:
    me = client.get("/api/auth/me", headers=login(client, "alice"))
    assert me.status_code == 200
    assert me.json()["user_id"] == "alice" and me.json()["role"] == "user" and me.json()["name"] == "小艾"


def test_unknown_users_and_wrong_admin_passwords_get_no_token(client: TestClient) -> None:
    nobody = client.post("/api/auth/token", json={"user_id": "nobody"})
    assert nobody.status_code == 404 and nobody.headers["content-type"] == PROBLEM
    wrong = client.post("/api/auth/token", json={"user_id": "ops", "password": "guess"})
    assert wrong.status_code == 401 and wrong.json()["message"] == "管理员密码不对"


def test_missing_forged_foreign_and_expired_tokens_are_refused(client: TestClient) -> None:
    good = login(client, "alice")["Authorization"].removeprefix("Bearer ")
    version, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    as_bob = base64.urlsafe_b64encode(json.dumps({**claims, "sub": "bob"}).encode()).rstrip(b"=").decode()
    as_admin = base64.urlsafe_b64encode(json.dumps({**claims, "role": "admin"}).encode()).rstrip(b"=").decode()
    foreign, _ = TokenSigner(b"another-secret", 3600).issue("alice", Role.USER)
    expired, _ = TokenSigner(b"test-secret", 3600, clock=lambda: 0.0).issue("alice", Role.USER)
    for token in (None, "", "garbage", f"{version}.{as_bob}.{signature}", f"{version}.{as_admin}.{signature}",
                  foreign, expired):
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        r = client.get("/api/orders", headers=headers)
        assert r.status_code == 401, (token, r.text)
        assert r.headers["content-type"] == PROBLEM and r.json()["error"] == "unauthenticated"
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert client.get("/api/dashboard", headers=headers).status_code == 401


def test_a_made_up_user_header_does_not_escape_the_token_users_rate_limit(tmp_path: Path) -> None:
    with TestClient(create_app(seeded_settings(tmp_path, user_rps=0.01, user_burst=2))) as c:
        alice = login(c, "alice")
        codes = [c.get("/api/auth/me", headers={**alice, "X-Bangwo-User": f"nobody{i}"}).status_code
                 for i in range(3)]
    assert codes == [200, 200, 429]


def test_users_never_see_the_dashboard_or_campaign_stock(client: TestClient) -> None:
    alice = login(client, "alice")
    for path in ("/api/dashboard", "/api/campaigns/spring-2026"):
        r = client.get(path, headers=alice)
        assert r.status_code == 403 and r.json()["message"] == "只有运营管理员可以查看"
    admin = login(client, "ops", ADMIN_PASSWORD)
    assert client.get("/api/dashboard", headers=admin).status_code == 200
    assert client.get("/api/campaigns/spring-2026", headers=admin).json()["issued"] == 2


# ---- no cross-user access ----------------------------------------------------------------------------

def test_every_user_route_with_another_users_ids_changes_nothing(client: TestClient) -> None:
    alice, bob = login(client, "alice"), login(client, "bob")
    paid = paid_milk_tea(client, alice)
    say(client, alice, "帮我点一杯少糖少冰的珍珠奶茶", "second")
    held_id = say(client, alice, "第一个", "second")["cards"][0]["order_id"]
    before = snapshot(client)
    tried: set[tuple[str, str]] = set()
    for order_id in (paid["id"], held_id):
        for method, path, body in (("GET", "/api/orders/{order_id}", None),
                                   ("POST", "/api/orders/{order_id}/cancel", None),
                                   ("POST", "/api/orders/{order_id}/refund", {"idempotency_key": "steal"}),
                                   ("GET", "/api/orders/{order_id}/seats", None),
                                   ("POST", "/api/orders/{order_id}/seats",
                                    {"seats": ["1排1座"], "idempotency_key": "steal-seats", "conversation_id": "x"})):
            r = client.request(method, path.format(order_id=order_id), headers=bob, json=body)
            assert r.status_code == 404, (path, r.text)
            assert r.json() == {"type": "https://bangwo.dev/problems/not_found", "title": "not found",
                                "status": 404, "detail": "没有找到这笔订单", "error": "not_found",
                                "message": "没有找到这笔订单"}
            tried.add((method, path))
    lists = {("GET", "/api/orders"): "/api/orders", ("GET", "/api/cards"): "/api/cards",
             ("GET", "/api/invites"): "/api/invites", ("GET", "/api/chat/history"): "/api/chat/history",
             ("GET", "/api/wallet"): "/api/wallet"}
    for key, path in lists.items():
        r = client.get(path, headers=bob)
        assert r.status_code == 200
        assert paid["id"] not in r.text and held_id not in r.text and "珍珠奶茶" not in r.text
        assert "alice" not in r.text
        tried.add(key)
    history = client.get("/api/chat/history?conversation_id=second", headers=bob)
    assert history.json() == []
    assert snapshot(client) == before
    # A named place is the token user's own: bob reads, sets and deletes only his.
    client.put("/api/places/公司", json={"text": "文三路100号"}, headers=alice)
    assert client.get("/api/places", headers=bob).json() == []
    assert client.delete("/api/places/公司", headers=bob).status_code == 404
    assert client.put("/api/places/公司", json={"text": "南京东路300号"}, headers=bob).status_code == 200
    assert "文三路" in client.get("/api/places", headers=alice).json()[0]["text"]
    tried |= {("GET", "/api/places"), ("PUT", "/api/places/{label}"), ("DELETE", "/api/places/{label}")}
    # Writes always act as the token's user: bob's chat and claims land on bob, never on alice.
    for key in (("POST", "/api/chat"), ("POST", "/api/chat/stream"), ("POST", "/api/cards/claims"),
                ("POST", "/api/invites/accept"), ("POST", "/api/auth/token"), ("GET", "/api/auth/me"),
                ("GET", "/api/auth/options"), ("POST", "/api/auth/codes"), ("POST", "/api/auth/phone"),
                ("POST", "/api/auth/password"),
                ("GET", "/api/campaigns"), ("GET", "/api/campaigns/{campaign_id}"), ("GET", "/api/dashboard"),
                ("POST", "/api/wallet/topups"), ("POST", "/api/wallet/qr-topups"),
                ("GET", "/api/wallet/qr-topups/{request_id}"), ("POST", "/api/wallet/card-refunds"),
                ("POST", "/api/wallet/sandbox-card")):
        tried.add(key)
    # Not a user's things: a showing's seat map (tests/e2e/test_seat_map_browser.py: others' seats show as taken,
    # never as whose), and the payment provider's and suppliers' signed notifications
    # (tests/e2e/test_alipay_notify.py and tests/e2e/test_supplier.py refuse forged ones).
    tried |= {("GET", "/api/showtimes/{showtime_ref}/seats"), ("POST", "/api/payments/alipay/notify"),
              ("POST", "/api/suppliers/{supplier}/webhooks")}
    paths = client.get("/openapi.json").json()["paths"]
    routes = {(m.upper(), p) for p, ops in paths.items() if p.startswith("/api/") for m in ops}
    assert routes == tried, routes ^ tried


def test_claims_and_invites_act_only_as_the_token_user(client: TestClient) -> None:
    alice, bob = login(client, "alice"), login(client, "bob")
    claimed = client.post("/api/cards/claims", json={"request_id": "same"}, headers=bob)
    again = client.post("/api/cards/claims", json={"request_id": "same"}, headers=alice)
    assert claimed.status_code == again.status_code == 200
    assert claimed.json()["card_id"] != again.json()["card_id"]
    bob_cards = {c["id"] for c in client.get("/api/cards", headers=bob).json()["cards"]}
    assert claimed.json()["card_id"] in bob_cards and again.json()["card_id"] not in bob_cards
    # An invite is a random code, never a user id; only an account created through it accepts it
    # (tests/e2e/test_accounts.py signs a new person up through one).
    bob_code = client.get("/api/invites", headers=bob).json()["code"]
    alice_code = client.get("/api/invites", headers=alice).json()["code"]
    assert len(alice_code) == 16 and "alice" not in alice_code and alice_code != bob_code
    self_invite = client.post("/api/invites/accept", json={"code": bob_code}, headers=bob)
    assert self_invite.status_code == 409 and self_invite.json()["message"] == "不能邀请自己"
    existing = client.post("/api/invites/accept", json={"code": alice_code}, headers=bob)
    assert existing.status_code == 403
    assert existing.json()["message"] == "只有通过这个邀请链接新注册的用户可以接受邀请"
    assert client.post("/api/invites/accept", json={"code": "alice"}, headers=bob).status_code == 404
    assert client.get("/api/invites", headers=alice).json()["invited"] == []


# ---- orders, errors, streaming -------------------------------------------------------------------------

def test_refund_through_the_api_follows_the_policy_and_is_idempotent(client: TestClient) -> None:
    alice = login(client, "alice")
    paid = paid_milk_tea(client, alice)
    tracked = client.get(f"/api/orders/{paid['id']}", headers=alice).json()
    assert [e["to"] for e in tracked["timeline"]][:2] == ["held", "paid"]
    refund = client.post(f"/api/orders/{paid['id']}/refund", json={}, headers=alice)
    if tracked["status"] == "fulfilling":     # takeout being made: the policy says no, nothing changes
        assert refund.status_code == 409 and refund.json()["error"] == "not_refundable"
        assert client.get(f"/api/orders/{paid['id']}", headers=alice).json()["status"] == "fulfilling"
    else:
        assert refund.status_code == 200 and refund.json()["status"] == "refunded"


def test_cancel_a_held_order_releases_it_and_twice_is_the_same(client: TestClient) -> None:
    alice = login(client, "alice")
    say(client, alice, "帮我点一杯少糖少冰的珍珠奶茶")
    held = say(client, alice, "第一个")["cards"][0]["order_id"]
    first = client.post(f"/api/orders/{held}/cancel", headers=alice)
    second = client.post(f"/api/orders/{held}/cancel", headers=alice)
    assert first.json()["status"] == second.json()["status"] == "cancelled"
    assert [e["to"] for e in client.get(f"/api/orders/{held}", headers=alice).json()["timeline"]] == [
        "held", "cancelled"]


def test_errors_are_problem_documents_in_chinese_without_traces(client: TestClient) -> None:
    alice = login(client, "alice")
    bad = client.post("/api/chat", json={"text": 5}, headers=alice)
    assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM
    assert bad.json()["message"].startswith("填写的内容有误") and "Traceback" not in bad.text
    missing = client.get("/api/nothing-here")
    assert missing.status_code == 404 and missing.json()["message"] == "没有找到对应的内容"
    legacy = client.get("/v1/orders/none", headers={"X-Bangwo-User": "alice"})   # header trust is off by default
    assert legacy.status_code == 404 and "Traceback" not in legacy.text
    claim = client.post("/v1/cards/claims", json={"request_id": "r1"}, headers={"X-Bangwo-User": "alice"})
    assert claim.status_code == 404


def test_the_stream_sends_status_then_reply_pieces_cards_and_the_whole_turn(client: TestClient) -> None:
    alice = login(client, "alice")
    r = client.post("/api/chat/stream", json={"text": "帮我点一杯少糖少冰的珍珠奶茶"}, headers=alice)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = [(block.split("\n")[0].removeprefix("event: "), json.loads(block.split("\n")[1].removeprefix("data: ")))
              for block in r.text.strip().split("\n\n")]
    names = [n for n, _ in events]
    assert names[0] == "status" and names[-1] == "done"
    done = events[-1][1]
    assert "".join(d["text"] for n, d in events if n == "reply") == done["reply"]
    assert [d for n, d in events if n == "card"] == done["cards"] and done["awaiting"] == "select"
    history = client.get("/api/chat/history", headers=alice).json()
    assert [h["text"] for h in history] == ["帮我点一杯少糖少冰的珍珠奶茶"] and history[0]["turn"] == done


# ---- the dashboard equals the database ---------------------------------------------------------------

def test_dashboard_figures_equal_the_database(client: TestClient) -> None:
    alice, bob = login(client, "alice"), login(client, "bob")
    paid_milk_tea(client, alice)
    say(client, bob, "帮我买两张明晚8点左右的电影票，最后一排")
    say(client, bob, "asdfgh")
    say(client, bob, "帮我点一杯火星奶茶加月球冰")
    body = client.get("/api/dashboard?days=7", headers=login(client, "ops", ADMIN_PASSWORD)).json()
    expected = database_figures(client)
    assert body["funnel"] == expected["funnel"]
    assert {d["domain"]: (d["paid_orders"], d["gmv_fen"]) for d in body["by_domain"]} == expected["gmv"]
    assert sum(h["count"] for h in body["requests_per_hour"]) == expected["funnel"]["requests"]
    assert sum(d["count"] for d in body["requests_per_day"]) == expected["funnel"]["requests"]
    assert sum(f["count"] for f in body["failures"] if f["domain"] == "unknown") == expected["unknown_failures"]
    assert body["cards"]["issued"] == expected["cards"] and body["cards"]["used"] == expected["used"]
    assert {r["route"] for r in body["latency"]} >= {"/api/chat", "/api/auth/token"}   # route templates


def database_figures(client: TestClient) -> dict[str, Any]:
    """The same figures with plain SQL over the tables (everything happened within the last 7 days)."""
    engine = create_engine(client.app.state.service.app.settings.database_url)   # type: ignore[attr-defined]
    with engine.connect() as conn:
        one = lambda sql: conn.execute(text(sql)).scalar_one()   # noqa: E731
        steps = "('held','paid','declined','duplicate_confirm')"
        figures = {
            "funnel": {"requests": one(f"SELECT count(*) FROM turns WHERE outcome NOT IN {steps}"),
                       "understood": one(f"SELECT count(*) FROM turns WHERE outcome NOT IN {steps} "
                                         "AND domains NOT IN ('', 'chat')"),
                       "offered": one("SELECT count(*) FROM turns WHERE outcome = 'offered'"),
                       "confirmed": one("SELECT count(*) FROM orders"),
                       "paid": one("SELECT count(DISTINCT order_id) FROM order_events WHERE to_status = 'paid'")},
            "gmv": {d: (n, g) for d, n, g in conn.execute(text(
                "SELECT domain, count(*), sum(total_fen) FROM orders WHERE id IN "
                "(SELECT order_id FROM order_events WHERE to_status = 'paid') GROUP BY domain"))},
            "unknown_failures": one("SELECT count(*) FROM turns WHERE domains IN ('', 'chat') AND (outcome IN "
                                    "('no_offer','refused','chat') OR outcome LIKE 'error:%')"),
            "cards": one("SELECT count(*) FROM cards"),
            "used": one("SELECT count(*) FROM cards WHERE used_order_id IS NOT NULL"),
        }
    engine.dispose()
    return figures


def test_the_address_book_lists_sets_changes_and_forgets_named_places(client: TestClient) -> None:
    alice, bob = login(client, "alice"), login(client, "bob")
    assert client.get("/api/places", headers=alice).json() == []
    r = client.put("/api/places/公司", json={"text": "西湖区天目山路200号"}, headers=alice)
    assert r.status_code == 200 and r.json()["text"].startswith("杭州市西湖区") and r.json()["point"]
    client.put("/api/places/公司", json={"text": "文三路100号"}, headers=alice)          # changed, not added
    (office,) = client.get("/api/places", headers=alice).json()
    assert office["label"] == "公司" and "文三路" in office["text"]
    assert client.get("/api/places", headers=bob).json() == []                          # one's own book only
    turn = say(client, alice, "帮我点一杯珍珠奶茶送到公司", conversation="places")
    assert turn["awaiting"] == "select" and all("文三路" in c["where"] for c in turn["cards"])
    assert client.put("/api/places/" + "x" * 9, json={"text": "a"}, headers=alice).status_code == 422
    assert client.put("/api/places/公司", json={"text": ""}, headers=alice).status_code == 422
    assert client.delete("/api/places/公司", headers=alice).status_code == 204
    assert client.delete("/api/places/公司", headers=alice).status_code == 404
    assert client.get("/api/places", headers=alice).json() == []
