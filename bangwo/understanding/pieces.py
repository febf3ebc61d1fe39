"""A piece of text under analysis: its lexicon mentions, times, and the spans already used by a slot."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from bangwo.understanding import quantities, times
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon import Entry, Lexicon, Mention
from bangwo.understanding.numerals import NUM, parse_int, parse_number
from bangwo.understanding.quantities import MASK as MASK

TITLE_RE = lazy_compile(r"[《<「“\"]([^》>」”\"]{1,30})[》>」”\"]")
PHONE_RE = lazy_compile(r"(?<!\d)1[3-9]\d(?:[ -]?\d){8}(?!\d)")
MONEY_MAX_RE = lazy_compile(
    rf"(?:(?:不超过|别超过|不要超过|不能超过|不高于|最多|顶多|最高|预算|控制在|低于|少于)\s*(?P<a>{NUM})\s*(?:块钱|块|元|rmb)?"
    rf"|(?P<b>{NUM})\s*(?:块钱|块|元)?\s*(?:以内|以下|之内|内|左右|上下|出头)"
    rf"|(?P<c>{NUM})\s*(?:块钱|块|元)\s*(?:一晚|每晚|一张|的)?(?:就行|就好|就可以))")
PEOPLE_RE = lazy_compile(
    rf"(?:我们|咱们)?(?:一家)?({NUM})(?:口人|口|个人|个大人|人|位)|(?:我们|咱们|我俩|咱俩)(俩|仨|两个|三个|四个|五个)")
# 两大一小, 两个大人一个小孩, 两大人带一个孩子: adults and children counted apart, all of them going.
MIXED_PEOPLE_RE = lazy_compile(
    rf"({NUM})\s*(?:个|位|名)?\s*(?:大人|成人|大|人(?=\s*(?:加上?|外加|再加|还有|带着?)))\s*(?:[，,、+和加带跟及]|加上|还有|外加|再加|带着?)?\s*({NUM})\s*(?:个|位|名)?\s*"
    r"(?:小孩子?|孩子|儿童|小朋友|娃|宝宝|婴儿|小(?!时))"
    rf"|(?:大人|成人)\s*({NUM})\s*(?:个|位|名)?\s*[，,、]?\s*(?:小孩|孩子|儿童|小朋友)\s*({NUM})")
COMPANION_RE = lazy_compile(r"(?:我(?:想|要|打算|准备)?和|我(?:想|要|打算|准备)?跟|想和|想跟|和我|跟我|带着?|陪|^和|^跟)((?:我|[一两二三四五六七八九十0-9]个|俩|仨)?(?:老婆|老公|媳妇|女朋友|男朋友|对象|妈|爸|爸妈|父母|"
                          r"孩子|儿子|女儿|朋友|同事|闺蜜|兄弟|室友|爷爷|奶奶|姥姥|姥爷|家人|宝宝)(?:和|跟|还有)?)+")
# A brand or a city followed by these is part of a place name (万达广场, 北京路, 星巴克门口...).
PLACE_TAIL_RE = lazy_compile(r"广场|大厦|商场|小区|[东西南北中]?路(?!线)|[东西南北中]?大道|大街|街(?!头)|医院|门口|店门口")
# Places named after a city that lie elsewhere: 北海公园 is in Beijing, 南京路 in Shanghai, 北京路 in Guangzhou.
NAMED_ELSEWHERE = ("北海公园", "北海北门", "北海东门", "北海南门", "北海西门")
ROAD_AFTER_CITY_RE = lazy_compile(r"[东西南北中]?(?:路|大街|大道|街)(?!站)")
_PLACE_KINDS = frozenset({"landmark", "sight", "station", "airport"})


# Colours named after things (咖啡色, 玫瑰金, 香槟金): the thing is not meant.
COLOUR_TAIL_RE = lazy_compile(r"色|金(?![额币枪桔])|红(?!酒|茶|豆|薯|枣|包)")


def _part_of_place(text: str, mention: Mention) -> bool:
    thing = mention.kinds() <= {"item"}
    colour = thing and (text[mention.end:mention.end + 1] == "色" or (
        mention.surface in COLOUR_THINGS and bool(COLOUR_TAIL_RE.match(text, mention.end))))
    return colour or (not mention.kinds() & _PLACE_KINDS and bool(PLACE_TAIL_RE.match(text, mention.end)))


COLOUR_THINGS = frozenset({"玫瑰", "香槟", "咖啡", "奶茶", "巧克力", "焦糖", "豆沙", "酒", "柠檬", "薄荷", "橄榄", "樱桃"})
_PAIR_WORDS = ("爸妈", "父母", "爷爷奶奶", "姥姥姥爷")
_COMPANION_ITEM_RE = lazy_compile(r"((?:[一两二三四五六七八九十]|\d+)个|俩|仨)?(爸妈|父母|爷爷奶奶|姥姥姥爷|老婆|老公|媳妇|女朋友|男朋友|"
                                  r"对象|妈|爸|孩子|儿子|女儿|朋友|同事|闺蜜|兄弟|室友|爷爷|奶奶|姥姥|姥爷|家人|宝宝)")


@dataclass
class Piece:
    """One task's text with its mentions and time expressions; ``taken`` spans are used up."""

    text: str
    now: datetime
    mentions: list[Mention] = field(default_factory=list)
    scan: times.TimeScan = field(default_factory=times.TimeScan)
    taken: list[tuple[int, int]] = field(default_factory=list)
    titles: list[tuple[int, int, str]] = field(default_factory=list)
    lexicon: Lexicon | None = None
    refused: list[str] = field(default_factory=list)
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, text: str, *, lexicon: Lexicon, now: datetime) -> Piece:
        """Scan a text: unusable counts blanked, titles, then lexicon words and times (the longer wins)."""
        refusals = quantities.refusals(text)
        text = quantities.blank(text, refusals)
        titles = [(m.start(), m.end(), m.group(1).strip()) for m in TITLE_RE.finditer(text)]
        mentions = [m for m in lexicon.scan(text)
                    if not any(s <= m.start < e or s < m.end <= e for s, e, _ in titles)
                    and not _part_of_place(text, m)]
        scan = times.scan(text, now=now)

        def longer_mention(start: int, end: int) -> bool:
            return any(m.start < end and start < m.end and m.end - m.start >= end - start for m in mentions)

        scan.dates = [d for d in scan.dates if not longer_mention(d.start, d.end)]
        scan.clocks = [c for c in scan.clocks if not longer_mention(c.start, c.end)]
        spans = scan.spans()
        mentions = [m for m in mentions
                    if not any(s < m.end and m.start < e and e - s > m.end - m.start for s, e in spans)]
        piece = cls(text=text, now=now, mentions=mentions, scan=scan, titles=titles, lexicon=lexicon,
                    refused=[r.said for r in refusals])
        piece.taken = [(s, e) for s, e, _ in titles]
        return piece

    def copy(self) -> Piece:
        """A piece with its own used spans (the scan and the memo of derived facts are shared)."""
        return replace(self, taken=list(self.taken))

    def counting(self) -> str:
        """The text counts are read from: used spans and dates masked (周二一间 is one room, not 21)."""
        chars = list(self.masked(keep_mentions=True))
        for d in self.scan.dates:
            chars[d.start:d.end] = MASK * (d.end - d.start)
        return "".join(chars)

    def masked(self, *, keep_mentions: bool = False) -> str:
        """Return the text with used spans (and, unless kept, lexicon mentions and times) masked."""
        key = ("masked", keep_mentions, tuple(self.taken))
        known = self.memo.get(key)
        if isinstance(known, tuple) and known[0] is self.scan and known[1] is self.mentions:
            return str(known[2])   # asked again with the same spans used (the scan may be replaced: checked)
        text = self._masked(keep_mentions)
        self.memo[key] = (self.scan, self.mentions, text)
        return text

    def _masked(self, keep_mentions: bool) -> str:
        chars = list(self.text)
        spans = list(self.taken)
        if not keep_mentions:
            spans += [(m.start, m.end) for m in self.mentions] + self.scan.spans()
        for start, end in spans:
            for i in range(start, min(end, len(chars))):
                chars[i] = MASK
        return "".join(chars)

    def take(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` as used by a slot."""
        self.taken.append((start, end))

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def entries(self, kind: str) -> list[tuple[Mention, Entry]]:
        """Return every mention having an entry of ``kind``, with that entry, in text order."""
        found = []
        for mention in self.mentions:
            entry = mention.get(kind)
            if entry is not None:
                found.append((mention, entry))
        return found

    def city_prefix(self, word: str) -> str | None:
        """Return the city a word starts with (大理古城 -> 大理, 广州塔 -> 广州), if any."""
        if self.lexicon is None or word.startswith(NAMED_ELSEWHERE):
            return None
        for length in (4, 3, 2):
            for entry in self.lexicon.lookup(word[:length]):
                if entry.kind == "city" and len(word) > length and not ROAD_AFTER_CITY_RE.match(word, length):
                    return entry.value
        return None

    def has(self, pattern: re.Pattern[str]) -> bool:
        return bool(pattern.search(self.text))


def max_price(piece: Piece) -> int | float | None:
    """Return the budget said (50块以内, 不超过50, 三百左右), taking its span."""
    for m in MONEY_MAX_RE.finditer(piece.masked(keep_mentions=True)):
        raw = m.group("a") or m.group("b") or m.group("c")
        value = parse_number(raw) if raw else None
        if value is not None and value > 0:
            piece.take(m.start(), m.end())
            return int(value) if value == int(value) else value
    return None


def phone_number(piece: Piece) -> str | None:
    """Return a mobile number said (spaces and dashes removed)."""
    m = PHONE_RE.search(piece.text)
    if m is None:
        return None
    piece.take(m.start(), m.end())
    return re.sub(r"[ -]", "", m.group(0))


def mixed_people(piece: Piece) -> int | None:
    """Return adults and children said apart, added up (两大一小 -> 3), taking the span."""
    m = MIXED_PEOPLE_RE.search(piece.counting())
    if m is None:
        return None
    adults, children = parse_int(m.group(1) or m.group(3)), parse_int(m.group(2) or m.group(4))
    if not adults or not children:
        return None
    piece.take(m.start(), m.end())
    return adults + children


def people_count(piece: Piece) -> int | None:
    """Return how many people were said: 三个人, 一家三口, 我和我老婆 (2), 带我爸妈 (3)."""
    masked = piece.counting()
    mixed = mixed_people(piece)
    if mixed:
        return mixed
    m = PEOPLE_RE.search(masked)
    if m:
        value = parse_int(m.group(1) or m.group(2).removesuffix("个"))
        if value:
            piece.take(m.start(), m.end())
            return value
    c = COMPANION_RE.search(masked)
    if c:
        said = c.group(0)
        others = sum(2 if pair in said else 0 for pair in _PAIR_WORDS)
        words = re.findall(r"老婆|老公|媳妇|女朋友|男朋友|对象|妈|爸|孩子|儿子|女儿|朋友|同事|闺蜜|兄弟|室友|"
                           r"爷爷|奶奶|姥姥|姥爷|宝宝", said)
        others = max(others, len(words))
        counted = re.search(r"([一两二三四五六七八九十]|\d+)个", said)
        if counted:
            others = max(others, parse_int(counted.group(1)) or 0)
        added = sum((parse_int(n.removesuffix("个")) or 1) if n else (2 if who in _PAIR_WORDS else 1)
                    for n, who in _COMPANION_ITEM_RE.findall(said))  # 老婆还有俩孩子: 1 + 2
        piece.take(c.start(), c.end())
        return 1 + max(others, added)
    return None
