"""The engine's vocabulary: the built-in words and a catalog's words mapped onto the same fields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bangwo.domain import places
from bangwo.understanding import lexicon_dishes as dishes
from bangwo.understanding import lexicon_food as food
from bangwo.understanding import lexicon_goods as goods
from bangwo.understanding import lexicon_world as world
from bangwo.understanding.lazyregex import lazy_compile


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


def _unaliased(words: tuple[str, ...], aliases: Mapping[str, str]) -> tuple[str, ...]:
    """The words without the short forms of other words (阿迪 is 阿迪达斯): the alias names them."""
    return tuple(w for w in words if aliases.get(w, w) == w)


def default_vocabulary() -> Vocabulary:
    """Return the built-in general lexicon: food, goods, brands, titles, sights and places."""
    cities: dict[str, str] = {}
    for city in places.CITIES:
        cities[city.name] = city.name
        cities.update({a: city.name for a in city.aliases if a not in world.UNSAFE_CITY_ALIASES})
    cities.update({name: name for name in _words(world.EXTRA_CITIES)})
    cities.update({name: name for name in world.CAPITAL_OF if name not in cities})
    cities.update(world.CITY_ALIASES)
    return Vocabulary(
        items={"takeout": _words(food._DRINKS + food._FOOD + dishes.DRINKS_EXTRA
                                 + " ".join(dishes.DISHES_BY_CUISINE.values())),
               "grocery": _words(food._GROCERY + " ".join(goods.GROCERY_BY_CATEGORY.values())),
               "shopping": _words(world._SHOPPING + " ".join(goods.SHOPPING_BY_CATEGORY.values()))},
        shops=_words(food.TAKEOUT_SHOPS),
        brands={"grocery": _words(food.GOODS_BRANDS), "shopping": _unaliased(
            _words(world.SHOPPING_BRANDS + goods.SHOPPING_BRANDS_MORE), world.SHOPPING_BRAND_ALIASES)},
        hotel_brands=_words(world.HOTEL_BRANDS), movies=_words(world.MOVIES),
        cinemas=_words(world.CINEMAS), sights=_words(world.SIGHTS),
        landmarks=tuple(lm.name for lm in places.LANDMARKS), city_aliases=cities,
        aliases={**food.TAKEOUT_ALIASES, **food.SHOP_ALIASES, **food.GROCERY_ALIASES,
                 **food.GOODS_BRAND_ALIASES, **food.GOODS_ALIASES, **world.HOTEL_BRAND_ALIASES, **world.SHOPPING_BRAND_ALIASES,
                 **goods.SHOPPING_BRAND_ALIASES_MORE},
    )


_BRANCH_RE = lazy_compile(r"[(（]([^)）]*)[)）]")
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
