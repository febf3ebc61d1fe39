"""An index of the vocabulary's surface forms (items, shops, places, titles) and a longest-match scanner."""

from __future__ import annotations

from dataclasses import dataclass

from bangwo.domain import places
from bangwo.understanding import lexicon_world as world
from bangwo.understanding.vocabulary import Vocabulary

ITEM_DOMAINS = ("takeout", "grocery", "shopping")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, so indexes stay aligned with the original text."""
    return text.translate(_ASCII_LOWER)


@dataclass(frozen=True)
class Entry:
    """What a surface form means: a kind (item, shop, city...), its canonical value and extras."""

    kind: str
    value: str
    domain: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class Mention:
    """A lexicon match at ``[start, end)`` of the text, with every meaning of the surface."""

    start: int
    end: int
    surface: str
    entries: tuple[Entry, ...]

    def get(self, kind: str) -> Entry | None:
        """Return this mention's entry of ``kind``, if it has one."""
        return next((e for e in self.entries if e.kind == kind), None)

    def kinds(self) -> frozenset[str]:
        return frozenset(e.kind for e in self.entries)


# Supermarket and convenience chains every user names (沃尔玛几点关门, 山姆的牛排): stores, like the catalog's.
BUILTIN_STORES = ("沃尔玛", "山姆", "山姆会员店", "家乐福", "永辉超市", "永辉", "大润发", "物美", "华润万家", "麦德龙", "盒马鲜生",
                  "Costco", "开市客", "罗森", "便利蜂", "美宜佳", "7-11", "711", "喜士多", "好德", "联华超市", "世纪联华")
_SEQUEL_NUMERALS = {"2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}


class Lexicon:
    """An index of every surface form of a vocabulary with a left-to-right longest-match scan."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._index: dict[str, list[Entry]] = {}
        self._lengths: dict[str, list[int]] = {}
        self._build(vocabulary)
        for surface in self._index:
            self._lengths.setdefault(surface[0], []).append(len(surface))
        for first, lengths in self._lengths.items():
            self._lengths[first] = sorted(set(lengths), reverse=True)

    def _add(self, surface: str, entry: Entry) -> None:
        key = ascii_lower(surface.strip())
        if len(key) < 2:
            return
        entries = self._index.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)

    def _build(self, v: Vocabulary) -> None:
        for domain in ITEM_DOMAINS:
            for word in v.items.get(domain, ()):
                self._add(word, Entry("item", word, domain=domain))
        for domain, words in v.brands.items():
            for word in words:
                self._add(word, Entry("brand", word, domain=domain))
        simple = (("shop", v.shops), ("hotel_brand", v.hotel_brands), ("movie", v.movies),
                  ("cinema", v.cinemas), ("sight", v.sights), ("store", v.stores), ("airline", v.airlines))
        for kind, words in simple:
            for word in words:
                self._add(word, Entry(kind, word))
        for word in BUILTIN_STORES:
            if not self._index.get(ascii_lower(word)):
                self._add(word, Entry("store", word))
        for alias, sight in world.SIGHT_ALIASES.items():  # 去Disney: the sight's English name
            if sight in v.sights:
                self._add(alias, Entry("sight", sight))
        for title in v.movies:  # 流浪地球三, 哪吒二: a sequel's number said in Chinese
            number = title[-1:]
            if number in _SEQUEL_NUMERALS and not title[-2:-1].isdigit():
                self._add(title[:-1] + _SEQUEL_NUMERALS[number], Entry("movie", title))
        for lm in places.LANDMARKS:
            self._add(lm.name, Entry("landmark", lm.name, city=lm.city))
        for name in v.landmarks:
            self._add(name, Entry("landmark", name))
        for alias, city in v.city_aliases.items():
            self._add(alias, Entry("city", city, city=city))
        self._add_transport()
        for alias, canonical in v.aliases.items():
            for entry in list(self._index.get(ascii_lower(canonical), [])):
                self._add(alias, entry)

    def _add_transport(self) -> None:
        for station in places.STATIONS:
            entry = Entry("station", station.name, city=station.city)
            for suffix in ("站", "火车站", "高铁站"):
                self._add(station.name + suffix, entry)
            if station.name != station.city:
                self._add(station.name, entry)
                short = station.name.removeprefix(station.city)
                if short != station.name and len(short) >= 2:
                    for suffix in ("站", "火车站", "高铁站"):
                        self._add(short + suffix, entry)
                    if short in world.AIRPORT_SHORT:  # 虹桥: the station or the airport, by domain
                        self._add(short, entry)
        for airport in places.AIRPORTS:
            entry = Entry("airport", airport.name, city=airport.city)
            short = airport.name.removesuffix("机场")
            shorts = (short,) if short in world.AIRPORT_SHORT else ()
            for surface in (airport.name, *airport.aliases, *shorts):
                self._add(surface, entry)
        for name, city in world.EXTRA_AIRPORTS.items():
            entry = Entry("airport", name, city=city)
            self._add(name, entry)
            short = name.removesuffix("机场").removesuffix("国际")
            if short in world.AIRPORT_SHORT:
                self._add(short, entry)

    def has(self, surface: str) -> bool:
        """Whether ``surface`` is an indexed form (a fast check for Chinese text)."""
        return surface.lower() in self._index

    def lookup(self, surface: str) -> tuple[Entry, ...]:
        """Return the meanings of an exact surface form."""
        return tuple(self._index.get(ascii_lower(surface), ()))

    def words(self) -> list[str]:
        """Return every indexed surface form (lower-cased ASCII)."""
        return list(self._index)

    def scan(self, text: str) -> list[Mention]:
        """Return the left-to-right longest matches in ``text`` (ASCII words only on word boundaries)."""
        low = ascii_lower(text)
        mentions: list[Mention] = []
        i, n = 0, len(low)
        while i < n:
            matched = 0
            for length in self._lengths.get(low[i], ()):
                surface = low[i:i + length]
                if len(surface) == length and surface in self._index and self._bounded(low, i, i + length):
                    if self._overlapped(low, i, length):  # 杭州西|湖 is 杭州|西湖
                        length -= 1
                        surface = low[i:i + length]
                    if length == 2 and self._swallowed(low, i + 1, 4):  # 楼|下沙|县小吃 is 楼下|沙县小吃
                        break
                    mentions.append(Mention(i, i + length, text[i:i + length], tuple(self._index[surface])))
                    matched = length
                    break
            i += matched or 1
        return mentions

    def _overlapped(self, low: str, i: int, length: int) -> bool:
        """The match's last character starts a longer word and the rest is a word on its own."""
        last = i + length - 1
        if length < 3 or low[i:last] not in self._index:
            return False
        return any(low[last:last + n] in self._index for n in self._lengths.get(low[last], ()) if n >= 2
                   and last + n > i + length)

    def _swallowed(self, low: str, j: int, least: int) -> bool:
        """A word of ``least`` characters or more starts at ``j``, inside the match before it."""
        return any(n >= least and low[j:j + n] in self._index for n in self._lengths.get(low[j], ()))

    @staticmethod
    def _bounded(low: str, start: int, end: int) -> bool:
        """An ASCII word must not continue into neighbouring letters (coco in cocoa)."""
        before = low[start - 1] if start else " "
        after = low[end] if end < len(low) else " "
        if low[start].isascii() and low[start].isalpha() and before.isascii() and before.isalpha():
            return False
        return not (low[end - 1].isascii() and low[end - 1].isalpha() and after.isascii() and after.isalpha())
