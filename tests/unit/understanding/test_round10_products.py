"""Failure classes of issue 12, round 10 (shopping, takeout, grocery): a colour named by what it looks like
(沙漠色, 磨砂黑); a body height or a refresh rate or a size in Chinese numerals as the spec; who the goods are
for (老人用的, 孕妇穿的, 护脊的) is no maker and no product; a fruit that is also a maker said after the goods
with 的 (苹果的); drink toppings said as a clause of their own (珍珠加布丁); a second product counted by 俩/仨
with no measure word; counts said after each product with no pause (西红柿三斤鸡蛋两盒); a brand bought as the
product takes no maker from the other goods.

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import one_slots as _one
from tests.unit.understanding.conftest import read_slots as _frames


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("帮我买副耳机 冰川蓝", "冰川蓝"),
        ("iPad Pro 512G 钛金色 来一台", "512G 钛金色"),
        ("買一支iPhone 15 Pro 自然色的", "自然色"),
        ("卫衣要XL的 雾霾蓝", "XL 雾霾蓝"),
        ("想要一个保温杯 500ml 奶咖色", "500ml 奶咖色"),
    ],
)
def test_a_colour_named_by_what_it_looks_like_is_the_spec(engine: Engine, text: str, spec: str) -> None:
    assert _one(engine, text)["spec"] == spec


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("买件冲锋衣 军绿色 180的", "军绿色 180"),  # a height said alone between pauses
        ("帮我挑条运动裤 身高168", "身高168"),
        ("电竞显示器 27寸 240Hz 买一台", "27寸 240Hz"),
        ("买台二十七寸的显示器", "二十七寸"),
        ("华硕的笔记本 16G 1TB 帮我下单", "16G 1TB"),  # 16G is no model name of the goods
    ],
)
def test_sizes_said_as_numbers_are_the_spec(engine: Engine, text: str, spec: str) -> None:
    assert _one(engine, text)["spec"] == spec


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("给我奶奶买个老年人用的助听器", "助听器"),
        ("帮我找件孕妇穿的打底裤", "打底裤"),
        ("帮我买个小孩玩的沙滩桶", "沙滩桶"),
        ("买个颈椎不好的人用的枕头", "枕头"),
    ],
)
def test_who_the_goods_are_for_is_no_product(engine: Engine, text: str, query: str) -> None:
    slots = _one(engine, text)
    assert slots["query"] == query
    assert "brand" not in slots


@pytest.mark.parametrize(
    "text",
    [
        "帮孩子挑个书包 减负的 深蓝色",
        "给我爸买部手机 大字的 黑色",
        "买件外套 我老婆穿的 M码",
    ],
)
def test_a_use_said_with_de_names_no_maker(engine: Engine, text: str) -> None:
    assert "brand" not in _one(engine, text)


def test_a_fruit_that_is_a_maker_said_after_the_goods_names_the_maker(engine: Engine) -> None:
    assert _frames(engine, "来根数据线 苹果的") == [("shopping", {"query": "数据线", "brand": "苹果", "quantity": 1})]
    # grocery: 苹果 stays the fruit
    assert _frames(engine, "买两斤梨 再来三斤苹果")[1][1]["item"] == "苹果"


@pytest.mark.parametrize(
    ("text", "toppings"),
    [
        ("来杯乌龙奶茶 椰果加仙草 少冰", ["椰果", "仙草"]),
        ("四季春一杯 芋圆和红豆 半糖", ["芋圆", "红豆"]),
    ],
)
def test_drink_toppings_said_as_their_own_clause(engine: Engine, text: str, toppings: list[str]) -> None:
    assert _one(engine, text)["toppings"] == toppings


def test_a_second_dish_counted_by_lia_without_measure_word(engine: Engine) -> None:
    frames = _frames(engine, "来碗馄饨 再搞俩烧麦")
    assert [(f[1]["item"], f[1]["quantity"]) for f in frames] == [("馄饨", 1), ("烧麦", 2)]


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("白菜一颗土豆五个鸡蛋一盒", [("白菜", 1, "颗"), ("土豆", 5, "个"), ("鸡蛋", 1, "盒")]),
        ("一斤牛肉两个洋葱三根胡萝卜", [("牛肉", 1, "斤"), ("洋葱", 2, "个"), ("胡萝卜", 3, "根")]),  # counts before
    ],
)
def test_counts_said_after_each_product_without_pauses(engine: Engine, text: str, counts: list[tuple[str, int, str]]
                                                       ) -> None:
    frames = _frames(engine, text)
    assert [(f[1]["item"], f[1]["quantity"], f[1]["unit"]) for f in frames] == counts


def test_a_brand_bought_as_the_product_takes_no_maker(engine: Engine) -> None:
    frames = _frames(engine, "两箱蒙牛纯牛奶 一箱农夫山泉")
    assert frames[0][1]["brand"] == "蒙牛"
    assert frames[1][1]["item"] == "农夫山泉" and "brand" not in frames[1][1]


@pytest.mark.parametrize(
    ("text", "item"),
    [("帮我买五斤砂糖桔", "砂糖橘"), ("来两把青葱", "青葱"), ("买一只三黄鸡", "三黄鸡")],
)
def test_grocery_words(engine: Engine, text: str, item: str) -> None:
    assert _frames(engine, text)[0] == ("grocery", {**_frames(engine, text)[0][1], "item": item})


def test_a_size_said_as_its_own_clause_stays_with_the_goods(engine: Engine) -> None:
    frames = _frames(engine, "拉拉裤来三包 XXL码 好奇的")
    assert frames == [("grocery", {"item": "拉拉裤", "quantity": 3, "unit": "包", "brand": "好奇"})]


@pytest.mark.parametrize(
    "text",
    [
        "帮我买个衣柜 四门的 白色",  # how many doors
        "买顶帐篷 五到八人的",  # how many it sleeps
        "买个收纳柜 三层的",
        "帮我买个拉杆箱 铝框的",  # what it is made of
        "买件T恤 oversize的 黑色",
        "帮我买个儿童座椅 3C认证的",
    ],
)
def test_a_feature_said_with_de_names_no_maker(engine: Engine, text: str) -> None:
    assert "brand" not in _one(engine, text)


@pytest.mark.parametrize(
    ("text", "spec"),
    [("帮我买一顶渔夫帽 头围56", "头围56"), ("买条西裤 腰围二尺六 黑色", "腰围二尺六 黑色")],
)
def test_a_body_measurement_is_the_spec(engine: Engine, text: str, spec: str) -> None:
    assert _one(engine, text)["spec"] == spec


def test_an_english_product_followed_by_its_colour(engine: Engine) -> None:
    slots = _one(engine, "帮我买个iPad mini 紫色的")
    assert (slots["query"], slots["spec"]) == ("iPad mini", "紫色")


def test_a_place_whose_name_ends_in_ba_is_the_whole_address(engine: Engine) -> None:
    assert _one(engine, "来份炒面 送到学校旁边的网吧")["address"] == "学校旁边的网吧"
    assert _one(engine, "点杯奶茶 送到宿舍吧")["address"] == "宿舍"


def test_an_ice_level_said_after_an_iced_drink_refines_it(engine: Engine) -> None:
    assert _one(engine, "一杯冰拿铁 少冰 中杯")["ice"] == "less"
    assert _one(engine, "一杯冰拿铁 中杯")["ice"] == "normal"


@pytest.mark.parametrize(
    ("text", "query", "spec"),
    [
        ("帮我买台iPhone 14 128的 紫色", "iPhone 14", "128 紫色"),  # the storage said without its unit
        ("买个iPad Air 256gb 蓝色", "iPad Air", "256gb 蓝色"),  # lower-case units
        ("买个显示器 4k 32寸", "显示器", "4k 32寸"),
    ],
)
def test_storage_and_resolution_are_no_part_of_the_model(engine: Engine, text: str, query: str, spec: str) -> None:
    slots = _one(engine, text)
    assert (slots["query"], slots["spec"]) == (query, spec)


def test_a_maker_said_after_the_last_goods_is_theirs_only(engine: Engine) -> None:
    frames = _frames(engine, "买两斤苹果 再来一桶油 鲁花的")
    assert "brand" not in frames[0][1] and frames[1][1]["brand"] == "鲁花"
    frames = _frames(engine, "一包抽纸 一包湿巾 都要心相印的")  # 都: said of both
    assert [f[1].get("brand") for f in frames] == ["心相印", "心相印"]


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("一杯桂花乌龙 甜度一分", "sugar", "light"),  # the sweetness named, then its level
        ("柠檬茶要2分糖", "sugar", "light"),
        ("来杯椰奶 半甜", "sugar", "half"),
        ("一杯青提茉莉 冰度正常", "ice", "normal"),
        ("来杯橙汁 冰块不要", "ice", "none"),
    ],
)
def test_sweetness_and_ice_said_by_their_name(engine: Engine, text: str, key: str, value: str) -> None:
    assert _one(engine, text)[key] == value


def test_a_question_whether_it_can_be_delivered_names_no_address(engine: Engine) -> None:
    assert "address" not in _one(engine, "点一份盖浇饭 半小时能送到吗")


def test_a_filling_or_ingredient_said_with_de_names_no_shop(engine: Engine) -> None:
    assert "shop" not in _one(engine, "来一份海鲜粥 鱼片的")
    assert _one(engine, "来个杂粮煎饼 加薄脆")["toppings"] == ["薄脆"]


def test_the_size_of_a_pack_is_no_count(engine: Engine) -> None:
    slots = _one(engine, "帮我买袋洗衣粉 5斤装")
    assert (slots["quantity"], slots["unit"]) == (1, "袋")
    assert len(_frames(engine, "帮我买包猫砂 20斤装")) == 1  # the pack size is no order of its own


def test_an_age_range_said_with_de_names_no_maker(engine: Engine) -> None:
    assert "brand" not in _one(engine, "帮我买套积木 三到六岁的")


def test_a_vague_count_is_no_part_of_the_goods(engine: Engine) -> None:
    slots = _one(engine, "帮我买几个挂钩")
    assert slots["query"] == "挂钩" and "quantity" not in slots


def test_a_half_size_said_in_us_sizes_is_whole(engine: Engine) -> None:
    assert _one(engine, "帮我买双跑鞋 US8.5 白色")["spec"] == "US8.5 白色"
