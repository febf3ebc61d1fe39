"""Failure classes of issue 12, round 12 (takeout, grocery, shopping): a device's line number said after its noun
(小米手环9) and a model line said beside the goods (联想小新, 鼠标 毒蝰); one character of goods after its maker
(好丽友派) and a bare case or film after its device (iPhone 16的壳); 床 bought by 张 with its size as the spec;
what happens when the order arrives (送到的时候都凉了) is no address; the parts of a combo (双拼饭 叉烧加烧鹅)
are no products; a kind said before its variety (买点青菜 两把上海青); goods aliases apart from makers' aliases.

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

import pytest

from bangwo.understanding import lexicon_food as food
from bangwo.understanding.parse import Engine
from bangwo.understanding.vocabulary import default_vocabulary
from tests.unit.understanding.conftest import one_slots as _one
from tests.unit.understanding.conftest import read_slots as _frames


@pytest.mark.parametrize(
    ("text", "query", "brand"),
    [
        ("帮我订一个小米手环7", "手环7", "小米"),
        ("想买台华为平板12 灰色", "平板12", "华为"),
        ("買個小米電視5", "电视5", "小米"),
    ],
)
def test_a_line_number_after_the_device_noun_is_part_of_the_query(engine: Engine, text: str, query: str,
                                                                   brand: str) -> None:
    slots = _one(engine, text)
    assert (slots["query"], slots["brand"]) == (query, brand)


def test_a_count_after_the_device_noun_stays_a_count(engine: Engine) -> None:
    slots = _one(engine, "小米手环 买3个")
    assert (slots["query"], slots["quantity"]) == ("手环", 3)


@pytest.mark.parametrize(
    ("text", "query", "spec"),
    [
        ("买个笔记本 联想拯救者", "笔记本", "拯救者"),
        ("给我来个雷蛇的鼠标 巴塞利斯蛇 黑色", "鼠标", "巴塞利斯蛇 黑色"),
        ("帮我买台笔记本 华硕天选5", "笔记本", "天选5"),
    ],
)
def test_a_model_line_beside_the_goods_is_the_spec(engine: Engine, text: str, query: str, spec: str) -> None:
    slots = _one(engine, text)
    assert (slots["query"], slots["spec"]) == (query, spec)


def test_a_describing_word_after_the_goods_is_no_model_line(engine: Engine) -> None:
    slots = _one(engine, "买台空调 美的 变频")
    assert slots["query"] == "空调"
    assert "spec" not in slots


@pytest.mark.parametrize(
    ("text", "item", "brand"),
    [
        ("帮我买三包好丽友派", "派", "好丽友"),
        ("买一桶金龙鱼油", "油", "金龙鱼"),
        ("海天醋来一瓶", "醋", "海天"),
        ("來兩盒立頓茶", "茶", "立顿"),
    ],
)
def test_one_character_of_goods_after_its_maker(engine: Engine, text: str, item: str, brand: str) -> None:
    slots = _one(engine, text)
    assert (slots["item"], slots["brand"]) == (item, brand)


def test_a_maker_of_spirits_stays_the_product(engine: Engine) -> None:
    slots = _one(engine, "买两瓶茅台酒")
    assert slots["item"] == "茅台"
    assert "brand" not in slots


@pytest.mark.parametrize(
    ("text", "query", "spec"),
    [
        ("帮我买个华为Mate70的壳", "壳", "华为Mate70"),
        ("iPad Pro的套买一个", "套", "iPad Pro"),
        ("給我的iPhone 13买张膜", "膜", "iPhone 13"),
        ("荣耀100的壳 来两个", "壳", "荣耀100"),
    ],
)
def test_a_bare_case_after_its_device(engine: Engine, text: str, query: str, spec: str) -> None:
    slots = _one(engine, text)
    assert (slots["query"], slots["spec"]) == (query, spec)


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("帮我买张一米二的床", "一米二"),
        ("買張床 1.8米的", "1.8米"),
        ("一米五的床 买一张", "一米五"),
    ],
)
def test_a_bed_bought_by_zhang(engine: Engine, text: str, spec: str) -> None:
    domain, slots = _frames(engine, text)[0]
    assert domain == "shopping"
    assert (slots["query"], slots["spec"], slots["quantity"]) == ("床", spec, 1)


@pytest.mark.parametrize(
    "text",
    [
        "来一杯奶茶 送到的时候珍珠都泡软了",
        "点份水饺 送到之前先打个电话",
        "来一份冰粉 别送到就化了",
        "点份盖饭 送到后给我发消息",
    ],
)
def test_what_happens_on_arrival_is_no_address(engine: Engine, text: str) -> None:
    slots = _frames(engine, text)[0][1]
    assert "address" not in slots


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("来份炒饭 送到前台", "前台"),
        ("来份炒饭 送到后门", "后门"),
        ("来份炒饭 送到了直接放门口", "门口"),
        ("来份炒饭 送到时代广场", "时代广场"),
    ],
)
def test_places_that_start_like_a_clause_stay_addresses(engine: Engine, text: str, address: str) -> None:
    assert _one(engine, text)["address"] == address


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("来份双拼饭 烧鸭配叉烧", "双拼饭"),
        ("点一份卤味拼盘 鸭脖鸡爪", "卤味拼盘"),
        ("来个烧腊双拼 白切鸡加烧鸭", "烧腊双拼"),
    ],
)
def test_the_parts_of_a_combo_are_no_products(engine: Engine, text: str, item: str) -> None:
    frames = _frames(engine, text)
    assert [s["item"] for _, s in frames] == [item]


def test_a_counted_product_after_a_combo_is_its_own(engine: Engine) -> None:
    frames = _frames(engine, "来份双拼饭 再来两杯奶茶")
    assert [s["item"] for _, s in frames] == ["双拼饭", "奶茶"]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("买点青菜 两把油麦菜", "油麦菜"),
        ("买点猪肉 一斤里脊肉", "里脊肉"),
        ("买点坚果 三袋开心果", "开心果"),
    ],
)
def test_a_kind_said_before_its_variety_gives_one_frame(engine: Engine, text: str, item: str) -> None:
    assert _one(engine, text)["item"] == item


def test_a_counted_kind_stays_a_product(engine: Engine) -> None:
    frames = _frames(engine, "一把青菜 两斤五花肉")
    assert [s["item"] for _, s in frames] == ["青菜", "五花肉"]


def test_goods_aliases_are_apart_from_makers_aliases() -> None:
    assert "apple watch" in food.GOODS_ALIASES and "apple watch" not in food.GOODS_BRAND_ALIASES
    assert "耐吉" in food.GOODS_BRAND_ALIASES and "耐吉" not in food.GOODS_ALIASES
    aliases = default_vocabulary().aliases
    assert {k: aliases[k] for k in food.GOODS_ALIASES} == food.GOODS_ALIASES
    assert aliases["耐吉"] == "耐克"


def test_a_bed_named_by_what_it_is_made_as(engine: Engine) -> None:
    slots = _one(engine, "帮我买张沙发床 一米五")
    assert (slots["query"], slots["spec"]) == ("沙发床", "一米五")


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("点份馄饨 送到的时候放保安室", "保安室"),
        ("来杯豆浆 送到以后麻烦放门口", "门口"),
    ],
)
def test_where_it_is_put_on_arrival_is_the_address(engine: Engine, text: str, address: str) -> None:
    assert _one(engine, text)["address"] == address


def test_a_kind_before_a_makers_product_gives_one_frame(engine: Engine) -> None:
    slots = _one(engine, "买点饼干 三包奥利奥")
    assert (slots["item"], slots["quantity"]) == ("奥利奥", 3)


def test_a_kind_before_another_order_stays_a_product(engine: Engine) -> None:
    frames = _frames(engine, "买点青菜 再来一斤牛腩")
    assert [s["item"] for _, s in frames] == ["青菜", "牛腩"]


def test_a_latin_line_keeps_its_size_in_inches(engine: Engine) -> None:
    slots = _one(engine, "买台联想平板 Legion 9寸的")
    assert slots["spec"] == "Legion 9寸"


@pytest.mark.parametrize(
    "text",
    [
        "来份凉面 送到记得先打电话",
        "点杯椰奶 送到别按门铃 孩子在睡觉",
        "来份盖饭 送到大概要多久",
        "点个汉堡 送到时给我发个短信",
    ],
)
def test_a_request_about_the_arrival_is_no_address(engine: Engine, text: str) -> None:
    slots = _frames(engine, text)[0][1]
    assert "address" not in slots


def test_the_place_given_to_on_arrival_is_the_address(engine: Engine) -> None:
    assert _one(engine, "来份凉面 送到给保安亭")["address"] == "保安亭"


def test_a_flavour_after_a_makers_one_character_goods(engine: Engine) -> None:
    slots = _one(engine, "拿两盒好丽友派 草莓的")
    assert (slots["item"], slots["brand"], slots["quantity"]) == ("派", "好丽友", 2)


def test_a_bed_named_with_its_kind_after_its_width(engine: Engine) -> None:
    domain, slots = _frames(engine, "想买张一米二的上下床")[0]
    assert domain == "shopping"
    assert (slots["query"], slots["spec"]) == ("上下床", "一米二")


def test_a_numbered_device_before_its_accessory_is_the_spec(engine: Engine) -> None:
    slots = _one(engine, "帮我买根华为手环9的充电线")
    assert (slots["query"], slots["spec"]) == ("充电线", "华为手环9")
    assert "brand" not in slots


def test_a_product_named_in_the_arrival_clause_is_no_order(engine: Engine) -> None:
    frames = _frames(engine, "来三个雪糕 送到的时候怕巧克力都化了")
    assert [s["item"] for _, s in frames] == ["雪糕"]
    assert "address" not in frames[0][1]


@pytest.mark.parametrize(
    ("text", "domain", "address"),
    [
        ("帮我点两份酸辣粉 放到快递柜就好", "takeout", "快递柜"),
        ("买一袋大米 配送到我家楼下", "grocery", "我家楼下"),
    ],
)
def test_where_the_goods_go_is_no_question_about_a_delivery(engine: Engine, text: str, domain: str,
                                                             address: str) -> None:
    frames = _frames(engine, text)
    assert [d for d, _ in frames] == [domain]
    assert frames[0][1]["address"] == address


@pytest.mark.parametrize("text", ["点一份冰沙 担心送到都化了", "来碗热汤面 别送到就凉了"])
def test_a_worry_about_the_delivery_is_no_complaint(engine: Engine, text: str) -> None:
    assert [d for d, _ in _frames(engine, text)] == ["takeout"]


@pytest.mark.parametrize("text", ["我买的书配送到哪了", "昨天点的烧烤送过来的时候都凉了"])
def test_a_delivery_asked_after_or_complained_of_stays_the_account(engine: Engine, text: str) -> None:
    assert [d for d, _ in _frames(engine, text)] == ["account"]
