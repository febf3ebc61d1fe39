"""Questions about a thing (intent info): answered from the catalog, then an offer to order."""

from __future__ import annotations

from typing import Any

from bangwo import bootstrap as boot
from bangwo.conversation.dialogue import Conversation
from bangwo.conversation.state import DialogueState
from bangwo.domain.frames import Frame
from bangwo.domain.users import User


def answer(app: boot.App, frame: Frame) -> dict[str, Any]:
    """Ask through the engine's own info path (the understanding engine produces such frames)."""
    conversation: Conversation = app.conversation()
    with app.uow() as uow:
        user: User = uow.users.get("alice")
        engine = conversation.__class__(**{**vars(conversation), "uow": uow.within()})
        state = DialogueState()
        turn = engine._info(state, user, frame, "info")
        turn.awaiting = state.awaiting
        uow.commit()
    return turn.to_json()


def test_a_ticket_price_question_is_answered_then_tickets_are_offered(seeded_app: boot.App) -> None:
    turn = answer(seeded_app, Frame("attraction", "info", {"name": "灵隐飞来峰", "ask": "price", "date": "2026-02-07"}))
    assert turn["reply"].startswith("灵隐飞来峰") and "元" in turn["reply"] and "回复序号" in turn["reply"]
    assert turn["cards"] and all(c["domain"] == "attraction" for c in turn["cards"])
    price = turn["reply"].split("：")[1].split("元")[0]
    assert any(f"{c['price_fen'] // 100}.{c['price_fen'] % 100:02d}" == price for c in turn["cards"])


def test_a_price_question_without_a_day_answers_then_asks_the_day(seeded_app: boot.App) -> None:
    turn = answer(seeded_app, Frame("attraction", "info", {"name": "灵隐飞来峰", "ask": "price"}))
    assert "元" in turn["reply"] and turn["awaiting"] == "slot:date"


def test_opening_hours_of_a_sight_come_from_the_catalog(seeded_app: boot.App) -> None:
    turn = answer(seeded_app, Frame("attraction", "info", {"name": "灵隐飞来峰", "ask": "hours"}))
    assert "时间" in turn["reply"] and any(ch.isdigit() for ch in turn["reply"])


def test_a_question_without_its_thing_asks_for_it(seeded_app: boot.App) -> None:
    turn = answer(seeded_app, Frame("attraction", "info", {"ask": "price"}))
    assert turn["awaiting"] == "slot:name" and turn["cards"] == []
