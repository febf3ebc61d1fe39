"""Failure classes of issue 12, round 11 (takeout, grocery, shopping): a filling said with 的 before or after a
dish (and 豆沙馅 read as no shop); a refused or swapped topping; 锅 as a measure word; where the user is (我在X)
as the address, and a building's parts after spaces; loose sugar and ice words; a range of counts (两三斤);
a count inside a maker's name (三只松鼠) or after a price (多少钱一个); a maker said before goods in a clause of
its own; sizes and set meal shapes (中锅的, 一荤一素的) that name no shop; English goods after a Chinese verb,
Apple Watch, a device before its accessory, model names in capitals (MX Master 3S), key counts and capacities.

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import one_slots as _one
from tests.unit.understanding.conftest import read_slots as _frames


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("来两份牛肉馅的包子", "包子"),
        ("来两袋汤圆 芝麻馅的", "汤圆"),
        ("点一份酸菜馅的饺子", "饺子"),
        ("豆沙馅的粽子来两个", "粽子"),
    ],
)
def test_a_filling_said_with_de_is_no_product_nor_shop(engine: Engine, text: str, item: str) -> None:
    slots = _one(engine, text)
    assert slots["item"] == item
    assert "shop" not in slots


@pytest.mark.parametrize(
    ("text", "toppings"),
    [
        ("一杯奶绿 不要加椰果", None),
        ("一份炒面 别加蛋", None),
        ("奶茶 布丁换成芋圆", ["芋圆"]),
        ("拿铁 换成燕麦奶", None),
        ("一杯奶茶 加珍珠", ["珍珠"]),
    ],
)
def test_a_refused_topping_is_none_and_a_swapped_in_one_is_added(engine: Engine, text: str,
                                                                  toppings: list[str] | None) -> None:
    assert _one(engine, text).get("toppings") == toppings


def test_a_topping_word_that_starts_a_dish_is_no_topping(engine: Engine) -> None:
    frames = _frames(engine, "来杯豆浆 加一个鸡蛋灌饼")
    assert [f[1]["item"] for f in frames] == ["豆浆", "鸡蛋灌饼"]
    assert all("toppings" not in f[1] for f in frames)


def test_a_pot_counts_the_dish(engine: Engine) -> None:
    slots = _one(engine, "点一锅鸡公煲")
    assert (slots["item"], slots["quantity"]) == ("鸡公煲", 1)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("我在实验楼三楼 帮我点杯奶茶", "实验楼三楼"),
        ("我在减肥 帮我点份沙拉", None),
        ("一份炒面 送到国贸大厦 A座 12层", "国贸大厦 A座 12层"),
    ],
)
def test_where_the_user_is_and_a_building_with_its_parts_is_the_address(engine: Engine, text: str,
                                                                         address: str | None) -> None:
    assert _one(engine, text).get("address") == address


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("一杯柠檬茶 甜度低一点", "sugar", "less"),
        ("一杯奶茶 不用太甜", "sugar", "less"),
        ("奶茶 别放糖", "sugar", "none"),
        ("来杯果茶 糖度正常", "sugar", "full"),
        ("柠檬水 冰块别放", "ice", "none"),
        ("可乐 少放冰", "ice", "less"),
        ("一杯绿茶 不冰", "ice", "room"),
    ],
)
def test_loose_sugar_and_ice_words(engine: Engine, text: str, slot: str, value: str) -> None:
    assert _one(engine, text)[slot] == value


@pytest.mark.parametrize(
    ("text", "unit"),
    [("买两三个芒果", "个"), ("来三五串烤串", None), ("帮我称个七八斤的排骨", None)],
)
def test_a_range_of_counts_is_no_quantity(engine: Engine, text: str, unit: str | None) -> None:
    slots = _one(engine, text)
    assert "quantity" not in slots or slots["quantity"] == 1
    if unit is not None:
        assert slots["unit"] == unit


def test_a_count_inside_a_makers_name_counts_nothing(engine: Engine) -> None:
    slots = _one(engine, "三只松鼠的碧根果两袋")
    assert (slots["item"], slots["brand"], slots["quantity"], slots["unit"]) == ("碧根果", "三只松鼠", 2, "袋")


def test_the_unit_a_price_is_asked_for_is_no_count(engine: Engine) -> None:
    assert "quantity" not in _one(engine, "榴莲多少钱一个")


def test_a_maker_said_before_goods_in_their_own_clause_is_theirs_only(engine: Engine) -> None:
    frames = _frames(engine, "两包维达纸巾 一瓶洗洁精")
    assert [f[1].get("brand") for f in frames] == ["维达", None]
    frames = _frames(engine, "一袋良品铺子的猪肉脯 一包旺旺雪饼")
    assert [f[1].get("brand") for f in frames] == ["良品铺子", "旺旺"]


@pytest.mark.parametrize("text", ["烤鱼 中锅的", "点一份两荤一素的盒饭", "炒饭要小份的"])
def test_a_size_or_a_meal_shape_names_no_shop(engine: Engine, text: str) -> None:
    assert "shop" not in _one(engine, text)


@pytest.mark.parametrize(
    ("text", "query", "spec"),
    [
        ("帮我瞧瞧MacBook Air 16G", "MacBook Air", "16G"),
        ("买一块Apple Watch 银色", "Apple Watch", "银色"),
        ("买个iPhone 14的钢化膜", "钢化膜", "iPhone 14"),
        ("买个iPad的保护壳", "保护壳", "iPad"),
        ("罗技鼠标 MX Anywhere 3 买一个", "鼠标", "MX Anywhere 3"),
        ("键盘 108键 青轴 买一个", "键盘", "108键 青轴"),
        ("帮我买部手机 8G运存 256G", "手机", "8G运存 256G"),
    ],
)
def test_english_goods_devices_and_their_specs(engine: Engine, text: str, query: str, spec: str) -> None:
    slots = _one(engine, text)
    assert (slots["query"], slots["spec"]) == (query, spec)


def test_what_the_goods_are_for_is_no_goods(engine: Engine) -> None:
    assert _one(engine, "买一盒拼图 送侄子的生日礼物")["query"] == "拼图"


def test_a_maker_before_a_charger_is_no_device(engine: Engine) -> None:
    slots = _one(engine, "买个小米的充电器")
    assert (slots.get("brand"), slots.get("spec")) == ("小米", None)


def test_a_product_said_again_with_options_is_the_same_product(engine: Engine) -> None:
    frames = _frames(engine, "一杯奶茶两个蛋挞 奶茶去冰")
    assert [(f[1]["item"], f[1].get("ice")) for f in frames] == [("奶茶", "none"), ("蛋挞", None)]


def test_a_product_line_said_after_the_maker_and_a_space(engine: Engine) -> None:
    slots = _one(engine, "华为 MatePad Pro 买一台")
    assert (slots["query"], slots["brand"]) == ("MatePad Pro", "华为")


@pytest.mark.parametrize("text", ["买件T恤 白色 短袖", "买个床垫 记忆棉的", "买个键盘 能连手机的", "买个二手的iPad"])
def test_what_describes_the_goods_is_no_goods_and_no_maker(engine: Engine, text: str) -> None:
    assert "brand" not in _one(engine, text)


def test_makers_bought_as_products_each_with_a_count(engine: Engine) -> None:
    frames = _frames(engine, "三瓶怡宝 两瓶农夫山泉")
    assert [(f[1]["item"], f[1]["quantity"], f[1].get("brand")) for f in frames] == [("怡宝", 3, None),
                                                                                   ("农夫山泉", 2, None)]


@pytest.mark.parametrize(("text", "item", "unit"), [("买一捆菠菜", "菠菜", "捆"), ("来一板嫩豆腐", "嫩豆腐", "板")])
def test_a_grocery_unit_after_a_count_opens_no_product_word(engine: Engine, text: str, item: str, unit: str) -> None:
    slots = _one(engine, text)
    assert (slots["item"], slots["unit"]) == (item, unit)


def test_another_dish_bought_with_its_own_count(engine: Engine) -> None:
    frames = _frames(engine, "来一份烤鸭 再买三个椒盐饼")
    assert [(f[1]["item"], f[1]["quantity"]) for f in frames] == [("烤鸭", 1), ("椒盐饼", 3)]


@pytest.mark.parametrize(
    ("text", "address"),
    [("一份盖饭 送到公司 地址是前进路9号", "前进路9号"), ("我在7栋1203 点份炒饭", "7栋1203")],
)
def test_the_address_named_as_such_and_a_room_number(engine: Engine, text: str, address: str) -> None:
    assert _one(engine, text)["address"] == address


def test_short_sugar_and_ice_words(engine: Engine) -> None:
    slots = _one(engine, "柠檬茶 冰正常 糖少")
    assert (slots["ice"], slots["sugar"]) == ("normal", "less")


@pytest.mark.parametrize(
    ("text", "item"),
    [("来份披萨 培根蘑菇的", "培根蘑菇披萨"), ("来份炒饭 牛肉的", "牛肉炒饭"), ("要一份铁板烧 鱿鱼的", "鱿鱼铁板烧")],
)
def test_what_a_dish_is_made_with_said_after_it(engine: Engine, text: str, item: str) -> None:
    assert _one(engine, text)["item"] == item


@pytest.mark.parametrize(
    ("text", "spec"),
    [("买台洗衣机 9kg", "9kg"), ("买条西裤 31腰", "31腰"), ("买个HDMI转VGA转接头", "HDMI转VGA"),
     ("充电宝 2万毫安 买一个", "2万毫安"), ("买台手机 钛灰色", "钛灰色")],
)
def test_more_spec_shapes(engine: Engine, text: str, spec: str) -> None:
    assert _one(engine, text)["spec"] == spec


@pytest.mark.parametrize(("text", "query"), [("买套四件套", "四件套"), ("帮我买个Kindle Oasis", "Kindle Oasis")])
def test_a_count_inside_the_goods_name_and_an_english_line_name(engine: Engine, text: str, query: str) -> None:
    slots = _one(engine, text)
    assert (slots["query"], slots["quantity"]) == (query, 1)


def test_how_the_fish_is_prepared_names_no_maker(engine: Engine) -> None:
    assert "brand" not in _one(engine, "买两条鲫鱼 要切好的")


@pytest.mark.parametrize(
    ("text", "spec"),
    [("买件文胸 80C", "80C"), ("买个足球 5号", "5号"), ("买双凉鞋 三十六码", "三十六码"), ("买条被子 150*200", "150*200"),
     ("买个洗衣机 两百升的", "两百升"), ("买个眼影 #03", "#03"), ("买副近视镜 300度", "300度"), ("买张床垫 1米8", "1米8")],
)
def test_sizes_cups_shades_and_dioptres(engine: Engine, text: str, spec: str) -> None:
    assert _one(engine, text)["spec"] == spec


def test_an_order_from_a_shop_said_with_a_bare_measure_word_has_no_count(engine: Engine) -> None:
    assert "quantity" not in _one(engine, "帮我点份肯德基")
    assert _one(engine, "点个汉堡王的皇堡")["quantity"] == 1


def test_a_dish_named_with_heat_is_no_hot_drink(engine: Engine) -> None:
    assert "ice" not in _one(engine, "来碗热干面 要武汉的")


@pytest.mark.parametrize("text", ["点一份少油少盐的小炒肉", "一家三口吃的铁锅炖"])
def test_how_it_is_cooked_or_who_eats_it_names_no_shop(engine: Engine, text: str) -> None:
    assert "shop" not in _one(engine, text)


@pytest.mark.parametrize(
    ("text", "sugar", "ice"),
    [("一杯红茶 半塘去兵", "half", "none"), ("來杯烏龍 微塘少兵", "light", "less"), ("奶茶一杯 少唐", "less", None)],
)
def test_sugar_and_ice_words_typed_with_a_sound_alike(engine: Engine, text: str, sugar: str, ice: str | None) -> None:
    slots = _one(engine, text)
    assert (slots["sugar"], slots.get("ice")) == (sugar, ice)


def test_another_dish_added_with_its_own_count_is_a_product(engine: Engine) -> None:
    frames = _frames(engine, "一份薯条 再加一份鸡排")
    assert [(f[1]["item"], f[1].get("toppings")) for f in frames] == [("薯条", None), ("鸡排", None)]
    frames = _frames(engine, "一个鸡肉卷 另外加一个鸡腿")
    assert [f[1]["item"] for f in frames] == ["鸡肉卷", "鸡腿"]


def test_a_topping_added_again_to_a_bowl_stays_a_topping(engine: Engine) -> None:
    slots = _one(engine, "一份冒菜 再加一份肥牛")
    assert slots["toppings"] == ["肥牛"]


@pytest.mark.parametrize(
    ("text", "item", "brand"),
    [("买一瓶厨邦的生抽", "生抽", "厨邦"), ("一袋金沙河挂面", "挂面", "金沙河"), ("两瓶威露士洗手液", "洗手液", "威露士"),
     ("买一箱伊利舒化奶", "舒化奶", "伊利"), ("来一份凉皮", "凉皮", None)],
)
def test_more_grocery_makers(engine: Engine, text: str, item: str, brand: str | None) -> None:
    slots = _one(engine, text)
    assert (slots["item"], slots.get("brand")) == (item, brand)


@pytest.mark.parametrize(
    ("text", "brand"),
    [("帮我买个电水壶 牌子要苏泊尔", "苏泊尔"), ("买个电饭煲 要九阳牌的", "九阳"), ("买个水杯 要保温", None)],
)
def test_the_make_wanted_said_last(engine: Engine, text: str, brand: str | None) -> None:
    assert _one(engine, text).get("brand") == brand


def test_a_model_number_after_a_maker_said_in_english(engine: Engine) -> None:
    slots = _one(engine, "买双New Balance 990 黑色")
    assert (slots["query"], slots["brand"], slots["spec"]) == ("New Balance 990", "新百伦", "黑色")


@pytest.mark.parametrize(
    ("text", "query", "spec"),
    [("买支Apple Pencil 一代", "Apple Pencil", "一代"), ("来一台Mac mini M2 8G", "Mac mini M2", "8G"),
     ("买个iPad 第十代", "iPad", "第十代")],
)
def test_apple_goods_named_with_a_space_and_their_generation(engine: Engine, text: str, query: str,
                                                             spec: str) -> None:
    slots = _one(engine, text)
    assert (slots["query"], slots["spec"]) == (query, spec)


def test_a_shade_number_after_the_maker_is_the_spec(engine: Engine) -> None:
    slots = _one(engine, "买支唇釉 迪奥720")
    assert (slots["query"], slots["brand"], slots["spec"]) == ("唇釉", "迪奥", "720")


@pytest.mark.parametrize(("text", "quantity"), [("买条裙子 两百块", 1), ("来杯咖啡 二十块", 1), ("来十二块鸡块", 12)])
def test_a_sum_of_money_said_last_is_no_count(engine: Engine, text: str, quantity: int) -> None:
    assert _one(engine, text)["quantity"] == quantity


def test_two_said_without_a_measure_word_counts(engine: Engine) -> None:
    assert _one(engine, "要两煎饼")["quantity"] == 2


def test_a_net_bag_is_a_grocery_unit(engine: Engine) -> None:
    slots = _one(engine, "买两兜砂糖橘")
    assert (slots["item"], slots["quantity"], slots["unit"]) == ("砂糖橘", 2, "兜")


@pytest.mark.parametrize(
    ("text", "item"),
    [("买一袋苹果 阿克苏的", "阿克苏苹果"), ("买三斤猪肉 前腿的", "猪肉")],
)
def test_a_variety_or_a_cut_said_after_the_goods_is_no_maker(engine: Engine, text: str, item: str) -> None:
    slots = _one(engine, text)
    assert (slots["item"], slots.get("brand")) == (item, None)
