"""Failure classes of issue 12, round 16 (travel leftovers): an errand said after a ride's end (买点东西,
剪个头发, 存点钱) is no part of the place, and an errand alone (打车去买菜) names no place; 去一下/去一趟
before a spaced place still says where the ride goes; an airport's short name with a terminal (首都T3, 咸阳T2)
is the airport a flight leaves from, though 首都 alone stays a common word; 列车 names a train outright, so a
far trip by 列车 is by rail, not by air.

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read_one_slots as _one


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("叫个车去物美超市买点零食", "物美超市"),
        ("帮我打车到建设银行存个钱", "建设银行"),
        ("约辆车去美发店理个发", "美发店"),
        ("打车去快递站寄点东西", "快递站"),
        ("叫辆车去汽修厂修个车", "汽修厂"),
        ("叫个车去奥特莱斯囤点衣服", "奥特莱斯"),
    ],
)
def test_errand_after_the_end_is_no_part_of_the_place(engine: Engine, text: str, end: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "taxi"
    assert slots.get("to") == end


def test_errand_alone_names_no_place(engine: Engine) -> None:
    domain, slots = _one(engine, "帮我叫个车去买点菜")
    assert domain == "taxi"
    assert "to" not in slots


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("去一下 海岸城 帮我叫辆车", "海岸城"),
        ("打个车去一趟 中关村", "中关村"),
        ("叫个车 去一下 儿童医院", "儿童医院"),
    ],
)
def test_end_after_going_briefly_with_a_pause(engine: Engine, text: str, end: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "taxi"
    assert slots.get("to") == end


@pytest.mark.parametrize(
    ("text", "city", "airport", "to"),
    [
        ("首都T2飞哈尔滨", "北京", "首都机场", "哈尔滨"),
        ("下周五首都T3去贵阳的机票", "北京", "首都机场", "贵阳"),
        ("咸阳T3飞大连的航班", "西安", "咸阳机场", "大连"),
    ],
)
def test_short_airport_name_with_a_terminal_is_the_airport(
        engine: Engine, text: str, city: str, airport: str, to: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "flight"
    assert (slots.get("from_city"), slots.get("from_airport"), slots.get("to_city")) == (city, airport, to)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("南宁到北京的列车", "南宁", "北京"),
        ("请问大连去成都的列车", "大连", "成都"),
        ("帮我查查乌鲁木齐到上海的列车", "乌鲁木齐", "上海"),
    ],
)
def test_lieche_is_a_train_however_far(engine: Engine, text: str, start: str, end: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "train"
    assert (slots.get("from_city"), slots.get("to_city")) == (start, end)
