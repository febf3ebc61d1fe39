"""Requests that used to dead-end now find supply, through the conversation on a seeded database."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bangwo import bootstrap as boot
from bangwo.adapters.catalog import generate, to_entries
from bangwo.adapters.catalog.generator import core
from bangwo.adapters.db import tables


@pytest.fixture(scope="module")
def app(seeded_app: boot.App) -> boot.App:
    return seeded_app


def say(app: boot.App, text: str) -> dict[str, Any]:
    """One first turn of alice, in a conversation of its own."""
    conversation = f"world-{sum(map(ord, text))}-{len(text)}"
    return app.conversation().handle("alice", text, conversation_id=conversation).to_json()


def test_the_seeded_database_holds_the_whole_country(app: boot.App) -> None:
    with app.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(tables.catalog_entries)).scalar_one()
        towns = conn.execute(select(func.count(func.distinct(tables.catalog_entries.c.city)))
                             .where(tables.catalog_entries.c.kind == "hotel")).scalar_one()
    assert stored == len(to_entries(generate())) > 4 * len(to_entries(core()))
    assert towns >= 41 + 290
    assert app.catalog.data == generate()


@pytest.mark.parametrize(("text", "city"), [("订明天南阳的酒店", "南阳"), ("九江明天的酒店 一晚", "九江"),
                                            ("订明天遵义的酒店", "遵义"), ("订明天丽江的酒店", "丽江")])
def test_a_hotel_in_a_city_that_dead_ended_is_offered(app: boot.App, text: str, city: str) -> None:
    turn = say(app, text)
    assert turn["awaiting"] == "select" and turn["cards"]
    assert all(c["domain"] == "hotel" and not c.get("changed") for c in turn["cards"])
    assert f"{city}酒店" in turn["reply"]


@pytest.mark.parametrize(("text", "route"), [("明天成都到大连的机票", "成都到大连"), ("明天南京飞沈阳", "南京到沈阳"),
                                             ("订张明天去三亚的机票", "到三亚"), ("明天杭州到黄山的高铁", "杭州到黄山")])
def test_a_busy_route_is_offered_without_relaxing(app: boot.App, text: str, route: str) -> None:
    turn = say(app, text)
    assert turn["awaiting"] == "select" and turn["cards"] and route in turn["reply"]
    assert all(not c.get("changed") for c in turn["cards"])


@pytest.mark.parametrize(("text", "sight"), [("明天去爬泰山 两个人", "泰山"), ("九寨沟门票 后天", "九寨沟"),
                                             ("后天布达拉宫门票一张", "布达拉宫"), ("鼓浪屿门票 明天", "鼓浪屿")])
def test_a_famous_sight_is_offered(app: boot.App, text: str, sight: str) -> None:
    turn = say(app, text)
    assert turn["awaiting"] == "select" and turn["cards"]
    assert all(c["domain"] == "attraction" and sight in c["title"] for c in turn["cards"])


@pytest.mark.parametrize(("text", "words"), [("买个华为手环", "华为手环"), ("买双安踏跑鞋 42码", "安踏跑鞋"),
                                             ("李宁卫衣 L码", "卫衣"), ("买两双袜子", "袜子"),
                                             ("小米行动电源", "行动电源")])
def test_an_everyday_brand_is_offered(app: boot.App, text: str, words: str) -> None:
    turn = say(app, text)
    assert turn["awaiting"] == "select" and turn["cards"]
    assert all(c["domain"] == "shopping" and words in c["title"] for c in turn["cards"])
