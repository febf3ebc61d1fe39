"""Failure classes of issue 12, round 9 (domain, intent and frame count): a sentence that tells rather than
asks (someone's habits, what one did, how a thing was found, thanks) is small talk even when it names a
domain's goods; a question's ``ask`` (停车场 is a facility, 还剩几间 asks what is left, 要排队吗, a size asked
of goods); the user's points, membership, invoices and delivery address are the account; a card claimed
with words between (领一下今天的优惠券); an order regretted (买多了) is no new order; 到帳 is 到账.

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON
from tests.unit.understanding.conftest import read as _frames


@pytest.mark.parametrize(
    "text",
    [
        "我室友天天点螺蛳粉，宿舍全是味儿",  # someone else's habit
        "成都我去过三次了",  # what one has done
        "昨晚看了场电影，一般般",  # done, then how it was
        "我觉得喜茶的芝芝莓莓比瑞幸好喝",  # an opinion
        "這次住的酒店真的好乾淨",  # how it was found (Traditional)
        "那家烤肉店的老板也太热情了吧",
        "高铁站的停车费贵得离谱",
        "谢谢你昨天帮我叫的车，司机人很好",  # thanks for what was done
        "我家楼下的星巴克搬走了",  # a state told
    ],
)
def test_a_sentence_told_is_small_talk(engine: Engine, text: str) -> None:
    assert _frames(engine, text) == [("chat", "chat", {})]


@pytest.mark.parametrize("text", ["吃完一顿烤肉打车回公司", "逛了一整天，叫辆车回酒店", "看完一场球赛约个车去南站"])
def test_a_ride_asked_after_what_is_told_is_still_a_ride(engine: Engine, text: str) -> None:
    assert "taxi" in [domain for domain, _, _ in _frames(engine, text)]


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("订今晚的惊蛰无声，好期待", "movie"),  # an order verb opens the clause
        ("我去过故宫了，帮我订两张颐和园的票", "attraction"),
        ("谢谢，再帮我叫个车回家", "taxi"),  # thanks, then more asked
        ("昨天那家奶茶真好喝，再来一杯", "takeout"),
        ("坐了一天车好累，帮我订个酒店", "hotel"),
        ("古茗的芋泥波波好不好喝", "takeout"),  # asked A-not-A: a question, no remark
    ],
)
def test_a_request_said_with_a_remark_is_still_a_request(engine: Engine, text: str, domain: str) -> None:
    assert _frames(engine, text)[0][0] == domain


def test_a_rider_praised_is_no_tracking_question(engine: Engine) -> None:
    assert _frames(engine, "外卖骑手大雪天还准时送到，好感动") == [("chat", "chat", {})]
    assert _frames(engine, "骑手在哪呢")[0][:2] == ("account", "track_order")


@pytest.mark.parametrize(
    ("text", "domain", "ask"),
    [
        ("亚朵酒店有没有停车场", "hotel", "other"),  # a facility, not a screening (场)
        ("颐和园有没有停车位", "attraction", "other"),
        ("如家今晚还剩几间房", "hotel", "availability"),
        ("惊蛰无声明天还剩多少张票", "movie", "availability"),
        ("太二酸菜鱼要排队吗", "takeout", "other"),
        ("这款安踏运动裤有没有XL码", "shopping", "availability"),
    ],
)
def test_what_a_question_asks(engine: Engine, text: str, domain: str, ask: str) -> None:
    frames = _frames(engine, text)
    assert [(d, i) for d, i, _ in frames] == [(domain, "info")]
    assert frames[0][2]["ask"] == ask


def test_queueing_asked_is_no_dish(engine: Engine) -> None:
    _, _, slots = _frames(engine, "海底捞周末要排队吗")[0]
    assert slots.get("shop") == "海底捞"
    assert "item" not in slots


def test_a_size_asked_of_goods_stays_a_spec(engine: Engine) -> None:
    _, intent, slots = _frames(engine, "李宁这双篮球鞋有没有43码")[0]
    assert intent == "info"
    assert slots["spec"] == "43码"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("积分还剩多少", "list_cards"),
        ("帮我看看我有几积分", "list_cards"),
        ("我的会员啥时候到期", "list_cards"),  # 到期 is no delivery
        ("麻烦帮我开一下上周那单的发票", "list_orders"),
        ("收货地址写错了", "list_orders"),
        ("领一下新人专享的红包", "claim_card"),
        ("我有可用的代金券吗", "list_cards"),
        ("看一下我的消费记录", "list_orders"),
    ],
)
def test_the_users_own_holdings_and_orders_are_the_account(engine: Engine, text: str, intent: str) -> None:
    frames = _frames(engine, text)
    assert [(d, i) for d, i, _ in frames] == [("account", intent)]


@pytest.mark.parametrize(
    "text",
    [
        "酸奶买多了，能退一箱吗",
        "电影票订错了，帮我退掉",
        "奶茶点多了，取消一杯",
    ],
)
def test_an_order_regretted_is_no_new_order(engine: Engine, text: str) -> None:
    frames = _frames(engine, text)
    assert [d for d, _, _ in frames] == ["account"]


@pytest.mark.parametrize("text", ["我充的話費還沒到帳", "退款什麼時候到帳"])
def test_account_money_in_traditional_reads_as_simplified(engine: Engine, text: str) -> None:
    assert engine.understand(text, now=FRIDAY_NOON).normalized.endswith("到账")
    assert _frames(engine, text)[0][0] == "account"


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("我想知道欢乐谷的门票多少钱", "name", "欢乐谷"),
        ("问一下，必胜客几点关门", "shop", "必胜客"),
        ("想打听下兵马俑要预约吗", "name", "兵马俑"),
    ],
)
def test_the_lead_in_of_a_question_names_no_thing(engine: Engine, text: str, slot: str, value: str) -> None:
    _, intent, slots = _frames(engine, text)[0]
    assert intent == "info"
    assert slots[slot] == value


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("我想吃烤鸭，再帮我叫辆车回家", "烤鸭"),
        ("想喝咖啡，顺便叫个车去公司", "咖啡"),
    ],
)
def test_a_food_wish_before_a_ride_is_an_order_of_its_own(engine: Engine, text: str, item: str) -> None:
    frames = _frames(engine, text)
    assert [d for d, _, _ in frames] == ["takeout", "taxi"]
    assert frames[0][2]["item"] == item


def test_a_food_wish_after_a_ride_is_the_rides_purpose(engine: Engine) -> None:
    assert [d for d, _, _ in _frames(engine, "打车去全聚德，想吃烤鸭")] == ["taxi"]


@pytest.mark.parametrize("text", ["麦当劳的配送费怎么算", "瑞幸外卖的打包费怎么收"])
def test_a_fee_asked_how_it_is_counted_asks_the_price(engine: Engine, text: str) -> None:
    frames = _frames(engine, text)
    assert [(d, i) for d, i, _ in frames] == [("takeout", "info")]
    assert frames[0][2]["ask"] == "price"


@pytest.mark.parametrize(
    ("text", "domain", "ask"),
    [
        ("国家博物馆周二休息吗", "attraction", "hours"),
        ("如家几点可以入住", "hotel", "hours"),
        ("灵隐寺离西湖远不远", "attraction", "other"),
        ("进颐和园要钱吗", "attraction", "price"),
        ("話費儲值有手續費嗎", "recharge", "price"),
        ("充话费一般几分钟到账", "recharge", "duration"),
        ("盒马的鲈鱼新鲜吗", "grocery", "rating"),
        ("全季有没有洗衣房", "hotel", "other"),
        ("充话费现在有折扣吗", "recharge", "price"),
    ],
)
def test_more_ways_of_asking(engine: Engine, text: str, domain: str, ask: str) -> None:
    frames = _frames(engine, text)
    assert [(d, i) for d, i, _ in frames] == [(domain, "info")]
    assert frames[0][2]["ask"] == ask


@pytest.mark.parametrize("text", ["汉庭酒店的早餐几点开始", "亚朵早餐好吃吗"])
def test_a_stays_breakfast_is_asked_of_the_stay(engine: Engine, text: str) -> None:
    assert [(d, i) for d, i, _ in _frames(engine, text)] == [("hotel", "info")]


def test_breakfast_ordered_alone_is_still_takeout(engine: Engine) -> None:
    assert _frames(engine, "帮我点两份早餐")[0][0] == "takeout"


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("高铁票退掉，重新订一张后天的", "train"),
        ("把酒店取消了，重新订一间明晚的", "hotel"),
        ("那杯奶茶不要了，换成一杯柠檬茶", "takeout"),
    ],
)
def test_an_order_placed_again_keeps_the_domain_of_the_one_undone(
    engine: Engine, text: str, domain: str
) -> None:
    frames = _frames(engine, text)
    assert [d for d, _, _ in frames] == ["account", domain]
    assert "movie" not in frames[1][2]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("买两张明天的灵隐寺门票和一张周日的雷峰塔门票", ["灵隐寺", "雷峰塔"]),
        ("三张飞驰人生3和两张惊蛰无声", ["飞驰人生3", "惊蛰无声"]),
    ],
)
def test_two_things_of_one_domain_joined_are_two_tasks(engine: Engine, text: str, names: list[str]) -> None:
    frames = _frames(engine, text)
    assert [s.get("name", s.get("movie")) for _, _, s in frames] == names


def test_one_thing_said_twice_stays_one_task(engine: Engine) -> None:
    assert len(_frames(engine, "两张惊蛰无声，后排，惊蛰无声要IMAX的")) == 1


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("上周买的羽绒服寄了没", "track_order"),
        ("前天订的坚果发了吗", "track_order"),
        ("这个月我一共点了多少钱的外卖", "list_orders"),
        ("我还有几张代金劵", "list_cards"),
    ],
)
def test_more_ways_of_asking_after_ones_own_orders(engine: Engine, text: str, intent: str) -> None:
    assert [(d, i) for d, i, _ in _frames(engine, text)] == [("account", intent)]
