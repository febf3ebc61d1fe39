"""The catalog's vocabulary mapped onto the engine's, and what an engine built with it understands."""

from __future__ import annotations

from typing import Any

from bangwo.understanding.parse import build_engine
from bangwo.understanding.vocabulary import vocabulary_from_catalog
from tests.unit.understanding.conftest import FRIDAY_NOON

CATALOG_WORDS: dict[str, tuple[str, ...]] = {
    "shops": ("一点甜(下沙店)", "一点甜(文三路店)", "柠檬会说话(湖滨店)"),
    "shop_brands": ("一点甜", "柠檬会说话"),
    "items": ("葱包桧", "冰美式", "小龙虾(1斤)"),
    "grocery_items": ("丑橘", "猫粮"),
    "grocery_brands": ("五常", "青岛", "长城"),
    "stores": ("鲜盒生鲜(北京望京店)",),
    "movies": ("年兽大作战",),
    "cinemas": ("星河影城(陆家嘴店)",),
    "cinema_brands": ("星河影城",),
    "sights": ("哈尔滨冰雪大世界", "天津之眼", "湘湖景区"),
    "hotels": ("亚朵酒店(北京颐和园店)", "希尔顿欢朋酒店(北京中关村东店)"),
    "hotel_brands": ("希尔顿欢朋",),
    "airlines": ("东方航空",),
    "product_brands": ("蕉下",),
    "product_categories": ("床品",),
    "car_types": ("快车",),
}


def test_catalog_words_land_in_their_vocabulary_fields() -> None:
    v = vocabulary_from_catalog(CATALOG_WORDS)
    assert v.shops == ("一点甜", "柠檬会说话")
    assert v.items["takeout"] == ("葱包桧", "小龙虾")  # 冰美式 is 美式 with ice, left to the rules
    assert v.items["grocery"] == ("丑橘",)  # the built-in lexicon files 猫粮 under shopping
    assert v.items["shopping"] == ("床品",)
    assert v.brands == {"grocery": ("五常",), "shopping": ("蕉下",)}  # 青岛 and 长城 are places
    assert v.stores == ("鲜盒生鲜",)
    assert v.movies == ("年兽大作战",)
    assert v.cinemas == ("星河影城",)
    assert v.sights == ("冰雪大世界", "天津之眼", "湘湖景区")
    assert v.hotel_brands == ("希尔顿欢朋",)
    assert v.airlines == ("东方航空",)
    # Branch areas become landmarks; 颐和园 is already a sight and stays one.
    assert v.landmarks == ("下沙", "中关村", "文三路", "望京", "湖滨", "陆家嘴")


def test_unknown_and_missing_keys_give_an_empty_vocabulary() -> None:
    v = vocabulary_from_catalog({"weather": ("晴",)})
    assert (v.shops, v.movies, v.sights, v.landmarks) == ((), (), (), ())
    assert v.items == {"takeout": (), "grocery": (), "shopping": ()}


def _frames(text: str) -> list[tuple[str, dict[str, Any]]]:
    engine = build_engine(vocabulary_from_catalog(CATALOG_WORDS))
    return [(f.domain, f.slots) for f in engine.understand(text, now=FRIDAY_NOON).frames]


def test_an_engine_with_catalog_words_knows_its_shops_titles_and_areas() -> None:
    assert _frames("一点甜的葱包桧来两份") == [("takeout", {"shop": "一点甜", "item": "葱包桧", "quantity": 2})]
    assert _frames("明晚年兽大作战两张") == [("movie", {"movie": "年兽大作战", "count": 2, "date": "2026-02-07",
                                                    "time_window": "evening"})]
    assert _frames("冰美式一杯") == [("takeout", {"item": "美式", "quantity": 1, "ice": "normal"})]
