"""Every sentence is written for these tests; none is taken from a measured set or a probe file.

Failure classes of issue 12, round 9 (products, follow-up): a dish the lexicon lacks with grocery words
added to it (一份酸菜锅 加午餐肉); a clause after the goods that only says their colour (咖啡色), what they must
do (要能带上飞机的), what they are for (放车里用的) or asks to choose among them (帮我挑一个); 帮我点 with a
dish and its count; a tower or block in the address (望京SOHO T3, 国贸 B座); a numeral inside a flavour
(十三香的); specs that differ between the units (白色和黑色各一); lengths, resolutions and weight classes
(120cm, 0.5mm, 4K, 4U, 超大号); a capacity after an English product name (iPad 256G); makers said bare
after the goods or before a product line (希捷, 飞鹤星飞帆, 京东京造); 换个 as a count; garment features
with 的 (连帽的) that name no maker; rolls counted by 卷; a device said with 的 after its accessory (手柄 Xbox的).
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read_one_slots as _one
from tests.unit.understanding.conftest import read_slots as _frames


# A dish the lexicon lacks, ordered by its portion, with grocery words added to it: still one takeout dish.
@pytest.mark.parametrize(
    ("text", "item", "toppings"),
    [
        ("来一份酸菜锅 加午餐肉", "酸菜锅", ["午餐肉"]),
        ("要一份番茄锅 不要辣 加金针菇和豆腐", "番茄锅", ["金针菇", "豆腐"]),
        ("來一份麻辣拌 加鴨血跟豆腐", "麻辣拌", ["鸭血", "豆腐"]),
    ],
)
def test_unknown_dish_with_added_groceries(engine: Engine, text: str, item: str, toppings: list[str]) -> None:
    domain, slots = _one(engine, text)
    assert domain == "takeout"
    assert slots["item"] == item
    assert slots["toppings"] == toppings


def test_groceries_counted_alone_stay_groceries(engine: Engine) -> None:
    assert _one(engine, "买一斤豆腐") == ("grocery", {"item": "豆腐", "quantity": 1, "unit": "斤"})


# A clause after the goods that only says their colour, a requirement, a use or asks to choose: no task of its own.
@pytest.mark.parametrize(
    ("text", "query", "spec"),
    [
        ("买件毛衣 M码 咖啡色", "毛衣", "M码 咖啡色"),
        ("帮我买个托特包 要奶茶色的", "托特包", "奶茶色"),
        ("买个行李箱 能登机的 20寸", "行李箱", "20寸"),
        ("买个收纳盒 放车里用的", "收纳盒", None),
        ("想买个空气净化器 你帮我选一款吧", "空气净化器", None),
        ("買個電動牙刷 幫我挑一支", "电动牙刷", None),
    ],
)
def test_clause_about_the_goods_before(engine: Engine, text: str, query: str, spec: str | None) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert slots["query"] == query
    assert slots.get("spec") == spec


def test_choosing_alone_is_still_a_vague_wish(engine: Engine) -> None:
    assert _one(engine, "帮我挑一个") == ("takeout", {"any": True})


# 帮我点 + a dish, its count said later: a dish ordered, not groceries.
@pytest.mark.parametrize(
    ("text", "item", "quantity"),
    [
        ("幫我點餛飩 要兩碗", "馄饨", 2),
        ("帮我点生煎 要八个", "生煎", 8),
        ("帮我点锅贴 来十个", "锅贴", 10),
    ],
)
def test_asked_to_order_a_dish(engine: Engine, text: str, item: str, quantity: int) -> None:
    domain, slots = _one(engine, text)
    assert (domain, slots["item"], slots["quantity"]) == ("takeout", item, quantity)


# A tower or block of the address is part of it, no train number.
@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("点杯咖啡 送到万达广场 T1", "万达广场 T1"),
        ("買兩杯奶茶 送到銀泰中心 C座 謝謝", "银泰中心 C座"),
        ("帮我买两箱水 送到国贸 B座", "国贸 B座"),
    ],
)
def test_building_part_of_the_address(engine: Engine, text: str, address: str) -> None:
    domain, slots = _one(engine, text)
    assert domain in ("takeout", "grocery")
    assert slots["address"] == address


# A flavour with a numeral in its name (十三香) still makes the dish precise; a count with 的 does not.
def test_flavour_with_a_numeral(engine: Engine) -> None:
    assert _one(engine, "来两份小龙虾 要十三香的") == ("takeout", {"item": "十三香小龙虾", "quantity": 2})
    assert _one(engine, "来份奶茶 一份的")[1]["item"] == "奶茶"


# Specs that differ between the units are asked for, none is labelled; a spec shared by all stays.
@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("买两双袜子 白色和黑色各一双", None),
        ("买两件T恤 L码 白的和蓝的各一件", "L码"),
        ("幫我買兩個杯子 粉色跟藍色各一個", None),
    ],
)
def test_specs_of_each_unit(engine: Engine, text: str, spec: str | None) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert slots.get("spec") == spec


# Lengths, resolutions, weight classes and bigger sizes are specs; so is a capacity after an English name.
@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("买一条腰带 棕色 110cm", "棕色 110cm"),
        ("帮我买支钢笔 0.38mm的", "0.38mm"),
        ("想买台电视 4K的 55寸", "4K 55寸"),
        ("买支羽毛球拍 5U 蓝色", "5U 蓝色"),
        ("买个收纳袋 特大号的", "特大号"),
        ("买个MacBook Air 512G 银色", "512G 银色"),
    ],
)
def test_measured_specs(engine: Engine, text: str, spec: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert slots["spec"] == spec


# Makers: bare after the goods, before a product line without 的, or a shop platform's own brand.
@pytest.mark.parametrize(
    ("text", "domain", "brand"),
    [
        ("买一罐奶粉 美赞臣铂睿 二段", "grocery", "美赞臣"),
        ("帮我买两罐惠氏的奶粉", "grocery", "惠氏"),
        ("京东上买个京东京造的床垫 1.8米", "shopping", "京东京造"),
        ("帮我买块移动硬盘 东芝的 1T", "shopping", "东芝"),
    ],
)
def test_makers(engine: Engine, text: str, domain: str, brand: str) -> None:
    got_domain, slots = _one(engine, text)
    assert (got_domain, slots.get("brand")) == (domain, brand)


# Garment features said with 的 describe the goods, they name no maker.
@pytest.mark.parametrize("text", ["买件毛衣 圆领的 灰色", "买条裤子 阔腿的 黑色 M码", "幫我買件外套 帶帽的"])
def test_features_are_no_makers(engine: Engine, text: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert "brand" not in slots


# 换个/换台 counts one; rolls are counted by 卷 and the measure word is no part of the goods.
@pytest.mark.parametrize(
    ("text", "query", "quantity"),
    [
        ("帮我换个手机壳 透明的", "手机壳", 1),
        ("想换台冰箱 海尔的", "冰箱", 1),
        ("买三卷胶带", "胶带", 3),
        ("帮我买四卷电工胶布", "电工胶布", 4),
    ],
)
def test_counted_by_change_and_rolls(engine: Engine, text: str, query: str, quantity: int) -> None:
    domain, slots = _one(engine, text)
    assert (domain, slots["query"], slots["quantity"]) == ("shopping", query, quantity)


def test_a_changed_option_is_no_count(engine: Engine) -> None:
    assert _one(engine, "大杯换成中杯") == ("takeout", {"size": "medium"})


# A device in Latin letters said with 的 after a thing made for it is what the thing fits (the spec).
@pytest.mark.parametrize(
    ("text", "query", "spec"),
    [
        ("帮我买个充电器 MacBook的", "充电器", "MacBook"),
        ("買個轉接頭 MacBook的", "转接头", "MacBook"),
        ("买个游戏手柄 Xbox的", "游戏手柄", "Xbox"),
    ],
)
def test_device_said_after_its_accessory(engine: Engine, text: str, query: str, spec: str) -> None:
    domain, slots = _one(engine, text)
    assert (domain, slots["query"], slots["spec"]) == ("shopping", query, spec)


def test_two_goods_stay_two(engine: Engine) -> None:
    assert [slots["query"] for _, slots in _frames(engine, "买个手机壳 再买个iPad")] == ["手机壳", "iPad"]
