"""Failure classes of issue 12, round 8 (takeout): dish names the lexicon knows only in part (老坛|酸菜鱼,
黑椒牛柳|烩饭, 干锅|鸡胗, 排骨|藕汤), products counted beside known ones, one order said clause by clause,
options and toppings said unit by unit, cut or seasoned, people counted, questions asked as "A 不 A", slips
before a count, and recommendations of a meal.

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

from typing import Any

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read as _frames


def _order(*slots: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [("takeout", "order", s) for s in slots]


# Words said before a dish the lexicon knows are part of its name, whatever the dish (not only 饭, 面, 奶茶).
@pytest.mark.parametrize(("text", "item"), [
    ("点个老坛酸菜鱼", "老坛酸菜鱼"),
    ("来一份蜂蜜烤翅", "蜂蜜烤翅"),
    ("老王家的三鲜馅饼一份", "三鲜馅饼"),
])
def test_words_before_a_known_dish_are_its_name(engine: Engine, text: str, item: str) -> None:
    [(domain, _, slots)] = _frames(engine, text)
    assert (domain, slots["item"], slots["quantity"]) == ("takeout", item, 1)


def test_a_measure_word_after_a_count_opens_no_name(engine: Engine) -> None:
    assert _frames(engine, "来三笼虾饺 一笼烧卖") == _order({"item": "虾饺", "quantity": 3}, {"item": "烧卖", "quantity": 1})


# A dish named by its form (烩饭, 藕汤, 干锅…) after food words the lexicon knows or not.
@pytest.mark.parametrize(("text", "item"), [
    ("来一份黑椒牛柳烩饭", "黑椒牛柳烩饭"),
    ("来一份排骨藕汤", "排骨藕汤"),
    ("我要两份番茄滑蛋饭", "番茄滑蛋饭"),
])
def test_a_dish_named_by_its_form(engine: Engine, text: str, item: str) -> None:
    [(domain, _, slots)] = _frames(engine, text)
    assert (domain, slots["item"]) == ("takeout", item)


def test_a_way_of_cooking_takes_the_food_after_it(engine: Engine) -> None:
    assert _frames(engine, "干锅鸡胗两份 微辣") == _order({"item": "干锅鸡胗", "quantity": 2, "spice": "mild"})


def test_goods_cooked_are_a_dish(engine: Engine) -> None:
    assert _frames(engine, "来一份香煎豆腐两碗米饭") == _order({"item": "香煎豆腐", "quantity": 1},
                                                               {"item": "米饭", "quantity": 2})


def test_a_cuisine_said_first_is_the_dish_after_it(engine: Engine) -> None:
    assert _frames(engine, "点份粤菜 白切鸡") == _order({"item": "白切鸡"})


def test_an_unknown_product_with_its_own_count(engine: Engine) -> None:
    assert _frames(engine, "一份火腿炒饭 再来一份紫菜蛋卷") == _order({"item": "火腿炒饭", "quantity": 1},
                                                                      {"item": "紫菜蛋卷", "quantity": 1})


def test_units_told_apart_are_no_products(engine: Engine) -> None:
    assert _frames(engine, "两份鸡排 一份甘梅一份椒麻") == _order({"item": "鸡排", "quantity": 2})


# 再来…, 送到…: one order said clause by clause shares its shop and where it goes.
def test_one_order_said_clause_by_clause(engine: Engine) -> None:
    assert _frames(engine, "麦当劳一个麦辣鸡腿堡，再来两对鸡翅，送到公司前台") == _order(
        {"shop": "麦当劳", "item": "麦辣鸡腿堡", "quantity": 1, "address": "公司前台"},
        {"shop": "麦当劳", "item": "鸡翅", "quantity": 2, "address": "公司前台"})


def test_a_serving_after_a_dish_is_takeout(engine: Engine) -> None:
    assert _frames(engine, "来份烤串 再要一份花生米") == _order({"item": "烤串", "quantity": 1},
                                                                {"item": "花生米", "quantity": 1})


def test_options_told_apart_unit_by_unit_leave_the_others(engine: Engine) -> None:
    assert _frames(engine, "三杯中杯美式 一杯热的两杯冰的") == _order({"item": "美式", "quantity": 3, "size": "medium"})


@pytest.mark.parametrize(("text", "item", "toppings"), [
    ("牛肉面加一块排骨", "牛肉面", ["排骨"]),
    ("酸辣粉 多加葱花 加个蛋", "酸辣粉", ["鸡蛋"]),
    ("冒菜加土豆丝和肥牛", "冒菜", ["土豆丝", "肥牛"]),
])
def test_what_is_added_to_a_dish(engine: Engine, text: str, item: str, toppings: list[str]) -> None:
    [(domain, _, slots)] = _frames(engine, text)
    assert (domain, slots["item"], slots["toppings"]) == ("takeout", item, toppings)


def test_toppings_for_each_product(engine: Engine) -> None:
    assert _frames(engine, "一份牛肉面 一份炸酱面 各加一个荷包蛋") == _order(
        {"item": "牛肉面", "quantity": 1, "toppings": ["荷包蛋"]}, {"item": "炸酱面", "quantity": 1, "toppings": ["荷包蛋"]})


def test_an_added_vegetable_does_not_make_the_order_groceries(engine: Engine) -> None:
    assert _frames(engine, "卤肉饭一份 多加一份青菜") == _order({"item": "卤肉饭", "quantity": 1, "toppings": ["青菜"]})


def test_pei_joins_two_products(engine: Engine) -> None:
    assert _frames(engine, "烧饼配豆浆") == _order({"item": "烧饼"}, {"item": "豆浆"})


def test_people_counted_are_not_the_quantity(engine: Engine) -> None:
    assert _frames(engine, "五个人的量 来三份炒饭") == _order({"item": "炒饭", "quantity": 3})


def test_a_count_said_for_every_product(engine: Engine) -> None:
    assert _frames(engine, "鸡腿饭和排骨饭都要三份") == _order({"item": "鸡腿饭", "quantity": 3},
                                                                {"item": "排骨饭", "quantity": 3})


def test_a_shop_pointed_at_by_where_it_is(engine: Engine) -> None:
    assert _frames(engine, "隔壁那家麻辣烫 来一份冒菜") == _order({"shop": "麻辣烫", "item": "冒菜", "quantity": 1})


def test_a_question_a_not_a_is_asked_not_an_option(engine: Engine) -> None:
    assert _frames(engine, "这家的冒菜辣不辣") == [("takeout", "info", {"item": "冒菜", "ask": "other"})]


def test_a_slip_of_a_product_before_its_count(engine: Engine) -> None:
    assert _frames(engine, "咖非两杯") == _order({"item": "咖啡", "quantity": 2})


def test_a_background_clause_that_cannot_go_home_cancels_nothing(engine: Engine) -> None:
    assert _frames(engine, "我晚上回不去了，帮我点个外卖，一份叉烧饭") == _order({"item": "叉烧饭", "quantity": 1})


@pytest.mark.parametrize(("text", "slots"), [
    ("推荐点好喝的下午茶", {"any": True}),
    ("有什么好喝的果茶", {"item": "果茶"}),
])
def test_recommendations_of_a_meal_or_a_kind(engine: Engine, text: str, slots: dict[str, Any]) -> None:
    assert _frames(engine, text) == _order(slots)


def test_a_short_word_does_not_swallow_the_start_of_a_longer_one(engine: Engine) -> None:
    said = [m.surface for m in engine.lexicon.scan("就在楼下沙县小吃")]
    assert "沙县小吃" in said
    assert "下沙" not in said


@pytest.mark.parametrize("text", ["肯德基全家桶 可乐要常温的", "双人套餐一份，饮料换成柠檬茶"])
def test_the_drink_of_a_set_meal_is_no_product(engine: Engine, text: str) -> None:
    frames = _frames(engine, text)
    assert len(frames) == 1
    assert frames[0][2]["item"] in ("全家桶", "双人套餐")


def test_a_drumstick_added_to_rice_is_a_topping(engine: Engine) -> None:
    assert _frames(engine, "牛肉盖饭加个鸡腿 再来一杯可乐") == _order({"item": "牛肉盖饭", "toppings": ["鸡腿"]},
                                                                     {"item": "可乐", "quantity": 1})


def test_two_products_counted_one_by_one(engine: Engine) -> None:
    assert _frames(engine, "来一个手抓饼一个烤肠饭团") == _order({"item": "手抓饼", "quantity": 1},
                                                                  {"item": "烤肠饭团", "quantity": 1})


def test_a_hotpot_base_is_a_product(engine: Engine) -> None:
    assert _frames(engine, "鸳鸯锅底一份 毛肚两份") == _order({"item": "鸳鸯锅底", "quantity": 1},
                                                              {"item": "毛肚", "quantity": 2})


@pytest.mark.parametrize(("text", "address"), [
    ("地址是阳光小区8栋 来一份炒饭", "阳光小区8栋"),
    ("一份饺子 放在门卫室就行", "门卫室"),
])
def test_where_the_order_goes_said_without_song_dao(engine: Engine, text: str, address: str) -> None:
    [(_, _, slots)] = _frames(engine, text)
    assert slots["address"] == address


def test_sweetness_said_as_a_level(engine: Engine) -> None:
    [(_, _, slots)] = _frames(engine, "一杯奶茶 甜度正常 去冰")
    assert (slots["sugar"], slots["ice"]) == ("full", "none")


def test_one_of_each(engine: Engine) -> None:
    assert _frames(engine, "每种来一杯 美式 拿铁") == _order({"item": "美式", "quantity": 1}, {"item": "拿铁", "quantity": 1})


@pytest.mark.parametrize("text", ["煎饼加甜面酱", "炒河粉加点陈醋"])
def test_a_sauce_asked_for_is_no_product_or_topping(engine: Engine, text: str) -> None:
    [(domain, _, slots)] = _frames(engine, text)
    assert domain == "takeout"
    assert "toppings" not in slots


def test_fillings_that_tell_units_apart(engine: Engine) -> None:
    assert _frames(engine, "两碗馄饨 一碗虾仁的一碗荠菜的") == _order({"item": "馄饨", "quantity": 2})


def test_an_option_of_one_unit_of_several(engine: Engine) -> None:
    assert _frames(engine, "三杯柠檬茶 一杯少冰") == _order({"item": "柠檬茶", "quantity": 3})


def test_taiwan_pearls_are_pearls(engine: Engine) -> None:
    [(_, _, slots)] = _frames(engine, "烏龍拿鐵 中杯 加粉圓")
    assert (slots["item"], slots["size"], slots["toppings"]) == ("乌龙拿铁", "medium", ["珍珠"])


def test_a_leading_unknown_product_ends_before_what_is_added(engine: Engine) -> None:
    assert _frames(engine, "帮我叫个外卖 肉龙加蛋 两个") == _order({"item": "肉龙", "quantity": 2, "toppings": ["鸡蛋"]})


def test_words_between_a_product_and_its_count_describe_it(engine: Engine) -> None:
    assert _frames(engine, "羊肉泡馍 肉多一点的 一碗") == _order({"item": "羊肉泡馍", "quantity": 1})


def test_an_english_temperature_word(engine: Engine) -> None:
    assert _frames(engine, "来杯iced mocha") == _order({"item": "摩卡", "quantity": 1, "ice": "normal"})


@pytest.mark.parametrize(("text", "item"), [("来一份5号套餐", "5号套餐"), ("B套餐要两份", "B套餐")])
def test_a_set_meal_by_its_number(engine: Engine, text: str, item: str) -> None:
    [(_, _, slots)] = _frames(engine, text)
    assert slots["item"] == item


def test_the_minimum_order_is_a_price_question(engine: Engine) -> None:
    assert _frames(engine, "这家麻辣香锅起送价多少") == [("takeout", "info", {"item": "麻辣香锅", "ask": "price"})]


def test_fen_after_a_count_is_a_serving(engine: Engine) -> None:
    assert _frames(engine, "三分宫保鸡丁盖饭") == _order({"item": "宫保鸡丁盖饭", "quantity": 3})


def test_a_topping_is_not_read_inside_a_longer_food(engine: Engine) -> None:
    [(_, _, slots)] = _frames(engine, "冒菜加鱼丸和牛肉丸")
    assert slots["toppings"] == ["鱼丸", "牛肉丸"]


def test_a_clause_saying_only_where_it_goes_belongs_to_the_order(engine: Engine) -> None:
    assert _frames(engine, "一份炒米粉 送到书店门口") == _order({"item": "炒米粉", "quantity": 1, "address": "书店门口"})


def test_where_a_shop_is_is_no_part_of_its_name(engine: Engine) -> None:
    assert _frames(engine, "隔壁张姐的凉皮 两份") == _order({"shop": "张姐", "item": "凉皮", "quantity": 2})


@pytest.mark.parametrize(("text", "item"), [("生煎来一份 虾仁的", "虾仁生煎"), ("来碗拌面 牛肉酱的", "牛肉酱拌面")])
def test_a_kind_said_after_the_dish_by_what_it_is_made_of(engine: Engine, text: str, item: str) -> None:
    [(_, _, slots)] = _frames(engine, text)
    assert ("shop" not in slots, slots["item"]) == (True, item)


def test_the_milk_of_a_coffee_the_lexicon_does_not_know(engine: Engine) -> None:
    assert _frames(engine, "来一杯桂花拿铁 换椰奶 温的") == _order({"item": "桂花拿铁", "quantity": 1, "ice": "warm"})


def test_a_topping_belongs_to_the_product_said_before_it(engine: Engine) -> None:
    assert _frames(engine, "冒菜加午餐肉 米饭一碗") == _order({"item": "冒菜", "toppings": ["午餐肉"]},
                                                             {"item": "米饭", "quantity": 1})


def test_toppings_listed_with_spaces(engine: Engine) -> None:
    [(_, _, slots)] = _frames(engine, "麻辣烫一份 加鱼丸 宽粉 微辣")
    assert (slots["toppings"], slots["spice"]) == (["鱼丸", "宽粉"], "mild")
