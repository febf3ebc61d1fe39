"""The running campaign comes from the database: settings seed a new one, never overwrite it, and a paused
campaign issues nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from bangwo import bootstrap as boot
from bangwo.config import Settings
from bangwo.domain import commands
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import CardError, InvalidRequestError, NotFoundError
from bangwo.domain.users import User
from bangwo.services import campaigns, claiming, registering
from tests import builders
from tests.conftest import fresh_schema


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'campaigns.db'}"
    pg: Engine = request.getfixturevalue("pg_engine")
    return fresh_schema(pg, "campaign_store")


def test_the_stored_campaign_wins_over_later_settings(url: str) -> None:
    clock = FixedClock(builders.NOW)
    first = boot.bootstrap(Settings(database_url=url, card_value_fen=1800, card_cap_per_user=5), clock=clock)
    assert first.campaign.value_fen == 1800
    campaigns.update(first.settings.campaign_id, {"value_fen": 2000}, uow=first.uow)
    first.close()
    later = boot.bootstrap(Settings(database_url=url, card_value_fen=1, card_cap_per_user=99), clock=clock)
    try:
        assert (later.campaign.value_fen, later.campaign.cap_per_user) == (2000, 5)
        worker = boot.connect(Settings(database_url=url, card_value_fen=7), clock=clock)
        assert worker.campaign == later.campaign
        worker.close()
    finally:
        later.close()


def test_a_paused_campaign_refuses_claims_and_grants_then_resumes(url: str) -> None:
    clock = FixedClock(builders.NOW)
    app = boot.bootstrap(Settings(database_url=url), clock=clock)
    try:
        registering.register_user(User("pat", "阿帕", "13700137020", "杭州"), uow=app.uow(), clock=clock,
                                  campaign_id=None)
        paused = campaigns.set_paused(app.settings.campaign_id, True, uow=app.uow)
        assert paused.paused and not paused.active(clock.now())
        store = claiming.DatabaseClaims(app.uow)
        with pytest.raises(CardError, match="not active"):
            claiming.claim_card(commands.ClaimCard("pat", paused.id, "p-1"), claims=store, campaign=paused,
                                clock=clock)
        assert registering.register_user(User("quin", "阿昆", "13700137021", "杭州"), uow=app.uow(), clock=clock,
                                         campaign_id=paused.id) == []
        resumed = campaigns.set_paused(paused.id, False, uow=app.uow)
        card = claiming.claim_card(commands.ClaimCard("pat", resumed.id, "p-1"), claims=store, campaign=resumed,
                                   clock=clock)
        assert card.value_fen == resumed.value_fen and campaigns.show(resumed.id, uow=app.uow) == resumed
    finally:
        app.close()


def test_bad_campaigns_and_unknown_ids_are_refused(url: str) -> None:
    app = boot.bootstrap(Settings(database_url=url), clock=FixedClock(builders.NOW))
    try:
        with pytest.raises(InvalidRequestError, match="value_fen must be at least 1"):
            campaigns.update(app.settings.campaign_id, {"value_fen": 0}, uow=app.uow)
        with pytest.raises(InvalidRequestError, match="cannot change paused"):
            campaigns.update(app.settings.campaign_id, {"paused": True}, uow=app.uow)
        with pytest.raises(NotFoundError):
            campaigns.set_paused("nope", True, uow=app.uow)
        assert [c.id for c in campaigns.list_all(uow=app.uow)] == [app.settings.campaign_id]
    finally:
        app.close()
