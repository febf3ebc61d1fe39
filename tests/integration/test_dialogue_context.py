"""Context: while a question is pending, or after a search found nothing, an answer or a correction
updates the pending task instead of starting a new one."""

from __future__ import annotations

from typing import Any

import pytest

from bangwo import bootstrap as boot


@pytest.fixture(scope="module")
def app(seeded_app: boot.App) -> boot.App:
    return seeded_app


def talk(app: boot.App, conversation: str, *lines: str) -> list[dict[str, Any]]:
    return [app.conversation().handle("alice", line, conversation_id=conversation).to_json() for line in lines]


def test_a_departure_said_after_the_question_fills_the_pending_flight(app: boot.App) -> None:
    asked, answered, destination, offered = talk(app, "q1", "帮我订一张机票", "从武汉走", "去昆明", "明天")
    assert asked["awaiting"] == "slot:to_city"
    assert answered["awaiting"] == "slot:to_city"                  # still the flight, now from 武汉
    assert not any(f["domain"] == "train" for f in answered["frames"])
    assert destination["awaiting"] == "slot:date"
    assert offered["awaiting"] == "select" and {c["domain"] for c in offered["cards"]} == {"flight"}
    assert all("武汉" in c["title"] or "WUH" in c["title"] or "天河" in c["title"] for c in offered["cards"]), \
        [c["title"] for c in offered["cards"]]


def test_a_correction_after_an_offer_or_a_failed_search_updates_the_same_task(app: boot.App) -> None:
    first, corrected = talk(app, "q2", "帮我订一张初五飞昆明的机票", "从武汉走")
    assert first["cards"] and all(c["domain"] == "flight" for c in first["cards"])
    assert corrected["cards"] and all(c["domain"] == "flight" for c in corrected["cards"])
    assert "武汉到昆明" in corrected["reply"]


def test_a_new_request_with_its_own_destination_still_starts_over(app: boot.App) -> None:
    _, fresh = talk(app, "q3", "帮我订一张初五飞昆明的机票", "打车去西湖")
    assert not any(c["domain"] == "flight" for c in fresh["cards"])
    assert any(f["domain"] == "taxi" for f in fresh["frames"])


def test_a_bare_yes_or_number_is_not_taken_as_a_name_or_a_place(app: boot.App) -> None:
    asked, yes = talk(app, "q4", "帮我点一份外卖", "确认")
    assert asked["awaiting"] == "slot:item"
    assert yes["cards"] == [] and yes["awaiting"] == "slot:item" and "确认" not in yes["reply"]   # asked again
