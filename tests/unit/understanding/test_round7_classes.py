"""Failure classes of issue 12, round 7 (rides and sight tickets): a ride's start that ends in 吧 or is a
long place (地铁站 exits), a sight named after a date or a wish (明天|海洋公园, 周日想去|海洋公园), a show
named after its place (印象西湖), a sight said only to locate the one asked for (外滩那边的东方明珠), and an
open park name followed by what one does there (恐龙园玩).

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON
from tests.unit.understanding.conftest import read_one as _one


# 吧 ends a sentence (走吧) but is the last character of some places (酒吧, 网吧, 书吧).
def test_a_ride_from_a_bar_keeps_its_start(engine: Engine) -> None:
    domain, _, slots = _one(engine, "凌晨一点从清吧打车回酒店")
    assert domain == "taxi"
    assert slots["from"] == "清吧"
    assert slots["to"] == "酒店"


def test_a_ride_from_an_internet_cafe_door(engine: Engine) -> None:
    _, _, slots = _one(engine, "我在網吧門口，幫我叫輛車回學校")
    assert slots == {"from": "网吧门口", "to": "学校"}


def test_a_sentence_final_ba_is_not_a_place(engine: Engine) -> None:
    domain, _, slots = _one(engine, "叫个车去火车站吧")
    assert domain == "taxi"
    assert slots == {"to": "火车站"}


# A start said with 我在 may be long: a station with its exit, a mall with its gate.
def test_a_long_pickup_place_with_its_exit(engine: Engine) -> None:
    _, _, slots = _one(engine, "我在人民公园地铁站C2出口，叫个快车去东站")
    assert slots["from"] == "人民公园地铁站C2出口"
    assert slots["to"] == "东站"
    assert slots["car_type"] == "economy"


# An unknown park's name starts after the date and the wish said before it.
def test_a_park_named_after_a_date_word(engine: Engine) -> None:
    domain, _, slots = _one(engine, "帮我买三张后天湿地公园的门票")
    assert domain == "attraction"
    assert slots == {"name": "湿地公园", "date": "2026-02-08", "count": 3}


def test_a_park_named_after_a_weekday_and_a_wish(engine: Engine) -> None:
    _, _, slots = _one(engine, "我們下週三想去森林公園，幫我訂兩張票")
    assert slots["name"] == "森林公园"
    assert slots["date"] == "2026-02-11"
    assert slots["count"] == 2


# 印象X, 又见X: shows staged at a place are named with their own word.
def test_a_show_named_after_its_place(engine: Engine) -> None:
    domain, intent, slots = _one(engine, "周六晚上的印象西湖还有票吗")
    assert (domain, intent) == ("attraction", "info")
    assert slots["name"] == "印象西湖"


def test_the_place_alone_is_still_the_sight(engine: Engine) -> None:
    _, _, slots = _one(engine, "订两张明天的西湖游船票")
    assert slots["name"] != "印象西湖"


# The first sight only says where the second one is.
def test_a_sight_said_to_locate_another(engine: Engine) -> None:
    domain, _, slots = _one(engine, "明天去西湖边上的雷峰塔，帮我订三张成人票")
    assert domain == "attraction"
    assert slots["name"] == "雷峰塔"
    assert slots["count"] == 3
    assert slots["ticket_type"] == "adult"


def test_two_sights_side_by_side_are_still_two_tasks(engine: Engine) -> None:
    frames = engine.understand("故宫和天坛的门票各一张", now=FRIDAY_NOON).frames
    assert [f.slots.get("name") for f in frames] == ["故宫", "天坛"]


# 去X园玩, X园逛逛: an open park's name is read even when what one does there follows it.
def test_an_open_park_followed_by_play(engine: Engine) -> None:
    domain, _, slots = _one(engine, "下周日带孩子去恐龙园玩，订两张儿童票")
    assert domain == "attraction"
    assert slots["name"] == "恐龙园"
    assert slots["ticket_type"] == "child"
    assert slots["count"] == 2


# A house number or an exit number with 号 is no day of the month.
def test_a_house_number_is_no_date(engine: Engine) -> None:
    _, _, slots = _one(engine, "帮我叫车去海淀区学院路38号")
    assert slots == {"to": "海淀区学院路38号"}


def test_an_exit_number_is_no_date(engine: Engine) -> None:
    _, _, slots = _one(engine, "我在地铁站3号出口，叫个车去医院")
    assert "date" not in slots
    assert slots["from"] == "地铁站3号出口"


def test_a_bare_day_is_still_a_date(engine: Engine) -> None:
    _, _, slots = _one(engine, "12号去黄鹤楼，订三张")
    assert slots["date"] == "2026-02-12"
    assert slots["count"] == 3


# 还能买到吗, 订得到吗: asking whether tickets are left.
def test_can_one_still_buy_is_availability(engine: Engine) -> None:
    domain, intent, slots = _one(engine, "周六的欢乐谷门票还能订到吗")
    assert (domain, intent) == ("attraction", "info")
    assert slots["ask"] == "availability"
    assert slots["date"] == "2026-02-07"


# A kind of ride called for (叫个拼车, 约个顺风车) is a ride; a business park is no sight.
def test_a_shared_ride_to_a_business_park(engine: Engine) -> None:
    domain, _, slots = _one(engine, "帮我约个拼车去工业园")
    assert domain == "taxi"
    assert slots["to"] == "工业园"
    assert slots["car_type"] == "economy"


def test_a_hitch_ride_is_a_ride(engine: Engine) -> None:
    domain, _, slots = _one(engine, "叫个顺风车去产业园")
    assert domain == "taxi"
    assert slots["to"] == "产业园"


# 约一辆豪华型的车: the grade of the car said between the count and 车 is still a ride called for.
def test_a_graded_car_called_for_is_a_ride(engine: Engine) -> None:
    domain, _, slots = _one(engine, "帮我约一台舒适型的车去音乐厅")
    assert domain == "taxi"
    assert slots == {"car_type": "comfort", "to": "音乐厅"}


def test_a_graded_hotel_is_still_a_hotel(engine: Engine) -> None:
    domain, _, _ = _one(engine, "附近有没有豪华型的酒店")
    assert domain == "hotel"


# Sights named by a last word the lexicon does not list (滑雪场, 基地) or by a known place and its part.
def test_a_ski_resort_of_a_known_place(engine: Engine) -> None:
    domain, _, slots = _one(engine, "下周六去南山滑雪场玩，帮我订两张成人票")
    assert domain == "attraction"
    assert slots["name"] == "南山滑雪场"
    assert slots["count"] == 2


def test_an_open_base_with_its_tickets(engine: Engine) -> None:
    domain, _, slots = _one(engine, "帮我订五张明天的研学基地门票")
    assert domain == "attraction"
    assert slots == {"name": "研学基地", "count": 5, "date": "2026-02-07"}


# 想去泡温泉，订…的票: the sight the tickets are for wins over the activity said before it.
def test_the_ticketed_sight_wins_over_the_activity(engine: Engine) -> None:
    _, _, slots = _one(engine, "周末想去泡温泉，帮我订三张龙门温泉的票")
    assert slots["name"] == "龙门温泉"
    assert slots["count"] == 3


# 到/来 X 接我: where one is picked up is the ride's start; the end follows it.
def test_where_one_is_picked_up_is_the_start(engine: Engine) -> None:
    _, _, slots = _one(engine, "明天上午九点来幸福里小区门口接我们去动物园")
    assert slots["from"] == "幸福里小区门口"
    assert slots["to"] == "动物园"
    assert slots["when"] == "09:00"


def test_a_pickup_said_before_the_end_clause(engine: Engine) -> None:
    _, _, slots = _one(engine, "二十分钟后到单位楼下接我，去南站")
    assert slots == {"from": "单位楼下", "to": "南站"}


def test_picking_up_someone_else_is_the_end(engine: Engine) -> None:
    _, _, slots = _one(engine, "帮我叫辆车去火车站接我妈")
    assert slots == {"to": "火车站"}
