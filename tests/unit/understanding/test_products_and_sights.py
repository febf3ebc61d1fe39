"""Dish, drink and goods words by category, products made precise later, sights with ticket types; by hand."""

from __future__ import annotations

from typing import Any

import pytest

from bangwo.understanding.parse import Engine
from bangwo.understanding.sights import typed_counts
from tests.unit.understanding.conftest import FRIDAY_NOON


def frames(engine: Engine, text: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(f.domain, f.intent, f.slots) for f in engine.understand(text, now=FRIDAY_NOON).frames]


@pytest.mark.parametrize(("text", "expected"), [
    ("来一份锅包肉", [("takeout", {"item": "锅包肉", "quantity": 1})]),  # northeastern dish
    ("点一份小炒黄牛肉", [("takeout", {"item": "小炒黄牛肉", "quantity": 1})]),  # Hunan dish
    ("一份肠粉 一份虾饺", [("takeout", {"item": "肠粉", "quantity": 1}), ("takeout", {"item": "虾饺", "quantity": 1})]),
    ("订一份排骨饭", [("takeout", {"item": "排骨饭", "quantity": 1})]),  # 排骨 is grocery, 排骨饭 a dish
    ("买两斤基围虾", [("grocery", {"item": "基围虾", "quantity": 2, "unit": "斤"})]),
    ("买一提卷纸", [("grocery", {"item": "卷纸", "quantity": 1, "unit": "提"})]),
    ("买个扫地机器人", [("shopping", {"query": "扫地机器人", "quantity": 1})]),
])
def test_category_lexicon_words(engine: Engine, text: str, expected: list[tuple[str, dict[str, Any]]]) -> None:
    assert frames(engine, text) == [(d, "order", s) for d, s in expected]


def test_seasoning_with_a_dosage_is_no_product(engine: Engine) -> None:
    assert frames(engine, "羊肉串十串 孜然多放") == [("takeout", "order", {"item": "羊肉串", "quantity": 10})]


def test_flavour_said_after_the_drink_makes_it_precise(engine: Engine) -> None:
    assert frames(engine, "奶茶，珍珠的，半糖") == [("takeout", "order", {"item": "珍珠奶茶", "sugar": "half"})]


def test_general_word_then_the_precise_product_is_one_order(engine: Engine) -> None:
    assert frames(engine, "想吃炒饭了 虾仁炒饭一份") == [("takeout", "order", {"item": "虾仁炒饭", "quantity": 1})]


def test_chain_short_name_maps_to_the_chain(engine: Engine) -> None:
    assert frames(engine, "奈雪的霸气橙子一杯") == [
        ("takeout", "order", {"shop": "奈雪的茶", "item": "霸气橙子", "quantity": 1})]


@pytest.mark.parametrize(("text", "pairs"), [
    ("成人票两张 学生票一张", [("adult", 2), ("student", 1)]),
    ("两张成人一张儿童", [("adult", 2), ("child", 1)]),
    ("两个大人一个小孩", [("adult", 2), ("child", 1)]),
    ("老人票一张", [("senior", 1)]),
    ("儿童票", []),
])
def test_typed_ticket_counts(text: str, pairs: list[tuple[str, int]]) -> None:
    assert typed_counts(text) == pairs


def test_mixed_ticket_types_give_one_frame_per_type(engine: Engine) -> None:
    base = {"name": "颐和园", "date": "2026-02-07"}
    assert frames(engine, "颐和园 明天 学生票两张 成人票一张") == [
        ("attraction", "order", {**base, "ticket_type": "student", "count": 2}),
        ("attraction", "order", {**base, "ticket_type": "adult", "count": 1})]


@pytest.mark.parametrize(("text", "slots"), [
    ("南京博物馆 周六 两张", {"name": "南京博物馆", "city": "南京", "date": "2026-02-07", "count": 2}),
    ("广州塔 明天 一张", {"name": "广州塔", "city": "广州", "date": "2026-02-07", "count": 1}),
    ("杭州宋城千古情 明天 两张", {"name": "宋城千古情", "city": "杭州", "date": "2026-02-07", "count": 2}),
])
def test_city_before_a_sight(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert frames(engine, text) == [("attraction", "order", slots)]


def test_later_clause_elaborating_a_task_joins_it(engine: Engine) -> None:
    assert frames(engine, "看完电影打车回家 电影是封神第二部 晚上7点的") == [
        ("movie", "order", {"movie": "封神第二部", "time": "19:00"}), ("taxi", "order", {"to": "家"})]
