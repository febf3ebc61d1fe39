"""Accounts through HTTP: phone sign-up with one-time codes, no impersonation, invites, key rotation."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, select, text
from typer.testing import CliRunner

from bangwo import bootstrap as boot
from bangwo.adapters.db import tables
from bangwo.adapters.sms.log import LogSms
from bangwo.api.app import create_app
from bangwo.api.auth import Role, TokenSigner, key_id
from bangwo.config import Settings
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.errors import UnauthenticatedError
from bangwo.services import accounts
from tests.conftest import fresh_schema
from tests.e2e.live import ADMIN_PASSWORD, NOW, seeded_settings

PHONE, FRIEND, OTHER = "13700137000", "13600136000", "13500135000"
SNAPSHOT_TABLES = ("orders", "order_events", "cards", "ledger_entries", "payments", "invites", "phone_accounts")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return seeded_settings(tmp_path, demo_login=False, public_base_url="https://bangwo.example")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(parse_now(NOW))


@pytest.fixture
def client(settings: Settings, clock: FixedClock) -> Iterator[TestClient]:
    with TestClient(create_app(settings, clock=clock)) as c:
        yield c


def sent_code(client: TestClient, phone: str) -> str:
    r = client.post("/api/auth/codes", json={"phone": phone})
    assert r.status_code == 202, r.text
    assert r.json() == {"sent": True, "expires_in_s": 300, "resend_after_s": 30}
    sms = client.app.state.service.app.sms()   # type: ignore[attr-defined]
    assert isinstance(sms, LogSms)
    code = sms.last_code(phone)
    assert code is not None and len(code) == 6 and code.isdigit()
    return code


def sign_in(client: TestClient, phone: str, code: str, **extra: Any) -> Any:
    return client.post("/api/auth/phone", json={"phone": phone, "code": code, **extra})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed_up(client: TestClient, phone: str, **extra: Any) -> dict[str, str]:
    r = sign_in(client, phone, sent_code(client, phone), **extra)
    assert r.status_code == 200, r.text
    return bearer(r.json()["access_token"])


def rows(client: TestClient, table: str) -> list[dict[str, Any]]:
    engine = create_engine(client.app.state.service.app.settings.database_url)   # type: ignore[attr-defined]
    with engine.connect() as conn:
        found = [dict(r) for r in conn.execute(text(f"SELECT * FROM {table}")).mappings()]
    engine.dispose()
    return found


def snapshot(client: TestClient) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(client.app.state.service.app.settings.database_url)   # type: ignore[attr-defined]
    with engine.connect() as conn:
        found = {n: sorted(tuple(r) for r in conn.execute(text(f"SELECT * FROM {n}"))) for n in SNAPSHOT_TABLES}
    engine.dispose()
    return found


# ---- sign-up and login by phone ---------------------------------------------------------------------

def test_a_new_person_signs_up_with_the_code_the_development_adapter_logged(client: TestClient) -> None:
    code = sent_code(client, PHONE)
    r = sign_in(client, PHONE, code, home_city="上海")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["created"] is True and body["cards_granted"] == 1 and body["role"] == "user"
    me = client.get("/api/auth/me", headers=bearer(body["access_token"])).json()
    assert me == {"user_id": body["user_id"], "role": "user", "expires_at": body["expires_at"],
                  "name": "用户7000", "home_city": "上海"}
    cards = client.get("/api/cards", headers=bearer(body["access_token"])).json()
    assert cards["cards_usable"] == 1 and cards["wallet_fen"] == 0
    [stored] = rows(client, "login_codes")
    assert code not in stored["code_hash"] and len(stored["code_hash"]) == 64 and stored["used_at"] is not None
    # The next login with a new code is the same person, nothing granted twice; the city defaults to 杭州.
    again = sign_in(client, PHONE, sent_code_after(client, PHONE)).json()
    assert again["user_id"] == body["user_id"] and again["created"] is False and again["cards_granted"] == 0
    assert signed_up_city(client, FRIEND) == "杭州"


def sent_code_after(client: TestClient, phone: str) -> str:
    client.app.state.service.app.clock.advance(timedelta(seconds=31))   # type: ignore[attr-defined]
    return sent_code(client, phone)


def signed_up_city(client: TestClient, phone: str) -> str:
    city: str = client.get("/api/auth/me", headers=signed_up(client, phone)).json()["home_city"]
    return city


def test_wrong_expired_and_reused_codes_are_refused_and_create_nothing(client: TestClient,
                                                                        clock: FixedClock) -> None:
    code = sent_code(client, PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    r = sign_in(client, PHONE, wrong)
    assert r.status_code == 401 and r.json()["message"] == "验证码不对"
    assert sign_in(client, OTHER, code).json()["message"] == "验证码无效，请重新获取"   # another phone's code
    assert rows(client, "phone_accounts") == []
    assert sign_in(client, PHONE, code).status_code == 200       # one wrong try does not burn the code
    reused = sign_in(client, PHONE, code)
    assert reused.status_code == 401 and reused.json()["message"] == "验证码无效，请重新获取"
    clock.advance(timedelta(minutes=1))
    late = sent_code(client, FRIEND)
    clock.advance(timedelta(minutes=5))
    expired = sign_in(client, FRIEND, late)
    assert expired.status_code == 401 and expired.json()["message"] == "验证码已过期，请重新获取"
    assert [a["phone"] for a in rows(client, "phone_accounts")] == [PHONE]


def test_five_wrong_codes_lock_the_code_and_a_new_one_is_rate_limited(client: TestClient,
                                                                      clock: FixedClock) -> None:
    code = sent_code(client, PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert [sign_in(client, PHONE, wrong).json()["message"] for _ in range(6)] == ["验证码不对"] * 5 + [
        "错误次数太多，请重新获取验证码"]
    locked = sign_in(client, PHONE, code)
    assert locked.status_code == 401 and locked.json()["message"] == "错误次数太多，请重新获取验证码"
    too_soon = client.post("/api/auth/codes", json={"phone": PHONE})
    assert too_soon.status_code == 409 and too_soon.json()["message"] == "验证码刚刚发过，请稍后再试"
    clock.advance(timedelta(seconds=31))
    assert sign_in(client, PHONE, sent_code(client, PHONE)).status_code == 200
    assert client.post("/api/auth/codes", json={"phone": "12345"}).status_code == 422


def test_an_optional_password_is_kept_as_argon2id_and_logs_in(client: TestClient) -> None:
    user = client.get("/api/auth/me", headers=signed_up(client, PHONE, password="correct horse")).json()
    [account] = rows(client, "phone_accounts")
    assert account["password_hash"].startswith("$argon2id$") and "correct horse" not in account["password_hash"]
    good = client.post("/api/auth/password", json={"phone": PHONE, "password": "correct horse"})
    assert good.status_code == 200 and good.json()["user_id"] == user["user_id"]
    for phone, password in ((PHONE, "wrong horse"), (FRIEND, "correct horse")):
        r = client.post("/api/auth/password", json={"phone": phone, "password": password})
        assert r.status_code == 401 and r.json()["message"] == "手机号或密码不对"


# ---- no impersonation ---------------------------------------------------------------------------------

def test_demo_login_is_off_unless_configured(client: TestClient) -> None:
    assert Settings().demo_login is False
    r = client.post("/api/auth/token", json={"user_id": "alice"})
    assert r.status_code == 403 and r.json()["message"] == "体验登录已关闭，请用手机号登录"
    assert client.get("/api/auth/options").json() == {"demo_login": False, "demo_users": []}


def test_an_admin_token_is_its_own_subject_and_never_reaches_a_users_things(client: TestClient) -> None:
    alice_token, _ = client.app.state.signer.issue("alice", Role.USER)   # type: ignore[attr-defined]
    alice = bearer(alice_token)
    client.post("/api/chat", json={"text": "帮我点一杯少糖少冰的珍珠奶茶", "conversation_id": "a"}, headers=alice)
    r = client.post("/api/auth/token", json={"user_id": "alice", "password": ADMIN_PASSWORD})
    assert r.status_code == 200 and r.json()["user_id"] == "admin:alice" and r.json()["role"] == "admin"
    admin = bearer(r.json()["access_token"])
    before = snapshot(client)
    for method, path, body in (("GET", "/api/orders", None), ("GET", "/api/cards", None),
                               ("POST", "/api/cards/claims", {"request_id": "x"}),
                               ("POST", "/api/chat", {"text": "第一个", "conversation_id": "a"}),
                               ("GET", "/api/chat/history?conversation_id=a", None), ("GET", "/api/invites", None),
                               ("GET", "/api/places", None), ("POST", "/api/invites/accept", {"code": "abc"})):
        denied = client.request(method, path, json=body, headers=admin)
        assert denied.status_code == 403, (path, denied.text)
        assert denied.json()["message"] == "管理员账号不能代替用户操作"
    assert snapshot(client) == before
    assert client.get("/api/dashboard", headers=admin).status_code == 200
    assert client.get("/api/auth/me", headers=admin).json()["user_id"] == "admin:alice"


def test_unknown_ids_and_subjects_that_mix_roles_get_nothing(client: TestClient, settings: Settings) -> None:
    signer = TokenSigner(b"test-secret", 3600)
    ghost, _ = signer.issue("ghost", Role.USER)
    assert client.get("/api/auth/me", headers=bearer(ghost)).status_code == 404
    with pytest.raises(ValueError):
        signer.issue("admin:ops", Role.USER)      # a user can never be named like an admin
    with pytest.raises(ValueError):
        signer.issue("ops", Role.ADMIN)           # nor an admin like a user
    demo_on = Settings.model_validate({**settings.model_dump(), "demo_login": True})
    with TestClient(create_app(demo_on)) as c:
        assert c.post("/api/auth/token", json={"user_id": "ghost"}).status_code == 404
        assert c.post("/api/auth/token", json={"user_id": "alice"}).json()["user_id"] == "alice"


def test_order_events_name_the_real_actor(client: TestClient) -> None:
    headers = signed_up(client, PHONE)
    me = client.get("/api/auth/me", headers=headers).json()["user_id"]
    client.post("/api/chat", json={"text": "帮我点一杯少糖少冰的珍珠奶茶，送到文三路100号", "conversation_id": "w"},
                headers=headers)
    held = client.post("/api/chat", json={"text": "第一个", "conversation_id": "w"}, headers=headers).json()
    order_id = held["cards"][0]["order_id"]
    assert client.post(f"/api/orders/{order_id}/cancel", headers=headers).status_code == 200
    events = [e for e in rows(client, "order_events") if e["order_id"] == order_id]
    assert [(e["to_status"], e["actor"]) for e in events] == [("held", me), ("cancelled", me)]


# ---- invites ----------------------------------------------------------------------------------------

def test_an_invite_link_signs_up_a_new_person_and_only_that_account_accepts(client: TestClient) -> None:
    inviter = signed_up(client, PHONE)
    inviter_id = client.get("/api/auth/me", headers=inviter).json()["user_id"]
    mine = client.get("/api/invites", headers=inviter).json()
    code = mine["code"]
    assert mine["link"] == f"https://bangwo.example/?invite={code}" and inviter_id not in code
    spoofed = client.get("/api/invites", headers={**inviter, "Host": "evil.example"}).json()["link"]
    assert spoofed == mine["link"]                 # built from BANGWO_PUBLIC_BASE_URL, never the Host header
    before = client.get("/api/cards", headers=inviter).json()["cards_usable"]
    friend = signed_up(client, FRIEND, invite=code)
    friend_id = client.get("/api/auth/me", headers=friend).json()["user_id"]
    assert client.get("/api/cards", headers=inviter).json()["cards_usable"] == before + 1
    assert [i["invitee"] for i in client.get("/api/invites", headers=inviter).json()["invited"]] == [friend_id]
    again = client.post("/api/invites/accept", json={"code": code}, headers=friend)
    assert again.status_code == 200 and again.json()["cards_granted_to_inviter"] == 0
    # An account that did not sign up through this link (existing, or a new one without it) cannot accept.
    other = signed_up(client, OTHER)
    refused = client.post("/api/invites/accept", json={"code": code}, headers=other)
    assert refused.status_code == 403 and refused.json()["message"] == "只有通过这个邀请链接新注册的用户可以接受邀请"
    assert client.post("/api/invites/accept", json={"code": "no-such-code"}, headers=other).status_code == 404
    assert client.get("/api/cards", headers=inviter).json()["cards_usable"] == before + 1


def test_an_existing_phone_with_an_invite_logs_in_and_rewards_nobody(client: TestClient,
                                                                      clock: FixedClock) -> None:
    inviter = signed_up(client, PHONE)
    code = client.get("/api/invites", headers=inviter).json()["code"]
    signed_up(client, FRIEND)
    clock.advance(timedelta(seconds=31))
    again = sign_in(client, FRIEND, sent_code(client, FRIEND), invite=code).json()
    assert again["created"] is False
    assert client.get("/api/invites", headers=inviter).json()["invited"] == []


# ---- signing keys ----------------------------------------------------------------------------------

def test_tokens_carry_a_key_id_and_a_previous_key_verifies_until_expiry(tmp_path: Path) -> None:
    old = seeded_settings(tmp_path, auth_secret="old-secret", demo_login=True)
    with TestClient(create_app(old)) as c:
        old_token = c.post("/api/auth/token", json={"user_id": "alice"}).json()["access_token"]
    rotated = Settings.model_validate({**old.model_dump(), "auth_secret": "new-secret",
                                       "auth_previous_secrets": "old-secret"})
    with TestClient(create_app(rotated)) as c:
        assert c.get("/api/auth/me", headers=bearer(old_token)).json()["user_id"] == "alice"
        new_token = c.post("/api/auth/token", json={"user_id": "alice"}).json()["access_token"]
        assert claims(new_token)["kid"] == key_id(b"new-secret") != claims(old_token)["kid"]
    retired = Settings.model_validate({**rotated.model_dump(), "auth_previous_secrets": ""})
    with TestClient(create_app(retired)) as c:
        assert c.get("/api/auth/me", headers=bearer(old_token)).status_code == 401
        assert c.get("/api/auth/me", headers=bearer(new_token)).status_code == 200
    expired, _ = TokenSigner(b"old-secret", 3600, clock=lambda: 0.0).issue("alice", Role.USER)
    assert TokenSigner(b"new-secret", 3600, previous=(b"old-secret",)).verify(old_token).subject == "alice"
    with pytest.raises(Exception, match="expired"):
        TokenSigner(b"new-secret", 3600, previous=(b"old-secret",)).verify(expired)


def claims(token: str) -> dict[str, Any]:
    import base64
    import json
    payload = token.split(".")[1]
    found: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return found


def test_without_a_configured_secret_tokens_survive_a_restart(tmp_path: Path) -> None:
    settings = seeded_settings(tmp_path, auth_secret=None, demo_login=True)
    with TestClient(create_app(settings)) as c:
        token = c.post("/api/auth/token", json={"user_id": "alice"}).json()["access_token"]
    with TestClient(create_app(settings)) as c:
        assert c.get("/api/auth/me", headers=bearer(token)).json()["user_id"] == "alice"
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        names = set(conn.execute(select(tables.app_secrets.c.name)).scalars())
    engine.dispose()
    assert "auth-token" in names


def test_serve_in_production_refuses_to_start_without_a_secret(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from bangwo import cli

    monkeypatch.delenv("BANGWO_AUTH_SECRET", raising=False)
    monkeypatch.setenv("BANGWO_ENV", "production")
    monkeypatch.setenv("BANGWO_DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    result = CliRunner().invoke(cli.app, ["serve", "--port", "1"])
    assert result.exit_code == 2
    assert not (tmp_path / "prod.db").exists()       # refused before touching anything
    with pytest.raises(Exception, match="BANGWO_AUTH_SECRET"):
        boot.serving_token_secret(Settings(env="production", database_url=f"sqlite:///{tmp_path / 'x.db'}"))


@pytest.mark.postgres
def test_one_code_signs_in_once_when_eight_requests_race_on_postgresql(pg_engine: Engine, worker_id: str) -> None:
    url = fresh_schema(pg_engine, f"accounts_{worker_id}")
    app = boot.bootstrap(Settings(database_url=url), clock=FixedClock(parse_now(NOW)))
    try:
        policy, secret = app.code_policy(), app.code_secret
        accounts.send_code(PHONE, store=app.accounts(), sms=app.sms(), clock=app.clock, secret=secret, policy=policy)
        sms = app.sms()
        assert isinstance(sms, LogSms)
        code = sms.last_code(PHONE)
        assert code is not None
        barrier = threading.Barrier(8)

        def attempt() -> str:
            barrier.wait()
            try:
                return accounts.sign_in(accounts.SignIn(PHONE, code), store=app.accounts(), uow=app.uow(),
                                        clock=app.clock, secret=secret, policy=policy,
                                        campaign_id=app.settings.campaign_id).user_id
            except UnauthenticatedError:
                return "refused"

        with ThreadPoolExecutor(8) as pool:
            outcomes = list(pool.map(lambda _: attempt(), range(8)))
        with app.engine.connect() as conn:
            accounts_made = conn.execute(select(tables.phone_accounts.c.user_id)).scalars().all()
        assert outcomes.count("refused") == 7
        assert accounts_made == [next(o for o in outcomes if o != "refused")]
    finally:
        app.close()


def test_a_sign_up_cut_off_after_claiming_the_phone_is_finished_by_the_next_login(client: TestClient) -> None:
    """The phone is claimed before the user is made (racing twins make no orphan users or cards); a sign-up
    that stopped in between is completed, cards included, when the person logs in again."""
    app = client.app.state.service.app   # type: ignore[attr-defined]
    assert app.accounts().add_account(accounts.Account(phone=OTHER, user_id="ucutoff0001"), at=app.clock.now())
    assert [r for r in rows(client, "users") if r["id"] == "ucutoff0001"] == []
    token = signed_up(client, OTHER)
    assert client.get("/api/auth/me", headers=token).json()["user_id"] == "ucutoff0001"
    assert client.get("/api/cards", headers=token).json()["cards_usable"] == app.campaign.first_use_grant
    assert [r["phone"] for r in rows(client, "users") if r["id"] == "ucutoff0001"] == [OTHER]
