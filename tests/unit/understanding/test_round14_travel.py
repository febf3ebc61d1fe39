"""Every sentence is written for these tests; none is taken from a measured set or a probe file.

Failure classes of issue 12, round 14 (trips and rides): an airport said after 降落/落地, or after its city said
before (回北京…落地大兴机场), is where the flight ends; 上海虹桥 and 西安咸阳 on a flight are airports; 我在X is where a
trip starts; 10号出发, 15号入住, 15號台南 are days; a bare day of return after a departure date lies after it; 八点过五分
is 20:05; 两个人加一个小孩 are three; a car word that begins a place's name (去快车道旁边) or is refused (不拼车) is no
kind of car; 人民广场就行 ends at 人民广场; a place said first in its clause before 到/去 (国贸到三里屯) starts the
ride; 在莫干山住 names where one stays.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import SHANGHAI, one_slots


@pytest.mark.parametrize(("text", "city", "airport"), [
    ("初五回广州的机票 降落白云机场", "广州", "白云机场"),
    ("后天去深圳的航班，落地宝安机场那种", "深圳", "宝安机场"),
])
def test_airport_of_the_city_flown_to(engine: Engine, text: str, city: str, airport: str) -> None:
    slots = one_slots(engine, text)
    assert (slots["to_city"], slots["to_airport"]) == (city, airport)
    assert "from_city" not in slots


def test_airport_after_a_leg_to_its_city_is_not_split_off(engine: Engine) -> None:
    slots = one_slots(engine, "成都飞北京，到首都机场")
    assert (slots["from_city"], slots["to_city"], slots["to_airport"]) == ("成都", "北京", "首都机场")


@pytest.mark.parametrize(("text", "role", "airport"), [
    ("下周一从上海虹桥飞厦门", "from", "虹桥机场"),
    ("周六 成都飞西安咸阳", "to", "咸阳机场"),
])
def test_airport_called_after_a_station_or_a_nearby_city(engine: Engine, text: str, role: str, airport: str) -> None:
    assert one_slots(engine, text)[f"{role}_airport"] == airport


def test_station_of_a_train_stays_a_station(engine: Engine) -> None:
    slots = one_slots(engine, "明天上海虹桥到苏州的高铁")
    assert slots["from_station"] == "上海虹桥"
    assert "from_airport" not in slots


@pytest.mark.parametrize("text", ["我在南昌 后天回老家的火车票帮我看下", "我现在人在青岛，想飞去成都"])
def test_where_i_am_starts_the_trip(engine: Engine, text: str) -> None:
    slots = one_slots(engine, text)
    assert slots["from_city"] in ("南昌", "青岛")
    assert slots.get("to_city") != slots["from_city"]


@pytest.mark.parametrize(("text", "key", "day"), [
    ("18号出发去长沙的动车", "date", "2026-02-18"),
    ("订个酒店，20号入住", "check_in", "2026-02-20"),
    ("帮我看一下12號台中到高雄的高鐵", "date", "2026-02-12"),
])
def test_day_said_before_leaving_or_checking_in(engine: Engine, text: str, key: str, day: str) -> None:
    assert one_slots(engine, text)[key] == day


def test_bare_day_of_return_is_after_leaving(engine: Engine) -> None:
    slots = one_slots(engine, "3月26号去成都 2号回 往返机票")
    assert (slots["date"], slots["return_date"]) == ("2026-03-26", "2026-04-02")


def test_minutes_past_the_hour(engine: Engine) -> None:
    assert one_slots(engine, "九点过十分叫车去公司")["when"] == "21:10"


def test_people_plus_a_child(engine: Engine) -> None:
    assert one_slots(engine, "大后天飞昆明 三个人加一个小孩")["passengers"] == 4


@pytest.mark.parametrize(("text", "to"), [
    ("叫个车去快车道边上的停车场", "快车道边上的停车场"),
    ("打车去专车之家", "专车之家"),
])
def test_car_word_starting_a_place_is_no_car_type(engine: Engine, text: str, to: str) -> None:
    slots = one_slots(engine, text)
    assert slots["to"] == to
    assert "car_type" not in slots


@pytest.mark.parametrize("text", ["去南站 不拼车", "叫个车去医院，不用专车"])
def test_refused_car_type_is_no_car_type(engine: Engine, text: str) -> None:
    assert "car_type" not in one_slots(engine, text)


def test_ride_end_without_its_closing_words(engine: Engine) -> None:
    assert one_slots(engine, "送我到世纪公园就好")["to"] == "世纪公园"


@pytest.mark.parametrize(("text", "start", "end"), [
    ("望京到三元桥 帮我叫个车", "望京", "三元桥"),
    ("晚上九点 酒吧到酒店 打个车", "酒吧", "酒店"),
])
def test_place_said_first_before_its_end_starts_the_ride(engine: Engine, text: str, start: str, end: str) -> None:
    slots = one_slots(engine, text)
    assert (slots["from"], slots["to"]) == (start, end)


@pytest.mark.parametrize("text", ["待会儿去机场 叫个车", "半小时以后去火车站 帮我约车", "一家人去动物园 叫个七座的车"])
def test_no_start_from_time_or_people_words(engine: Engine, text: str) -> None:
    assert "from" not in one_slots(engine, text)


def test_place_one_stays_at(engine: Engine) -> None:
    slots = one_slots(engine, "下周想在千岛湖住两晚 帮我看看民宿")
    assert (slots["near"], slots["nights"]) == ("千岛湖", 2)


@pytest.mark.parametrize("text", ["明天去长沙的高铁 最早那班不要", "后天去苏州 第一班太早了 动车"])
def test_refused_sort_is_no_sort(engine: Engine, text: str) -> None:
    assert "sort" not in one_slots(engine, text)


@pytest.mark.parametrize(("text", "kind"), [
    ("后天去青岛 要D开头的", "D"),
    ("帮我看看去合肥的G车 明天", "G"),
])
def test_kind_of_train_by_its_letter(engine: Engine, text: str, kind: str) -> None:
    assert one_slots(engine, text)["train_type"] == kind


@pytest.mark.parametrize(("text", "rooms"), [
    ("房间订两个 厦门的酒店 周六", 2),
    ("要俩房间 今晚 酒店", 2),
    ("酒店开四个房 明天", 4),
    ("一个双床一个大床 后天住酒店", 2),
])
def test_rooms_counted_in_other_forms(engine: Engine, text: str, rooms: int) -> None:
    assert one_slots(engine, text)["rooms"] == rooms


def test_nights_said_with_evenings(engine: Engine) -> None:
    assert one_slots(engine, "酒店订三晚上 下周一入住")["nights"] == 3


def test_price_of_an_evening_is_no_night(engine: Engine) -> None:
    assert "nights" not in one_slots(engine, "外滩的酒店一晚上大概多少钱")


def test_city_and_sight_before_the_scenic_area_word(engine: Engine) -> None:
    slots = one_slots(engine, "苏州拙政园景区的门票两张")
    assert (slots["city"], slots["name"]) == ("苏州", "拙政园景区")


def test_ride_end_without_the_asking_hedge(engine: Engine) -> None:
    assert one_slots(engine, "从公司打车到虹桥站大约多久")["to"] == "虹桥站"


def test_month_and_day_with_a_dot(engine: Engine) -> None:
    assert one_slots(engine, "3.18去重庆的机票")["date"] == "2026-03-18"


def test_price_with_a_dot_is_no_date(engine: Engine) -> None:
    assert "date" not in one_slots(engine, "去重庆的机票 2.50元的那种不要")


def test_ride_verb_mistyped_as_a_big_car(engine: Engine) -> None:
    slots = one_slots(engine, "帮我大车到人民医院")
    assert slots["to"] == "人民医院"
    assert "car_type" not in slots


def test_big_car_asked_for_stays(engine: Engine) -> None:
    assert one_slots(engine, "叫辆大车去南站 行李多")["car_type"] == "xl"


def test_high_speed_train_mistyped(engine: Engine) -> None:
    assert one_slots(engine, "帮我看下明天去合肥的搞铁")["train_type"] == "G"


def test_bare_hour_after_its_evening_twin_is_in_the_night(engine: Engine) -> None:
    late = datetime(2026, 12, 30, 22, 0, tzinfo=SHANGHAI)
    assert one_slots(engine, "2点叫个车回宿舍", late)["when"] == "02:00"


@pytest.mark.parametrize(("text", "near"), [
    ("南昌八一广场附近的酒店 明天", "八一广场"),
    ("长沙五一大道的全季 住一晚", "五一大道"),
    ("地铁十一号线附近的酒店", "地铁十一号线"),
])
def test_place_named_after_a_day_is_no_date(engine: Engine, text: str, near: str) -> None:
    slots = one_slots(engine, text)
    assert slots["near"] == near
    assert slots.get("check_in") != "2026-05-01"
    assert slots.get("check_in") != "2026-10-01"


@pytest.mark.parametrize(("text", "key", "clock"), [
    ("今晚 9pm 的封神 两张", "time", "21:00"),
    ("明天 7:15am 叫车去机场", "when", "07:15"),
])
def test_hour_said_in_english(engine: Engine, text: str, key: str, clock: str) -> None:
    assert one_slots(engine, text)[key] == clock


@pytest.mark.parametrize(("text", "day"), [("Mar 8 去成都的机票", "2026-03-08"), ("10th April 飞曼谷", "2026-04-10")])
def test_english_month_and_day(engine: Engine, text: str, day: str) -> None:
    assert one_slots(engine, text)["date"] == day


def test_model_name_is_no_english_month(engine: Engine) -> None:
    assert "date" not in one_slots(engine, "华为nova11 买一台")


def test_tickets_of_each_kind_all_travel(engine: Engine) -> None:
    assert one_slots(engine, "订一张大人一张小孩 后天飞大连")["passengers"] == 2


def test_main_gate_ticket_is_no_part_of_the_name(engine: Engine) -> None:
    assert one_slots(engine, "长隆欢乐世界大门票两张")["name"] == "长隆欢乐世界"


@pytest.mark.parametrize("text", ["坐动车去厦门最快要多久", "去无锡的高铁最便宜多少钱"])
def test_best_asked_about_is_no_sort(engine: Engine, text: str) -> None:
    assert "sort" not in one_slots(engine, text)


def test_cheapest_one_ordered_keeps_its_sort(engine: Engine) -> None:
    assert one_slots(engine, "后天最便宜的去大连的机票")["sort"] == "cheapest"


def test_new_place_gone_to_without_its_description(engine: Engine) -> None:
    assert one_slots(engine, "叫车去新开的环球港")["to"] == "环球港"


@pytest.mark.parametrize("text", ["后天飞昆明 不要中转", "直达的航班 广州到哈尔滨"])
def test_flight_without_a_stop(engine: Engine, text: str) -> None:
    assert one_slots(engine, text)["direct"] is True


def test_city_then_the_short_name_of_its_airport(engine: Engine) -> None:
    slots = one_slots(engine, "北京首都飞西安 下周一")
    assert (slots["from_city"], slots["from_airport"]) == ("北京", "首都机场")


@pytest.mark.parametrize("text", ["在酒店住两晚 杭州的", "我们在当地住三晚 帮我订酒店"])
def test_kind_of_stay_or_relative_place_is_no_landmark(engine: Engine, text: str) -> None:
    assert "near" not in one_slots(engine, text)


@pytest.mark.parametrize("text", ["开完会去火车站 叫个车", "快递送到家以后叫车去机场"])
def test_no_place_said_first_starts_no_ride(engine: Engine, text: str) -> None:
    assert "from" not in one_slots(engine, text)


def test_rooms_counted_after_their_kind(engine: Engine) -> None:
    slots = one_slots(engine, "标准间要两个 周日入住 酒店")
    assert (slots["rooms"], slots["room_type"]) == (2, "twin")


def test_round_trip_over_a_range_of_days(engine: Engine) -> None:
    slots = one_slots(engine, "3月2号到3月6号 成都往返机票")
    assert (slots["date"], slots["return_date"]) == ("2026-03-02", "2026-03-06")
