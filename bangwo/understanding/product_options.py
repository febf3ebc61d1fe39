"""Options said of a product: toppings after 加, a temperature before a drink, sugar, ice, size and spice."""

from __future__ import annotations

import re
from typing import Any

from bangwo.understanding import options
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon_food import TOPPINGS
from bangwo.understanding.pieces import Piece
from bangwo.understanding.products import ItemHit
from bangwo.understanding.toppings import TOPPING_RE, added

# 两份炒面 一份加蛋: a topping for some units only is not labelled (the conversation asks).
SOME_UNITS_RE = lazy_compile(r"(?<![0-9一两二三四五六七八九十])[一1][杯碗份个]\s*(?:加|要加|多加)")


def toppings(piece: Piece) -> list[str]:
    """Return the toppings said after 加 (加椰果跟布丁 -> 椰果, 布丁; 加份午餐肉), in order, without repeats."""
    if SOME_UNITS_RE.search(piece.text) and re.search(r"(?:[2-9]|[两二三四五六七八九十])\s*[杯碗份个]", piece.text):
        return []
    others = added(piece)
    masked = piece.masked(keep_mentions=True)
    found: list[tuple[int, str]] = [(start, name) for start, _, name in others]
    for m in TOPPING_RE.finditer(masked):
        names = [m.group(1)]
        tail = re.match(r"((?:跟|和|、|加|\+)(?:" + "|".join(sorted(TOPPINGS, key=len, reverse=True)) + "))+",
                        masked[m.end():])
        if tail:
            names += re.findall("|".join(sorted(TOPPINGS, key=len, reverse=True)), tail.group(0))
        piece.take(m.start(), m.end() + (len(tail.group(0)) if tail else 0))
        found += [(m.start() + k, TOPPINGS[name]) for k, name in enumerate(names)]
    for start, end, _ in others:
        piece.take(start, end)
    return list(dict.fromkeys(name for _, name in sorted(found)))


def temperature_prefix(piece: Piece, item: ItemHit) -> str | None:
    """冰美式 / 热拿铁 / 温的X: a temperature said right before a drink."""
    before = piece.text[max(0, item.start - 1):item.start]
    if item.surface[:1] in "冰热" and not item.word.startswith(item.surface[:1]):
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


PER_UNIT_RE = lazy_compile(r"([一1][杯碗份个])(?:加|不|别|少|去|多|半|微|无|全|正常|热|冰|温|常温|大|中|小)[^，,。一]{0,5}\1")


def common_options(piece: Piece, domain: str) -> dict[str, Any]:
    """Return sugar, ice, size and spice said anywhere in the piece (conflicting values dropped)."""
    slots: dict[str, Any] = {}
    if domain != "takeout" or PER_UNIT_RE.search(piece.text):
        return slots
    for name, table in (("size", options.SIZE), ("sugar", options.SUGAR), ("ice", options.ICE),
                        ("spice", options.SPICE)):
        value = options.find_option(piece, table)
        if value is not None:
            slots[name] = value
    return slots
