"""The engine's vocabulary (items, shops, places, titles) and a longest-match scanner over it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bangwo.domain import places
from bangwo.understanding import lexicon_food as food
from bangwo.understanding import lexicon_world as world

ITEM_DOMAINS = ("takeout", "grocery", "shopping")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, so indexes stay aligned with the original text."""
    return text.translate(_ASCII_LOWER)


@dataclass(frozen=True)
class Vocabulary:
    """Words the engine grounds slots in; ``aliases`` maps a said form to its canonical word."""

    items: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    shops: tuple[str, ...] = ()
    brands: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    hotel_brands: tuple[str, ...] = ()
    movies: tuple[str, ...] = ()
    cinemas: tuple[str, ...] = ()
    sights: tuple[str, ...] = ()
    landmarks: tuple[str, ...] = ()
    stores: tuple[str, ...] = ()
    airlines: tuple[str, ...] = ()
    city_aliases: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)

    def merged(self, other: Vocabulary) -> Vocabulary:
        """Return the union of two vocabularies (``other`` wins on alias conflicts)."""
        items = {d: tuple(dict.fromkeys([*self.items.get(d, ()), *other.items.get(d, ())]))
                 for d in {*self.items, *other.items}}
        brands = {d: tuple(dict.fromkeys([*self.brands.get(d, ()), *other.brands.get(d, ())]))
                  for d in {*self.brands, *other.brands}}

        def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys([*a, *b]))

        return Vocabulary(
            items=items, shops=union(self.shops, other.shops), brands=brands,
            hotel_brands=union(self.hotel_brands, other.hotel_brands),
            movies=union(self.movies, other.movies), cinemas=union(self.cinemas, other.cinemas),
            sights=union(self.sights, other.sights), landmarks=union(self.landmarks, other.landmarks),
            stores=union(self.stores, other.stores), airlines=union(self.airlines, other.airlines),
            city_aliases={**self.city_aliases, **other.city_aliases},
            aliases={**self.aliases, **other.aliases},
        )


def _words(block: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(block.split()))


def default_vocabulary() -> Vocabulary:
    """Return the built-in general lexicon: food, goods, brands, titles, sights and places."""
    cities: dict[str, str] = {}
    for city in places.CITIES:
        cities[city.name] = city.name
        cities.update({a: city.name for a in city.aliases if a not in world.UNSAFE_CITY_ALIASES})
    cities.update({name: name for name in _words(world.EXTRA_CITIES)})
    cities.update(world.CITY_ALIASES)
    return Vocabulary(
        items={"takeout": _words(food._DRINKS + food._FOOD), "grocery": _words(food._GROCERY),
               "shopping": _words(world._SHOPPING)},
        shops=_words(food.TAKEOUT_SHOPS),
        brands={"grocery": _words(food.GOODS_BRANDS), "shopping": _words(world.SHOPPING_BRANDS)},
        hotel_brands=_words(world.HOTEL_BRANDS), movies=_words(world.MOVIES),
        cinemas=_words(world.CINEMAS), sights=_words(world.SIGHTS),
        landmarks=tuple(lm.name for lm in places.LANDMARKS), city_aliases=cities,
        aliases={**food.TAKEOUT_ALIASES, **food.SHOP_ALIASES, **food.GROCERY_ALIASES,
                 **food.GOODS_BRAND_ALIASES, **world.HOTEL_BRAND_ALIASES, **world.SHOPPING_BRAND_ALIASES},
    )


_BRANCH_RE = re.compile(r"[(（]([^)）]*)[)）]")
# Catalog keys whose words name the same kind of thing; each maps to (Vocabulary field, item domain).
_CATALOG_ITEMS = {"items": "takeout", "grocery_items": "grocery", "product_categories": "shopping"}
_CATALOG_BRANDS = {"grocery_brands": "grocery", "product_brands": "shopping"}
_CATALOG_NAMED = {"shops": "shops", "shop_brands": "shops", "movies": "movies", "cinemas": "cinemas",
                  "cinema_brands": "cinemas", "sights": "sights", "hotel_brands": "hotel_brands",
                  "stores": "stores", "airlines": "airlines"}
_BRANCHED = ("shops", "cinemas", "hotels", "stores")


def _bare(name: str) -> str:
    """A catalog name without its branch or pack size: 万达影城(五角场店) -> 万达影城, 小龙虾(1斤) -> 小龙虾."""
    return _BRANCH_RE.sub("", name).strip()


def _branch_area(name: str, cities: frozenset[str]) -> str | None:
    """The area a branch is named after: 亚朵酒店(北京颐和园店) -> 颐和园, 一点甜(下沙店) -> 下沙."""
    m = _BRANCH_RE.search(name)
    if m is None:
        return None
    area = m.group(1).strip().removesuffix("店")
    for city in sorted(cities, key=len, reverse=True):
        if area.startswith(city) and len(area) - len(city) >= 2:
            area = area[len(city):]
            break
    if len(area) >= 4 and area[-1] in "东西南北":
        area = area[:-1]
    return area if 2 <= len(area) <= 8 and area not in cities else None


def _without_city(name: str, cities: frozenset[str]) -> str:
    """A sight without its city qualifier (哈尔滨冰雪大世界 -> 冰雪大世界); 广州塔, 天津之眼 stay whole."""
    for city in sorted(cities, key=len, reverse=True):
        rest = name.removeprefix(city)
        if rest != name and len(rest) >= 2 and rest[0] not in "之的":
            return rest
    return name


def _elsewhere(base: Vocabulary, word: str, domain: str) -> bool:
    """The built-in lexicon files ``word`` under other domains only (猫粮 is shopping, not grocery)."""
    homes = {d for d, ws in base.items.items() if word in ws}
    return bool(homes) and domain not in homes


def vocabulary_from_catalog(words: Mapping[str, Sequence[str]]) -> Vocabulary:
    """Map a catalog's vocabulary (shops, items, movies, sights...) onto the engine's ``Vocabulary``.

    Branch names are cut to the brand (万达影城(五角场店) -> 万达影城) and the branch areas become
    landmarks (五角场); sights lose their city qualifier (上海野生动物园 -> 野生动物园, as labelled);
    temperature variants of a drink (冰美式) and brands that are also places (青岛, 长城) are left
    to the built-in rules. Unknown keys are ignored.
    """
    cities = frozenset(c.name for c in places.CITIES) | frozenset(_words(world.EXTRA_CITIES))
    base = default_vocabulary()

    def bare(key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w for w in map(_bare, words.get(key, ())) if len(w) >= 2))

    named: dict[str, list[str]] = {}
    for key, slot in _CATALOG_NAMED.items():
        named.setdefault(slot, []).extend(bare(key))
    sights = tuple(dict.fromkeys(_without_city(s, cities) for s in named["sights"]))
    places_said = cities | set(base.sights) | set(sights) | set(base.city_aliases)
    areas = {a for key in _BRANCHED for name in words.get(key, ())
             if (a := _branch_area(name, cities)) and a not in places_said}
    items = {domain: bare(key) for key, domain in _CATALOG_ITEMS.items()}
    known = {w for ws in (*items.values(), *base.items.values()) for w in ws}
    items = {d: tuple(w for w in ws if not (w[0] in "冰热温" and w[1:] in known) and not _elsewhere(base, w, d))
             for d, ws in items.items()}
    brands = {domain: tuple(w for w in bare(key) if w not in places_said) for key, domain in _CATALOG_BRANDS.items()}
    return Vocabulary(
        items=items, brands=brands,
        shops=tuple(dict.fromkeys(named["shops"])), hotel_brands=tuple(dict.fromkeys(named["hotel_brands"])),
        movies=tuple(dict.fromkeys(named["movies"])), cinemas=tuple(dict.fromkeys(named["cinemas"])),
        sights=sights, stores=tuple(dict.fromkeys(named["stores"])),
        airlines=tuple(dict.fromkeys(named["airlines"])), landmarks=tuple(sorted(areas)),
    )


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

    @staticmethod
    def _bounded(low: str, start: int, end: int) -> bool:
        """An ASCII word must not continue into neighbouring letters (coco in cocoa)."""
        before = low[start - 1] if start else " "
        after = low[end] if end < len(low) else " "
        if low[start].isascii() and low[start].isalpha() and before.isascii() and before.isalpha():
            return False
        return not (low[end - 1].isascii() and low[end - 1].isalpha() and after.isascii() and after.isalpha())
