"""Options said of a product: toppings after 加, a temperature before a drink, sugar, ice, size and spice."""

from __future__ import annotations

import re
from typing import Any

from bangwo.understanding import options
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon_food import TOPPINGS
from bangwo.understanding.numerals import NUM
from bangwo.understanding.pieces import Piece
from bangwo.understanding.products import MILK_CHOICES, ItemHit
from bangwo.understanding.toppings import TOPPING_RE, added, another_dish, refused

# 两份炒面 一份加蛋: a topping for some units only is not labelled (the conversation asks).
SOME_UNITS_RE = lazy_compile(r"(?<![0-9一两二三四五六七八九十])[一1][杯碗份个]\s*(?:加|要加|多加)")


TOPPING_WORD_RE = lazy_compile("(?:" + "|".join(sorted(TOPPINGS, key=len, reverse=True)) + ")(?![片丝条丁粒丸])")
# Known toppings listed after one added (加椰果跟布丁, 加土豆片和宽粉).
LISTED_RE = lazy_compile(r"((?:跟|和|、|加|\+|\s+)(?:" + "|".join(sorted(TOPPINGS, key=len, reverse=True))
                       + rf")(?![片丝条丁粒丸])(?!\s*(?:{NUM})\s*[份碗杯个瓶盘串]))+")
CUTS = "片丝条丁"
# 不要珍珠要椰果, 去掉椰果 来点布丁: a topping refused and another wanted in its place.
_TOPPING_ALT = "|".join(sorted(TOPPINGS, key=len, reverse=True))
INSTEAD_RE = lazy_compile(rf"(?:不要|不加|别加|别放|不放|去掉|去|免)(?:{_TOPPING_ALT})[，,\s]*(?:要|来|放)(?:点|个|份)?\s*({_TOPPING_ALT})"
                          r"(?![片丝条丁粒丸奶])")
# 珍珠加布丁, 椰果和仙草: drink toppings said as a clause of their own, each one added.
_DRINK_TOPPINGS = ("珍珠", "波霸", "椰果", "布丁", "芋圆", "仙草", "红豆", "奶盖", "西米", "脆波波", "芋泥", "粉圆")
LEAD_PAIR_RE = lazy_compile(r"(?:^|(?<=[\s，,]))(" + "|".join(_DRINK_TOPPINGS) + r")(?=\s*(?:加|和|跟|、|\+)\s*(?:"
                            + "|".join(_DRINK_TOPPINGS) + r"))")


def toppings(piece: Piece) -> list[str]:
    """Return the toppings said after 加 (加椰果跟布丁 -> 椰果, 布丁; 加份午餐肉), in order, without repeats."""
    return [name for _, name in toppings_said(piece)]


def toppings_said(piece: Piece) -> list[tuple[int, str]]:
    """The toppings said, each with where it is said (its first mention), in order, without repeats."""
    if SOME_UNITS_RE.search(piece.text) and re.search(r"(?:[2-9]|[两二三四五六七八九十])\s*[杯碗份个]", piece.text):
        return []
    others = added(piece)
    masked = piece.masked(keep_mentions=True)
    found: list[tuple[int, str]] = [(start, name) for start, _, name in others]
    for m in LEAD_PAIR_RE.finditer(masked):
        tail = LISTED_RE.match(masked, m.end())
        names = [m.group(1)] + (TOPPING_WORD_RE.findall(tail.group(0)) if tail else [])
        piece.take(m.start(), m.end() + (len(tail.group(0)) if tail else 0))
        found += [(m.start() + k, TOPPINGS[name]) for k, name in enumerate(names)]
    masked = piece.masked(keep_mentions=True)
    for m in INSTEAD_RE.finditer(masked):
        if not _in_name(piece, m.start(1), m.end(1)):
            piece.take(m.start(1), m.end(1))
            found.append((m.start(1), TOPPINGS[m.group(1)]))
    masked = piece.masked(keep_mentions=True)
    for m in TOPPING_RE.finditer(masked):
        if _in_name(piece, m.start(1), m.end(1)) or (m.group(0)[0] in "换改" and m.group(1) in MILK_CHOICES) or (
                another_dish(piece, m)) or refused(piece.text, m.start()):
            continue  # 加一个鸡蛋灌饼: the topping's word starts a dish; 换椰奶: the milk of the drink
        names = [m.group(1)]
        tail = LISTED_RE.match(masked, m.end())
        if tail:
            names += TOPPING_WORD_RE.findall(tail.group(0))
        piece.take(m.start(), m.end() + (len(tail.group(0)) if tail else 0))
        found += [(m.start() + k, TOPPINGS[name]) for k, name in enumerate(names)]
    for start, end, _ in others:
        piece.take(start, end)
        tail = LISTED_RE.match(masked, end + (masked[end:end + 1] in CUTS))  # 加土豆片和宽粉
        if tail:
            piece.take(tail.start(), tail.end())
            found += [(tail.start() + k, TOPPINGS[name]) for k, name in enumerate(TOPPING_WORD_RE.findall(tail.group(0)))]
    first: dict[str, int] = {}
    for at, name in sorted(found):
        first.setdefault(name, at)
    return [(at, name) for name, at in first.items()]


def _in_name(piece: Piece, start: int, end: int) -> bool:
    """Whether a longer product word said covers ``[start, end)``."""
    return any(m.start <= start and end <= m.end and m.end - m.start > end - start and m.get("item")
               for m in piece.mentions)


def temperature_prefix(piece: Piece, item: ItemHit) -> str | None:
    """冰美式 / 热拿铁 / 温的X: a temperature said right before a drink."""
    before = piece.text[max(0, item.start - 1):item.start]
    if item.surface[:1] in "冰热" and not item.word.startswith(item.surface[:1]) and item.surface not in item.word:
        return {"冰": "normal", "热": "hot"}[item.surface[0]]
    if before in ("冰", "热", "温") and piece.free(item.start - 1, item.start):
        piece.take(item.start - 1, item.start)
        return {"冰": "normal", "热": "hot", "温": "warm"}[before]
    return None


def standalone_temperature(piece: Piece) -> str | None:
    """A bare 冰 / 热 / 温 said as its own word (美式 冰 大杯)."""
    masked = piece.masked()
    for m in re.finditer(r"(?:^|(?<=[\s，,。]))([冰热温])(?=$|[\s，,。])", masked):
        piece.take(m.start(1), m.end(1))
        return {"冰": "normal", "热": "hot", "温": "warm"}[m.group(1)]
    return None


BOTH_NORMAL_RE = lazy_compile(r"(?:甜度冰块|冰块甜度|甜度冰量|糖冰|甜冰)(?:都|全)?(?:正常|标准)")
PER_UNIT_RE = lazy_compile(r"([一1][杯碗份个])(?:加|不|别|少|去|多|半|微|无|全|正常|热|冰|温|常温|大|中|小)[^，,。一]{0,5}\1")
# 两杯奶茶 一杯去冰: an option said of one unit of several is not the order's either.
SOME_OF_RE = lazy_compile(r"(?:[2-9]|[两二三四五六七八九十俩仨])\s*([杯碗份个])[^。]*?(?<![0-9一两二三四五六七八九十])([一1]\1[^，,。\s一1]{1,6})")


def common_options(piece: Piece, domain: str) -> dict[str, Any]:
    """Return sugar, ice, size and spice said anywhere in the piece (conflicting values dropped).

    An option said unit by unit (两杯大杯拿铁 一杯热的一杯冰的) is not labelled; the others still are.
    """
    slots: dict[str, Any] = {}
    if domain != "takeout":
        return slots
    both = BOTH_NORMAL_RE.search(piece.masked(keep_mentions=True))
    if both is not None:  # 甜度冰块正常: sugar and ice said together, both as they come
        piece.take(both.start(), both.end())
        slots.update(sugar="full", ice="normal")
    per_unit = [m.span() for m in PER_UNIT_RE.finditer(piece.text)]
    per_unit += [m.span(2) for m in SOME_OF_RE.finditer(piece.text)]
    for name, table in (("size", options.SIZE), ("sugar", options.SUGAR), ("ice", options.ICE),
                        ("spice", options.SPICE)):
        if per_unit and any(s <= start < e for start, _, _ in options.find_all(piece, table) for s, e in per_unit):
            continue
        value = options.find_option(piece, table)
        if value is not None:
            slots.setdefault(name, value)
    return slots
