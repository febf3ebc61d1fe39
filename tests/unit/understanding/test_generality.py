"""Rules for words the lexicon does not know and for phrasings beyond the lexicon; expectations by hand.

Names below are made up or absent from the built-in lexicon on purpose (茶小满, 山海记, 禾丰...).
"""

from __future__ import annotations

from typing import Any

import pytest

from bangwo.understanding import qualifiers
from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON


def frames(engine: Engine, text: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(f.domain, f.intent, f.slots) for f in engine.understand(text, now=FRIDAY_NOON).frames]


@pytest.mark.parametrize(("text", "slots"), [
    ("茶小满的芒果冰沙来一杯", {"shop": "茶小满", "item": "芒果冰沙", "quantity": 1}),  # name 的 product
    ("茶小满 乌龙奶茶 少冰", {"shop": "茶小满", "item": "乌龙奶茶", "ice": "less"}),  # leading word, a space
    ("来杯乌龙奶茶 茶小满的", {"shop": "茶小满", "item": "乌龙奶茶", "quantity": 1}),  # trailing X的
    ("山海记 青柠绿 三分糖去冰", {"shop": "山海记", "item": "青柠绿", "sugar": "light", "ice": "none"}),  # bare list
    ("两杯青柠绿", {"item": "青柠绿", "quantity": 2}),  # cups make a drink of an unknown word
])
def test_unknown_shops_and_drinks(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert frames(engine, text) == [("takeout", "order", slots)]


@pytest.mark.parametrize("text", ["少糖的乌龙奶茶", "大杯的乌龙奶茶", "港式的奶茶", "老样子，乌龙奶茶"])
def test_options_and_descriptions_are_no_shop(engine: Engine, text: str) -> None:
    assert "shop" not in frames(engine, text)[0][2]


@pytest.mark.parametrize(("text", "slots"), [
    ("禾丰的奶粉买两罐", {"brand": "禾丰", "item": "奶粉", "quantity": 2, "unit": "罐"}),
    ("买两罐奶粉 禾丰的", {"brand": "禾丰", "item": "奶粉", "quantity": 2, "unit": "罐"}),
    ("来一瓶海天的醋", {"brand": "海天", "item": "醋", "quantity": 1, "unit": "瓶"}),  # known brand, one-character good
])
def test_brands_around_groceries(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert frames(engine, text) == [("grocery", "order", slots)]


def test_fei_inside_a_brand_is_no_flight(engine: Engine) -> None:
    # 飞鹤 is a known maker since round 9: brand + generic noun is split (LABELING.md, like 蒙牛纯牛奶)
    assert frames(engine, "飞鹤奶粉两罐") == [("grocery", "order", {"item": "奶粉", "quantity": 2, "unit": "罐", "brand": "飞鹤"})]


def test_fei_next_to_a_city_is_a_flight(engine: Engine) -> None:
    assert frames(engine, "后天飞昆明") == [("flight", "order", {"to_city": "昆明", "date": "2026-02-08"})]


@pytest.mark.parametrize(("text", "expected"), [
    ("充话费 八十就好", [{"amount": 80}]),  # a bare sum in a top-up
    ("话费，三百", [{"amount": 300}]),
    ("话费不多了 帮我充一下", [{}]),  # 一下 is no sum
    ("给我姐充50话费，给我哥也充30", [{"amount": 50}, {"amount": 30}]),  # one frame per top-up
])
def test_recharge_amounts(engine: Engine, text: str, expected: list[dict[str, Any]]) -> None:
    assert frames(engine, text) == [("recharge", "order", slots) for slots in expected]


@pytest.mark.parametrize(("text", "intent", "slots"), [
    ("我的烤鱼怎么还没来", "track_order", {"order_ref": "烤鱼"}),
    ("咖啡多久能到", "track_order", {"order_ref": "咖啡"}),
    ("刚才那单撤销吧", "cancel_order", {"order_ref": "最近"}),
    ("机票不去了 帮我退订", "cancel_order", {"order_ref": "机票"}),
    ("外卖洒了 我要退货", "refund", {"order_ref": "外卖"}),
    ("看看我的购买记录", "list_orders", {}),
    ("优惠券去哪领", "claim_card", {}),
    ("我的券还有多少", "list_cards", {}),
    ("叫同事一起注册", "invite", {}),
])
def test_account_phrasings(engine: Engine, text: str, intent: str, slots: dict[str, Any]) -> None:
    assert frames(engine, text) == [("account", intent, slots)]


@pytest.mark.parametrize(("text", "normalized"), [
    ("惊震无声 一张", "惊蛰无声 一张"),  # near sound, same initial, in a four-character title
    ("故官的门票", "故宫的门票"),  # two-character sight before a ticket word
])
def test_near_sound_slips_in_names_are_fixed(engine: Engine, text: str, normalized: str) -> None:
    assert engine.normalizer.normalize(text) == normalized


@pytest.mark.parametrize("text", ["牛肉粉一份", "去广州的火车", "汉堡一个", "故官"])
def test_real_words_are_not_corrected(engine: Engine, text: str) -> None:
    assert engine.normalizer.normalize(text) == text


def test_two_tasks_in_one_clause_keep_the_order_said(engine: Engine) -> None:
    assert frames(engine, "看完电影打车去公司") == [("movie", "order", {}), ("taxi", "order", {"to": "公司"})]


@pytest.mark.parametrize("text", ["打车去电影院", "叫辆车从酒店去机场", "打车回酒店"])
def test_a_place_of_another_domain_is_no_second_task(engine: Engine, text: str) -> None:
    assert [d for d, _, _ in frames(engine, text)] == ["taxi"]


@pytest.mark.parametrize(("text", "domain"), [
    ("丽江古城附近 三星", "hotel"),
    ("三星手机 一台", "shopping"),
])
def test_sanxing_is_stars_near_a_place_and_a_brand_with_goods(engine: Engine, text: str, domain: str) -> None:
    assert frames(engine, text)[0][0] == domain


def test_a_city_before_its_airport_is_one_place(engine: Engine) -> None:
    assert frames(engine, "上海浦东飞成都") == [("flight", "order", {"from_city": "上海", "from_airport": "浦东机场",
                                                                      "to_city": "成都"})]


@pytest.mark.parametrize(("word", "expected"), [
    ("路易莎", True), ("五十岚", True), ("少糖", False), ("韩式", False), ("帮我点", False), ("一只", False),
])
def test_what_can_be_a_name(word: str, expected: bool) -> None:
    assert qualifiers.is_name(word) is expected
