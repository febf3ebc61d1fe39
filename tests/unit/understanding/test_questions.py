"""Questions about a thing (intent info with ask), recommendations as orders; sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON


def frames(engine: Engine, text: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(f.domain, f.intent, f.slots) for f in engine.understand(text, now=FRIDAY_NOON).frames]


@pytest.mark.parametrize(("text", "domain", "slots"), [
    ("麦当劳的客服电话是多少", "takeout", {"shop": "麦当劳", "ask": "phone"}),
    ("西贝在哪儿", "takeout", {"shop": "西贝", "ask": "address"}),
    ("茶百道的杨枝甘露好不好喝", "takeout", {"shop": "茶百道", "item": "杨枝甘露", "ask": "rating"}),
    ("天坛公园几点关门", "attraction", {"name": "天坛公园", "ask": "hours"}),
    ("黄鹤楼成人票多少钱", "attraction", {"name": "黄鹤楼", "ticket_type": "adult", "ask": "price"}),
    ("后天的封神第二部还有票吗", "movie", {"movie": "封神第二部", "date": "2026-02-08", "ask": "availability"}),
    ("南京到苏州的动车要多久", "train", {"from_city": "南京", "to_city": "苏州", "train_type": "D",
                                  "ask": "duration"}),
    ("雷峰塔要提前预约吗", "attraction", {"name": "雷峰塔", "ask": "other"}),
])
def test_a_question_about_a_thing_is_info_with_its_ask(engine: Engine, text: str, domain: str,
                                                     slots: dict[str, Any]) -> None:
    assert frames(engine, text) == [(domain, "info", slots)]


def test_a_price_unit_in_the_question_gives_no_count(engine: Engine) -> None:
    assert frames(engine, "全季酒店住一晚多少钱") == [("hotel", "info", {"brand": "全季", "ask": "price"})]


def test_the_question_words_become_no_slot(engine: Engine) -> None:
    ride = frames(engine, "从学校打车去萧山机场大概要多久")
    assert ride == [("taxi", "info", {"from": "学校", "to": "萧山机场", "ask": "duration"})]


def test_an_order_after_the_question_orders_the_thing_asked_about(engine: Engine) -> None:
    assert frames(engine, "周日的热辣滚烫还有位子吗？有就来三张") == [
        ("movie", "info", {"movie": "热辣滚烫", "date": "2026-02-08", "ask": "availability"}),
        ("movie", "order", {"movie": "热辣滚烫", "date": "2026-02-08", "count": 3}),
    ]


@pytest.mark.parametrize(("text", "domain", "slots"), [
    ("推荐一家好吃的烤鱼", "takeout", {"item": "烤鱼"}),
    ("这附近哪家麻辣烫评分高", "takeout", {"item": "麻辣烫"}),
    ("外滩附近哪家酒店住着舒服", "hotel", {"near": "外滩"}),
    ("南京有什么好玩的地方", "attraction", {"city": "南京"}),
])
def test_a_recommendation_is_an_order_of_the_category(engine: Engine, text: str, domain: str,
                                                     slots: dict[str, Any]) -> None:
    assert frames(engine, text) == [(domain, "order", slots)]


def test_a_question_naming_no_thing_stays_small_talk(engine: Engine) -> None:
    assert frames(engine, "坐飞机能带充电宝吗") == [("chat", "chat", {})]


def test_small_talk_about_the_weather_is_no_question_about_a_thing(engine: Engine) -> None:
    assert frames(engine, "后天杭州天气怎么样") == [("chat", "chat", {})]


@pytest.mark.parametrize(("text", "expected"), [
    ("颐和园周末人多吗", [("attraction", "info", {"name": "颐和园", "date": "2026-02-07", "ask": "other"})]),
    ("能帮我订张后天去苏州的动车票吗",
     [("train", "order", {"to_city": "苏州", "train_type": "D", "passengers": 1, "date": "2026-02-08"})]),
])
def test_a_bare_question_particle_is_weighed_between_question_and_order(engine: Engine, text: str,
                                                                        expected: Any) -> None:
    assert frames(engine, text) == expected
