"""Failure classes of issue 12, round 6: slips corrected only on evidence, ride ends without the ride's
words, questions about a thing only pointed at, domains settled by what the ride, the refused count or the
added topping says, and online goods read by the shopping conventions (tests/data/LABELING.md).

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bangwo.conversation import routing
from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON, SHANGHAI
from tests.unit.understanding.conftest import read as _frames
from tests.unit.understanding.conftest import read_one as _one

SUNDAY = datetime(2026, 2, 8, 10, 0, tzinfo=SHANGHAI)


# A slip of a place word needs real evidence: the usual reading of the character said, and no longer
# name it is part of (前门 is no 江门, 恐龙园 no 留园); real slips are still corrected.
def test_a_street_named_like_a_city_is_kept(engine: Engine) -> None:
    domain, _, slots = _one(engine, "我在前门大街，叫辆车去西单")
    assert domain == "taxi"
    assert slots["from"] == "前门大街"
    assert slots["to"] == "西单"


def test_a_sight_ending_like_another_is_kept(engine: Engine) -> None:
    domain, _, slots = _one(engine, "常州恐龙园的门票两张")
    assert domain == "attraction"
    assert "恐龙园" in slots["name"]
    assert slots["count"] == 2


@pytest.mark.parametrize(("text", "city"), [("后天去福洲的动车", "福州"), ("订张去成督的机票", "成都")])
def test_real_city_slips_are_still_corrected(engine: Engine, text: str, city: str) -> None:
    _, _, slots = _one(engine, text)
    assert slots["to_city"] == city


def test_which_park_is_asked_not_named(engine: Engine) -> None:
    domain, intent, slots = _one(engine, "成都哪个公园适合遛娃")
    assert (domain, intent) == ("attraction", "order")
    assert slots == {"city": "成都"}


# 查一下|下周末: the second 下 is "next"; 周末 said on a Sunday is that Sunday.
def test_look_up_then_next_weekend(engine: Engine) -> None:
    _, _, slots = _one(engine, "帮我查一下下周末去厦门的机票")
    assert slots["date"] == "2026-02-14"
    _, _, slots = _one(engine, "看一下周六去苏州的高铁")
    assert slots["date"] == "2026-02-07"


def test_the_weekend_said_on_a_sunday_is_today(engine: Engine) -> None:
    _, _, slots = _one(engine, "周末有什么好看的电影", SUNDAY)
    assert slots["date"] == "2026-02-08"


# A ride's end as said, without the ride's own words after it.
@pytest.mark.parametrize(("text", "to"), [
    ("帮我叫一辆去国贸的出租车", "国贸"),
    ("约个车到望京SOHO的", "望京SOHO"),
    ("叫辆去南锣鼓巷的网约车", "南锣鼓巷"),
])
def test_a_ride_end_keeps_no_ride_words(engine: Engine, text: str, to: str) -> None:
    domain, _, slots = _one(engine, text)
    assert domain == "taxi"
    assert slots["to"] == to


# 查一下 / 搜一下 before a film request is how it is asked, never a title or a cinema.
@pytest.mark.parametrize("text", ["帮我查一下今晚的电影票", "搜一下附近的影院"])
def test_look_up_words_are_no_title(engine: Engine, text: str) -> None:
    domain, _, slots = _one(engine, text)
    assert domain == "movie"
    assert "movie" not in slots
    assert "cinema" not in slots


# A question about a thing only pointed at is a question (intent info with ask), with no anchor slot.
@pytest.mark.parametrize(("text", "domain", "ask"), [
    ("这家宾馆的前台电话多少", "hotel", "phone"),
    ("那个博物馆几点闭馆", "attraction", "hours"),
    ("这家酒店离地铁站多远", "hotel", "other"),
])
def test_a_thing_pointed_at_is_asked_about(engine: Engine, text: str, domain: str, ask: str) -> None:
    found = _one(engine, text)
    assert found[:2] == (domain, "info")
    assert found[2]["ask"] == ask


def test_a_flight_by_its_number(engine: Engine) -> None:
    domain, intent, slots = _one(engine, "CZ3539几点落地")
    assert (domain, intent) == ("flight", "info")
    assert slots["flight_no"] == "CZ3539"
    domain, intent, slots = _one(engine, "帮我订一张后天的HU7605")
    assert (domain, intent) == ("flight", "order")
    assert slots["flight_no"] == "HU7605"
    assert slots["date"] == "2026-02-08"


# The ride is the order: a car to an airport, what is done at the end, a flight told before the ride.
@pytest.mark.parametrize(("text", "to"), [
    ("后天早上7点的车 去大兴机场", "大兴机场"),
    ("打车去喜茶喝奶茶", "喜茶"),
    ("打车去CGV影城看沙丘", "CGV影城"),
    ("叫辆车去小龙坎吃火锅", "小龙坎"),
])
def test_the_ride_is_the_order(engine: Engine, text: str, to: str) -> None:
    domain, intent, slots = _one(engine, text)
    assert (domain, intent) == ("taxi", "order")
    assert slots["to"] == to


def test_a_flight_told_before_a_ride_is_background(engine: Engine) -> None:
    frames = _frames(engine, "下午的高铁，帮我叫个车去火车站")
    assert [(d, i) for d, i, _ in frames] == [("taxi", "order")]
    assert frames[0][2]["to"] == "火车站"


def test_a_refused_room_count_still_asks_for_rooms(engine: Engine) -> None:
    understood = engine.understand("订-2间大床房", now=FRIDAY_NOON)
    assert [(f.domain, f.intent) for f in understood.frames] == [("hotel", "order")]
    assert "rooms" not in understood.frames[0].slots
    assert understood.refused == ["-2间"]


def test_a_phone_out_of_credit_is_topped_up(engine: Engine) -> None:
    domain, _, slots = _one(engine, "手机欠费了 冲个50")
    assert domain == "recharge"
    assert slots["amount"] == 50


def test_a_bowl_of_noodles_with_an_egg_is_a_dish(engine: Engine) -> None:
    domain, _, slots = _one(engine, "来碗面，多加个蛋")
    assert domain == "takeout"
    assert slots["item"] == "面"
    assert slots["toppings"] == ["鸡蛋"]


# Online goods (LABELING.md, shopping): the measure word counts the goods and opens no brand; goods the
# lexicon does not know are read before their maker; modifiers stay in the query; sizes and colours are
# the spec; a search counts nothing.
@pytest.mark.parametrize(("text", "slots"), [
    ("买支百乐的钢笔", {"query": "钢笔", "brand": "百乐", "quantity": 1}),
    ("买两双猫人的袜子", {"query": "袜子", "brand": "猫人", "quantity": 2}),
    ("买辆捷安特的山地车", {"query": "山地车", "brand": "捷安特", "quantity": 1}),
    ("买个磨豆机 小米的", {"query": "磨豆机", "brand": "小米", "quantity": 1}),
    ("买一个二手显示器", {"query": "二手显示器", "quantity": 1}),
    ("买个双肩书包 藏青色", {"query": "双肩书包", "spec": "藏青色", "quantity": 1}),
    ("买件大衣 驼色", {"query": "大衣", "spec": "驼色", "quantity": 1}),
    ("买个显示器 32吋", {"query": "显示器", "spec": "32寸", "quantity": 1}),
    ("买条床单 2米", {"query": "床单", "spec": "2米", "quantity": 1}),
    ("淘宝搜一下登山包", {"query": "登山包"}),
    ("买个皮卡丘公仔", {"query": "皮卡丘公仔", "quantity": 1}),
    ("买个手机支架 车载的", {"query": "手机支架", "quantity": 1}),
])
def test_online_goods_by_the_conventions(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert _one(engine, text) == ("shopping", "order", slots)


def test_a_thing_pointed_at_goes_to_the_planner(engine: Engine) -> None:
    frames = engine.understand("那家民宿的地址在哪", now=FRIDAY_NOON).frames
    assert [(f.domain, f.intent, dict(f.slots)) for f in frames] == [("hotel", "info", {"ask": "address"})]
    assert routing.route(frames, "那家民宿的地址在哪").to == routing.PLANNER


def test_a_train_pointed_at_is_no_reason_for_a_ride(engine: Engine) -> None:
    domain, intent, slots = _one(engine, "这趟动车几点到")
    assert (domain, intent) == ("train", "info")
    assert slots["ask"] == "hours"


# An English product name stops before the question or the verb said after it.
@pytest.mark.parametrize(("text", "slots"), [
    ("MacBook Air现在多少钱", {"query": "MacBook Air", "ask": "price"}),
    ("kindle保护套买两个", {"query": "kindle保护套", "quantity": 2}),
])
def test_an_english_product_ends_at_the_question(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    domain, _, found = _one(engine, text)
    assert domain == "shopping"
    assert found == slots


# Whom goods are for, and which shop is asked for, are no brands.
@pytest.mark.parametrize("text", ["推荐个适合送闺蜜的礼物", "哪家店的拼图便宜"])
def test_people_and_shops_asked_for_are_no_brand(engine: Engine, text: str) -> None:
    domain, _, slots = _one(engine, text)
    assert domain == "shopping"
    assert "brand" not in slots


def test_side_dishes_said_back_to_back_are_products_of_their_own(engine: Engine) -> None:
    frames = _frames(engine, "帮我点个外卖 鸡腿堡鸡米花可乐")
    assert [s["item"] for _, _, s in frames] == ["鸡腿堡", "鸡米花", "可乐"]
    assert _one(engine, "来份土豆牛肉盖饭")[2]["item"] == "土豆牛肉盖饭"


def test_a_weekday_ending_a_range_follows_its_start(engine: Engine) -> None:
    _, _, slots = _one(engine, "下周四到周六住厦门")
    assert (slots["check_in"], slots["check_out"]) == ("2026-02-12", "2026-02-14")


def test_a_ride_inside_a_sight_is_the_sights(engine: Engine) -> None:
    domain, _, slots = _one(engine, "买两张峨眉山的索道票")
    assert domain == "attraction"
    assert slots["name"] == "峨眉山"


def test_a_count_is_no_part_of_a_sights_name(engine: Engine) -> None:
    _, _, slots = _one(engine, "订两张广州海洋馆的票")
    assert slots["name"] == "广州海洋馆"
    assert slots["count"] == 2


def test_being_picked_up_names_no_destination(engine: Engine) -> None:
    domain, _, slots = _one(engine, "动车晚上7点到，帮我叫个车去接我")
    assert domain == "taxi"
    assert "to" not in slots


# Goods listed back to back with 各 are one frame each, each with the count said once for all.
@pytest.mark.parametrize(("text", "items", "slots"), [
    ("橙子梨各三斤", ["橙子", "梨"], {"quantity": 3, "unit": "斤"}),
    ("咖啡奶茶各两杯", ["咖啡", "奶茶"], {"quantity": 2}),
])
def test_goods_listed_with_each(engine: Engine, text: str, items: list[str], slots: dict[str, Any]) -> None:
    frames = _frames(engine, text)
    assert [s["item"] for _, _, s in frames] == items
    assert all({k: s[k] for k in slots} == slots for _, _, s in frames)


@pytest.mark.parametrize("text", ["民宿和酒店哪个划算", "动车跟飞机哪个方便"])
def test_two_kinds_compared_are_small_talk(engine: Engine, text: str) -> None:
    assert _one(engine, text) == ("chat", "chat", {})


def test_a_parcel_is_an_order_asked_about(engine: Engine) -> None:
    assert _one(engine, "我的包裹怎么还没到") == ("account", "track_order", {"order_ref": "包裹"})


# A topping said by another of its names (香肠, 火腿, 肠 for 火腿肠) is one topping, named canonically once.
@pytest.mark.parametrize("text", ["炒面 加个火腿", "来份炒饭 加根香肠", "手抓饼加根肠"])
def test_a_topping_is_named_once(engine: Engine, text: str) -> None:
    _, _, slots = _one(engine, text)
    assert slots["toppings"] == ["火腿肠"]


# A maker named like a fruit, with a model number after it, is the maker of a phone (苹果16 like 小米14).
def test_a_fruit_named_maker_with_a_model_is_goods(engine: Engine) -> None:
    assert _one(engine, "买部苹果13") == ("shopping", "order", {"quantity": 1, "brand": "苹果", "query": "苹果13"})
    assert _one(engine, "买三斤苹果") == ("grocery", "order", {"item": "苹果", "quantity": 3, "unit": "斤"})


def test_times_a_count_is_a_count_not_a_spec(engine: Engine) -> None:
    assert _one(engine, "买个鼠标垫x3") == ("shopping", "order", {"query": "鼠标垫", "quantity": 3})


def test_a_connector_said_after_the_goods_is_their_spec(engine: Engine) -> None:
    assert _one(engine, "耳机线坏了 帮我买根新的 Lightning的") == (
        "shopping", "order", {"query": "耳机线", "spec": "Lightning", "quantity": 1})
