"""Failure classes of issue 12, round 15 (decisions across domains, film titles): a ride to a store, a cinema or a
stay said with a bare ride or a car grade (优享); going to an airport with no flight word is a ride; a terminal said
after an airport's short name (浦东T2) is no train number; a room by its kind (家庭房) or a room of a place is a
stay; ticket kinds and counts beside a trip say who travels; a film introduced by its name (一部叫X的电影) or with a
format right after it; 要不要提前预约 and 还有没有 at a question's end are questions.

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read, read_one


@pytest.mark.parametrize(("text", "to"), [
    ("一会儿去华润万家超市 帮我叫个车", "华润万家超市"),
    ("去UME影城 帮我打辆车", "UME影城"),
    ("叫个优享回民宿", "民宿"),
    ("到汉庭酒店 帮我喊个经济型", "汉庭酒店"),
])
def test_a_ride_to_a_store_cinema_or_stay(engine: Engine, text: str, to: str) -> None:
    domain, _intent, slots = read_one(engine, text)
    assert domain == "taxi"
    assert slots["to"] == to


def test_a_cinema_gone_to_for_a_film_then_a_bare_ride(engine: Engine) -> None:
    domain, _intent, slots = read_one(engine, "下午四点去金逸影城看个电影 叫辆车")
    assert (domain, slots["to"], slots["when"]) == ("taxi", "金逸影城", "16:00")


@pytest.mark.parametrize(("text", "to", "when"), [
    ("晚上十一点去宝安机场", "宝安机场", "23:00"),
    ("下午五点到天府机场", "天府机场", "17:00"),
])
def test_going_to_an_airport_with_no_flight_word_is_a_ride(engine: Engine, text: str, to: str, when: str) -> None:
    domain, _intent, slots = read_one(engine, text)
    assert (domain, slots["to"], slots["when"]) == ("taxi", to, when)


def test_an_airport_with_a_flight_word_stays_a_flight(engine: Engine) -> None:
    domain, _intent, slots = read_one(engine, "后天去宝安机场的航班")
    assert domain == "flight"
    assert slots["to_airport"] == "宝安机场"


@pytest.mark.parametrize("text", ["萧山T3飞西安", "明天白云T1飞重庆"])
def test_a_terminal_after_an_airports_short_name_is_no_train(engine: Engine, text: str) -> None:
    domain, _intent, slots = read_one(engine, text)
    assert domain == "flight"
    assert "train_no" not in slots


@pytest.mark.parametrize(("text", "near"), [
    ("订个湖景房 下周一入住", None),
    ("订间南京夫子庙附近的房", "夫子庙"),
])
def test_a_room_by_its_kind_or_place_is_a_stay(engine: Engine, text: str, near: str | None) -> None:
    domain, _intent, slots = read_one(engine, text)
    assert domain == "hotel"
    assert slots.get("near") == near


@pytest.mark.parametrize(("text", "passengers"), [
    ("成人票一张 学生票两张 周日去南京的高铁", 3),
    ("后天飞厦门的机票 大人三个 小孩一个", 4),
])
def test_ticket_kinds_beside_a_trip_count_its_passengers(engine: Engine, text: str, passengers: int) -> None:
    domain, _intent, slots = read_one(engine, text)
    assert domain in ("train", "flight")
    assert slots["passengers"] == passengers


def test_ticket_kinds_beside_a_sight_stay_sight_tickets(engine: Engine) -> None:
    frames = read(engine, "两张成人票一张儿童票 周日去颐和园")
    assert [(d, s.get("ticket_type")) for d, _i, s in frames] == [("attraction", "adult"), ("attraction", "child")]


@pytest.mark.parametrize(("text", "title"), [
    ("想看一部叫落日余晖的电影", "落日余晖"),
    ("有部片子叫雾中行者 明晚两张", "雾中行者"),
    ("那个叫千里江山的片子还有票吗", "千里江山"),
    ("看热辣滚烫IMAX 今晚", "热辣滚烫"),
    ("看笨小孩的春天3D", "笨小孩的春天"),
])
def test_a_film_introduced_by_its_name_or_followed_by_a_format(engine: Engine, text: str, title: str) -> None:
    domain, _intent, slots = read_one(engine, text)
    assert domain == "movie"
    assert slots["movie"] == title


@pytest.mark.parametrize(("text", "ask"), [
    ("黄鹤楼要不要提前预约", "other"),
    ("天坛需不需要预约", "other"),
    ("明天去重庆的动车还有没有", "availability"),
    ("大后天飞西安的航班还有没有呢", "availability"),
])
def test_booking_rules_and_seats_left_are_asked(engine: Engine, text: str, ask: str) -> None:
    _domain, intent, slots = read_one(engine, text)
    assert intent == "info"
    assert slots["ask"] == ask


def test_booking_a_visit_is_an_order(engine: Engine) -> None:
    domain, intent, _slots = read_one(engine, "我要预约天坛 后天")
    assert (domain, intent) == ("attraction", "order")


@pytest.mark.parametrize("text", ["打车去永辉买点水果", "我一会要去物美买东西，可以帮我叫辆车吗"])
def test_shopping_at_a_stores_end_is_a_ride(engine: Engine, text: str) -> None:
    assert [d for d, _i, _s in read(engine, text)] == ["taxi"]


def test_a_ride_after_a_film_watched_goes_home(engine: Engine) -> None:
    domain, _intent, slots = read_one(engine, "看完电影要回宾馆，帮我叫个七座的车")
    assert (domain, slots["to"], slots["car_type"]) == ("taxi", "宾馆", "xl")


def test_a_bare_ticket_kind_after_a_trip_is_its_ticket(engine: Engine) -> None:
    assert [d for d, _i, _s in read(engine, "帮我订一张后天去苏州的票，学生票")] == ["train"]


def test_an_errand_at_the_store_a_ride_goes_to_orders_nothing(engine: Engine) -> None:
    assert [d for d, _i, _s in read(engine, "叫辆车去大润发，买点水果")] == ["taxi"]


def test_a_film_looked_up_then_asked_about_is_a_question(engine: Engine) -> None:
    domain, intent, slots = read_one(engine, "帮我搜一部叫海边来信的电影 看看今晚有没有场")
    assert (domain, intent, slots["ask"]) == ("movie", "info", "availability")


def test_a_kind_of_room_asked_for_with_place_and_day_after(engine: Engine) -> None:
    domain, intent, slots = read_one(engine, "还有没有江景房 重庆 周六")
    assert (domain, intent, slots["ask"], slots["city"]) == ("hotel", "info", "availability", "重庆")


def test_a_standard_room_is_a_stay(engine: Engine) -> None:
    domain, _intent, _slots = read_one(engine, "帮我订个双人间 后天 鼓楼附近")
    assert domain == "hotel"


def test_a_plan_to_see_a_film_before_a_ride_is_no_ticket(engine: Engine) -> None:
    domain, _intent, slots = read_one(engine, "一会儿要去看电影 帮我叫个车去博纳影城")
    assert (domain, slots["to"]) == ("taxi", "博纳影城")
