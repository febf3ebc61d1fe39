"""Slot readers by failure class (issue 12, slot side): each class is shown by new sentences of our own.

Every case is a sentence written for this file (no text of the dev, held-out, shadow, fresh or probe sets);
the expected frames follow spec/frames.md and tests/data/LABELING.md.
"""

from __future__ import annotations

from typing import Any

import pytest

from bangwo.understanding.parse import Engine
from bangwo.understanding.quantities import refusals
from tests.unit.understanding.conftest import FRIDAY_NOON

Frames = list[tuple[str, str, dict[str, Any]]]


def frames(engine: Engine, text: str) -> Frames:
    return [(f.domain, f.intent, f.slots) for f in engine.understand(text, now=FRIDAY_NOON).frames]


def order(domain: str, **slots: Any) -> tuple[str, str, dict[str, Any]]:
    return (domain, "order", slots)


# -- counts without a left boundary: refused, never read, whatever sign or zero is written -------------------

@pytest.mark.parametrize(("text", "refused"), [
    ("来负两杯柠檬水", ["负两杯"]),
    ("要零碗馄饨", ["零碗"]),
    ("来—2份煎饺", ["—2份"]),
    ("来–4杯豆浆", ["–4杯"]),
    ("订 x-2张票", ["-2张"]),
    ("给我2E3个包子", ["2E3个"]),
    ("住-1天 汉庭", ["-1天"]),
])
def test_every_written_form_of_an_impossible_count_is_refused(text: str, refused: list[str]) -> None:
    assert [r.said for r in refusals(text)] == refused


@pytest.mark.parametrize("text", ["买个零件", "一百零一张", "订2-3张", "零食来一包", "来份零食"])
def test_zero_inside_a_numeral_or_a_word_and_ranges_are_no_refused_count(text: str) -> None:
    assert refusals(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("来负两杯柠檬水", order("takeout", item="柠檬水")),
    ("订负一张去苏州的高铁", order("train", to_city="苏州", train_type="G")),
    ("要零碗馄饨", order("takeout", item="馄饨")),
])
def test_a_refused_count_leaves_the_rest_of_the_request(engine: Engine, text: str,
                                                         expected: tuple[str, str, dict[str, Any]]) -> None:
    result = engine.understand(text, now=FRIDAY_NOON)
    assert [(f.domain, f.intent, f.slots) for f in result.frames] == [expected]
    assert result.refused


# -- titles: the number of a sequel belongs to the title, a count does not ---------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("后天晚上 误杀2 三张", order("movie", movie="误杀2", count=3, date="2026-02-08", time_window="evening")),
    ("封神3 明天", order("movie", movie="封神3", date="2026-02-07")),
    ("封神 3张", order("movie", movie="封神", count=3)),
])
def test_a_sequel_number_after_a_known_title(engine: Engine, text: str, expected: Any) -> None:
    assert frames(engine, text) == [expected]


# -- sights: a park of a known sight, and sights named after people ----------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("珠海长隆海洋王国 周日 三张", order("attraction", name="长隆海洋王国", city="珠海", count=3, date="2026-02-08")),
    ("长隆水上乐园 明天两张", order("attraction", name="长隆水上乐园", count=2, date="2026-02-07")),
    ("中山陵 周六 一张", order("attraction", name="中山陵", count=1, date="2026-02-07")),
    ("九寨沟三日游 两个人", order("attraction", name="九寨沟", count=2)),
])
def test_sight_names(engine: Engine, text: str, expected: Any) -> None:
    assert frames(engine, text) == [expected]


# -- rides: where one stands, fillers and purposes around the ends -----------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("帮我叫辆车去一趟人民医院", order("taxi", to="人民医院")),
    ("我现在在万达广场北门，叫个车回家", order("taxi", **{"from": "万达广场北门", "to": "家"})),
    ("叫个车去医院挂号", order("taxi", to="医院")),
    ("打车 目的地是虹桥机场T2", order("taxi", to="虹桥机场T2")),
    ("叫车 起点学校 终点火车站", order("taxi", **{"from": "学校", "to": "火车站"})),
    ("公司到机场 帮我叫个车", order("taxi", **{"from": "公司", "to": "机场"})),
    ("晚上9点在商场门口叫车回家", order("taxi", when="21:00", **{"from": "商场门口", "to": "家"})),
    ("打个车到浦东机场1号航站楼", order("taxi", to="浦东机场1号航站楼")),
])
def test_ride_ends(engine: Engine, text: str, expected: Any) -> None:
    assert frames(engine, text) == [expected]


def test_a_place_said_first_and_a_bare_ride_after_it_are_one_ride(engine: Engine) -> None:
    assert frames(engine, "下午五点去外婆家 打车") == [order("taxi", to="外婆家", when="17:00")]


# -- stays: prices per night, rooms by kind, leaving days, areas -------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("一晚400以内 南京新街口 明天", order("hotel", max_price=400, city="南京", near="新街口", check_in="2026-02-07")),
    ("预算800一晚 成都太古里附近", order("hotel", max_price=800, city="成都", near="太古里")),
    ("訂間四星飯店 台中 後天", order("hotel", rooms=1, star=4, city="台中", check_in="2026-02-08")),
    ("三个标准间 周日入住", order("hotel", rooms=3, room_type="twin", check_in="2026-02-08")),
    ("周六入住 住到下周一 汉庭", order("hotel", check_in="2026-02-07", check_out="2026-02-09", brand="汉庭")),
    ("厦门曾厝垵的民宿 两晚", order("hotel", city="厦门", near="曾厝垵", nights=2)),
    ("深圳 华强北 一晚", order("hotel", city="深圳", near="华强北", nights=1)),
    ("广州南站旁边的全季 今晚", order("hotel", city="广州", near="广州南站", brand="全季",
                                     check_in="2026-02-06")),
    ("想找一家豪华型的酒店，上海外滩", order("hotel", city="上海", near="外滩")),
])
def test_stay_slots(engine: Engine, text: str, expected: Any) -> None:
    assert frames(engine, text) == [expected]


# -- online goods: brands, lines, models, parts and names -------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("李宁卫衣一件 灰色", order("shopping", quantity=1, brand="李宁", spec="灰色", query="卫衣")),
    ("雅诗兰黛小棕瓶两瓶", order("shopping", quantity=2, brand="雅诗兰黛", query="小棕瓶")),
    ("给我爸买支钢笔", order("shopping", quantity=1, query="钢笔")),
    ("买顶毛线帽", order("shopping", quantity=1, query="毛线帽")),
    ("淘宝搜一下筋膜枪", order("shopping", query="筋膜枪")),
    ("买个移动硬盘 西部数据的", order("shopping", quantity=1, query="移动硬盘", brand="西部数据")),
    ("买个插座 BULL的", order("shopping", quantity=1, query="插座", brand="BULL")),
    ("买个适合老人的按摩椅", order("shopping", quantity=1, query="按摩椅")),
    ("买件带帽子的卫衣", order("shopping", quantity=1, query="卫衣")),
    ("买个键盘包", order("shopping", quantity=1, query="键盘包")),
    ("荣耀90多少钱", ("shopping", "info", {"brand": "荣耀", "query": "荣耀90", "ask": "price"})),
    ("买本书 书名叫围城", order("shopping", quantity=1, query="围城")),
    ("买一本《平凡的世界》", order("shopping", quantity=1, query="平凡的世界")),
    ("买个行李箱 20.5寸", order("shopping", quantity=1, spec="20.5寸", query="行李箱")),
    ("买个Apple的数据线", order("shopping", quantity=1, brand="苹果", query="数据线")),
    ("想入手一个kindle", order("shopping", quantity=1, query="kindle")),
    ("买件加厚睡衣", order("shopping", quantity=1, query="加厚睡衣")),
])
def test_shopping_slots(engine: Engine, text: str, expected: Any) -> None:
    assert frames(engine, text) == [expected]


# -- meals and drinks: another product, heads, toppings, options said for one product ----------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("点一份饺子 再加一份紫菜汤", [order("takeout", item="饺子", quantity=1),
                                   order("takeout", item="紫菜汤", quantity=1)]),
    ("来杯热的雪梨茶", [order("takeout", item="雪梨茶", quantity=1, ice="hot")]),
    ("来一壶柠檬茶", [order("takeout", item="柠檬茶", quantity=1)]),
    ("麻辣烫一份 加份金针菇和午餐肉", [order("takeout", item="麻辣烫", quantity=1, toppings=["金针菇", "午餐肉"])]),
    ("一份水煮鱼 特辣 米饭三碗", [order("takeout", item="水煮鱼", quantity=1, spice="hot"),
                                 order("takeout", item="米饭", quantity=3)]),
    ("晚上吃烧烤 牛肉串十串", [order("takeout", item="牛肉串", quantity=10)]),
    ("两杯咖啡，一杯拿铁", [order("takeout", item="咖啡", quantity=2), order("takeout", item="拿铁", quantity=1)]),
    ("奶茶来两杯 珍珠的", [order("takeout", item="珍珠奶茶", quantity=2)]),
    ("一杯美式 换成燕麦奶", [order("takeout", item="美式", quantity=1)]),
    ("喜茶 满杯红柚 一杯 少冰", [order("takeout", shop="喜茶", item="满杯红柚", quantity=1, ice="less")]),
    ("点一份干煸四季豆", [order("takeout", item="干煸四季豆", quantity=1)]),
    ("来两杯拿铁，都要少糖", [order("takeout", item="拿铁", quantity=2, sugar="less")]),
])
def test_takeout_slots(engine: Engine, text: str, expected: Frames) -> None:
    assert frames(engine, text) == expected


# -- groceries: makers, sizes, units said without a count ---------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("买一箱伊利纯甄", [order("grocery", item="纯甄", quantity=1, unit="箱", brand="伊利")]),
    ("买一袋五斤的面粉", [order("grocery", item="面粉", quantity=1, unit="袋")]),
    ("来一瓶2升的油", [order("grocery", item="油", quantity=1, unit="瓶")]),
    ("买几斤砂糖橘", [order("grocery", item="砂糖橘", unit="斤")]),
    ("年货买三盒瓜子", [order("grocery", item="瓜子", quantity=3, unit="盒")]),
    ("买一桶10升的金龙鱼", [order("grocery", item="金龙鱼", quantity=1, unit="桶")]),
])
def test_grocery_slots(engine: Engine, text: str, expected: Frames) -> None:
    assert frames(engine, text) == expected


# -- slips: a known word's end is no slip of a longer word; heads of dishes still are ----------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("北京经济型酒店 今晚", [order("hotel", city="北京", check_in="2026-02-06")]),
    ("牛肉棉来一碗", [order("takeout", item="牛肉面", quantity=1)]),
    ("民宿 莫干山 周日一晚", [order("hotel", nights=1, check_in="2026-02-08")]),
    ("来一份老母鸡汤", [order("takeout", item="老母鸡汤", quantity=1)]),
])
def test_slip_corrections_stop_at_word_ends(engine: Engine, text: str, expected: Frames) -> None:
    assert frames(engine, text) == expected


# -- days and clock times: look-alikes that are neither ---------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("想看一下周日下午三点的误杀", [order("movie", movie="误杀", date="2026-02-08", time="15:00")]),
    ("上海飞成都 明天 早一点的", [order("flight", from_city="上海", to_city="成都", date="2026-02-07",
                                      sort="earliest")]),
    ("今晚两点叫车去机场", [order("taxi", to="机场", date="2026-02-06", when="02:00")]),
    ("环球影城 两日票 一张", [order("attraction", name="环球影城", count=1)]),
])
def test_day_and_clock_look_alikes(engine: Engine, text: str, expected: Frames) -> None:
    assert frames(engine, text) == expected


# -- what is said around a product without being one ------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("买个行车记录仪 车载的", [order("shopping", quantity=1, query="行车记录仪")]),
    ("牛肉粉 加一份煎饺", [order("takeout", item="牛肉粉"), order("takeout", item="煎饺", quantity=1)]),
    ("牛肉粉 加一份牛肉", [order("takeout", item="牛肉粉", toppings=["牛肉"])]),
    ("来一份盖饭 牛肉的", [order("takeout", item="牛肉盖饭", quantity=1)]),
    ("买两斤五花肉 回家炖肉", [order("grocery", item="五花肉", quantity=2, unit="斤")]),
    ("一杯美式 要椰奶", [order("takeout", item="美式", quantity=1)]),
    ("肯德基 香辣鸡腿堡套餐 薯条换鸡块", [order("takeout", shop="肯德基", item="香辣鸡腿堡套餐")]),
    ("推荐一家酸菜鱼", [order("takeout", item="酸菜鱼")]),
])
def test_words_around_a_product(engine: Engine, text: str, expected: Frames) -> None:
    assert frames(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("到幼儿园接孩子 帮我叫车", order("taxi", to="幼儿园")),
    ("我要去虹桥站 赶7点的动车 叫个车", order("taxi", to="虹桥站")),
    ("晚上叫车从饭店过去", order("taxi", **{"from": "饭店"})),
    ("订一间全记 明天", order("hotel", rooms=1, brand="全季", check_in="2026-02-07")),
])
def test_ride_purposes_and_stay_brand_slips(engine: Engine, text: str, expected: Any) -> None:
    assert frames(engine, text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("三碗牛肉面 一碗加蛋", [order("takeout", item="牛肉面", quantity=3)]),
    ("买一箱橙子 赣州的", [order("grocery", item="赣州橙子", quantity=1, unit="箱")]),
    ("叫辆车 十分钟后到 去火车站", [order("taxi", to="火车站")]),
])
def test_per_unit_toppings_origins_and_ride_arrivals(engine: Engine, text: str, expected: Frames) -> None:
    assert frames(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("买件藏青色的毛衣", order("shopping", quantity=1, spec="藏青色", query="毛衣")),
    ("买个香槟金的保温杯", order("shopping", quantity=1, spec="香槟金", query="保温杯")),
    ("买个vivo X100 16+256", order("shopping", quantity=1, brand="vivo", spec="16+256", query="X100")),
    ("买个Switch 日版", order("shopping", quantity=1, spec="日版", query="Switch")),
    ("买件风衣 条纹的", order("shopping", quantity=1, query="风衣")),
    ("买个阿迪达斯的包", order("shopping", quantity=1, brand="阿迪达斯", query="包")),
    ("买一瓶1.8L的酱油", order("grocery", item="酱油", quantity=1, unit="瓶")),
    ("买件巧克力色的外套", order("shopping", quantity=1, spec="巧克力色", query="外套")),
])
def test_specs_colours_and_brand_words(engine: Engine, text: str, expected: Any) -> None:
    assert frames(engine, text) == [expected]


def test_a_ticket_type_said_for_some_tickets_only_is_not_given_to_all(engine: Engine) -> None:
    assert frames(engine, "天坛 周六 三张票 一张儿童") == [
        order("attraction", name="天坛", count=3, date="2026-02-07")]
    assert frames(engine, "天坛 周六 儿童票三张") == [
        order("attraction", name="天坛", ticket_type="child", count=3, date="2026-02-07")]


def test_a_count_refused_in_small_talk_is_still_said_back(engine: Engine) -> None:
    result = engine.understand("来1e3 个", now=FRIDAY_NOON)
    assert [(f.domain, f.intent) for f in result.frames] == [("chat", "chat")]
    assert result.refused == ["1e3 个"]
