"""General rules behind trips, rides, sights, dates and products; expectations computed by hand.

Reference: Friday 2026-02-06 12:00 (除夕 2026-02-16, 元宵 2026-03-03).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bangwo.understanding import times
from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON


def frames(engine: Engine, text: str) -> list[tuple[str, dict[str, Any]]]:
    return [(f.domain, f.slots) for f in engine.understand(text, now=FRIDAY_NOON).frames]


@pytest.mark.parametrize(("text", "expected"), [
    # No 机票/高铁 said: far apart (> 1200 km) is flown, near is by rail.
    ("1月2号 北京到广州", [("flight", {"from_city": "北京", "to_city": "广州", "date": "2027-01-02"})]),
    ("北京到上海 明天上午", [("train", {"from_city": "北京", "to_city": "上海", "date": "2026-02-07",
                                  "time_window": "morning"})]),
    ("周五 台北到花莲", [("train", {"from_city": "台北", "to_city": "花莲", "date": "2026-02-06"})]),
    ("桃园机场飞东京 下周三", [("flight", {"from_city": "桃园", "from_airport": "桃园机场", "to_city": "东京",
                                    "date": "2026-02-11"})]),
    # Airports by their short names.
    ("今天下午从浦东飞广州", [("flight", {"from_city": "上海", "from_airport": "浦东机场", "to_city": "广州",
                                  "date": "2026-02-06", "time_window": "afternoon"})]),
    # Two stations are a train, even without 高铁.
    ("北京南站到上海虹桥站", [("train", {"from_city": "北京", "from_station": "北京南", "to_city": "上海",
                                   "to_station": "上海虹桥"})]),
])
def test_trips_without_a_mode_word(engine: Engine, text: str, expected: list[tuple[str, dict[str, Any]]]) -> None:
    assert frames(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("从公司到火车东站", [("taxi", {"from": "公司", "to": "火车东站"})]),
    ("我在东门 叫车去世贸", [("taxi", {"from": "东门", "to": "世贸"})]),
    ("十分钟后到楼下接我 去火车站", [("taxi", {"to": "火车站"})]),
    ("从家里出发 去高铁站 明早六点", [("taxi", {"from": "家", "to": "高铁站", "date": "2026-02-07", "when": "06:00"})]),
    ("去T2航站楼 舒适型的车", [("taxi", {"to": "T2航站楼", "car_type": "comfort"})]),
])
def test_rides_keep_their_places_as_said(engine: Engine, text: str, expected: list[tuple[str, dict[str, Any]]]) -> None:
    assert frames(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("去颐和园 学生 一张", [("attraction", {"name": "颐和园", "ticket_type": "student", "count": 1})]),
    ("情人节去迪士尼", [("attraction", {"name": "迪士尼", "date": "2026-02-14"})]),
    ("黄山门票 下周六", [("attraction", {"name": "黄山", "date": "2026-02-14"})]),
    ("重庆洪崖洞附近 今晚", [("hotel", {"city": "重庆", "near": "洪崖洞", "check_in": "2026-02-06"})]),
    ("住三天 台中逢甲夜市附近", [("hotel", {"nights": 3, "city": "台中", "near": "逢甲夜市"})]),
    ("昆明 翠湖边 住一礼拜", [("hotel", {"nights": 7, "city": "昆明", "near": "翠湖"})]),
    ("帮我看看下周三杭州西湖附近的酒店", [("hotel", {"city": "杭州", "near": "西湖", "check_in": "2026-02-11"})]),
])
def test_sights_and_stays(engine: Engine, text: str, expected: list[tuple[str, dict[str, Any]]]) -> None:
    assert frames(engine, text) == expected


def _dates(text: str) -> list[str]:
    return [d.value.isoformat() for d in times.scan(text, now=FRIDAY_NOON).dates]


@pytest.mark.parametrize(("text", "expected"), [
    ("除夕前一天", ["2026-02-15"]),
    ("元宵节后两天", ["2026-03-05"]),
    ("12月24号到26号", ["2026-12-24", "2026-12-26"]),
    ("除夕当天", ["2026-02-16"]),
    ("过年回家的票 腊月二十八", ["2026-02-15"]),
    ("春节", ["2026-02-17"]),
])
def test_date_offsets_ranges_and_same_day_words(text: str, expected: list[str]) -> None:
    assert _dates(text) == expected


def test_two_words_for_one_day_are_one_date() -> None:
    eve = datetime(2026, 2, 15, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert [d.value.isoformat() for d in times.scan("明天除夕 回长沙", now=eve).dates] == ["2026-02-16"]


def test_a_window_after_a_weekday_is_not_eaten_by_it() -> None:
    scan = times.scan("周一早上", now=FRIDAY_NOON)
    assert [w.window for w in scan.windows] == ["morning"]


def test_a_clock_minute_is_a_number_of_minutes_not_the_next_word() -> None:
    clocks = times.scan("下午两点万达", now=datetime(2026, 2, 6, 12, tzinfo=ZoneInfo("Asia/Shanghai"))).clocks
    assert [(c.hour, c.minute, c.window) for c in clocks] == [(2, 0, "afternoon")]


@pytest.mark.parametrize(("text", "expected"), [
    ("来份牛肉面，不要香菜", [("takeout", {"item": "牛肉面", "quantity": 1})]),
    ("两碗牛肉面一碗加辣一碗不加", [("takeout", {"item": "牛肉面", "quantity": 2})]),
    ("买箱牛奶", [("grocery", {"item": "牛奶", "quantity": 1, "unit": "箱"})]),
    ("冰红茶一箱", [("grocery", {"item": "冰红茶", "quantity": 1, "unit": "箱"})]),
    ("鸭血粉丝汤 一份", [("takeout", {"item": "鸭血粉丝汤", "quantity": 1})]),
    ("买五斤马铃薯", [("grocery", {"item": "马铃薯", "quantity": 5, "unit": "斤"})]),
    ("给我点个早餐，包子豆浆", [("takeout", {"item": "包子"}), ("takeout", {"item": "豆浆"})]),
    ("情人节订两张电影票和一束花", [("movie", {"count": 2, "date": "2026-02-14"}),
                              ("shopping", {"query": "花", "quantity": 1})]),
])
def test_products(engine: Engine, text: str, expected: list[tuple[str, dict[str, Any]]]) -> None:
    assert frames(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("下周一的星河入梦", [("movie", {"movie": "星河入梦", "date": "2026-02-09"})]),
    ("我要看3D的惊蛰无声，前排不要", [("movie", {"movie": "惊蛰无声", "format": "3D"})]),
    ("今天会下雨吗", [("chat", {})]),
])
def test_titles_and_unwanted_seats(engine: Engine, text: str, expected: list[tuple[str, dict[str, Any]]]) -> None:
    assert frames(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A place before 到 starts the trip even when 直飞 reads as "fly to" it.
    ("直飞 厦门到西安 后天", [("flight", {"direct": True, "from_city": "厦门", "to_city": "西安",
                                    "date": "2026-02-08"})]),
    ("没有经停的 深圳飞大连", [("flight", {"direct": True, "from_city": "深圳", "to_city": "大连"})]),
    # Drink options are not spread onto food ordered with the drink.
    ("来份薯条 一杯柠檬水 去冰", [("takeout", {"item": "薯条", "quantity": 1}),
                            ("takeout", {"item": "柠檬水", "quantity": 1, "ice": "none"})]),
    # How much of something goes in is no product; a shop named after its dish sells that dish.
    ("一份炒饭 葱多一点", [("takeout", {"item": "炒饭", "quantity": 1})]),
    ("张亮麻辣烫三份", [("takeout", {"shop": "张亮", "item": "麻辣烫", "quantity": 3})]),
    # A goods word before 粉/面 names a dish; a cuisine is no product to count.
    ("来一份羊肉面", [("takeout", {"item": "羊肉面", "quantity": 1})]),
    ("点份粤菜 白切鸡", [("takeout", {"item": "白切鸡"})]),
    # Sights listed side by side are one task each.
    ("天坛 颐和园 门票 周日 各三张", [("attraction", {"name": "天坛", "count": 3, "date": "2026-02-08"}),
                                ("attraction", {"name": "颐和园", "count": 3, "date": "2026-02-08"})]),
    ("我的酒店订单怎么还没收到确认", [("account", {"order_ref": "酒店"})]),
])
def test_general_rules_of_routes_products_and_sights(engine: Engine, text: str,
                                                     expected: list[tuple[str, dict[str, Any]]]) -> None:
    assert frames(engine, text) == expected
