"""One truth for card counts through the running app: with Redis configured, cards claimed on /api (Redis),
claimed in chat and granted through the database (first use, invite reward) share one per-user cap, and a
card acknowledged to a person is never revoked when the journal lands afterwards (issue 13, point 5)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from bangwo.adapters.cache import redis_cards
from bangwo.adapters.sms.log import LogSms
from bangwo.api.app import create_app
from bangwo.domain.clocks import FixedClock, parse_now
from tests.e2e.live import NOW, seeded_settings

pytestmark = pytest.mark.redis
INVITER, FRIEND = "13700137011", "13600136022"


@pytest.fixture
def web(tmp_path: Path, redis_url: str, prefix: str) -> Iterator[TestClient]:
    settings = seeded_settings(tmp_path, demo_login=False, redis_url=redis_url, redis_prefix=prefix,
                               card_cap_per_user=3, card_first_use_grant=1, card_invite_reward=1)
    with TestClient(create_app(settings, clock=FixedClock(parse_now(NOW)))) as c:
        yield c


def signed_up(client: TestClient, phone: str, **extra: Any) -> dict[str, str]:
    assert client.post("/api/auth/codes", json={"phone": phone}).status_code == 202
    sms = client.app.state.service.app.sms()   # type: ignore[attr-defined]
    assert isinstance(sms, LogSms)
    r = client.post("/api/auth/phone", json={"phone": phone, "code": sms.last_code(phone), **extra})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def cards_in_database(client: TestClient, user_id: str) -> dict[str, str]:
    app = client.app.state.service.app   # type: ignore[attr-defined]
    redis_cards.drain(app.redis, app.engine, app.campaign, prefix=app.settings.redis_prefix)
    with app.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, source FROM cards WHERE user_id = :u AND campaign_id = :c"),
                            {"u": user_id, "c": app.campaign.id})
        return {r[0]: r[1] for r in rows}


def test_api_chat_and_invite_cards_share_one_cap_and_no_acknowledged_card_is_revoked(
        web: TestClient) -> None:
    inviter = signed_up(web, INVITER)                                   # 1: the first-use grant
    me = web.get("/api/auth/me", headers=inviter).json()["user_id"]
    claimed = web.post("/api/cards/claims", json={"request_id": "api-claim-1"}, headers=inviter)
    assert claimed.status_code == 200, claimed.text                         # 2: acknowledged through Redis
    api_card = claimed.json()["card_id"]
    chat = web.post("/api/chat", json={"text": "帮我领一张免单卡", "conversation_id": "c1"}, headers=inviter)
    assert chat.status_code == 200 and chat.json()["reply"].startswith("领到1张")   # 3: the chat claim
    # Nothing of the two claims has reached the database yet: without one truth the invite reward would
    # take the third place there, and the journal would then have to revoke an acknowledged card.
    code = web.get("/api/invites", headers=inviter).json()["code"]
    signed_up(web, FRIEND, invite=code)
    held = cards_in_database(web, me)
    assert api_card in held
    assert sorted(held.values()) == ["claim", "claim", "first_use"]
    refused = web.post("/api/cards/claims", json={"request_id": "api-claim-2"}, headers=inviter)
    assert refused.status_code == 409, refused.text
    again = web.post("/api/cards/claims", json={"request_id": "api-claim-1"}, headers=inviter)
    assert again.status_code == 200 and again.json()["card_id"] == api_card
    assert web.get("/api/cards", headers=inviter).json()["cards_usable"] == 3
