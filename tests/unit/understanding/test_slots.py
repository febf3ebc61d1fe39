"""One test per slot kind: each sentence's frames are computed by hand from spec/frames.md."""

from __future__ import annotations

from typing import Any

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON


def frames(engine: Engine, text: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(f.domain, f.intent, f.slots) for f in engine.understand(text, now=FRIDAY_NOON).frames]


@pytest.mark.parametrize(("text", "expected"), [
    ("帮我点一杯少糖少冰的珍珠奶茶", ("takeout", {"item": "珍珠奶茶", "quantity": 1, "sugar": "less", "ice": "less"})),
    ("喝啥都行，不要太甜", ("takeout", {"any": True, "sugar": "less"})),
    ("冰美式一杯", ("takeout", {"item": "美式", "ice": "normal", "quantity": 1})),
    ("珍珠奶茶，半糖，去冰，大杯，加椰果", ("takeout", {"item": "珍珠奶茶", "sugar": "half", "ice": "none",
                                                  "size": "large", "toppings": ["椰果"]})),
    ("KFC来个香辣鸡腿堡", ("takeout", {"shop": "肯德基", "item": "香辣鸡腿堡", "quantity": 1})),
    ("点份寿司拼盘 200以内", ("takeout", {"item": "寿司拼盘", "quantity": 1, "max_price": 200})),
    ("6点送到家，一份酸辣粉", ("takeout", {"item": "酸辣粉", "quantity": 1, "deliver_at": "18:00",
                                          "address": "家"})),
    ("麻辣烫 微辣", ("takeout", {"item": "麻辣烫", "spice": "mild"})),
    ("买一箱蒙牛纯牛奶", ("grocery", {"item": "纯牛奶", "brand": "蒙牛", "quantity": 1, "unit": "箱"})),
    ("两斤五花肉 送到家", ("grocery", {"item": "五花肉", "quantity": 2, "unit": "斤", "address": "家"})),
    ("买双李宁跑鞋42码", ("shopping", {"query": "跑鞋", "brand": "李宁", "spec": "42码", "quantity": 1})),
    ("订一张下周一杭州到北京的二等座", ("train", {"from_city": "杭州", "to_city": "北京", "date": "2026-02-09",
                                           "seat_class": "second", "passengers": 1})),
    ("G123 明天 两张二等座", ("train", {"train_no": "G123", "train_type": "G", "date": "2026-02-07",
                                      "passengers": 2, "seat_class": "second"})),
    ("首都机场到浦东机场 明早", ("flight", {"from_city": "北京", "from_airport": "首都机场", "to_city": "上海",
                                      "to_airport": "浦东机场", "date": "2026-02-07", "time_window": "morning"})),
    ("头等舱 广州飞北京 周日晚上", ("flight", {"cabin": "first", "from_city": "广州", "to_city": "北京",
                                        "date": "2026-02-08", "time_window": "evening"})),
    ("帮我在杭州订个酒店，明天入住，住两晚", ("hotel", {"city": "杭州", "check_in": "2026-02-07", "nights": 2})),
    ("亚朵 大床房 今晚", ("hotel", {"brand": "亚朵", "room_type": "king", "check_in": "2026-02-06"})),
    ("八达岭长城 学生票 两张 下周一", ("attraction", {"name": "八达岭长城", "ticket_type": "student", "count": 2,
                                            "date": "2026-02-09"})),
    ("明早7点打车去机场", ("taxi", {"date": "2026-02-07", "when": "07:00", "to": "机场"})),
    ("快车就行 到人民广场", ("taxi", {"car_type": "economy", "to": "人民广场"})),
    ("充100话费", ("recharge", {"amount": 100})),
    ("给138 1234 5678 充一百", ("recharge", {"phone": "13812345678", "amount": 100})),
    ("惊蛰无声 8点 两张 中间位置", ("movie", {"movie": "惊蛰无声", "time": "20:00", "count": 2, "seat": "middle"})),
    ("惊蛰无声3D 明天下午两点", ("movie", {"movie": "惊蛰无声", "format": "3D", "date": "2026-02-07", "time": "14:00"})),
])
def test_slots_of_each_domain(engine: Engine, text: str, expected: tuple[str, dict[str, Any]]) -> None:
    assert frames(engine, text) == [(expected[0], "order", expected[1])]


def test_contract_movie_example(engine: Engine) -> None:
    assert frames(engine, "帮我买两张《惊蛰无声》首映日的票，最后一排，晚上8点左右") == [
        ("movie", "order", {"movie": "惊蛰无声", "premiere": True, "count": 2, "seat": "back", "time": "20:00",
                            "time_flex": True})]


def test_unknown_title_in_brackets_passes_through(engine: Engine) -> None:
    assert frames(engine, "《星河入梦》首映 两张 前排") == [
        ("movie", "order", {"movie": "星河入梦", "premiere": True, "count": 2, "seat": "front"})]


@pytest.mark.parametrize(("text", "intent", "slots"), [
    ("我的奶茶到哪了", "track_order", {"order_ref": "奶茶"}),
    ("取消刚才的订单", "cancel_order", {"order_ref": "最近"}),
    ("退掉刚才的电影票", "refund", {"order_ref": "电影票"}),
    ("我的订单", "list_orders", {}),
    ("领免单卡", "claim_card", {}),
    ("我还有几张免单卡", "list_cards", {}),
    ("邀请好友", "invite", {}),
])
def test_account_intents(engine: Engine, text: str, intent: str, slots: dict[str, Any]) -> None:
    assert frames(engine, text) == [("account", intent, slots)]
