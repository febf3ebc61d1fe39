"""Failure classes of issue 12, round 14 (shopping first, then takeout and grocery): sugar and ice said with a
filler word between (糖也少点, 冰就不要了, 糖的话少放点) or as a refusal of adding (不用加糖, 糖去掉); a topping
refused a few words before 加 (不需要加珍珠) or swapped for another (不要珍珠要椰果); another product after 外加 or
还有 with its own count; a maker said before the second goods is theirs only (三斤橙子和一袋金龙鱼大米); a unit
after a number is no part of the goods (4K显示器, 1TB硬盘); colours with a shade word (枣红色, 冰蓝色); a bed width
(1.8米床); specs said in one product's words are that product's; specs told unit by unit (一件黑色一件白色) are
no spec of the order; a material with its grade (白鹅绒的, 足金) is no maker and no colour; a brand's short form
(阿迪) maps to the brand; a size with a half (四十一码半); a place said after beer
(青岛的) is its maker; one each for the people counted after.

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read_one_slots as _one
from tests.unit.understanding.conftest import read_slots as _frames


@pytest.mark.parametrize(
    ("text", "sugar", "ice"),
    [
        ("来杯乌龙茶 冰也少点 糖也少点", "less", "less"),
        ("一杯柚子茶 糖就免了 冰块也去掉", "none", "none"),
        ("要一杯青提茉莉 糖的话少放点 冰的话不要", "less", "none"),
        ("来杯茉莉奶绿 不用加糖 少加点冰", "none", "less"),
        ("一杯葡萄柚绿茶 糖去掉 冰稍微少一点", "none", "less"),
    ],
)
def test_sugar_and_ice_said_with_a_filler_or_a_refusal(engine: Engine, text: str, sugar: str, ice: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "takeout"
    assert (slots.get("sugar"), slots.get("ice")) == (sugar, ice)


@pytest.mark.parametrize("text", ["一杯芋泥奶茶 不需要加布丁", "来杯红茶拿铁 别给我加珍珠", "一碗酸辣粉 不想再加肥牛了"])
def test_a_topping_refused_before_its_add_is_none(engine: Engine, text: str) -> None:
    _, slots = _one(engine, text)
    assert "toppings" not in slots


def test_a_topping_refused_and_another_wanted_in_its_place(engine: Engine) -> None:
    _, slots = _one(engine, "一杯四季奶青 不加椰果 要仙草")
    assert slots["toppings"] == ["仙草"]


@pytest.mark.parametrize(
    ("text", "second"),
    [
        ("一杯热可可 外加一份鸡米花", "鸡米花"),
        ("一杯美式 还有一个牛角包", "牛角包"),
        ("来份炒饭再来瓶雪碧", "雪碧"),
    ],
)
def test_another_product_after_a_joining_word_with_its_own_count(engine: Engine, text: str, second: str) -> None:
    frames = _frames(engine, text)
    assert len(frames) == 2, frames
    assert frames[1][1]["item"] == second
    assert frames[1][1]["quantity"] == 1
    assert "toppings" not in frames[0][1]


@pytest.mark.parametrize(
    ("text", "first", "brand"),
    [
        ("来两斤橙子和一袋金龙鱼大米", "橙子", "金龙鱼"),
        ("买一个兰蔻小黑瓶和一支口红", "小黑瓶", None),
    ],
)
def test_a_maker_said_with_one_counted_goods_is_theirs_only(engine: Engine, text: str, first: str,
                                                            brand: str | None) -> None:
    frames = _frames(engine, text)
    assert len(frames) == 2, frames
    first_slots = frames[0][1]
    assert first_slots.get("item", first_slots.get("query")) == first
    assert frames[1][1].get("brand") == brand


def test_a_maker_said_before_goods_listed_without_counts_is_shared(engine: Engine) -> None:
    frames = _frames(engine, "光明的鲜牛奶和酸奶各两盒")
    assert [f[1].get("brand") for f in frames] == ["光明", "光明"]


@pytest.mark.parametrize(
    ("text", "query", "spec"),
    [
        ("买一台4K投影仪", "投影仪", "4K"),
        ("想买个2TB的移动硬盘", "移动硬盘", "2TB"),
        ("帮我买一个100W充电器", "充电器", "100W"),
    ],
)
def test_a_unit_after_a_number_is_no_part_of_the_goods(engine: Engine, text: str, query: str, spec: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert slots["query"] == query
    assert slots["spec"] == spec
    assert "brand" not in slots


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("买件毛衣 砖红色 L", "砖红色 L"),
        ("买条冰蓝色牛仔裤", "冰蓝色"),
        ("买个床垫 1.5米床用的", "1.5米"),
        ("买双凉鞋 三十七码半", "三十七码半"),
    ],
)
def test_specs_with_a_shade_word_a_bed_width_or_a_half_size(engine: Engine, text: str, spec: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert slots["spec"] == spec
    assert not slots["query"].startswith(("蓝", "色"))


def test_each_product_keeps_the_specs_said_in_its_own_words(engine: Engine) -> None:
    frames = _frames(engine, "买一件蓝色的衬衫 XL 和一条黑色的西裤 32码")
    assert [f[1].get("spec") for f in frames] == ["蓝色 XL", "黑色 32码"]


def test_specs_said_for_all_products_go_to_every_one(engine: Engine) -> None:
    frames = _frames(engine, "买一件白衬衫 和一条黑色的西裤 都要M码")
    assert [f[1].get("spec") for f in frames] == ["M码", "黑色 M码"]


def test_specs_told_unit_by_unit_are_no_spec_of_the_order(engine: Engine) -> None:
    _, slots = _one(engine, "买两顶帽子 一顶红色一顶蓝色 均码")
    assert slots["spec"] == "均码"
    assert slots["quantity"] == 2


@pytest.mark.parametrize(("text", "query"), [("买件羽绒服 要90白鹅绒的", "羽绒服"), ("买个手镯 足金的 周生生", "手镯")])
def test_a_material_with_its_grade_is_no_maker_and_no_colour(engine: Engine, text: str, query: str) -> None:
    _, slots = _one(engine, text)
    assert slots["query"] == query
    assert "spec" not in slots
    assert slots.get("brand") in (None, "周生生")


def test_a_brand_short_form_maps_to_the_brand(engine: Engine) -> None:
    _, slots = _one(engine, "买条阿迪的运动裤")
    assert slots["brand"] == "阿迪达斯"


@pytest.mark.parametrize("text", ["啤酒要一箱 燕京的", "來兩打啤酒 青島的"])
def test_a_place_said_after_goods_it_names_a_maker_of(engine: Engine, text: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "grocery"
    assert slots["item"] == "啤酒"
    assert slots["brand"] in ("燕京", "青岛")


def test_one_each_for_the_people_said_after(engine: Engine) -> None:
    _, slots = _one(engine, "每人一杯柠檬茶 我们三个人")
    assert slots["quantity"] == 3


def test_a_kind_of_dish_said_before_counted_dishes_is_none_of_them(engine: Engine) -> None:
    frames = _frames(engine, "想吃点卤味 鸭架来两个 鸭脖一份")
    assert [f[1]["item"] for f in frames] == ["鸭架", "鸭脖"]
    frames = _frames(engine, "卤味来两份 可乐一瓶")
    assert [f[1]["item"] for f in frames] == ["卤味", "可乐"]


def test_a_word_of_asking_is_no_part_of_the_goods(engine: Engine) -> None:
    frames = _frames(engine, "超市还有没有阳光玫瑰")
    assert frames[0][1]["item"] == "阳光玫瑰"


def test_a_maker_said_after_one_counted_product_is_its_own(engine: Engine) -> None:
    frames = _frames(engine, "买一个保温杯 膳魔师的 外加两个杯刷")
    assert [f[1].get("brand") for f in frames] == ["膳魔师", None]


@pytest.mark.parametrize(("text", "brand"), [("买个Samsung的固态硬盘", "三星"), ("买台显示器 dell的", "戴尔")])
def test_english_and_short_maker_names_map_to_the_brand(engine: Engine, text: str, brand: str) -> None:
    _, slots = _one(engine, text)
    assert slots["brand"] == brand


def test_goods_named_with_latin_letters_keep_them(engine: Engine) -> None:
    _, slots = _one(engine, "买件polo衫 藏青色")
    assert slots["query"].lower() == "polo衫"
    assert "brand" not in slots


def test_a_measure_word_for_tubes_counts_the_goods(engine: Engine) -> None:
    frames = _frames(engine, "买一副网球拍 外加两筒网球")
    assert len(frames) == 2, frames
    assert frames[-1][1]["query"] == "网球"
    assert frames[-1][1]["quantity"] == 2


@pytest.mark.parametrize(("text", "spec"), [("买条围巾 要灰的", "灰"), ("买双板鞋 我平时穿43的", "43"), ("买个运动水壶 1升的", "1升")])
def test_a_colour_wanted_or_a_size_worn_is_the_spec(engine: Engine, text: str, spec: str) -> None:
    domain, slots = _one(engine, text)
    assert domain == "shopping"
    assert slots["spec"] == spec
