"""Every sentence is written for these tests; none is taken from a measured set or a probe file.

Failure classes of issue 12, round 10 (travel, account, chat, recharge): a travel or film wish refused before the
one wanted (不要快车 叫个专车, 不要高铁 坐动车, 不去天坛了 换成圆明园) gives no slot, while food wishes (不要辣) and
不要转机 still do; a meal said only to place a request in time (吃完晚饭去看电影) orders no food and names no film;
of several sights the one whose tickets are asked for is the sight; a thing bought named next to a tracking
question (前天买的充电器 物流…) is no new order; what one has ordered (都点了些什么) and whether cards still work
(优惠券还能用吗) are the account's; a phone almost out of credit (手机快没钱了 给我充一百) is a top-up; a remark on
a sight's looks (灯光真的很好看欸, 拍了好多照片) is small talk; a ride whose start is said after the meal it goes
to (去海底捞吃火锅 叫个车从公司出发) goes there; a common place said alone between pauses (后天一早 火车站 叫个车)
is where the ride goes; 定张 counts a ticket; 还能约上吗 asks whether tickets are left.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read_one as _one


@pytest.mark.parametrize(("text", "slot", "value"), [
    ("不要快车 帮我叫个专车去火车站", "car_type", "premium"),
    ("別給我叫專車 太貴了 經濟型的就行 去公司", "car_type", "economy"),
    ("不要高铁 坐动车去苏州 明天 一张", "train_type", "D"),
    ("别给我买站票 后天西安到兰州 硬卧", "seat_class", "hard_sleeper"),
    ("不要IMAX的 普通3D就行 今晚的热辣滚烫 两张", "format", "3D"),
    ("别选后排 靠前一点 明天的第二十条 一张", "seat", "front"),
    ("不要全季 订个亚朵 成都东站旁边 明天住", "brand", "亚朵"),
])
def test_refused_wish_gives_no_slot(engine: Engine, text: str, slot: str, value: str) -> None:
    got = _one(engine, text)
    assert got[2].get(slot) == value, got


@pytest.mark.parametrize(("text", "slot"), [
    ("别给我订红眼的 下周二广州飞北京 一张", "time_window"),
    ("不要杜比的 周六晚上万达的哪吒之魔童闹海 两张", "format"),
    ("不要硬座 后天上海到南昌的火车 两张", "seat_class"),
    ("不要拼车 明早八点从家去机场", "car_type"),
])
def test_refused_wish_alone_gives_nothing(engine: Engine, text: str, slot: str) -> None:
    got = _one(engine, text)
    assert slot not in got[2], got


def test_refused_food_wish_is_still_a_slot(engine: Engine) -> None:
    got = _one(engine, "来一份麻辣烫 不要辣")
    assert got[0] == "takeout" and got[2].get("spice") == "none"
    flight = _one(engine, "不要转机 下周一成都飞三亚")
    assert flight[2].get("direct") is True


def test_sight_not_visited_after_all(engine: Engine) -> None:
    got = _one(engine, "不去天坛了 换成圆明园 后天 两张票")
    assert got[0] == "attraction" and got[2].get("name") == "圆明园"


@pytest.mark.parametrize(("text", "domain", "slot", "value"), [
    ("吃完晚饭去看电影 今晚九点的熊出没 两张", "movie", "movie", "熊出没"),
    ("吃过午饭想去颐和园 帮我买三张学生票", "attraction", "ticket_type", "student"),
    ("等吃完饭 八点打车回家", "taxi", "to", "家"),
])
def test_meal_done_places_request_in_time(engine: Engine, text: str, domain: str, slot: str, value: str) -> None:
    got = _one(engine, text)
    assert got[0] == domain and got[2].get(slot) == value, got


@pytest.mark.parametrize(("text", "name"), [
    ("上午逛完西湖 下午去雷峰塔 帮我订两张雷峰塔门票", "雷峰塔"),
    ("天安门不用买票吧 那帮我订故宫的 三张", "故宫"),
    ("黄鹤楼和户部巷都想逛 帮我订两张黄鹤楼的门票", "黄鹤楼"),
])
def test_ticketed_sight_of_several(engine: Engine, text: str, name: str) -> None:
    got = _one(engine, text)
    assert got[0] == "attraction" and got[2].get("name") == name, got


@pytest.mark.parametrize(("text", "intent", "ref"), [
    ("我上周买的那双鞋 怎么还没发货", "track_order", "鞋"),
    ("昨天订的酒店 帮我开张发票", "list_orders", "酒店"),
    ("前天买的充电器 物流一直没动", "track_order", "充电器"),
])
def test_thing_bought_beside_account_task_is_no_order(engine: Engine, text: str, intent: str, ref: str) -> None:
    got = _one(engine, text)
    assert got[:2] == ("account", intent) and got[2].get("order_ref") == ref, got


@pytest.mark.parametrize(("text", "intent"), [
    ("帮我看看上个月都点了些什么", "list_orders"),
    ("我都订了啥 给我看看", "list_orders"),
    ("优惠券还能用吗", "list_cards"),
    ("我的免单卡 还剩几张", "list_cards"),
])
def test_own_orders_and_cards(engine: Engine, text: str, intent: str) -> None:
    assert _one(engine, text)[:2] == ("account", intent)


@pytest.mark.parametrize(("text", "amount"), [
    ("我爸手机又欠费了 帮他充五十", 50),
    ("手机快没钱了 给我充一百", 100),
])
def test_phone_out_of_credit_is_topup(engine: Engine, text: str, amount: int) -> None:
    got = _one(engine, text)
    assert got[0] == "recharge" and got[2].get("amount") == amount, got


@pytest.mark.parametrize("text", [
    "广州塔晚上的灯光真的很好看欸",
    "昨天去了趟故宫 拍了好多照片",
])
def test_remark_on_sight_is_chat(engine: Engine, text: str) -> None:
    assert _one(engine, text)[:2] == ("chat", "chat")


def test_ride_start_after_meal_place(engine: Engine) -> None:
    got = _one(engine, "周六中午想去海底捞吃火锅 叫个车从公司出发")
    assert got[0] == "taxi" and got[2].get("to") == "海底捞" and got[2].get("from") == "公司", got
    hotel = _one(engine, "叫个车去南锣鼓巷 从我们住的酒店过去")
    assert hotel[0] == "taxi" and hotel[2].get("to") == "南锣鼓巷", hotel


def test_homophone_verb_counts_ticket(engine: Engine) -> None:
    got = _one(engine, "帮我定张后天武汉到长沙的高铁")
    assert got[0] == "train" and got[2].get("passengers") == 1, got


def test_booking_reachable_asks_availability(engine: Engine) -> None:
    got = _one(engine, "颐和园后天还能约上吗")
    assert got[:2] == ("attraction", "info") and got[2].get("ask") == "availability", got


@pytest.mark.parametrize(("text", "to"), [
    ("后天一早 火车站 叫个车", "火车站"),
    ("那个 晚上九点 医院 帮我约个车", "医院"),
])
def test_place_said_alone_is_ride_end(engine: Engine, text: str, to: str) -> None:
    got = _one(engine, text)
    assert got[0] == "taxi" and got[2].get("to") == to, got


def test_place_said_alone_is_no_end_when_it_is_the_start(engine: Engine) -> None:
    got = _one(engine, "我在公司 叫个车")
    assert got[0] == "taxi" and "to" not in got[2], got
