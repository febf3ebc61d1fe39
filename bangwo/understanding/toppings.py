"""Toppings and foods added to a dish: 加珍珠和椰果, 加个蛋, 加份午餐肉和宽粉, 配个虾滑."""

from __future__ import annotations

import re

from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon_food import TOPPINGS
from bangwo.understanding.numerals import NUM
from bangwo.understanding.pieces import Piece

TOPPING_RE = lazy_compile(rf"(?:多加|加|配|\+)(?:点|个|份|根|片|勺|{NUM}?[个份根片勺])?\s*("
                        + "|".join(sorted(TOPPINGS, key=len, reverse=True)) + r")")
ADD_RE = lazy_compile(rf"(?:多加|加|配|\+)(?:点|个|份|根|片|勺|{NUM}[个份根片勺])?\s*$")
ADDED_OPEN_RE = lazy_compile(r"(?<!多)(?:加|配)(?:点|个|份|一份|一个)\s*([\u4e00-\u9fff]{2,4}?)(?=$|[和跟、，,。\s])"
                           r"|多加(?:个|份|一份|一个)\s*([\u4e00-\u9fff]{2,4}?)(?=$|[和跟、，,。\s])")
# 再加一份味噌汤, 再加杯可乐: another product of the order, not a food put into the dish before it.
ANOTHER_RE = lazy_compile(rf"再(?:多)?加(?:点|个|份|杯|瓶|{NUM}?[个份杯瓶碗])?\s*$")
DISH_TAIL_RE = lazy_compile(r"[汤饭面粥粉茶汁]")
ADDED_NOT_RE = lazy_compile(r"辣|冰|糖|饭|面(?!筋)|米饭|钱|量")


def added(piece: Piece) -> list[tuple[int, int, str]]:
    """Foods added to a dish (加份午餐肉和宽粉, 配个虾滑): (start, end, name), in text order.

    Known toppings are read by TOPPING_RE; these are the other foods said after 加, and the ones listed
    after them with 和/跟/、.
    """
    found: list[tuple[int, int, str]] = []
    # 多加点汤汁 asks for more of it: a preference, no topping (多加个蛋 is one).
    said = [(m.start(g), m.end(g), m.group(g)) for m in ADDED_OPEN_RE.finditer(piece.text) for g in (1, 2) if m.group(g)]
    opened = [(start, end, TOPPINGS.get(word, word)) for start, end, word in said
              if not ADDED_NOT_RE.search(word) and not any(mn.start < end and start < mn.end for mn in piece.mentions)]
    # 加份宽粉和午餐肉: a food listed after one added (known topping or not) is added too.
    known = [(m.start(1), m.end(1)) for m in TOPPING_RE.finditer(piece.text)] + [(s, e) for s, e, _ in opened]
    for mention, entry in piece.entries("item"):
        if entry.domain not in ("takeout", "grocery") or mention.start == 0:
            continue
        before = piece.text[max(0, mention.start - 6):mention.start]
        ends = [e for _, e, _ in found] + [e for s, e in known if e <= mention.start]
        listed = any(re.fullmatch(r"\s*[和跟、]\s*", piece.text[e:mention.start]) for e in ends)
        own_dish = DISH_TAIL_RE.match(piece.text, mention.end) or ANOTHER_RE.search(before) or (
            entry.domain == "takeout" and entry.value not in TOPPINGS and not listed)  # 拌面加一份扁肉: a dish
        if (ADD_RE.search(before) or listed) and not own_dish:
            found.append((mention.start, mention.end, TOPPINGS.get(entry.value, entry.value)))  # 香肠 is 火腿肠
    found += [o for o in opened if not any(s <= o[0] < e for s, e, _ in found)]
    return sorted(found)
