"""Toppings and foods added to a dish: 加珍珠和椰果, 加个蛋, 加份午餐肉和宽粉, 配个虾滑."""

from __future__ import annotations

import re

from bangwo.understanding.lexicon_food import TOPPINGS
from bangwo.understanding.numerals import NUM
from bangwo.understanding.pieces import Piece

TOPPING_RE = re.compile(rf"(?:多加|加|配|\+)(?:点|个|份|根|片|勺|{NUM}?[个份根片勺])?\s*("
                        + "|".join(sorted(TOPPINGS, key=len, reverse=True)) + r")")
ADD_RE = re.compile(rf"(?:多加|加|配|\+)(?:点|个|份|根|片|勺|{NUM}[个份根片勺])?\s*$")
ADDED_OPEN_RE = re.compile(r"(?:多加|加|配)(?:点|个|份|一份|一个)\s*([\u4e00-\u9fff]{2,4}?)(?=$|[和跟、，,。\s])")
ADDED_NOT_RE = re.compile(r"辣|冰|糖|饭|面|米饭|钱|量")


def added(piece: Piece) -> list[tuple[int, int, str]]:
    """Foods added to a dish (加份午餐肉和宽粉, 配个虾滑): (start, end, name), in text order.

    Known toppings are read by TOPPING_RE; these are the other foods said after 加, and the ones listed
    after them with 和/跟/、.
    """
    found: list[tuple[int, int, str]] = []
    for mention, entry in piece.entries("item"):
        if entry.domain not in ("takeout", "grocery") or mention.start == 0:
            continue
        before = piece.text[max(0, mention.start - 6):mention.start]
        listed = bool(found) and re.fullmatch(r"\s*[和跟、]\s*", piece.text[found[-1][1]:mention.start])
        if ADD_RE.search(before) or listed:
            found.append((mention.start, mention.end, entry.value))
    for m in ADDED_OPEN_RE.finditer(piece.text):
        if not ADDED_NOT_RE.search(m.group(1)) and not any(s <= m.start(1) < e for s, e, _ in found) and not any(
                mn.start < m.end(1) and m.start(1) < mn.end for mn in piece.mentions):
            found.append((m.start(1), m.end(1), m.group(1)))
    return sorted(found)
