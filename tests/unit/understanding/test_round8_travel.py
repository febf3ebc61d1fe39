"""Every sentence is written for these tests; none is taken from a measured set or a probe file.

Failure classes of issue 12, round 8 (sights, rides, questions and the account): sights the lexicon lacks
named by their last word (寺, 阁, 岛, 故居, 石窟), a park word after its own name (宝石山|植物园), an order verb
inside the question (要不要买门票), one's own orders asked in other words (发货没, 点过的单, 还剩几张代金券),
how long a top-up takes asked in general, fees and delivery asked of a shop, and the ends of a ride followed by
the ride's own words or by what is done there.
"""

from __future__ import annotations

from typing import Any

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON
from tests.unit.understanding.conftest import read_one as _one


# A sight the lexicon lacks is named by a last word of its kind, right before its tickets or a question.
@pytest.mark.parametrize(("text", "intent", "slots"), [
    ("帮我订三张大慈寺的门票", "order", {"name": "大慈寺", "count": 3}),
    ("徐悲鸿故居门票多少钱", "info", {"name": "徐悲鸿故居", "ask": "price"}),
    ("拉卜楞寺要门票吗", "info", {"name": "拉卜楞寺", "ask": "price"}),
    ("订两张洞头岛的船票", "order", {"name": "洞头岛", "count": 2}),
    ("麦积山石窟两张学生票", "order", {"name": "麦积山石窟", "ticket_type": "student", "count": 2}),
])
def test_a_sight_named_by_its_last_word(engine: Engine, text: str, intent: str, slots: dict[str, Any]) -> None:
    assert _one(engine, text) == ("attraction", intent, slots)


# A city said before such a name is split off when the name has words of its own.
@pytest.mark.parametrize(("text", "name", "city"), [
    ("订两张杭州胡雪岩故居的票", "胡雪岩故居", "杭州"),
    ("开封铁塔的门票多少钱", "铁塔", "开封"),
])
def test_a_city_before_an_open_sight_is_split_off(engine: Engine, text: str, name: str, city: str) -> None:
    domain, _, slots = _one(engine, text)
    assert (domain, slots["name"], slots["city"]) == ("attraction", name, city)


# The last word alone, a city, customs or a school building are no sights.
@pytest.mark.parametrize("text", ["去佛山的票两张", "过海关要多久", "教学楼几点关门"])
def test_words_ending_like_sights_are_not_sights(engine: Engine, text: str) -> None:
    assert all(f.domain != "attraction" for f in engine.understand(text, now=FRIDAY_NOON).frames)


# A park word of the lexicon keeps the name said before it; where or which kind is no name.
def test_a_park_word_keeps_its_own_name(engine: Engine) -> None:
    _, _, slots = _one(engine, "订两张明天的宝石山植物园门票")
    assert slots["name"] == "宝石山植物园"


def test_where_a_park_is_is_not_its_name(engine: Engine) -> None:
    _, _, slots = _one(engine, "带孩子去附近的动物园")
    assert slots["name"] == "动物园"


# An order verb inside the question asks whether one must buy, it orders nothing.
@pytest.mark.parametrize(("text", "ask"), [
    ("雷峰塔要不要买门票", "price"),
    ("去千岛湖需要买票吗", "price"),
    ("进灵隐寺需要另外买票吗", "other"),
])
def test_buying_asked_about_is_a_question(engine: Engine, text: str, ask: str) -> None:
    domain, intent, slots = _one(engine, text)
    assert (domain, intent, slots["ask"]) == ("attraction", "info", ask)


# One's own orders and cards said in other words.
@pytest.mark.parametrize(("text", "intent", "slots"), [
    ("我在网上买的拖鞋发货没", "track_order", {"order_ref": "拖鞋"}),
    ("看看我以前点过的单", "list_orders", {}),
    ("我还剩几张代金券", "list_cards", {}),
    ("刚下单的奶茶能不能快点", "track_order", {"order_ref": "奶茶"}),
    ("卡包里都有什么券", "list_cards", {}),
    ("我的订单到那里了", "track_order", {}),
    ("我充的话费怎么还没到账", "track_order", {"order_ref": "话费"}),
])
def test_own_orders_in_other_words(engine: Engine, text: str, intent: str, slots: dict[str, Any]) -> None:
    assert _one(engine, text) == ("account", intent, slots)


# How long a top-up takes, asked in general, is a question about the top-up; 一般 is no sum.
@pytest.mark.parametrize(("text", "slots"), [
    ("充50话费大概多久到账", {"amount": 50, "ask": "duration"}),
    ("充话费一般多久能到账", {"ask": "duration"}),
])
def test_a_top_up_asked_about(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert _one(engine, text) == ("recharge", "info", slots)


# A fee or the delivery time asked of a shop; where it is delivered is no product.
@pytest.mark.parametrize(("text", "slots"), [
    ("必胜客的配送费是多少", {"shop": "必胜客", "ask": "price"}),
    ("肯德基送到我家要多久", {"shop": "肯德基", "ask": "duration"}),
])
def test_fees_and_delivery_asked_of_a_shop(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert _one(engine, text) == ("takeout", "info", slots)


# The ends of a ride: the ride called between them, its own words after the end, what is done there.
@pytest.mark.parametrize(("text", "slots"), [
    ("从学校叫个快车去火车站", {"car_type": "economy", "from": "学校", "to": "火车站"}),
    ("去虹桥机场的车帮我约一下", {"to": "虹桥机场"}),
    ("打车去南站赶9点半的高铁", {"to": "南站"}),
    ("叫车去省中医院挂专家号", {"to": "省中医院"}),
])
def test_the_ends_of_a_ride(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert _one(engine, text) == ("taxi", "order", slots)


# A flight or a train told by its time after the ride is the ride's reason: no ticket, no clock of the ride.
@pytest.mark.parametrize(("text", "to"), [
    ("帮我叫个车去南站，我的航班是晚上9点的", "南站"),
    ("叫个车去首都机场，我要赶10点的飞机", "首都机场"),
])
def test_a_trip_told_after_a_ride(engine: Engine, text: str, to: str) -> None:
    assert _one(engine, text) == ("taxi", "order", {"to": to})


# A station named with its rail word (高铁左营站) is where the ride goes.
def test_a_station_named_with_its_rail_word(engine: Engine) -> None:
    assert _one(engine, "叫个车，去高铁左营站") == ("taxi", "order", {"to": "高铁左营站"})


# A known place followed by its tickets is a sight (晋祠 is also a place to stay near).
def test_a_known_place_with_tickets_is_a_sight(engine: Engine) -> None:
    domain, _, slots = _one(engine, "帮我订两张晋祠的门票")
    assert (domain, slots["name"], slots["count"]) == ("attraction", "晋祠", 2)


# A park word keeps a city said with a city's word (台北|市立|动物园); a city before a name of its own is split off.
@pytest.mark.parametrize(("text", "name", "city"), [
    ("订两张深圳市仙湖植物园的票", "仙湖植物园", "深圳"),
    ("广州市立动物园两张票", "广州市立动物园", "广州"),
])
def test_a_city_before_a_park_word(engine: Engine, text: str, name: str, city: str) -> None:
    _, _, slots = _one(engine, text)
    assert (slots["name"], slots["city"]) == (name, city)


# A known sight inside a longer name keeps the longer name; who goes or what is done there is no part of it.
@pytest.mark.parametrize(("text", "name"), [
    ("国立故宫博物院今天开门吗", "国立故宫博物院"),
    ("学生故宫门票两张", "故宫"),
    ("逛完颐和园要多久", "颐和园"),
    ("帮我订3张天坛门票", "天坛"),
])
def test_a_known_sight_inside_a_longer_name(engine: Engine, text: str, name: str) -> None:
    assert _one(engine, text)[2]["name"] == name


# The usual miswriting of 券, and goods bought asked to be looked up, are the account's.
@pytest.mark.parametrize(("text", "intent"), [
    ("代金卷还剩几张", "list_cards"),
    ("帮我翻一下上个月买的东西", "list_orders"),
])
def test_more_own_things(engine: Engine, text: str, intent: str) -> None:
    assert _one(engine, text)[:2] == ("account", intent)


# Being woken up is small talk, not a ride or a film at that time.
def test_a_wake_up_call_is_small_talk(engine: Engine) -> None:
    assert _one(engine, "后天早上7点叫我起床") == ("chat", "chat", {})


# A part of the day between a sight and its question (清水寺下午几点关门) still asks of the sight.
def test_a_part_of_the_day_before_the_question(engine: Engine) -> None:
    assert _one(engine, "玉泉寺晚上几点关门") == ("attraction", "info", {"name": "玉泉寺", "ask": "hours"})


# An order not yet shipped is tracked.
def test_not_yet_shipped_is_tracked(engine: Engine) -> None:
    assert _one(engine, "我的订单怎么还不发货")[:2] == ("account", "track_order")


# A hotel's facilities asked about are `other`; wished for, they ask nothing.
def test_facilities_asked_and_wished(engine: Engine) -> None:
    assert _one(engine, "亚朵有没有游泳池") == ("hotel", "info", {"brand": "亚朵", "ask": "other"})
    assert _one(engine, "帮我找一家带健身房的酒店")[1] == "order"


# One's own order said with what went wrong or what one no longer wants.
@pytest.mark.parametrize(("text", "intent", "slots"), [
    ("上周点的炸鸡一直没送到", "track_order", {"order_ref": "炸鸡"}),
    ("帮我查一下物流状态", "track_order", {}),
    ("下周的动车不想坐了", "cancel_order", {"order_ref": "动车"}),
    ("刚订的酒店不想住了，钱退给我", "refund", {"order_ref": "酒店"}),
])
def test_own_orders_no_longer_wanted_or_late(engine: Engine, text: str, intent: str, slots: dict[str, Any]) -> None:
    assert _one(engine, text) == ("account", intent, slots)


# Well-known sights of every province are known words, wherever the tickets are said.
@pytest.mark.parametrize(("text", "name"), [
    ("想去梵净山玩，订两张票", "梵净山"),
    ("虎跳峡周日开放吗", "虎跳峡"),
])
def test_well_known_sights(engine: Engine, text: str, name: str) -> None:
    domain, _, slots = _one(engine, text)
    assert (domain, slots["name"]) == ("attraction", name)


# A known sight followed by its museum is one sight, not two listed side by side.
def test_a_sight_and_its_museum_are_one(engine: Engine) -> None:
    _, _, slots = _one(engine, "帮我订两张西湖博物馆的票")
    assert slots == {"name": "西湖博物馆", "count": 2}
