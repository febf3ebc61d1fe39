"""Product slots for takeout, grocery and shopping: items (one frame each), counts, options, address."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from bangwo.understanding import options
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon_dishes import CUISINES
from bangwo.understanding.lexicon_food import _DRINKS, _FOOD, MEAL_WORDS, TOPPINGS
from bangwo.understanding.numerals import NUM, approximate, parse_int
from bangwo.understanding.pieces import MASK, Piece
from bangwo.understanding.toppings import ADD_RE, TOPPING_RE, added, another_dish, is_seasoning

TAKEOUT_MEASURES = "杯份碗个瓶罐听盒对串根只笼屉张盘桶袋包壶桌碟"
GROCERY_UNITS = ("公斤", "斤", "箱", "盒", "瓶", "袋", "桶", "提", "包", "个", "只", "条", "把", "副", "罐", "打",
                 "份", "颗", "根", "串", "头", "对", "听", "捆", "排", "板", "件", "棵", "枚", "兜")
SHOPPING_MEASURES = "个双件条本台部只副把根套盒包瓶支张顶块卷"
_VERB = r"(?:来|点|要|整|买|订|定|叫|喝|吃|送|拿|下单|帮我点|给我来|挑|选|入手|网购|抢|配)"
_SEARCH_VERB = r"(?:搜一下|搜一搜|搜个|搜)"  # 淘宝搜一下儿童雨衣: a search names goods, it counts none
# Characters that end an item word when extending it to the left (了 点 杯, verbs, pronouns...).
STOP_CHARS = set("的了个杯份碗瓶罐盒袋包斤箱只条来点要吃喝买订定叫送给我你他她帮想再和跟与还加也都就在把请吧呢啊呀哦嗯哪啥卖没近"
                 "副打件套本双头束台部支张顶对提桶串根颗块壶款种桌用馅是冰热温做辆配枚朵分卷"
                 "那这个一二两三四五六七八九十俩仨半几，,。.！!？?、；; ~…+" + MASK)
# Measure words that end a product word when extending it to the left after a count (一板|豆腐, 一捆|小白菜).
MEASURE_CHARS = frozenset(TAKEOUT_MEASURES + "锅顿筒盏" + "".join(u for u in GROCERY_UNITS if len(u) == 1))
NUMBERED_RE = lazy_compile(r"(?<![0-9A-Za-z])(?:\d{1,2}号|[A-Ea-e]|[一二三四五六七八九十]号)$")
COUNT_CHARS = frozenset("一二两三四五六七八九十几俩仨来点要整买订叫")
ANY_RE = lazy_compile(r"(?:喝|吃)(?:啥|什么|什麼)都(?:行|可以|好|成)|随便|隨便|你看着办|你看著辦|你(?:帮我|幫我)?(?:选|決定|决定|挑)"
                    r"|帮我(?:选|挑)|有(?:什么|啥)推荐|推荐(?:一下|点|些|个|一个)?(?:好吃|好喝)?的?(?:吃的|喝的|外卖|外送|夜宵|宵夜|早餐|早饭|午饭|午餐|晚饭|晚餐|下午茶)?$|点点(?:吃|喝)的|来点(?:吃|喝)的|整点(?:吃|喝)的|(?:吃|喝)的就行|定一个|订一个|"
                    r"弄点(?:吃|喝)的|给我推荐|你推荐|点(?:些|点)?(?:吃|喝)的|有啥好吃的|有什么好吃的|看着点|你定|"
                    r"不知道(?:吃|喝)(?:啥|什么)|(?:吃|喝)(?:点)?(?:啥|什么)好|(?:点|订|来|叫)个?(?:午饭|晚饭|早饭|早餐|午餐|晚餐|夜宵)")
QTY_RE = lazy_compile(rf"({NUM})\s*([{TAKEOUT_MEASURES}双件本台部副套支顶束辆卷筒盏]|锅(?!贴|包)|块(?!钱|以|左右|上下|多|内)|公斤|{'|'.join(GROCERY_UNITS)}"
                    r"|(?<=[两二三四五六七八九十俩仨2-9])分(?=[\u4e00-\u9fff])(?![糖甜熟钟之半辣冰]))"
                    r"|(俩|仨)(?=[^人个]|$)|[x×*]\s*(\d+)")
GIFT_RE = lazy_compile(r"[\u4e00-\u9fff]{0,4}?(?:礼物|礼品)")
SIZED_QTY_RE = lazy_compile(rf"(?<![0-9一二两三四五六七八九十])({NUM})(?=(?:超大|特大|[大小中])([杯份碗盒袋箱瓶桶个包]))")
TOTAL_RE = lazy_compile(rf"(?:一共|总共|共)\s*({NUM})\s*([{TAKEOUT_MEASURES}]|{'|'.join(GROCERY_UNITS)})")
ELIDED_RE = lazy_compile(rf"(?:{_VERB}|(?<![转交])换)\s*([{TAKEOUT_MEASURES}双件条本台副套把提箱袋束支顶部辆]|块(?!钱))(?!{NUM}\s*[{TAKEOUT_MEASURES}斤箱])")
EACH_RE = lazy_compile(rf"(?:各|都|每样|每种)(?:来|要|点|买)?({NUM})([{TAKEOUT_MEASURES}]|公斤|斤|箱)")


@dataclass
class ItemHit:
    """One product said: its span (after extension), canonical word and domain."""

    start: int
    end: int
    word: str
    domain: str
    surface: str = ""
    slots: dict[str, Any] = field(default_factory=dict)


NEGATION_RE = lazy_compile(r"(?:不要|不加|别放|别加|不放|去掉|免|少放|多放|少加|多加|不吃|忌|换成?|改成|改用|换用)(?:点|些)?$")
SEASONED_RE = lazy_compile(r"多放|少放|多加|少加|别放|不要放|[多少](?:给|来)?一?[点些](?:儿)?(?:$|[\s，,。])")


def negated(text: str, start: int, end: int | None = None) -> bool:
    """不要香菜, 孜然多放: a product said with a negation or a dosage is an option of another product."""
    after = end is not None and bool(SEASONED_RE.match(text, end))
    return after or bool(NEGATION_RE.search(text[max(0, start - 3):start]))


def _filling_of(piece: Piece, end: int) -> bool:
    """Whether a product word starts right after a filling (and its 的)."""
    after = end + (piece.text[end:end + 1] == "的")
    return any(m.start == after and any(e.kind == "item" for e in m.entries) for m in piece.mentions)


def extend_left(text: str, start: int, *, limit: int = 5) -> int:
    """Extend an item word to the left over descriptive characters (茉莉|绿茶, 红富士|苹果, Type-C|数据线)."""
    i, cjk = start, 0
    while i > 0 and cjk < limit and (text[i - 1] not in STOP_CHARS or _named_number(text, i - 1, start)) and (
            not text[i - 1].isdigit()):
        ch = text[i - 1]
        if ch in MEASURE_CHARS and i > 1 and (text[i - 2] in COUNT_CHARS or text[i - 2].isdigit()):
            break
        if ch == "儿" and i > 1 and text[i - 2] in TAKEOUT_MEASURES and text[i:i + 1] not in "童子女歌":
            break  # 两份儿|酸辣粉, 来碗儿|面: the measure word said with 儿 opens no product name  # 两笼|小笼包, 一盘|炒饭: a measure word after a count opens no product name
        if ch.isascii() and not (ch.isalpha() or ch == "-"):
            break
        if ch in "寸码吋" and i > 1 and text[i - 2].isdigit():
            break  # 20寸|登机箱: the size said before the goods, no part of them
        if ch == "有" and text[i:i + 1] != "机":
            break  # 有没有|帝王蟹, 还有|牛角包: asked or listed, no part of the goods (有机蔬菜 is)
        cjk += 0 if ch.isascii() else 1
        i -= 1
    while i < start and text[i] == "-":
        i += 1
    i = _after_unit(text, i, start)
    while i < start and text[i] == "下" and i > 0 and text[i - 1] in "一搜找查看":
        i += 1  # 搜一下|蓝牙耳机: the verb's 一下 is no part of the product
    if i < start and i > 0 and text[i - 1] in "哪这那每一几两" and text[i] in "家个种款位":
        i += 1  # 哪家|奶茶, 这款|咖啡: which one is asked, not part of the product
    return i


# Units said after a number (4K, 1TB, 65W): the size of the goods, no part of their name.
_UNIT_LETTERS = frozenset({"k", "g", "gb", "t", "tb", "w", "l", "ml", "mah", "hz", "p", "m", "mm", "cm", "kg", "v"})


def _after_unit(text: str, i: int, start: int) -> int:
    """Where an item extended over Latin letters starts: after them when they are the unit of a number said right
    before (4K|显示器, 1TB|移动硬盘), with the number when they are not (2B铅笔, 3D打印机)."""
    run = i
    while run < start and text[run].isascii() and text[run].isalpha():
        run += 1
    if run == i or i == 0 or not text[i - 1].isdigit():
        return i
    if text[i:run].lower() in _UNIT_LETTERS:
        return run
    while i > 0 and text[i - 1].isdigit():
        i -= 1
    return i


# Ordering food by 点 with its portion (点一份, 点个, 点两碗): not 买点 / 一点 (some); 帮我点水饺: 点 asked of someone
# and followed by the food is an order too (not 帮我点一下 / 点赞 / 点开).
ORDER_FOOD_RE = lazy_compile(r"(?<![买一有来差])点(?:[一两三四五六七八九十0-9]?[份碗盘笼]|个(?![赞]))"
                             r"|(?<=帮我|幫我|帮忙)点(?![一下个些点赞开击进歌播])(?=[\u4e00-\u9fff]{2})")
# A dish's portion (一份, 两碗, 点个) right before a name the lexicon knows only at its end: the whole run of
# characters after the portion is the name (一份|腊八蒜炖肥肠, 点个|双味腊肠), unless it starts with an option
# or a temperature (一杯|冰|美式, 两份|微辣|的…) or holds a pause, 的, or a conjunction.
PORTION_RE = lazy_compile(r"(?:[0-9一两二三四五六七八九十几半]\s*[份碗盘笼串只]儿?|(?:点|来|要)个)"
                          r"((?![一两二三四五六七八九十几]+[\u4e00-\u9fff]?[串个份碗只杯])(?!儿|微辣|中辣|特辣|不辣|[少半无全多正常]糖|[去少多]冰|冰|热|温|大份|中份|小份|加|不要|多加|少放)"
                          r"[\u4e00-\u9fff]{1,8})$")
_NOT_IN_NAME_RE = lazy_compile(r"的|和|跟|再|还|或|外卖|外送")


def portion_start(text: str, start: int) -> int:
    """Where a takeout dish's name starts when its portion is said right before it (see PORTION_RE)."""
    found = PORTION_RE.search(text, max(0, start - 12), start)
    if found is None or found.start(1) >= start or _NOT_IN_NAME_RE.search(found.group(1)):
        return start
    return found.start(1)


def _named_number(text: str, i: int, start: int) -> bool:
    """三鲜|馅饼, 五香|牛肉: a numeral inside a name, not a count (not after a verb or a count, not before a measure)."""
    return (text[i] in "三四五六七八九十" and i + 1 < start and text[i + 1] not in STOP_CHARS
            and (i == 0 or text[i - 1] not in COUNT_CHARS))


def find_items(piece: Piece, domain: str) -> list[ItemHit]:
    """Return the product words said for ``domain``, toppings and meal words left out."""
    hits: list[ItemHit] = []
    masked = piece.masked()
    for table in (options.SUGAR, options.ICE, options.SIZE, options.SPICE):
        for start, end, _ in options.find_all(piece, table, text=piece.text):
            masked = masked[:start] + MASK * (end - start) + masked[end:]
    topping_spans = [(m.start(1), m.end(1)) for m in TOPPING_RE.finditer(piece.masked(keep_mentions=True))
                     if not another_dish(piece, m)]
    topping_spans += [(s, e) for s, e, _ in added(piece)] if domain == "takeout" else []
    for mention, _entry in piece.entries("item"):
        entries = [e for e in mention.entries if e.kind == "item"]
        entry = next((e for e in entries if e.domain == domain), entries[0])
        if piece.text[mention.start - 1:mention.start] in ("带", "有") and piece.text[mention.end:mention.end + 1] == "的":
            continue  # 带帽子的卫衣: a feature of the product said after it
        if domain == "shopping" and entry.domain != domain and mention.get("brand") and (
                mention.surface.isascii() or BRAND_MODEL_RE.match(piece.text, mention.end)):
            continue  # Apple (苹果16) is the maker of goods, not the fruit
        if is_seasoning(entry.value) and ADD_RE.search(piece.text, 0, mention.start):
            continue  # 薯条加番茄酱, 加点醋: a seasoning asked for, no product
        if entry.value in MEAL_WORDS or (mention.start, mention.end) in topping_spans or negated(
                piece.text, mention.start, mention.end):
            continue
        if re.match(r"[\u4e00-\u9fff]{0,4}馅", piece.text[mention.end:mention.end + 5]):
            continue
        if entry.value.endswith("馅") and (_filling_of(piece, mention.end) or (
                piece.text[mention.end:mention.end + 1] == "的" and any(
                    m.end <= mention.start and any(e.kind == "item" for e in m.entries) for m in piece.mentions))):
            continue  # 猪肉馅的饺子, 汤圆 黑芝麻馅的: the filling of the product said after it or before it
        if mention.surface.isascii() and re.match(r"\s?\d(?!\d*\s*[杯份个碗瓶张件台双盒])", piece.text[mention.end:mention.end + 6]):
            continue
        if any(s <= mention.start < e for s, e in topping_spans) and entry.value in TOPPINGS:
            continue
        start = extend_left(masked, mention.start)  # 血糯米|奶茶, 天椒|皇堡, 小|馄饨: the words said before it
        if mention.surface.isascii() and mention.surface[:1].isalpha():
            start = mention.start  # 看看|iPad, 买个|Kindle: Chinese words before an English product are no part of it
        numbered = NUMBERED_RE.search(piece.text, 0, start) if entry.value.endswith("套餐") else None
        start = numbered.start() if numbered is not None else start  # 3号|套餐, A|套餐: a set meal by its number
        if domain == "shopping" and start > 0 and piece.text[start - 1] == "加" and piece.text[start] in "绒厚长大宽高":
            start -= 1  # 加|绒睡衣: 加绒 and 加厚 describe the goods (加 before food adds a topping)
        prefix = GOODS_PREFIX_RE.search(piece.text, max(0, start - 4), mention.start) if domain == "shopping" else None
        if prefix is not None and prefix.end() >= start and prefix.start() < start:
            start = extend_left(masked, prefix.start())  # 二手|相机, 双肩|背包, 高帮|帆布鞋: said as part of the goods
        if domain == "takeout":
            start = portion_start(masked, start)  # 一份|手扒锡林郭勒羊排: the dish's name starts after its portion
        origin = next((m for m in piece.mentions
                       if m.end == start and m.get("city") and not m.get("brand")), None)
        if origin is not None and domain in ("takeout", "grocery"):
            start = origin.start  # 武汉|热干面, 三亚|芒果: a dish or a fruit named with its place, as said
        head = dish_head(piece.text, mention.end) or form_tail(masked, entry.value, mention.end)
        if MASK in masked[mention.end:mention.end + len(head)]:
            head = ""  # 番茄|牛肉面: the word after it is a product of the lexicon, joined below
        part = GOODS_PART_RE.match(piece.text, mention.end) if domain == "shopping" and not head else None
        if part is not None:  # 电脑|包, 手机|架, 鼠标|垫: a thing made for the goods said before it
            said = mention.surface if mention.surface.isascii() else entry.value
            hits.append(ItemHit(start, part.end(1), piece.text[start:mention.start] + said + part.group(1),
                                domain, surface=piece.text[start:part.end(1)]))
            continue
        word = piece.text[start:mention.start] + entry.value + head
        if head:
            end = mention.end + len(head)
            hits.append(ItemHit(start, end, word, "takeout", surface=piece.text[start:end]))
            continue
        if piece.text[start:mention.start] and piece.text[start:mention.end] == mention.surface:
            word = mention.surface
        elif domain == "shopping" and start == mention.start and mention.surface.isascii():
            word = mention.surface  # English product words stay as said (kindle, airpods)
        if re.match(r"那种|那样|口味|味的|换|改成", piece.text[mention.end:mention.end + 2]):
            continue  # 可乐换雪碧: what is swapped out of a meal is no product
        hits.append(ItemHit(start, mention.end, word, domain, surface=piece.text[start:mention.end]))
    if len(hits) > 1:  # 买一斤猪肉馅 包饺子: what the goods are for is no product
        hits = [h for h in hits if not COOKED_FOR_RE.search(piece.text, 0, h.start)] or hits
    hits = _specified(piece, _merge_adjacent(piece.text, hits))
    if any(h.word not in MILK_CHOICES and (h.word in DRINKS or h.word.endswith(COFFEE_HEADS)) for h in hits):
        hits = [h for h in hits if h.word not in MILK_CHOICES  # 一杯拿铁 要燕麦奶: the milk of the coffee
                or OWN_COUNT_RE.search(piece.text[:h.start])]
    return hits


_OPTION_WORDS = frozenset(w for table in (options.SUGAR, options.ICE, options.SIZE, options.SPICE)
                          for words in table.values() for w in words.split())
MODIFIER_AFTER_RE = lazy_compile(r"(?:[，,！!\s]|(?<![\u4e00-\u9fff])[吧啊呀](?=[，,！!\s])|(?:来|要|给我来)?(?:[一两二三四五六七八九十]|\d+)?[杯份碗个盒瓶笼串](?=[，,！!\s]))*"
                               r"(?:要|是)?(?![一两二三四五六七八九十]+(?:[杯份碗个盒瓶笼串只斤块张双件条]|的))([\u4e00-\u9fff]{1,4})的")


def _specified(piece: Piece, hits: list[ItemHit]) -> list[ItemHit]:
    """奶茶，珍珠的 -> 珍珠奶茶; 想吃炒饭了 扬州炒饭一份 -> 扬州炒饭: a product made precise after it is said."""
    out: list[ItemHit] = []
    used: list[tuple[int, int]] = []  # the modifiers read into a product are no products of their own
    for hit in hits:
        if any(s <= hit.start < e for s, e in used):
            continue
        rest = piece.text[hit.end:]
        while rest and (rest.startswith(hit.word) or rest[0] in "，,！! "):
            rest = rest[len(hit.word) if rest.startswith(hit.word) else 1:]
        m = MODIFIER_AFTER_RE.match(rest)
        option = m is not None and (m.group(1) in ("冰", "热", "温", "大", "中", "小") or m.group(1) in _OPTION_WORDS
                                    or m.group(1) in MILK_CHOICES)  # 拿铁 燕麦奶的: the milk is an option of the coffee
        precise = m.group(1) + hit.word if m and not option else ""
        if m and precise and piece.lexicon is not None and (any(e.kind == "item" for e in piece.lexicon.lookup(precise)) or (
                (hit.word in TAKEOUT_ITEMS or hit.domain == "takeout") and (
                    _is_ingredient(piece, m.group(1)) or _made_of_food(m.group(1)))) or (
                _is_city(piece, m.group(1)) and not rest[m.end():].startswith(("那种", "那样", "一样")))):
            end = len(piece.text) - len(rest) + m.end()
            piece.take(end - len(m.group(1)) - 1, end)
            used.append((end - len(m.group(1)) - 1, end))
            hit = ItemHit(hit.start, hit.end, precise, hit.domain, surface=hit.surface)
        later = [h for h in hits if h.start >= hit.end and h.word != hit.word and h.word.endswith(hit.word)]
        if not (later and re.search(r"[，,\s了]", piece.text[hit.end:later[0].start])):
            out.append(hit)
    return out


# Characters of the foods a dish is made with (鸡汁|小笼包, 酸菜肉丝|米线): a kind of the dish, no shop.
FOOD_CHARS = frozenset("肉鸡鸭鱼虾蟹蛋菜牛羊猪汁笋菇藕骨排肠")


def _made_of_food(word: str) -> bool:
    return (len(word) >= 2 and bool(set(word) & FOOD_CHARS) and not word.endswith(("味", "馅"))
            and not set(word) & set("多少点些"))  # 肉多一点的: how much of it, no kind of the dish


def _is_city(piece: Piece, word: str) -> bool:
    """苹果 烟台的: the place a fruit or a dish comes from is part of its name (like 烟台苹果 said whole)."""
    return piece.lexicon is not None and any(e.kind == "city" for e in piece.lexicon.lookup(word))


def _is_ingredient(piece: Piece, word: str) -> bool:
    """A food a dish is made with (腊味, 牛肉, 燕麦), not a shop, an option or a taste (火锅 麻辣的)."""
    return piece.lexicon is not None and any(
        e.kind == "item" and e.domain in ("grocery", "takeout") for e in piece.lexicon.lookup(word))


DRINKS = frozenset(_DRINKS.split())
FOODS = frozenset(_FOOD.split()) - DRINKS
TAKEOUT_ITEMS = DRINKS | FOODS
GENERIC_ITEMS = CUISINES | frozenset({"咖啡", "奶茶", "果茶", "茶", "饮料", "果汁", "饭", "面", "水果", "零食", "菜", "蔬菜", "肉", "海鲜",
                           "年货", "日用品", "生活用品", "百货", "烧烤", "甜品", "甜点", "小吃", "饮品", "火锅", "串串", "轻食", "凉菜", "卤菜",
                           "日料", "西餐", "韩餐", "中餐", "快餐", "冷饮", "熟食", "水产", "调料", "零嘴"})
COUNT_SAID_AFTER_RE = lazy_compile(r"(?:来|要|点|整)")
# Dishes that also stand for the kind said after them (想吃烤串 来二十串羊肉串), unless counted (烤串二十串).
KIND_DISHES = frozenset({"烤串", "卤味", "点心", "糕点"})
GENERIC_TAILS = ("礼物", "年货")


_HEAD_END = r"(?:(?![\u4e00-\u9fff])|(?=[一两二三四五六七八九十0-9来要送和跟配加再]))"
DISH_HEAD_RE = lazy_compile(rf"[饭面粥粉汤茶汁锅煲]{_HEAD_END}"
                            rf"|[^\s{re.escape(''.join(sorted(STOP_CHARS)))}炖煮熬蒸]{{1,2}}[饭面粥粉汤锅煲]{_HEAD_END}")
# Ways of cooking said as a dish's first word, the main food after it (干锅|肥肠, 铁锅炖|大鹅, 石锅|牛肉).
DISH_FORMS = frozenset({"干锅", "铁锅炖", "砂锅", "石锅", "铁板", "地锅", "香锅"})
FORM_TAIL_RE = lazy_compile(rf"[\u4e00-\u9fff]{{1,3}}?(?=$|[\s，,。！!？?的]|(?:{NUM})\s*[{TAKEOUT_MEASURES}]|来|要|送)")


def form_tail(masked: str, word: str, end: int) -> str:
    """干锅|肥肠: the food a way of cooking is said of, when the lexicon does not know the whole dish."""
    tail = FORM_TAIL_RE.match(masked, end) if word in DISH_FORMS else None
    return tail.group(0) if tail is not None and not set(tail.group(0)) & STOP_CHARS else ""


# A model number said right after a maker (苹果16, 华为 70): not a count, a weight or a price.
BRAND_MODEL_RE = lazy_compile(r"\s?\d{1,2}(?:\s?(?:Pro|Max|Plus|Ultra|mini|pro|max|plus|S|X))*"
                            r"(?![\d.]|\s*(?:斤|个|箱|块|元|公斤|袋|盒|颗|只|份|杯|瓶|号|点|月|日|天))")
# Words describing goods whose characters otherwise end a product word (a numeral, a measure, a verb).
GOODS_PREFIX_RE = lazy_compile(r"二手|双肩|高帮|低帮|中帮|双人|单人|双层|保温|恒温|加热|一次性|二合一|三合一")
# A one-character thing made for the goods before it (电脑包, 手机架, 键盘膜), before a pause, 的 or a count.
GOODS_PART_RE = lazy_compile(r"(套装|支架|保护套|保护壳|替换头|刷头|[包套壳膜架垫袋线灯桌椅柜贴盆刷头衣裤床])(?=$|[\s，,。！!？?的坏丢断0-9一两二三四五六七八九十])")


COOKED_FOR_RE = lazy_compile(r"(?:^|[\s，,])(?:用来|拿来|回家)?(?:包|做|炖|煮|熬|蒸)$")
COFFEE_HEADS = ("拿铁", "美式", "咖啡", "奶茶", "可可", "摩卡", "卡布奇诺")
# Milks a coffee or tea is made with (拿铁 要燕麦奶): said with another drink, an option of it.
MILK_CHOICES = frozenset({"燕麦奶", "椰奶", "豆奶", "脱脂奶", "全脂奶", "牛奶", "鲜奶", "厚乳", "燕麦"})
# Generic drinks are orderable themselves: 两杯奶茶，一杯美式 is two products, 奶茶，要珍珠奶茶 one.
ORDERABLE_GENERICS = frozenset({"咖啡", "奶茶", "茶", "饮料", "果汁", "果茶"})
# Kinds of goods that are sold themselves but also stand for a variety said after them (买点青菜 两把上海青).
KIND_WORDS = frozenset({"青菜", "叶菜", "绿叶菜", "猪肉", "菌菇", "蘑菇", "酒", "白酒", "红酒", "饼干", "糖果", "坚果"})
KIND_COUNT_RE = lazy_compile(rf"(?:{NUM})\s*(?:[{TAKEOUT_MEASURES}斤箱把颗棵捆条]|公斤)\s*$")
PAUSE_AFTER_RE = lazy_compile(r"(?:就行|吧)?[\s，,：:]")
OWN_COUNT_RE = lazy_compile(rf"(?:{NUM})\s*[{TAKEOUT_MEASURES}斤箱]\s*$")


def is_category(text: str, item: ItemHit) -> bool:
    """A category said before the products it stands for (买点菜，一斤五花肉; 想吃烧烤 来20串羊肉串)."""
    if item.word in KIND_WORDS:  # 买点青菜 两把上海青 (not 一把青菜 两斤排骨, 买点青菜和猪肉)
        return not KIND_COUNT_RE.search(text, max(0, item.start - 4), item.start) and bool(
            PAUSE_AFTER_RE.match(text, item.end))
    if item.word in ORDERABLE_GENERICS:
        return not OWN_COUNT_RE.search(text[:item.start])
    if item.word in KIND_DISHES:
        said = COUNT_SAID_AFTER_RE.match(text, item.end)
        return not OWN_COUNT_RE.search(text[:item.start]) and QTY_RE.match(text, said.end() if said else item.end) is None
    return item.word in GENERIC_ITEMS or item.word.endswith(GENERIC_TAILS)


# A way of cooking said a few characters before the goods (大酱炒柴|鸡蛋, 肉段烧|茄子, 腊八蒜炖|肥肠): a dish.
COOKED_BEFORE_RE = lazy_compile(r"[炒烧蒸焗烤炖煮爆煎炸卤焖拌熘烩涮扒熏][\u4e00-\u9fff]{0,2}$")
RAW_MEASURE_RE = lazy_compile(r"[斤箱袋盒提桶包]|公斤|千克")


def cooked(text: str, start: int) -> bool:
    """清炒|西兰花, 糖醋|排骨, 大酱炒柴|鸡蛋: goods said after a way of cooking them are a dish (not when they
    are weighed or packed as groceries: 两斤烤肠)."""
    if any(text[max(0, start - n):start] in _FLAVOUR_SET for n in _FLAVOUR_LENGTHS):
        return True
    before = text[max(0, start - 3):start]
    return bool(COOKED_BEFORE_RE.search(before)) and not RAW_MEASURE_RE.search(text[max(0, start - 8):start])


def dish_head(text: str, end: int) -> str:
    """牛肉饭, 排骨面, 柚子茶, 西瓜汁, 番茄|肥牛饭: a goods word followed by 饭/面/粥/粉/汤/茶/汁 (with at most
    two more words' characters before it) names a dish or a drink."""
    head = DISH_HEAD_RE.match(text, end)
    return head.group(0) if head is not None else ""


# Dishes ordered beside a main one (汉堡 薯条, 炸鸡 鸡米花), never the head of its name.
SIDES = frozenset({"薯条", "鸡米花", "鸡块", "蛋挞", "玉米杯", "土豆泥", "饮料", "甜筒", "圣代"})


def _one_product(first: str, second: str) -> bool:
    """红茶|拿铁 is one drink, 芒果|冰沙 a flavoured one, 包子|豆浆 two things."""
    if first not in DRINKS and first not in SIDES and second in SIDES:
        return False
    if second.endswith("套餐"):
        return True  # 豆浆|油条套餐: a set meal named by its dishes  # 汉堡|薯条|可乐: a meal's dishes said back to back are several products
    return (first in DRINKS) == (second in DRINKS) or (second in DRINKS and first not in TAKEOUT_ITEMS)


def _merge_adjacent(text: str, hits: list[ItemHit]) -> list[ItemHit]:
    """番茄炒蛋|盖饭 said back to back is one dish; 奶茶奶茶奶茶 is one; a category before a product yields."""
    merged: list[ItemHit] = []
    for hit in hits:
        last = merged[-1] if merged else None
        listed = text[hit.end:].lstrip().startswith("各")  # 苹果香蕉各两斤: two goods
        if last is not None and last.end == hit.start and last.word != hit.word and _one_product(last.word, hit.word) \
                and not listed:
            word = text[last.start:hit.start] + (hit.word if hit.surface == text[hit.start:hit.end] else text[hit.start:hit.end])
            merged[-1] = ItemHit(last.start, hit.end, word, hit.domain, surface=text[last.start:hit.end])  # 生椰|拿贴: 生椰拿铁
            if len(merged) > 1 and merged[-2].end == last.start and word.endswith("套餐"):  # 豆浆|油条|套餐
                first = merged.pop(-2)
                merged[-1] = ItemHit(first.start, hit.end, text[first.start:last.start] + word, hit.domain,
                                     surface=text[first.start:hit.end])
        elif last is not None and last.word == hit.word:
            continue
        else:
            merged.append(hit)
    generic = bool(merged) and is_category(text, merged[0])
    if len(merged) >= 2 and generic and re.search(r"[，,\s：:]", text[merged[0].end:merged[1].start]):
        return merged[1:]  # 买点菜，一斤五花肉，两根黄瓜: the category said first is what follows
    return merged


# How a dish is made or seasoned, said before it as part of its name (香辣|鸡翅, 蜜汁|烤肉).
FLAVOURS = ("黑胡椒", "奥尔良", "香辣", "麻辣", "蜜汁", "黑椒", "蒜香", "酱香", "孜然", "藤椒", "椒盐", "咖喱", "照烧",
            "糖醋", "红烧", "清蒸", "干锅", "酸辣", "香酥", "脆皮", "泡椒", "剁椒", "芝士", "盐焗", "卤", "凉拌", "干煸",
            "水煮", "油焖", "爆炒", "小炒", "清炒", "手撕", "蒜蓉", "葱油", "红油", "白灼", "铁板", "石锅", "砂锅", "香煎",
            "五香", "酱爆", "葱爆", "干炸", "油泼", "宫保", "鱼香", "白切", "口水", "酸汤", "番茄炖", "十三香")
_FLAVOUR_SET = frozenset(FLAVOURS)
_FLAVOUR_LENGTHS = sorted({len(f) for f in FLAVOURS})


def flavoured(text: str, start: int, end: int) -> bool:
    """麻辣|小龙虾 named with its flavour, or 小龙虾 蒜蓉的 / 小龙虾要十三香口味 said after it: a dish, not raw goods."""
    if any(text[start:start + n] in _FLAVOUR_SET for n in _FLAVOUR_LENGTHS if end - start > n) or any(
            text[max(0, start - n):start] in _FLAVOUR_SET for n in _FLAVOUR_LENGTHS):
        return True
    for pos in range(end, min(len(text), end + 8)):  # 小龙虾要两斤 蒜蓉的: a clause of its own after the goods
        if pos > end and text[pos - 1] not in " ，,、要是":
            continue
        if any(text[pos:pos + n] in _FLAVOUR_SET and text[pos + n:pos + n + 1] in ("的", "味", "口") for n in _FLAVOUR_LENGTHS):
            return True
    return False


def open_item(piece: Piece) -> ItemHit | None:
    """Return an item word not in the lexicon, after a verb or measure word (点份寿司拼盘)."""
    masked = piece.masked()
    pattern = re.compile(rf"(?:{_SEARCH_VERB}|{_VERB}\s*(?:{NUM}|几)?\s*(?:公斤|[{TAKEOUT_MEASURES}双件条本台副套把提箱袋斤支顶部卷筒盏]|块(?!钱))?|(?:{NUM})\s*[{TAKEOUT_MEASURES}卷筒盏]|想吃|想喝|{MASK}的)"
                         rf"(?:的)?([^\s，,。！!？?{MASK}的了吧呢吗啊呀]{{1,8}})")
    leading = LEADING_ITEM_RE.search(masked)
    if leading and not re.search(rf"[买来要点订喝吃叫整]|帮我|给我|我想|(?:{NUM})\s*[{TAKEOUT_MEASURES}]", leading.group(1)):
        word = re.split(r"加|不要|少(?=[糖冰甜辣放点])|多(?=[糖冰辣放加点])|去(?=[冰糖])", leading.group(1))[0]
        if len(word) >= 2 and not CORRECTION_WORD_RE.match(word):  # 葱抓饼加蛋 一份: what is added is no part of the product
            return ItemHit(leading.start(1), leading.start(1) + len(word), word, "", surface=word)
    for m in pattern.finditer(masked):
        word, at = m.group(1), m.start(1)
        if (use := USED_BY_RE.match(masked, at)) is not None:  # 买个老人用的拐杖: who it is for, then the goods
            word, at = use.group(1), use.start(1)
        word = re.split(rf"[，,。\s来要送吧0-9]|加(?![绒厚长大宽高])|不要|少(?=[糖冰甜辣放点])|多(?=[糖冰辣放加点])|去(?=[冰糖])|大杯|中杯|小杯|"
                        rf"{NUM}[{TAKEOUT_MEASURES}斤箱]", word)[0]
        if re.match(r"半糖|全糖|微糖|无糖|[一三五七]分|常温|温的|热的|冰的|大份|小份", word):
            continue
        if re.match(r"吃|喝|点|来|要|买|订|叫|辣|甜|冰|热|好(?:吃|喝|的)|一下|一些|些|点儿|东西|熬|炖|煮|包(?!子)|做", word) or (
                len(word) == 1 and word not in SINGLE_GOODS):
            continue
        if word and word not in ("外卖", "外送") and not word.isdigit() and word not in MEAL_WORDS:
            return ItemHit(at, at + len(word), word, "", surface=word)
    return None


# 老人用的, 孕妇穿的, 小朋友玩的: who the goods are for, said with 的 before them.
USED_BY_RE = lazy_compile(rf"[\u4e00-\u9fff]{{1,6}}?(?:用|穿|戴|玩|背)的([^\s，,。！!？?{MASK}的了吧呢吗啊呀]{{1,8}})")


# A product of its own in a list, by its count (再来一份炖罐, 酸汤鸡一份 米饭一碗): the word between the count and
# the clause's end, or between the clause's start and the count.
# 楼下那家兰州拉面, 隔壁的沙县: a shop pointed at by where it is, named by what it sells.
POINTED_SHOP_RE = lazy_compile(r"(?:那家|这家|楼下|隔壁|对面|附近|门口)(?:的|那家|这家)?$")
COUNTED_AFTER_RE = lazy_compile(rf"(?:(?:^|[\s，,、{MASK}]|和|跟)(?:来|要|点|整|搞)?|(?:再|还有|还|另外|外加|顺便)(?:来|要|点|整|搞|加|买|带)?)(?:(?:{NUM})\s*[{TAKEOUT_MEASURES}]|[俩仨](?![{TAKEOUT_MEASURES}]))"
                              rf"(?:{MASK}+的)?([\u4e00-\u9fff]{{2,6}})(?=$|[\s，,。！!？?、])")
COUNTED_BEFORE_RE = lazy_compile(rf"(?:^|[\s，,、])([\u4e00-\u9fff]{{2,6}}?)\s*(?:来|要)?\s*(?:{NUM})\s*[{TAKEOUT_MEASURES}]"
                               rf"(?=$|[\s，,。！!？?、])")
# 两份炸鸡 一份甜辣一份原味: the units of one product told apart, no products of their own.
UNITS_TOLD_APART_RE = lazy_compile(r"(?:[2-9]|[两二三四五六七八九十俩仨])([杯碗份个]).*?([一1]\1[^，,。\s]{1,6}[一1]\1[^，,。\s]{0,6})")


def told_apart(text: str, items: list[ItemHit]) -> list[ItemHit]:
    """两份水饺 一份韭菜的一份白菜的: what tells the units of a product apart names no product of its own."""
    m = UNITS_TOLD_APART_RE.search(text)
    if m is None or len(items) < 2:
        return items
    return [items[0], *(i for i in items[1:] if not m.start(2) <= i.start < m.end(2))]
_NOT_PRODUCT_RE = lazy_compile(r"[的了吧呢吗啊呀哦人共]|^(?:都|各|每|也|还|再|吃|喝|点|来|要|买|订|叫|送|帮|给|我|加|多|少|去|不|别|免|微|中|大|小)")


# A set meal (巨无霸套餐, 全家桶) and its drink or side said after it with only an option or a swap
# (可乐去冰, 可乐要去冰的): a choice within the meal, no product of its own.
MEAL_RE = lazy_compile(r"(?:套餐|餐|全家桶)$")
CLAUSE_EDGE_RE = lazy_compile(r"[，,。！!？?\s]")


def meal_choices(piece: Piece, items: list[ItemHit]) -> list[ItemHit]:
    """Drop the drinks and sides said of a set meal without a count of their own; their clause is used up."""
    return _parts_of_first(piece, items, MEAL_RE, only=DRINKS | SIDES)


def _parts_of_first(piece: Piece, items: list[ItemHit], head: re.Pattern[str], *,
                    only: frozenset[str] | None = None) -> list[ItemHit]:
    """When the first product's name matches ``head``, the products said in later clauses without a count of their
    own (and, with ``only``, among those words) belong to it: their clauses are used up, they make no product."""
    if len(items) < 2 or not head.search(items[0].word):
        return items
    kept = [items[0]]
    for item in items[1:]:
        start = max((m.end() for m in CLAUSE_EDGE_RE.finditer(piece.text, 0, item.start)), default=0)
        end = next((m.start() for m in CLAUSE_EDGE_RE.finditer(piece.text, item.end)), len(piece.text))
        counted = QTY_RE.search(piece.text, start, end) or ELIDED_RE.search(piece.text, start, end)
        if start > items[0].end and (only is None or item.word in only) and counted is None:
            piece.take(start, end)
            continue
        kept.append(item)
    return kept


# A combo named by its parts (双拼饭, 三拼, 卤味拼盘, 烧腊双拼): the parts said after it make it up.
COMBO_RE = lazy_compile(r"[双三四五]拼|拼盘|拼饭")


def combo_parts(piece: Piece, items: list[ItemHit]) -> list[ItemHit]:
    """来份双拼饭 叉烧加烧鹅: the dishes said after a combo without a count of their own are its parts, no products."""
    return _parts_of_first(piece, items, COMBO_RE)


def _uncounted_before(text: str, items: list[ItemHit], at: int) -> bool:
    """Whether the last known product before ``at`` was said without a count of its own."""
    before = [i for i in items if i.end <= at]
    if not before:
        return False
    start = max((m.end() for m in CLAUSE_EDGE_RE.finditer(text, 0, before[-1].start)), default=0)
    return not (QTY_RE.search(text, start, at) or ELIDED_RE.search(text, start, at))


def counted_unknowns(piece: Piece, items: list[ItemHit]) -> list[ItemHit]:
    """Products the lexicon does not know, said with their own count beside known ones (再来一份炖罐)."""
    masked = piece.masked()
    found: list[ItemHit] = []
    if UNITS_TOLD_APART_RE.search(piece.text):
        return found
    for pattern in (COUNTED_AFTER_RE, COUNTED_BEFORE_RE):
        for m in pattern.finditer(masked):
            word = m.group(1)
            if _uncounted_before(piece.text, items, m.start()):
                continue  # 牛肉面 半筋半肉 一碗: the count is of the product before, the words between describe it
            if word in TOPPINGS and "加" in m.group(0)[:m.start(1) - m.start()]:
                continue  # 麻辣烫 再加一份肥牛: a topping added, no dish of its own
            if (_NOT_PRODUCT_RE.search(word) or word in MEAL_WORDS or word in ("外卖", "外送")
                    or any(w in word for w in _OPTION_WORDS if len(w) >= 2)
                    or any(i.start < m.end(1) and m.start(1) < i.end for i in [*items, *found])):
                continue
            found.append(ItemHit(m.start(1), m.end(1), word, "takeout", surface=word))
    return found


# 一斤猪五花 不对 两斤: the word of a correction before a count names no product.
CORRECTION_WORD_RE = lazy_compile(r"(?:哦|噢|喔|呃|额)?(?:不对|不是|说错|搞错|错了|不不)")
# 再买一个晾衣杆, 顺便买两个刷头, 再一包洋芋片: goods of their own said in a later clause with their count.
ANOTHER_RE = lazy_compile(rf"(?:再|还要|还有|另外|顺便|外加|加上|以及)(?:顺便|帮我|给我)?(?:买|来|要|带|拿|下单)?\s*(?:{NUM})\s*"
                        rf"(?:公斤|[{TAKEOUT_MEASURES}双件条本台副套把提箱袋斤支顶部筒盏])([\u4e00-\u9fff]{{2,6}})(?=$|[\s，,。！!？?])")


def another_products(piece: Piece, items: list[ItemHit], domain: str) -> list[ItemHit]:
    """Goods the lexicon does not know, said after known ones in a clause of their own with a count."""
    found: list[ItemHit] = []
    if not items:
        return found
    for m in ANOTHER_RE.finditer(piece.masked()):
        word = m.group(1)
        if (m.start() < items[0].end or _NOT_PRODUCT_RE.search(word) or any(w in word for w in _OPTION_WORDS if len(w) >= 2)
                or any(i.start < m.end(1) and m.start(1) < i.end for i in items)):
            continue
        found.append(ItemHit(m.start(1), m.end(1), word, domain, surface=word, slots={"own_clause": True}))
    return found


LEADING_ITEM_RE = lazy_compile(rf"(?:^|[\s，,{MASK}])的?([\u4e00-\u9fff]{{2,7}}?)\s*(?:来|要|给我来)?\s*(?:{NUM})\s*(?:[{TAKEOUT_MEASURES}]|公斤|斤|箱)")


SINGLE_GOODS = dict.fromkeys("虾葱蒜姜鱼鸭鸡梨桃枣米面油盐糖醋菜肉蛋酒水", "grocery") | {
    "花": "shopping", "书": "shopping", "伞": "shopping", "笔": "shopping", "表": "shopping", "鞋": "shopping", "包": "shopping",
    "饭": "takeout", "床": "shopping", "锅": "shopping"}
SINGLE_RE = lazy_compile(rf"(?:({NUM})\s*)?([斤箱盒瓶袋桶提包个只条把副罐打份颗根串头对碗束本支块盏顶]|(?<=[买来要订一两二三四五六七八九十])张(?=床))?([{''.join(SINGLE_GOODS)}])"
                       r"(?=$|[\s，,。！!？?和跟、各]|[0-9一二两三四五六七八九十])")
SINGLE_AFTER_RE = lazy_compile(rf"(?:^|(?<=[\s，,]))([{''.join(SINGLE_GOODS)}])\s*(?:{NUM})\s*[斤箱盒瓶袋桶提包个只条把副罐打份颗根串头对碗束本]")
# 金龙鱼的油, 5升的油来一桶: a brand or a size, 的, then the good.
BRAND_SINGLE_RE = lazy_compile(rf"(?:{MASK}|升|斤|克|装|[A-Za-z]|米[一二三四五六七八九]?|(?<=\d)米)的([{''.join(SINGLE_GOODS)}])(?=$|[\s，,。！!来要买0-9一两三四五六七八九十])")
SIZED_BED_RE = lazy_compile(r"(?:米[一二三四五六七八九]?|(?<=\d)米)的((?:(?![的了个张])[\u4e00-\u9fff]){1,3}床)(?=$|[\s，,。！!？?])")
BUY_SINGLE_RE = lazy_compile(r"(?:买|来|要)(?:点|些)([菜葱蒜姜肉鱼虾油米面花])(?=$|[\s，,。])")


def single_items(piece: Piece) -> list[ItemHit]:
    """One-character goods after a count and measure word (一把葱, 两斤虾, 一束花, 买点菜)."""
    masked = piece.masked()
    for t in TOPPING_RE.finditer(masked):
        masked = masked[:t.start()] + MASK * (t.end() - t.start()) + masked[t.end():]
    masked = re.sub(r"加(?=[饭面])", MASK, masked)
    hits = []
    for m in SINGLE_RE.finditer(masked):
        listed = masked[m.end(3):m.end(3) + 1] == "各" and m.start(3) > 0 and masked[m.start(3) - 1] in MASK + "和跟、"
        if m.group(2) or (m.start(3) > 0 and masked[m.start(3) - 1] in " ，,") or listed:
            bowl = m.group(2) == "碗" and m.group(3) in "面饭粥"  # 来碗面: a bowl of noodles is a dish
            hits.append(ItemHit(m.start(3), m.end(3), m.group(3), "takeout" if bowl else SINGLE_GOODS[m.group(3)],
                                surface=m.group(3)))
    for m in SINGLE_AFTER_RE.finditer(masked):
        hits.append(ItemHit(m.start(1), m.end(1), m.group(1), SINGLE_GOODS[m.group(1)], surface=m.group(1)))
    for m in BRAND_SINGLE_RE.finditer(masked):  # 金龙鱼的油: a brand, 的, then the good
        hits.append(ItemHit(m.start(1), m.end(1), m.group(1), SINGLE_GOODS[m.group(1)], surface=m.group(1)))
    for m in BUY_SINGLE_RE.finditer(masked):
        hits.append(ItemHit(m.start(1), m.end(1), m.group(1), SINGLE_GOODS[m.group(1)], surface=m.group(1)))
    for m in SIZED_BED_RE.finditer(masked):  # 一米五的儿童床: a bed said with its width
        if not any(h.start <= m.start(1) < h.end for h in hits):
            hits.append(ItemHit(m.start(1), m.end(1), m.group(1), "shopping", surface=m.group(1)))
    return hits


def quantity_near(piece: Piece, item: ItemHit, region: tuple[int, int]) -> tuple[int | None, str | None]:
    """Return (count, measure word) said for an item: just before it, else just after, else in its region."""
    masked = piece.counting()
    candidates: list[tuple[int, int, int, str]] = []
    total = TOTAL_RE.search(masked)
    if total and parse_int(total.group(1)):
        piece.take(total.start(), total.end())
        return parse_int(total.group(1)), total.group(2)
    for m in QTY_RE.finditer(masked):
        value = parse_int(m.group(1) or m.group(3) or m.group(4) or "")
        if m.group(2) and _on_domain_word(piece.text, m.end()) and piece.text[m.end():m.end() + 1] != "吧":
            continue  # 叫一份外送: the count is of the domain word, not of a product
        if m.group(2) == "个" and masked[m.end():m.end() + 1] == "人":
            continue  # 四个人的量, 三个人吃: how many eat, not how many are ordered
        if m.group(2) == "块" and value and value >= 10 and not re.match(r"[\u4e00-\u9fff]", piece.text[m.end():m.end() + 1]):
            continue  # 手机 两千块, 奶茶 十五块: a sum of money said, no count of pieces
        if m.group(1) and approximate(m.group(1)):
            continue  # 两三斤排骨, 三五串: a range is no count (the unit is still said)
        if piece.text[max(0, m.start() - 1):m.start()] in ("钱", "块"):
            continue  # 多少钱一锅, 几块钱一斤: the unit a price is asked for, no count
        if any(n.start <= m.start() and m.end() <= n.end and (n.get("brand") or n.get("item")) for n in piece.mentions):
            continue  # 三只松鼠, 四件套: a count inside a maker's or a product's name counts nothing
        if value and region[0] <= m.start() < region[1] and piece.free(m.start(), m.end()):
            if NUMBER_AFTER_RE.match(masked, m.end()) or masked[m.end():m.end() + 1] == "钱":
                continue
            candidates.append((m.start(), m.end(), value, m.group(2) or ""))
    for m in SIZED_QTY_RE.finditer(masked):  # 一大杯, 两小碗: a count with the size said before the measure word
        value = None if approximate(m.group(1)) else parse_int(m.group(1))
        if value and region[0] <= m.start() < region[1] and piece.free(m.start(), m.end()):
            candidates.append((m.start(), m.end(), value, m.group(2)))
    bare = BARE_TWO_RE.search(masked, max(0, item.start - 3), item.start)
    if bare is not None and bare.end() == item.start and region[0] <= bare.start() and piece.free(bare.start(1), bare.end(1)):
        candidates.append((bare.start(1), bare.end(1), 2, ""))  # 来两奶茶: a count said without its measure word
    elided: list[tuple[int, int, int, str]] = []
    for m in ELIDED_RE.finditer(masked):
        in_name = any(n.start <= m.start(1) < n.end for n in piece.mentions)  # 点张亮麻辣烫: 张 opens a name
        gift = GIFT_RE.match(piece.text, m.end())  # 买个生日礼物给她 口红: the count is of the gift, not the goods
        if gift is not None and item.start >= gift.end():
            continue
        if region[0] <= m.start() < region[1] and not _on_domain_word(piece.text, m.end()) and not in_name:
            elided.append((m.start(1), m.end(), 1, m.group(1)))
    candidates += elided
    if not candidates:
        return None, None
    candidates, elided = _corrected(piece, sorted(candidates), elided)
    packs = [c for c in candidates if masked[c[1]:c[1] + 1] == "装"]
    if packs and len(packs) < len(candidates):
        candidates = [c for c in candidates if c not in packs]  # 买袋狗粮 10斤装: the size of the bag, not a count
    if any(c not in elided for c in candidates):
        candidates = [c for c in candidates if c not in elided]  # 点杯…要两杯: the number said wins
    sized = [c for c in candidates if masked[c[1]:c[1] + 1] in ("的", "装")]
    if sized and len(sized) < len(candidates):
        candidates = [c for c in candidates if c not in sized]  # 一袋十斤的大米: 十斤 is the bag's size
    before = [c for c in candidates if c[1] <= item.start]
    after = [c for c in candidates if c[0] >= item.end]
    between = [m for m in piece.entries("item") if before and before[-1][1] <= m[0].start and m[0].end <= item.start]
    near = before and not _far(piece.text, before[-1][1], item.start) and not (between and after_count(candidates, item))
    chosen = before[-1] if near else (
        after[0] if after else candidates[0])
    piece.take(chosen[0], chosen[1])
    return chosen[2], chosen[3]


def _corrected(piece: Piece, candidates: list[tuple[int, int, int, str]], elided: list[tuple[int, int, int, str]]
               ) -> tuple[list[tuple[int, int, int, str]], list[tuple[int, int, int, str]]]:
    """来一杯美式 不对 是两杯, 买两颗 哦一颗就够了: a count corrected by a later one is no count of the order."""
    kept = list(candidates)
    for earlier, later in itertools.pairwise(candidates):
        if options.corrected(piece.text, earlier[1], later[0]):
            kept.remove(earlier)
            piece.take(earlier[0], earlier[1])
    return kept, [c for c in elided if c in kept]


# 来两奶茶, 要两汉堡: 两 said right before the product, with no measure word.
BARE_TWO_RE = lazy_compile(r"(?:来|要|买|点|整)(两)$")
# A number right after a count (一斤2两) continues it; a size after it (一桶5升的) does not.
NUMBER_AFTER_RE = lazy_compile(r"\d(?!\d*(?:\.\d+)?\s*(?:升|L|l|ml|ML|毫升|kg|KG|公斤|克|g|寸|码|号|岁|朵|枚|粒|片))")


def after_count(candidates: list[tuple[int, int, int, str]], item: ItemHit) -> bool:
    """A count said after the product (羊肉串二十串)."""
    return any(c[0] >= item.end for c in candidates)


def _far(text: str, end: int, start: int) -> bool:
    return bool(re.search(r"[，,。!！?？]", text[end:start]))


def _on_domain_word(text: str, end: int) -> bool:
    """点个外卖, 点份川菜: the measure word counts the domain word or a cuisine, not a product."""
    return (text[end:end + 2] in ("外卖", "外送", "早餐", "早饭", "午饭", "晚饭", "夜宵", "快餐")
            or text[end:end + 1] == "吧" or bool(CUISINE_RE.match(text, end)))


CUISINE_RE = lazy_compile(r"(?:[川湘粤鲁徽闽苏浙]|东北|西北|家常|江浙|本帮|新疆|云南|贵州|泰国|越南|印度|日本|韩国|西)(?:菜|料理)"
                        r"|日料|韩料|西餐|中餐|清真")
