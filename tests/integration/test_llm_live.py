"""The same conversations against a real model (DashScope, vLLM, Ollama) when BANGWO_LLM_BASE_URL is set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bangwo import bootstrap as boot
from bangwo.config import Settings
from bangwo.domain import payments
from bangwo.domain.clocks import FixedClock
from tests.builders import NOW

pytestmark = [
    pytest.mark.llm_live,
    pytest.mark.skipif(not os.environ.get("BANGWO_LLM_BASE_URL"), reason="BANGWO_LLM_BASE_URL not set: no real model"),
]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[boot.App]:
    application = boot.bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'bangwo.db'}"), clock=FixedClock(NOW))
    boot.seed_demo(application)
    yield application
    application.close()


def test_real_model_plans_an_open_request_into_offers_and_never_pays_by_itself(app: boot.App) -> None:
    chat = app.conversation()
    with app.uow() as uow:
        start = uow.ledger.balance(payments.wallet_account("alice"))
    turn = chat.handle("alice", "下午想喝点东西，帮我安排一杯少糖的珍珠奶茶")
    assert turn.awaiting in ("select", "slot:item")
    with app.uow() as uow:
        assert uow.orders.list_for_user("alice") == []
        assert uow.ledger.balance(payments.wallet_account("alice")) == start


def test_real_model_asks_instead_of_inventing_a_hotel_city(app: boot.App) -> None:
    turn = app.conversation().handle("alice", "帮我订个酒店")
    assert turn.awaiting in ("slot:city", None)
    assert all(not f["slots"].get("city") for f in turn.frames)
