"""Every sentence is written for these tests; none is taken from a measured set or a probe file.

Failure classes of issue 12, round 11 (sights, account, rides, stays, questions): a sight's own quarter said after
it (万岁山|武侠城) is part of its name, and a question's verb before it (问问|黄鹤楼) is not; a sight the lexicon lacks
said after a known one that only locates it (某某附近的|某某瀑布) is the one asked for; a museum of a known sight
(三星堆|博物馆) keeps its name; a kind-only sight after its city (北京天文馆) keeps the city; a day and a count said
before the tickets (明天两张|儿童票) name no sight; a long open name (…繁育研究基地) is read whole; a place gone to
with tickets asked after it (去白水寨，帮忙订票) is a sight; one's own orders said without 订单 (到底送不送了,
我订的…帮我看一下, 上个月充的话费, 改个地址, 退差价, 还没确认, 花了多少钱) are the account's; look-alike typos of
known words (兵马桶, 出粗车) are corrected, and 市中心 is no slip of 台中; a ride's end loses the ride words said
after it (到机场打车要多久); the request said before a stay's landmark (帮我看下|鼓楼附近) is no part of it; a trip
landing before a ride (飞机落地以后) is background; a mishap told (把奶茶打翻了) and a title with 哪 in it praised
(哪吒2真的太好看了) are small talk; 最早几点 asks the hours and sorts nothing; a sight visited with no tickets
before the one whose tickets are asked is background, while two sights each with tickets are two tasks.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON
from tests.unit.understanding.conftest import read as _frames
from tests.unit.understanding.conftest import read_one as _one


def _day(days: int) -> str:
    return datetime.fromordinal(FRIDAY_NOON.toordinal() + days).strftime("%Y-%m-%d")


@pytest.mark.parametrize(("text", "name"), [
    ("开封万岁山武侠城两张成人票", "万岁山武侠城"),
    ("我想问问灵隐寺今天人多不多", "灵隐寺"),
    ("想查下雷峰塔的门票", "雷峰塔"),
    ("三星堆博物馆几点闭馆", "三星堆博物馆"),
    ("迪士尼几点闭园", "迪士尼"),
])
def test_sight_names_of_known_sights(engine: Engine, text: str, name: str) -> None:
    got = _one(engine, text)
    assert got[0] == "attraction" and got[2].get("name") == name, got


@pytest.mark.parametrize(("text", "name"), [
    ("帮我订三张后天外滩附近的上海邮政博物馆门票", "邮政博物馆"),
    ("周六两张 西湖旁边的中国丝绸博物馆门票", "中国丝绸博物馆"),
])
def test_open_sight_located_by_a_known_one(engine: Engine, text: str, name: str) -> None:
    assert _one(engine, text)[2].get("name") == name


def test_part_of_a_known_sight_is_that_sight(engine: Engine) -> None:
    got = _one(engine, "颐和园的苏州街要另外买票吗")
    assert got[2].get("name") == "颐和园", got


@pytest.mark.parametrize(("text", "slots"), [
    ("想带女儿去南京科技馆，后天两张儿童票", {"name": "南京科技馆", "city": "南京", "count": 2, "ticket_type": "child"}),
    ("帮我订两张广州海洋世界的门票", {"name": "广州海洋世界", "city": "广州", "count": 2}),
    ("订两张明天的汉长安城国家遗址公园门票", {"name": "汉长安城国家遗址公园", "count": 2}),
])
def test_open_sight_names(engine: Engine, text: str, slots: dict[str, object]) -> None:
    got = _one(engine, text)
    assert got[0] == "attraction", got
    assert {k: got[2].get(k) for k in slots} == slots, got


def test_long_open_name_is_read_whole(engine: Engine) -> None:
    got = _one(engine, "后天去北京奥林匹克森林公园 三张票")
    assert got[2].get("name") == "奥林匹克森林公园" and got[2].get("city") == "北京", got


@pytest.mark.parametrize("text", [
    "下周六去老君山，帮忙订三张票",
    "周日去野三坡 订两张票",
    "同学聚会 六个人 后天去十渡 帮忙订票",
])
def test_place_gone_to_with_tickets_is_a_sight(engine: Engine, text: str) -> None:
    assert _one(engine, text)[0] == "attraction"


@pytest.mark.parametrize("text", ["明天去南京，帮我订票", "周六去万达，买两张票"])
def test_city_or_cinema_gone_to_is_no_sight(engine: Engine, text: str) -> None:
    assert _one(engine, text)[0] != "attraction"


@pytest.mark.parametrize(("text", "intent", "ref"), [
    ("我那碗牛肉面到底送不送了", "track_order", "牛肉面"),
    ("我那份酸辣粉怎么还不送", "track_order", "酸辣粉"),
    ("我订的欢乐谷门票帮我看一下", "list_orders", "门票"),
    ("帮我看看上周充的话费", "list_orders", "话费"),
    ("我昨天买的那件外套能不能改个地址", "list_orders", "外套"),
    ("上周买的那台咖啡机降价了 能退差价吗", "refund", "咖啡机"),
    ("下午订的酒店怎么还没确认", "track_order", "酒店"),
    ("我要退掉明晚那间民宿", "refund", "民宿"),
    ("昨天订的那束玫瑰一直没送到", "track_order", "玫瑰"),
    ("快递显示签收了 可我没收到", "track_order", "快递"),
    ("我早上买的那箱苹果到哪了", "track_order", "苹果"),
])
def test_own_orders_said_without_order_words(engine: Engine, text: str, intent: str, ref: str) -> None:
    assert _one(engine, text) == ("account", intent, {"order_ref": ref})


def test_own_spending_is_read_from_the_orders(engine: Engine) -> None:
    assert _one(engine, "我上个月一共花了多少钱")[:2] == ("account", "list_orders")


@pytest.mark.parametrize(("text", "expected"), [
    ("兵马桶明天的门票两张", ("attraction", "name", "兵马俑")),
    ("出粗车 去火车东站", ("taxi", "to", "火车东站")),
    ("叫个车到市中心广场", ("taxi", "to", "市中心广场")),
])
def test_look_alike_typos(engine: Engine, text: str, expected: tuple[str, str, str]) -> None:
    got = _one(engine, text)
    assert (got[0], expected[1], got[2].get(expected[1])) == expected, got


@pytest.mark.parametrize(("text", "to"), [
    ("到大兴机场打车要多久", "大兴机场"),
    ("去西站打车大概多少钱", "西站"),
])
def test_ride_end_without_ride_words(engine: Engine, text: str, to: str) -> None:
    got = _one(engine, text)
    assert got[0] == "taxi" and got[2].get("to") == to, got


def test_ride_start_said_between_place_and_ride(engine: Engine) -> None:
    got = _one(engine, "待会去亚朵酒店 从家出发 帮我叫车")
    assert got == ("taxi", "order", {"to": "亚朵酒店", "from": "家"})


def test_request_before_landmark_is_no_part_of_it(engine: Engine) -> None:
    got = _one(engine, "帮我查下钟楼附近的汉庭 明晚住")
    assert got[2].get("near") == "钟楼", got


@pytest.mark.parametrize("text", ["高铁到站以后帮我叫个车去公司", "下了飞机之后帮我约个车回家"])
def test_trip_landing_before_ride_is_background(engine: Engine, text: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == ["taxi"]


@pytest.mark.parametrize("text", [
    "我儿子把可乐打翻了 哈哈哈",
    "我家狗狗把外卖偷吃光了",
    "哪吒2真的太好看了",
])
def test_small_talk_about_things(engine: Engine, text: str) -> None:
    assert _one(engine, text)[0] == "chat"


def test_earliest_asked_is_hours_not_sort(engine: Engine) -> None:
    got = _one(engine, "后天去南京的动车最早几点")
    assert got[1] == "info" and got[2].get("ask") == "hours" and "sort" not in got[2], got


def test_sight_visited_before_the_ticketed_one_is_background(engine: Engine) -> None:
    got = _one(engine, "周六想去西湖边走一走，帮我订两张雷峰塔的票")
    assert got == ("attraction", "order", {"name": "雷峰塔", "count": 2, "date": _day(1)})


def test_two_sights_with_tickets_are_two_tasks(engine: Engine) -> None:
    got = _frames(engine, "订两张故宫的门票，再订两张钟表馆的票")
    assert [f[2].get("name") for f in got] == ["故宫", "钟表馆"], got


@pytest.mark.parametrize("text", [
    "我女朋友最喜欢喝喜茶的芝芝莓莓",
    "昨天水果店的橙子特价 我买了二十个",
    "唉 又要坐一晚上的卧铺去出差",
])
def test_things_told_are_small_talk(engine: Engine, text: str) -> None:
    assert _one(engine, text)[0] == "chat"


def test_cinema_parking_asked_names_no_film(engine: Engine) -> None:
    got = _one(engine, "CGV影城停车方便吗")
    assert got[0] == "movie" and "movie" not in got[2], got


@pytest.mark.parametrize("text", ["明晚七点的电影 要两个靠过道的座位", "帮我挑两个后排的位置 今晚九点的电影"])
def test_seats_counted_with_their_kind(engine: Engine, text: str) -> None:
    assert _one(engine, text)[2].get("count") == 2


@pytest.mark.parametrize(("text", "ref"), [
    ("我买的那条裤子尺码不对 能换小一号吗", "裤子"),
    ("帮我把昨天订的电影票转给我同事", "电影票"),
    ("上周订的那家民宿，可以开发票吗", "民宿"),
])
def test_own_order_changes_are_looked_at(engine: Engine, text: str, ref: str) -> None:
    assert _one(engine, text) == ("account", "list_orders", {"order_ref": ref})


def test_a_stay_asked_of_before_booking_is_a_question(engine: Engine) -> None:
    assert _one(engine, "这家民宿能开发票吗")[:2] == ("hotel", "info")


@pytest.mark.parametrize("text", ["下周六想带爸妈去哪里逛逛", "明天哪儿好玩"])
def test_where_to_go_is_a_sight_wish(engine: Engine, text: str) -> None:
    assert _one(engine, text)[0] == "attraction"


def test_stay_over_there_names_no_landmark(engine: Engine) -> None:
    got = _frames(engine, "帮我订后天广州飞成都的机票，再看看那边的酒店")
    assert [f[0] for f in got] == ["flight", "hotel"] and "near" not in got[1][2], got


def test_film_credits_are_no_title(engine: Engine) -> None:
    got = _one(engine, "这部片子的导演是谁")
    assert "movie" not in got[2], got


@pytest.mark.parametrize(("text", "intent", "ref"), [
    ("早上点的粥少了一个鸡蛋", "list_orders", "粥"),
    ("那碗面吃出了头发", "list_orders", "面"),
    ("我订的演出票还能改时间吗", "list_orders", "演出票"),
    ("下午订的蛋糕送到家了吗", "track_order", "蛋糕"),
])
def test_own_order_questions_and_complaints(engine: Engine, text: str, intent: str, ref: str) -> None:
    got = _one(engine, text)
    assert got[:2] == ("account", intent), got


@pytest.mark.parametrize("text", ["麻烦把那份炸鸡退了 太油了", "外卖送过来都凉了 怎么办"])
def test_refund_verb_is_no_slip_and_cold_food_is_a_complaint(engine: Engine, text: str) -> None:
    assert _one(engine, text)[0] == "account"


def test_ride_from_home_to_the_airport_without_a_ride_word(engine: Engine) -> None:
    got = _one(engine, "后天一早五点 宿舍到白云机场")
    assert got[0] == "taxi" and got[2].get("to") == "白云机场", got


def test_cinema_area_is_no_title(engine: Engine) -> None:
    got = _one(engine, "明晚八點 兩張 板橋威秀")
    assert got[0] == "movie" and "movie" not in got[2] and got[2].get("cinema") == "板桥威秀", got
