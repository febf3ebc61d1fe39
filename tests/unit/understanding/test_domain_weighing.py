"""The domain a sentence is about, weighed over all of it: one test per failure class of issue 12.

Every sentence is written for these tests; the classes are shared grade words, rides whose ends name a
hotel or a restaurant, background clauses, slips of domain words, brand-led goods and titles without marks.
"""

from __future__ import annotations

from typing import Any

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON


def frames(engine: Engine, text: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(f.domain, f.intent, f.slots) for f in engine.understand(text, now=FRIDAY_NOON).frames]


@pytest.mark.parametrize(("text", "expected"), [
    ("找个豪华型的宾馆 住在成都", [("hotel", "order", {"city": "成都"})]),
    ("后天晚上经济型酒店 厦门", [("hotel", "order", {"city": "厦门", "check_in": "2026-02-08"})]),
    ("要一辆豪华型的车去火车站", [("taxi", "order", {"car_type": "premium", "to": "火车站"})]),
])
def test_a_grade_word_belongs_to_the_noun_it_qualifies(engine: Engine, text: str, expected: Any) -> None:
    assert frames(engine, text) == expected


@pytest.mark.parametrize(("text", "slots"), [
    ("帮我叫个车，从西贝到亚朵酒店", {"from": "西贝", "to": "亚朵酒店"}),
    ("打车从全季酒店去南站", {"from": "全季酒店", "to": "南站"}),
    ("叫辆车去必胜客吃饭", {"to": "必胜客"}),
    ("我在汉庭酒店楼下，叫个车去火车站", {"from": "汉庭酒店楼下", "to": "火车站"}),
])
def test_a_ride_to_or_from_a_hotel_or_restaurant_is_a_ride(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert frames(engine, text) == [("taxi", "order", slots)]


def test_grandma_s_restaurant_is_no_home(engine: Engine) -> None:
    assert frames(engine, "从外婆家打车回公司") == [("taxi", "order", {"from": "外婆家", "to": "公司"})]


@pytest.mark.parametrize(("text", "expected"), [
    ("酒店都订好了，明天想去个景点逛逛", [("attraction", "order", {"date": "2026-02-07"})]),
    ("机票早就买好了，帮我叫辆车去机场", [("taxi", "order", {"to": "机场"})]),
    ("周一去南京开会，帮我订一晚新街口的酒店",
     [("hotel", "order", {"nights": 1, "city": "南京", "near": "新街口", "check_in": "2026-02-09"})]),
    ("周五去广州见客户，订周四晚上的酒店", [("hotel", "order", {"city": "广州", "check_in": "2026-02-12"})]),
    ("牛奶喝完了，再买一箱鸡蛋", [("grocery", "order", {"item": "鸡蛋", "quantity": 1, "unit": "箱"})]),
])
def test_a_clause_of_background_is_no_task(engine: Engine, text: str, expected: Any) -> None:
    assert frames(engine, text) == expected


@pytest.mark.parametrize(("text", "normalized"), [
    ("帮我订个酒电 在苏州", "帮我订个酒店 在苏州"),
    ("买张去西安的鸡票", "买张去西安的机票"),
    ("两张电影漂 熊出没", "两张电影票 熊出没"),
    ("来杯咖非", "来杯咖啡"),
])
def test_a_slip_of_a_domain_word_is_corrected(engine: Engine, text: str, normalized: str) -> None:
    assert engine.understand(text, now=FRIDAY_NOON).normalized == normalized


@pytest.mark.parametrize("text", ["我们平时的花费不多", "叫辆大车", "这是一家老店"])
def test_words_that_sound_alike_with_another_tone_stay(engine: Engine, text: str) -> None:
    assert engine.understand(text, now=FRIDAY_NOON).normalized == text


@pytest.mark.parametrize(("text", "slots"), [
    ("燕京啤酒买两箱", {"item": "啤酒", "brand": "燕京", "quantity": 2, "unit": "箱"}),
    ("来一提雪花啤酒", {"item": "啤酒", "brand": "雪花", "quantity": 1, "unit": "提"}),
    ("雪碧来一箱", {"item": "雪碧", "quantity": 1, "unit": "箱"}),
])
def test_brand_led_goods(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert frames(engine, text) == [("grocery", "order", slots)]


@pytest.mark.parametrize(("text", "slots"), [
    ("要杜比版的夜航船 两张", {"format": "杜比", "movie": "夜航船", "count": 2}),
    ("看夜航船tonight", {"movie": "夜航船", "date": "2026-02-06", "time_window": "evening"}),
    ("订两张周日下午的夜航船", {"count": 2, "date": "2026-02-08", "time_window": "afternoon", "movie": "夜航船"}),
    ("三张夜航船 前排", {"count": 3, "seat": "front", "movie": "夜航船"}),
])
def test_a_title_without_marks_keeps_only_its_words(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert frames(engine, text) == [("movie", "order", slots)]


@pytest.mark.parametrize(("text", "domain"), [
    ("去黑河的火车", "train"), ("周五飞喀什", "flight"), ("北京到和田 后天", "flight"), ("衢州到丽水 明早", "train"),
])
def test_rare_cities_are_cities(engine: Engine, text: str, domain: str) -> None:
    assert frames(engine, text)[0][0] == domain


@pytest.mark.parametrize(("polite", "plain"), [
    ("麻烦帮我订两张周六的夜航船，谢谢", "帮我订两张周六的夜航船"),
    ("请给我来杯冻柠茶吧", "给我来杯冻柠茶"),
    ("你好，明晚苏州的酒店，辛苦了", "明晚苏州的酒店"),
])
def test_courtesy_around_a_request_changes_nothing(engine: Engine, polite: str, plain: str) -> None:
    assert frames(engine, polite) == frames(engine, plain)


@pytest.mark.parametrize(("text", "slots"), [
    ("周三一间 青岛的酒店", {"rooms": 1, "city": "青岛", "check_in": "2026-02-11"}),
    ("周六一晚 外滩附近的民宿", {"nights": 1, "near": "外滩", "check_in": "2026-02-07"}),
])
def test_a_count_after_a_day_is_no_part_of_the_day(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert frames(engine, text) == [("hotel", "order", slots)]
