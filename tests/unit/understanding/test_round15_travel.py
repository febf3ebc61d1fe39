"""Failure classes of issue 12, round 15 (travel endpoints and place names): the place before 到/飞 is where a
trip starts even when the end is a town the engine does not know; county-level cities (县级市) and the
remaining prefecture-level cities are cities; towns named by a common word (白银, 五常) and provinces are places
only where a trip starts or ends, and a province said before a town names the town; a 洲/州 slip of a city is
the city, but a rare reading of a city's character is no slip of it (建阳 is no 咸阳); 春节档 is a season of
films, no date.

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read_one_slots as _one


@pytest.mark.parametrize(
    ("text", "domain", "start"),
    [
        ("广州到上杭的火车", "train", "广州"),
        ("明天下午长沙到茶陵的火车票", "train", "长沙"),
        ("深圳飞建阳的机票", "flight", "深圳"),
    ],
)
def test_known_city_before_an_unknown_end_is_where_the_trip_starts(
        engine: Engine, text: str, domain: str, start: str) -> None:
    got_domain, slots = _one(engine, text)
    assert got_domain == domain
    assert slots["from_city"] == start
    assert "to_city" not in slots


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("南昌到贵溪的火车", "南昌", "贵溪"),
        ("从宜昌去当阳的火车", "宜昌", "当阳"),
        ("嘉兴到平湖的火车", "嘉兴", "平湖"),
        ("我人在仁怀，后天去贵阳的火车", "仁怀", "贵阳"),
    ],
)
def test_county_level_cities_are_trip_ends(engine: Engine, text: str, start: str, end: str) -> None:
    slots = _one(engine, text)[1]
    assert (slots["from_city"], slots["to_city"]) == (start, end)


def test_a_county_level_city_is_where_one_stays(engine: Engine) -> None:
    assert _one(engine, "在宜都住一晚") == ("hotel", {"city": "宜都", "nights": 1})


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("银川到青铜峡的火车", "银川", "青铜峡"),
        ("从白银到兰州的动车", "白银", "兰州"),
        ("三亚到东方的火车", "三亚", "东方"),
    ],
)
def test_towns_named_by_common_words_are_trip_ends(engine: Engine, text: str, start: str, end: str) -> None:
    slots = _one(engine, text)[1]
    assert (slots["from_city"], slots["to_city"]) == (start, end)


@pytest.mark.parametrize(
    ("text", "item"),
    [("来两袋五常大米", "五常大米"), ("买一斤龙井", "龙井")],
)
def test_town_words_outside_a_trip_stay_goods(engine: Engine, text: str, item: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "grocery"
    assert slots["item"] == item
    assert "city" not in slots


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("成都飞新疆的机票", "成都", "新疆"),
        ("北京到山东龙口的火车", "北京", "龙口"),
        ("深圳到广东连州的火车", "深圳", "连州"),
        ("武汉到湖南省醴陵的火车", "武汉", "醴陵"),
    ],
)
def test_a_province_is_a_trip_end_unless_a_town_follows(engine: Engine, text: str, start: str, end: str) -> None:
    slots = _one(engine, text)[1]
    assert (slots["from_city"], slots["to_city"]) == (start, end)


def test_what_one_does_in_a_province_is_no_town(engine: Engine) -> None:
    assert _one(engine, "去西藏旅游的机票")[1]["to_city"] == "西藏"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("常洲到无锡的高铁", "常州", "无锡"), ("扬洲到南京的动车", "扬州", "南京"), ("青岛飞苏洲", "青岛", "苏州")],
)
def test_zhou_slips_of_a_city_are_the_city(engine: Engine, text: str, start: str, end: str) -> None:
    slots = _one(engine, text)[1]
    assert (slots["from_city"], slots["to_city"]) == (start, end)


def test_a_city_read_as_its_name_is_read_is_still_corrected(engine: Engine) -> None:
    assert _one(engine, "后天成督飞三亚")[1]["from_city"] == "成都"  # 都 is du in 成都


def test_spring_festival_season_of_films_is_no_date(engine: Engine) -> None:
    assert _one(engine, "春节档上映的电影有哪些") == ("movie", {})
    assert _one(engine, "春节那天的电影票")[1]["date"] == "2026-02-17"


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("西宁-白银 一张", {"from_city": "西宁", "to_city": "白银", "passengers": 1}),
        ("回老家东阳的火车", {"to_city": "东阳"}),
    ],
)
def test_a_dash_or_a_hometown_marks_a_trip_end(engine: Engine, text: str, slots: dict[str, object]) -> None:
    assert _one(engine, text) == ("train", slots)
