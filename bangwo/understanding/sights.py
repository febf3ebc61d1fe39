"""Slots of sight tickets: the sight (with its city split off or kept), date aside, and tickets per type."""

from __future__ import annotations

import itertools
import re
from typing import Any

from bangwo.understanding import cues, options
from bangwo.understanding import lexicon_world as world
from bangwo.understanding.classify import OPEN_SIGHT_RE
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon import Entry, Mention
from bangwo.understanding.numerals import NUM, parse_int
from bangwo.understanding.pieces import MASK, Piece
from bangwo.understanding.travel import tickets

_TYPE_WORDS = sorted((w for words in options.TICKET_TYPE.values() for w in words.split()), key=len, reverse=True)
_TYPE_OF = {w: t for t, words in options.TICKET_TYPE.items() for w in words.split()}
_TYPE_ALT = "|".join(_TYPE_WORDS)
# 成人票两张, 学生两张, 两张成人票, 两个大人, 一个小孩: a ticket type with its own count, either order.
TYPED_COUNT_RE = lazy_compile(rf"({_TYPE_ALT})\s*(?:票)?\s*({NUM})\s*(?:张|个|位|名)?|({NUM})\s*(?:张|个|位|名)?\s*({_TYPE_ALT})")
# A park or part of a sight said right after its name (长隆欢乐世界, 长隆野生动物园, 天安门城楼, 南山滑雪场); a bare 乐园 or
# 景区 after it (迪士尼乐园, 西湖景区) is the sight itself.
SIGHT_PART_RE = lazy_compile(r"[\u4e00-\u9fff]{1,3}(?:世界|王国|动物园|植物园|乐园|海洋馆)|[\u4e00-\u9fff]{0,4}?(?:度假区|度假村|地质公园|森林公园|国家公园|湿地公园|遗址公园|旅游区|游乐区|风景区|风景名胜区|名胜区)|[\u4e00-\u9fff]{1,2}洲区|[\u4e00-\u9fff]{1,2}寨|峡谷?|[\u4e00-\u9fff]{1,3}?湖区|[\u4e00-\u9fff]{2}岛|古镇|古城|石窟|石刻|[东西南北]院|金顶|观景台|观光厅|艺术区|艺术园区|文创园|[\u4e00-\u9fff]{0,2}?(?:玻璃栈道|栈道|玻璃桥|天坑)|城楼|滑雪场|温泉|湿地|"
                           r"博物馆|博物院|博览馆|纪念馆|美术馆|科技馆|陈列馆|"  # 三星堆|博物馆
                           # a quarter of its own inside a known sight (万岁山|武侠城, 东湖|樱花园; 天坛|公园 is 天坛 itself)
                           r"(?:(?![的边里和跟与及去到在逛玩看带陪进出回闭开入离几点时要])[\u4e00-\u9fff]){1,3}(?:城|园)(?![里内外边区])")
# Sights named after a person whose name is also a city's (中山陵 is Sun Yat-sen's, in Nanjing, not in 中山).
# 北京哪个公园好玩, 有什么博物馆: a kind of sight asked for, no sight named.
ASKED_KIND_RE = lazy_compile(r"哪|什么|什麼|啥|几个|有没有|一个|一家|一些")
# A count said before the sight's name (一张|上海海洋水族馆).
COUNTED_RE = lazy_compile(r"^.{0,3}?(?:[0-9一两二三四五六七八九十几]+|[这那])[张个位]")
NAMED_AFTER_PEOPLE = ("中山陵", "中山公园", "中山纪念堂", "中山堂")
# 带孩子去|恐龙园, 陪爸妈到|森林公园: who goes with whom is said before 去/到 and is no part of the name.
GOING_RE = lazy_compile(r"^.*[去到](?=[\u4e00-\u9fff]{3})")
TICKET_AFTER_RE = lazy_compile(r"的?(?:门票|票|[成儿学老][人童生]票)")
# 印象西湖, 又见平遥: a show named after the place it is staged in.
SHOW_PREFIXES = ("印象", "又见")
# 外滩那边的|东方明珠, 西湖的|雷峰塔: the first sight only says where the second is.
LOCATOR_WORD_RE = lazy_compile(r"那边|这边|附近|旁边|边上|周边")  # 故宫的|珍宝馆 is a part of the sight, not beside it
LOCATOR_GAP_RE = lazy_compile(r"\s*(?:那边|这边|附近|旁边|边上|周边|景区|里面|里|边|上)?的\s*")
# 故宫去过了, 西湖玩完了, 长城已经爬过: a sight already seen, said as background.
BEEN_RE = lazy_compile(r"(?:我们?|都|已经|早就?|上次|之前)*(?:去|玩|逛|看|爬|游|来)(?:过|完)")
MIXED_RE = lazy_compile(rf"({NUM})大({NUM})小")


def typed_counts(text: str) -> list[tuple[str, int]]:
    """Return (ticket type, count) pairs said, in order; one pair per type."""
    mixed = MIXED_RE.search(text)
    if mixed:
        adults, children = parse_int(mixed.group(1)), parse_int(mixed.group(2))
        return [("adult", adults), ("child", children)] if adults and children else []
    pairs: list[tuple[str, int]] = []
    for m in TYPED_COUNT_RE.finditer(text):
        word = m.group(1) or m.group(4)
        count = parse_int(m.group(2) or m.group(3) or "")
        kind = _TYPE_OF[word]
        if count and kind not in {k for k, _ in pairs}:
            pairs.append((kind, count))
    return pairs


def _without_names(piece: Piece) -> str:
    """The text counts are read from, with names masked too (学生票 八达岭长城 counts no 八)."""
    chars = list(piece.counting())
    for mention in piece.mentions:
        chars[mention.start:mention.end] = "□" * (mention.end - mention.start)
    return "".join(chars)


# Where one goes, said whole before a pause or the tickets (去|仙居谷，订两张成人票): the sight of the tickets.
GONE_TO_RE = lazy_compile(r"(?<![回出过进失下上])去([\u4e00-\u9fff·]{2,10}?)(?=$|[，,\s。]|吧|玩|逛|转|看看|订|买|的?门票)")
_GONE_NOT_NAME_RE = lazy_compile(r"^(?:这|那|哪|个|一个|一家)|景点|景区|地方|[玩爬游泡吃逛走转看]|旅游|哪里|哪儿|郊区|郊外|海边|乡下|市区|城里|外地|国外|附近|周边")


def _name_and_city(piece: Piece) -> dict[str, Any]:
    """上海迪士尼 -> 迪士尼 + 上海; 上海科技馆 (a generic sight after its city) and 广州塔 keep the city in the name."""
    slots: dict[str, Any] = {}
    sights = piece.entries("sight") or piece.entries("landmark")
    ahead = [(m, e) for m, e in sights if not BEEN_RE.match(piece.text, m.end)]
    sights = ahead or sights  # 故宫去过了，这次想去天坛: a sight already seen is no sight of the tickets
    chosen = (_ticketed(piece, sights) or _located(piece, sights)) if sights else None
    cities = [(m, e) for m, e in piece.entries("city") if not (chosen and m is chosen[0])]
    if chosen:
        mention, entry = chosen
        name = entry.value
        show = next((p for p in SHOW_PREFIXES if piece.text.endswith(p, 0, mention.start)), None)
        if show is not None and name == mention.surface:  # 印象|西湖, 又见|平遥: a show, not the place
            name = show + name
        before = next((c for c in cities if c[0].end == mention.start), None)
        known_before = next((m for m, _ in sights if m.end == mention.start), None)
        if known_before is not None and name in world.GENERIC_SIGHTS and name == mention.surface:
            name = known_before.surface + name  # 三星堆|博物馆: the museum of a known sight, named after it
        elif before is not None and name in world.GENERIC_SIGHTS:
            name = before[0].surface + name
        elif name in world.GENERIC_SIGHTS and name == mention.surface:
            name = _own_words_before(piece, mention.start) + name  # 红山|动物园, 华南|植物园
        elif name == mention.surface and len(own := _own_words_before(piece, mention.start)) <= 2 and not (
                _NOT_NAME_RE.search(own) or cues.LEAD_JUNK_RE.match(own)):
            name = own + name  # 瘦|西湖, 国立|故宫博物院: a known sight inside a longer name
        park = SIGHT_PART_RE.match(piece.text, mention.end)
        if park is not None and name.endswith(mention.surface):  # 长隆|欢乐世界, 天安门|城楼: one park of a known sight
            name += park.group(0)
            piece.take(park.start(), park.end())
        longer = next((n for s, e, n in cues.open_sight_ends(piece) if s <= mention.start and e > mention.end
                       and n.startswith(name) and len(n) - len(name) >= 3), None) if name == mention.surface else None
        if longer is not None:  # 一个叫十渡|仙西山的景点: a known sight followed by more of its own name
            name = longer
        located = _located_open(piece, mention) if name == entry.value else None
        if located is not None:  # 九份老街附近的|十分瀑布门票: the known sight only says where the one asked is
            name = located
        slots["name"] = name
        prefix = piece.city_prefix(name)
        if prefix and not cities and not name.startswith(NAMED_AFTER_PEOPLE):
            slots["city"] = prefix
    elif (ended := _open_sight_end(piece)) is not None:
        slots["name"] = ended  # 鲁迅故居, 白马寺的门票, 宁波|天一阁: a sight by a last word of its own kind
    elif (said := _open_sight(piece)) is not None and not ASKED_KIND_RE.search(said.group(0)):
        name = COUNTED_RE.sub("", GOING_RE.sub("", said.group(0)).lstrip("去到在买订要帮我想玩逛看的泡爬"))
        slots["name"] = name.lstrip("的")  # 恐龙园, 西安博物院: a sight by its last word
    elif (gone := GONE_TO_RE.search(_dates_blanked(piece))) is not None and not _GONE_NOT_NAME_RE.search(
            gone.group(1)) and not any(m.start < gone.end(1) and gone.start(1) < m.end for m in piece.mentions):
        slots["name"] = gone.group(1)  # 明天去|排云殿，订一张成人票: where one goes, when its tickets are asked
    elif (around := AROUND_NAME_RE.search(piece.text)) is not None and not AROUND_NOT_NAME_RE.search(
            name := cues.lead_trimmed(around.group(1), shortest=3)) and not cues.LEAD_JUNK_RE.fullmatch(name) and not any(
            m.start < around.end(1) and around.start(1) < m.end for m in piece.mentions):
        slots["name"] = name  # 张坊古战道的周边有哪些景点: the sight what is around is asked of
    if cities:
        slots["city"] = cities[0][1].value
    if "name" in slots and not sights:
        slots["name"] = _trimmed(piece, slots["name"])
    if "name" in slots and not chosen:
        slots["name"] = cues.lead_trimmed(slots["name"])  # 那就|什刹海, 你知道|中山公园: an open name's left edge
        if slots["name"].startswith(NAMED_AFTER_PEOPLE) and slots.get("city") == "中山":
            slots.pop("city")
    at = piece.text.find(slots["name"]) if "name" in slots else -1
    if at >= 0 and (part := _PAREN_PART_RE.match(piece.text, at + len(slots["name"]))) is not None:
        slots["name"] += part.group(0)  # 八达岭古长城（残长城）, 武英殿（书画馆）: the bracketed part is the name's own
    return slots


# A part of a sight's name printed in brackets right after it (八达岭古长城（残长城）).
_PAREN_PART_RE = lazy_compile(r"[（(][\u4e00-\u9fff·]{1,8}[）)]")


# A name said first in its clause, then what is around it (百泉山附近还有其他景点吗, 坡峰岭的周边都有啥景点).
AROUND_NAME_RE = lazy_compile(r"(?:^|(?<=[，,。\s]))([\u4e00-\u9fff·]{2,12}?)(?=(?:这个景点|这个景区)?的?(?:周边|附近|周围|就近|四周))")
AROUND_NOT_NAME_RE = lazy_compile(r"酒店|宾馆|饭店|餐馆|餐厅|公司|学校|家|单位|小区|这|那|它|地方|市区|市中心|景点|景区|我|你|"
                                  r"哪|什么|啥|有|找|查|看|推荐|想|要|在|住|的|[一两几]个")


# 要门票吗, 需要买票吗: the question's verb said before the tickets is no part of the sight's name.
_ASK_VERB_END_RE = lazy_compile(r"(?:需不需要|要不要|用不用|需要|还要|要|得|用)$")


def _trimmed(piece: Piece, name: str) -> str:
    """An open sight's name without a known word's tail before it (深圳|华侨城创意园, not 圳华侨城创意园) and without the
    question's verb after it (澳门大三巴|要门票吗)."""
    at = piece.text.find(name)
    if at > 0:
        inside = next((m for m in piece.mentions if m.start < at < m.end), None)
        if inside is not None and len(name) - (inside.end - at) >= 2:
            name, at = name[inside.end - at:], inside.end
    verb = _ASK_VERB_END_RE.search(name)
    if at >= 0 and verb is not None and len(name) - len(verb.group(0)) >= 2 and TICKET_AFTER_RE.match(
            piece.text, at + len(name)):
        name = name[:verb.start()]
    return name


def _dates_blanked(piece: Piece) -> str:
    """The text with dates blanked: 明天海洋公园, 周日想去海洋公园 name no sight 明天… or 周日…."""
    chars = list(piece.text)
    for d in piece.scan.dates:
        chars[d.start:d.end] = MASK * (d.end - d.start)
    return "".join(chars)


def _open_sight(piece: Piece) -> re.Match[str] | None:
    """The sight named by its last word; the one the tickets are for wins (想去泡温泉，订两张汤山温泉的票)."""
    found = list(OPEN_SIGHT_RE.finditer(_dates_blanked(piece)))
    ticketed = [m for m in found if TICKET_AFTER_RE.match(piece.text, m.end())]
    chosen = ticketed or found
    return chosen[0] if chosen else None


# Words before a known sight that say who goes, how many or what is done there (学生|故宫, 俩|故宫, 夜游|西湖).
_NOT_NAME_RE = lazy_compile(r"[俩仨两一二三四五六七八九十几游逛看玩拜登爬去到在张个位完了过次趟]|学生|儿童|成人|大人|小孩|老人|长者|参观|换成|改成|换|改|"
                            r"[问查搜找订买约好先再还也]|听说|知道|了解|推荐|介绍|打听")  # 问问|黄鹤楼, 查下|故宫: what is done, no name
# Words before a park word that say where or which kind, not its name (附近的动物园, 找个免费的博物馆).
_NOT_OWN_RE = lazy_compile(r"附近|周边|旁边|边上|那边|这边|哪|什么|啥|个|[一这那]家|家(?:里|门口|楼下)|最近|免费|好玩|大型|小型|城市|"
                           r"当地|本地")


def _own_words_before(piece: Piece, start: int) -> str:
    """The words of a sight's own name said right before its park word (红山|动物园), or ""."""
    before = [m for m in piece.mentions if m.end <= start and m.kinds() != {"landmark"}]  # 红山|森林|动物园
    left = max([m.end for m in before] + [d.end for d in piece.scan.dates if d.end <= start] + [0])
    run = re.search(r"[\u4e00-\u9fff]{1,9}$", piece.text[left:start])
    if run is None:
        return ""
    said = run.group(0)
    if run.start() + left and piece.text[run.start() + left - 1] in "0123456789":
        said = said.lstrip("张个位")  # 3张|动物园
    own = cues.open_sight_name(said + "园", long=False)  # the request and the count said first are no name
    own = cues.lead_trimmed(own[:-1], shortest=1) if own else ""  # 我喜欢|太平洋海底世界: the liking is no name
    if not own or _NOT_OWN_RE.search(own):
        return ""
    city = next((m for m in before if m.end == left and "city" in m.kinds()), None)
    if city is not None and (own[0] in "市省县区" or piece.text[left - 1:left + 1] in ("市立", "省立", "县立", "区立")):
        return city.surface + own  # 台北|市立|动物园 keeps its city, as 北京动物园 does; 南京|红山森林动物园 does not
    return own


def _open_sight_end(piece: Piece) -> str | None:
    """A sight by a last word the park words leave out (故居, 寺, 阁, 湖…), unless a park word names one with tickets."""
    ends = [(start, end, name) for start, end, name in cues.open_sight_ends(piece) if not ASKED_KIND_RE.search(name)]
    if not ends:
        return None
    ticketed = [name for _, end, name in ends if TICKET_AFTER_RE.match(piece.text, end)]
    park = _open_sight(piece)
    if park is not None and (not ticketed or TICKET_AFTER_RE.match(piece.text, park.end())):
        return None
    return (ticketed or [ends[0][2]])[0]


# 西湖边走走 顺便去灵隐寺 订两张灵隐寺的票, 外滩不用买票 帮我订东方明珠的: of several sights named, the one
# whose tickets are asked for (its 票 after it, or an order verb right before it); never one said to need none.
_TICKET_AFTER_RE = lazy_compile(r"的?(?:门票|票|(?:成人|儿童|学生|老人|大人|小孩)票)")
_NO_TICKET_AFTER_RE = lazy_compile(r"(?:是)?(?:不用|不要|不需要|无需|免)(?:买|购)?(?:门)?票|(?:是)?免费")
_ORDERED_BEFORE_RE = lazy_compile(r"(?:订|定|买|抢|购)(?:[0-9一两二三四五六七八九十几]+张)?$")


def _ticketed(piece: Piece, sights: list[tuple[Mention, Entry]]) -> tuple[Mention, Entry] | None:
    """The one sight of several whose tickets are asked for; None when it is not plain which."""
    if len({e.value for _, e in sights}) < 2:
        return None
    text = piece.text
    free = [(m, e) for m, e in sights if not _NO_TICKET_AFTER_RE.match(text, m.end)]
    own = [(m, e) for m, e in free
           if _TICKET_AFTER_RE.match(text, m.end) or _ORDERED_BEFORE_RE.search(text, 0, m.start)]
    if len({e.value for _, e in own}) == 1:
        return own[0]
    if len(free) < len(sights) and len({e.value for _, e in free}) == 1:
        return free[0]
    return None


def _located_open(piece: Piece, mention: Mention) -> str | None:
    """A sight the lexicon lacks, said after a known one that only locates it (西湖旁边的|某某美术馆), or None."""
    gap = LOCATOR_GAP_RE.match(piece.text, mention.end)
    if gap is None or "的" not in gap.group(0) or not LOCATOR_WORD_RE.search(gap.group(0)):
        return None
    return next((name for start, _, name in cues.open_sight_ends(piece) if start == gap.end()), None)


def _located(piece: Piece, sights: list[tuple[Mention, Entry]]) -> tuple[Mention, Entry]:
    """外滩那边的东方明珠, 西湖的雷峰塔: a sight said to locate the next one is not the sight asked for."""
    chosen = sights[0]
    for (first, _), nxt in itertools.pairwise(sights):
        gap = piece.text[first.end:nxt[0].start]
        adjacent = gap == "" and nxt[1].value not in world.GENERIC_SIGHTS  # 嵩山|少林寺: the mountain says where
        if first is chosen[0] and (LOCATOR_GAP_RE.fullmatch(gap) or adjacent):
            chosen = nxt
    return chosen


# The whole name said right before its tickets (两张|中国西瓜博物馆|的门票, 乐多港奇幻乐园门票): after a count of
# tickets or at the start, up to 的门票 / a kind of ticket.
_RUN = r"(?P<run>[\u4e00-\u9fffA-Za-z·]{3,16}?)(?:[（(][^（）()]{1,12}[）)])?(?=的?(?:门票|(?:成人|儿童|学生|老人)票))"
SAID_RUN_RES = (lazy_compile(r"(?:(?<=[0-9一两二三四五六七八九十几]张)|(?<=买)|(?<=订))(?![0-9一两二三四五六七八九十几]+张)" + _RUN),
                lazy_compile(r"^" + _RUN))


_NOT_IN_RUN_RE = lazy_compile(r"的|我|要|想|买|订|帮|给|请|天|周|号|月|日|好|票|和|与|或|还|再|有|没|是|能|可以|多少|那|这")


def _whole_name(piece: Piece, slots: dict[str, Any]) -> None:
    """Keep the whole name as said before its tickets when the one read is a part of it (中国西瓜|博物馆, 古北口|长城,
    地坛公园|银杏大道); a city said first stays split off when the rest is the name read (北京|空竹博物馆)."""
    name = slots.get("name")
    said = next((m for m in (pattern.search(piece.text) for pattern in SAID_RUN_RES) if m is not None), None)
    if not name or said is None:
        return
    run = said.group("run")
    if run.endswith("大") and piece.text.startswith("门票", said.end("run")):
        run = run[:-1]  # 环球影城|大门票: the main-gate ticket, not a part of the name
    if run == name or name not in run or _NOT_NAME_RE.search(run) or _NOT_IN_RUN_RE.search(run):
        return
    if any(m.kinds() & {"sight", "landmark"} and said.start("run") <= m.start and m.end <= said.end("run")
           and m.surface != name and name not in m.surface for m in piece.mentions):
        return  # 杭州西湖|雷峰塔: another known sight in the run only says where the one read is
    city = slots.get("city")
    if city and run == f"{city}{name}":
        return
    if city and run.startswith(city + name):  # 杭州|宋城景区: the city said first stays split off
        slots["name"] = run.removeprefix(city)
        return
    slots["name"] = run
    if city and run.startswith(city):
        slots.pop("city")


def attraction_slots(piece: Piece) -> list[dict[str, Any]]:
    """Slots of sight tickets; mixed ticket types (两大一小, 成人票两张 学生票一张) give one frame per type."""
    base = _name_and_city(piece)
    _whole_name(piece, base)
    pairs = typed_counts(_without_names(piece))
    if len(pairs) >= 2:
        return [{**base, "ticket_type": kind, "count": count} for kind, count in pairs]
    kind = options.find_option(piece, options.TICKET_TYPE)
    count = tickets(piece) or (pairs[0][1] if pairs else None)
    if kind and not (pairs and count and pairs[0][1] < count):  # 两张 一张学生: the other ticket's type is unsaid
        base["ticket_type"] = kind
    if count:
        base["count"] = count
    return [{**base, "name": name} for name in _listed_sights(piece)] or [base]


def _listed_sights(piece: Piece) -> list[str]:
    """西湖 灵隐寺 门票 各两张: sights listed side by side are one task each (the same tickets for each)."""
    found = piece.entries("sight")
    names: list[str] = []
    for (a, first), (b, second) in itertools.pairwise(found):
        if not _LIST_GAP_RE.fullmatch(piece.text[a.end:b.start]) or first.value == second.value or (
                a.end == b.start):  # 三星堆博物馆, 嵩山少林寺: one sight
            return []
        names += [n for n in (first.value, second.value) if n not in names]
    return names


_LIST_GAP_RE = lazy_compile(r"\s*(?:[、,，和跟及]|还有|以及)?\s*")
