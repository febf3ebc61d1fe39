"""Failure classes of issue 12, round 13 (takeout, grocery, shopping): a flavour said of weighed goods makes them a
dish (两斤香辣小龙虾, 一斤小龙虾 蒜蓉的) while an instant or packed form makes a drink goods (一盒雀巢咖啡 速溶的);
sugar said with a wish between (糖要一半, 甜度要低一点); a height or length said of goods (一米八高的); a device
said after a word of fitting (适用于iPad) is the spec; makers of everyday goods (好孩子, 海信); a kind of eatery
(苍蝇馆, 食堂) is no shop; a size named with a wish (尺码要32), two measures of one thing (1.5*2米); a feature
said with 的 is no maker (冷白光的); one per head for the people counted (五个人 每人一杯); pet and baby goods.

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read_one_slots as _one
from tests.unit.understanding.conftest import read_slots as _frames


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("帮我来三斤香辣小龙虾", "香辣小龙虾"),
        ("小龙虾要两斤 蒜蓉的", None),
        ("來兩斤小龍蝦 十三香的", "十三香小龙虾"),
    ],
)
def test_a_flavour_said_of_weighed_goods_makes_them_a_dish(engine: Engine, text: str, item: str | None) -> None:
    domain, slots = _one(engine, text)
    assert domain == "takeout"
    assert slots["item"] == item if item else slots["item"].endswith("小龙虾")
    assert "unit" not in slots
    assert "shop" not in slots  # 蒜蓉的: how the dish is made, no shop


def test_weighed_goods_without_a_flavour_stay_groceries(engine: Engine) -> None:
    domain, slots = _one(engine, "盒马买三斤小龙虾")
    assert domain == "grocery"
    assert slots["unit"] == "斤"


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("买两盒麦斯威尔咖啡 速溶的", "速溶咖啡"),
        ("来一袋挂耳咖啡", "挂耳咖啡"),
    ],
)
def test_an_instant_or_packed_drink_is_goods(engine: Engine, text: str, item: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "grocery"
    assert slots["item"] == item


@pytest.mark.parametrize(
    ("text", "sugar"),
    [
        ("一杯乌龙奶茶 糖要一半", "half"),
        ("来杯柠檬茶 甜度要低一点", "less"),
        ("一杯四季春 糖只要三分", "light"),
        ("来杯拿铁 一半的糖", "half"),
    ],
)
def test_sugar_said_with_a_wish_between(engine: Engine, text: str, sugar: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "takeout"
    assert slots["sugar"] == sugar


def test_ice_said_with_a_wish_between(engine: Engine) -> None:
    assert _one(engine, "来杯茉莉绿茶 冰只要少点")[1]["ice"] == "less"


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("想买个书架 一米八高的", "一米八"),
        ("买个鱼缸 1.2米长的", "1.2米"),
    ],
)
def test_a_height_or_length_said_of_goods_is_the_spec(engine: Engine, text: str, spec: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert slots["spec"] == spec


@pytest.mark.parametrize(
    ("text", "query", "spec"),
    [
        ("买个蓝牙键盘 兼容iPad的", "蓝牙键盘", "iPad"),
        ("帮我买个充电器，适配Switch", "充电器", "Switch"),
    ],
)
def test_a_device_said_after_a_word_of_fitting_is_the_spec(engine: Engine, text: str, query: str, spec: str) -> None:
    frames = _frames(engine, text)
    assert len(frames) == 1, frames
    assert frames[0][1]["query"] == query
    assert frames[0][1]["spec"] == spec


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("给孩子买辆推车 好孩子的", "好孩子"),
        ("买台海信电视 75寸", "海信"),
        ("想买个新秀丽的拉杆箱", "新秀丽"),
    ],
)
def test_makers_of_everyday_goods(engine: Engine, text: str, brand: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert slots["brand"] == brand


@pytest.mark.parametrize("text", ["来份食堂的红烧茄子", "點一份蒼蠅館子的魚香肉絲"])
def test_a_kind_of_eatery_is_no_shop(engine: Engine, text: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "takeout"
    assert "shop" not in slots


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("帮我买条运动裤 尺码要32的", "32"),
        ("买双板鞋 鞋码选41", "41"),
    ],
)
def test_a_size_named_with_a_wish_is_the_spec(engine: Engine, text: str, spec: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert slots["spec"] == spec


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("买张床垫 1.5*2米的", "1.5*2米"),
        ("买块地毯 1米6乘2米的", "1米6乘2米"),
        ("想买块地垫 1.2x1.8米", "1.2x1.8米"),
    ],
)
def test_two_measures_of_goods_are_one_spec(engine: Engine, text: str, spec: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert slots["spec"] == spec


@pytest.mark.parametrize("text", ["买个吸顶灯 冷白光的", "买个摄像头 双录的"])
def test_a_feature_said_with_de_is_no_maker(engine: Engine, text: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert "brand" not in slots


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("我们组七个人 每人一杯杨枝甘露", 7),
        ("家里三口人 一人一碗酸辣粉", 3),
        ("我们四个同事 人手一份鸡排", 4),
    ],
)
def test_one_per_head_counts_the_people(engine: Engine, text: str, quantity: int) -> None:
    domain, slots = _one(engine, text)
    assert domain == "takeout"
    assert slots["quantity"] == quantity


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("给我们三个人一人一杯柠檬茶，一共三杯", 3),
        ("柠檬茶要两杯 我跟同学一人一杯", 2),
    ],
)
def test_a_total_said_wins_over_heads(engine: Engine, text: str, quantity: int) -> None:
    assert _one(engine, text)[1]["quantity"] == quantity


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("帮我家猫买个喂食器", "喂食器"),
        ("買個吸奶器", "吸奶器"),
        ("给狗子买个宠物航空箱 中号的", "宠物航空箱"),
    ],
)
def test_pet_and_baby_goods_are_shopping(engine: Engine, text: str, query: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert slots["query"] == query
