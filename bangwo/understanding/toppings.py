"""Toppings and foods added to a dish: 加珍珠和椰果, 加个蛋, 加份午餐肉和宽粉, 配个虾滑."""

from __future__ import annotations

import re

from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon_food import TOPPINGS
from bangwo.understanding.numerals import NUM
from bangwo.understanding.pieces import Piece

# 不加珍珠, 别加蛋: a topping refused is none; 珍珠换成椰果: the topping swapped in is one.
_NOT_ADDED = r"(?<![不别没免])(?<!不要)(?<!不用)"
TOPPING_RE = lazy_compile(rf"(?:{_NOT_ADDED}(?:多加|加|配|\+)|换成|改成|换)(?:点|个|份|根|片|勺|颗|块|{NUM}?[个份根片勺颗块])?\s*("
                        + "|".join(sorted(TOPPINGS, key=len, reverse=True)) + r")(?![片丝条丁粒丸奶])")
# 不需要加珍珠, 别给我加蛋, 不想再加椰果: a refusal said a few words before 加 (the lookbehind above sees only the
# words right before it).
REFUSED_BEFORE_RE = lazy_compile(r"(?:不|别|没|无需|无须|免)(?:需要|想|用|要|必|太需要|打算)?(?:给我|帮我|给|再|额外|另外|多)?$")


def refused(text: str, at: int) -> bool:
    """Whether the 加 at ``at`` is refused (不需要加珍珠): the topping after it is not added."""
    return REFUSED_BEFORE_RE.search(text, max(0, at - 6), at) is not None


ADD_RE = lazy_compile(rf"{_NOT_ADDED}(?:多加|加|配|\+)(?:点|个|份|根|片|勺|颗|块|{NUM}[个份根片勺颗块])?\s*$")
# 多加香菜, 加点醋: seasonings say how the dish is made, they are no toppings (like 不要香菜).
_SEASONINGS = """香菜 葱 葱花 蒜 蒜泥 蒜末 姜 姜丝 醋 陈醋 辣椒 辣椒油 红油 小米辣 花椒 麻油 香油 芝麻酱 麻酱
酱 酱油 番茄酱 沙拉酱 孜然 胡椒 胡椒粉 盐 糖 味精 汤 汤汁"""
SEASONINGS = frozenset(_SEASONINGS.split())


# 再加一份鸡排, 另外加个鸡腿: another dish of the order, said with its own count after 再 / 另外 / 还.
_ANOTHER_BEFORE_RE = lazy_compile(r"(?:再|另外|还|外)(?:多)?$")
_COUNTED_ADD_RE = lazy_compile(rf"加(?:{NUM})?[个份根块]")


def another_dish(piece: Piece, m: re.Match[str]) -> bool:
    """Whether a TOPPING_RE match names another dish (再加一份鸡排), not a food put into the one before."""
    if not _COUNTED_ADD_RE.match(m.group(0)) or not _ANOTHER_BEFORE_RE.search(piece.text, 0, m.start()):
        return False
    return any(mn.start == m.start(1) and mn.end == m.end(1) and any(
        e.kind == "item" and e.domain == "takeout" for e in mn.entries) for mn in piece.mentions)


def is_seasoning(word: str) -> bool:
    """香菜, 醋, 甜面酱, 辣椒酱: what a dish is seasoned with (sauces and vinegars by their last word)."""
    return word in SEASONINGS or word.endswith(("酱", "醋"))
ADDED_OPEN_RE = lazy_compile(_NOT_ADDED + r"(?<!多)(?:加|配)(?:点|个|份|一份|一个)\s*([\u4e00-\u9fff]{2,4}?)(?=$|[和跟、，,。\s])"
                           r"|多加(?:个|份|一份|一个)\s*([\u4e00-\u9fff]{2,4}?)(?=$|[和跟、，,。\s])")
# 再加一份味噌汤, 再加杯可乐: another product of the order, not a food put into the dish before it.
ANOTHER_RE = lazy_compile(rf"(?:再|另外|还|外)(?:多)?加(?:点|个|份|杯|瓶|{NUM}?[个份杯瓶碗])?\s*$")
DISH_TAIL_RE = lazy_compile(r"[汤饭面粥粉茶汁]")
ADDED_NOT_RE = lazy_compile(r"辣|冰|糖|饭|面(?!筋)|米饭|钱|量")


SERVED_AFTER_RE = lazy_compile(rf"\s*(?:{NUM})\s*[份碗杯个瓶盘串斤]")


def added(piece: Piece) -> list[tuple[int, int, str]]:
    """Foods added to a dish (加份午餐肉和宽粉, 配个虾滑): (start, end, name), in text order.

    Known toppings are read by TOPPING_RE; these are the other foods said after 加, and the ones listed
    after them with 和/跟/、.
    """
    found: list[tuple[int, int, str]] = []
    # 多加点汤汁 asks for more of it: a preference, no topping (多加个蛋 is one).
    said = [(m.start(g), m.end(g), m.group(g)) for m in ADDED_OPEN_RE.finditer(piece.text) for g in (1, 2)
            if m.group(g) and not refused(piece.text, m.start())]
    opened = [(start, end, TOPPINGS.get(word, word)) for start, end, word in said
              if not ADDED_NOT_RE.search(word) and not is_seasoning(word) and not any(mn.start < end and start < mn.end for mn in piece.mentions)]
    # 加份宽粉和午餐肉: a food listed after one added (known topping or not) is added too.
    known = [(m.start(1), m.end(1)) for m in TOPPING_RE.finditer(piece.text)] + [(s, e) for s, e, _ in opened]
    for mention, entry in piece.entries("item"):
        if entry.domain not in ("takeout", "grocery") or mention.start == 0:
            continue
        before = piece.text[max(0, mention.start - 6):mention.start]
        ends = [e for _, e, _ in found] + [e for s, e in known if e <= mention.start]
        listed = any(re.fullmatch(r"[片丝条丁]?\s*[和跟、]\s*", piece.text[e:mention.start]) for e in ends) or (
            entry.domain == "grocery" and any(re.fullmatch(r"[片丝条丁]?\s+", piece.text[e:mention.start]) for e in ends)
            and not SERVED_AFTER_RE.match(piece.text, mention.end))  # 加午餐肉 宽粉 金针菇
        cut_topping = entry.value[-1:] in "片丝条丁" and entry.value[:-1] in TOPPINGS  # 加土豆丝
        own_dish = DISH_TAIL_RE.match(piece.text, mention.end) or ANOTHER_RE.search(before) or (
            entry.domain == "takeout" and entry.value not in TOPPINGS and not listed and not cut_topping)
        add = ADD_RE.search(before)
        if add is not None and refused(piece.text, mention.start - len(before) + add.start()):
            add = None  # 不需要加午餐肉: the food is refused
        if (add or listed) and not own_dish and not is_seasoning(entry.value):
            cut = piece.text[mention.end:mention.end + 1]
            if cut and cut in "片丝条丁":  # 加一份土豆片: the food as cut, said whole
                found.append((mention.start, mention.end, entry.value + cut))
                continue
            found.append((mention.start, mention.end, TOPPINGS.get(entry.value, entry.value)))  # 香肠 is 火腿肠
    found += [o for o in opened if not any(s <= o[0] < e for s, e, _ in found)]
    return sorted(found)
