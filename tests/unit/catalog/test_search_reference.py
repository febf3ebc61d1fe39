"""The takeout, grocery and shopping searches (memoised matches, only the kept listings built) give exactly what
a plain scan of the catalog gives."""

from __future__ import annotations

import dataclasses
import functools
import random
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import pytest

from bangwo.adapters.catalog import CatalogData, InMemoryCatalog, lookups, takeout
from bangwo.adapters.catalog import records as r
from bangwo.domain.domains import Domain
from bangwo.domain.errors import BangwoError
from bangwo.domain.listings import GeoPoint, Listing, SearchQuery

from .conftest import NOW, TZ

WENSAN = GeoPoint(30.2780, 120.1300)
WEST_LAKE = GeoPoint(30.2590, 120.1480)
FAR = GeoPoint(39.9042, 116.4074)
NIGHT = datetime(2026, 2, 6, 23, 30, tzinfo=TZ)
MORNING = datetime(2026, 2, 7, 6, 45, tzinfo=TZ)


def reference_search(data: CatalogData, query: SearchQuery, *, now: datetime) -> list[Listing]:
    """Every shop, every item, a listing for each match, sorted, then cut: the search as first written."""
    f = query.filters
    item_text = str(f.get("item") or query.text or "")
    shop_text = str(f.get("shop") or "")
    max_fen = lookups.yuan_to_fen(f["max_price"]) if f.get("max_price") is not None else None
    drinks_only = bool(f.get("any")) and not item_text
    ranked: list[tuple[tuple[Any, ...], Listing]] = []
    for shop in data.shops:
        if (query.city and shop.city != query.city) or (drinks_only and shop.category != "drink"):
            continue
        if shop_text and not lookups.text_score(shop_text, shop.name, shop.brand):
            continue
        distance = lookups.distance(query.near, shop.lat, shop.lng) if query.near else None
        if distance is not None and distance > shop.radius_m:
            continue
        shop_score = lookups.text_score(item_text, shop.name, shop.brand) if item_text else 0
        for item in _items_of(data).get(shop.id, ()):
            score = _item_score(item_text, item) if item_text else 100
            if not score and shop_score >= 85:
                score = 60
            if not score or not _can_make(item, f):
                continue
            listing = takeout.listing_of(shop, item, now=now, distance=distance, options=f)
            if max_fen is not None and listing.price_fen > max_fen:
                continue
            key = (
                not listing.attrs["open"],
                item.daily_stock == 0,
                -score,
                listing.attrs.get("eta_minutes", 0),
                -shop.rating,
                item.id,
            )
            ranked.append((key, listing))
    ranked.sort(key=lambda pair: pair[0])
    return [listing for _key, listing in ranked[: query.limit]]


_ITEMS_OF: dict[int, tuple[CatalogData, dict[str, list[r.MenuItem]]]] = {}


def _items_of(data: CatalogData) -> dict[str, list[r.MenuItem]]:
    """The items of each shop, in catalog order (made once per catalog: the reference stays a plain scan)."""
    if id(data) not in _ITEMS_OF:
        items: dict[str, list[r.MenuItem]] = {}
        for item in data.items:
            items.setdefault(item.shop_id, []).append(item)
        _ITEMS_OF[id(data)] = (data, items)
    return _ITEMS_OF[id(data)][1]


def _outcome(search: Callable[[], list[Listing]]) -> list[Listing] | tuple[str, str]:
    """The listings, or the refusal the person would be shown."""
    try:
        return search()
    except BangwoError as exc:
        return type(exc).__name__, exc.user_message


def _item_score(text: str, item: r.MenuItem) -> int:
    score = lookups.text_score(text, item.name)
    if not score and text.strip() in (item.category, *item.tags):
        score = 80
    return score


def _can_make(item: r.MenuItem, options: Mapping[str, Any]) -> bool:
    groups = {g.name: {c.code for c in g.choices} for g in item.options}
    for name in ("size", "sugar", "ice"):
        wanted = options.get(name)
        if wanted is not None and wanted not in groups.get(name, set()):
            return False
    toppings = options.get("toppings") or ()
    wanted_toppings = [toppings] if isinstance(toppings, str) else [str(t) for t in toppings]
    return all(t in groups.get("toppings", set()) for t in wanted_toppings)


def _queries(data: CatalogData) -> list[tuple[SearchQuery, datetime]]:
    shop = next(s for s in data.shops if s.city == "杭州")
    other_city = next(s.city for s in data.shops if s.city != "杭州")
    other_shop = next(s for s in data.shops if s.city == other_city)
    sold_out = next(i for i in data.items if i.daily_stock == 0)
    texts = [
        "珍珠奶茶",
        "奶茶",
        "咖啡",
        "招牌",
        "拿铁",
        "珍珠奶茶 ",
        "珍株奶茶",
        "米饭",
        "面",
        shop.brand,
        shop.name,
        sold_out.name,
        "",
        "不存在的东西",
    ]
    filters: list[dict[str, Any]] = [
        {},
        {"sugar": "less", "ice": "less"},
        {"size": "large"},
        {"toppings": ["珍珠"]},
        {"toppings": "椰果"},
        {"max_price": 15},
        {"max_price": "12元"},
        {"shop": shop.brand},
        {"any": True},
        {"spice": "mild"},
        {"toppings": ["珍珠", "椰果", "布丁", "燕麦"]},
        {"sugar": "less", "size": "huge"},
    ]
    places: list[tuple[str | None, GeoPoint | None]] = [
        ("杭州", WENSAN),
        ("杭州", WEST_LAKE),
        ("杭州", None),
        (None, WENSAN),
        (None, None),
        ("杭州", FAR),
        (other_city, GeoPoint(other_shop.lat, other_shop.lng)),
        (other_city, None),
        ("没有这个城市", None),
    ]
    rng = random.Random(16)
    found = []
    for text in texts:
        for city, near in places:
            for limit in rng.sample((1, 3, 5, 60, 500), 2):
                f = rng.choice(filters)
                as_item = rng.random() < 0.3 and text
                query = SearchQuery(
                    Domain.TAKEOUT,
                    text=None if as_item else text,
                    city=city,
                    near=near,
                    filters={**f, "item": text} if as_item else f,
                    limit=limit,
                )
                found.append((query, rng.choice((NOW, NIGHT, MORNING))))
    rng.shuffle(found)
    return found


def _with_ties(data: CatalogData) -> CatalogData:
    """Copies of Hangzhou shops next door, same rating, same item ids: rows whose ranking keys are equal."""
    copies = [
        dataclasses.replace(s, id=f"{s.id}-twin", name=f"{s.name}(二店)")
        for s in data.shops
        if s.city == "杭州"
    ][:12]
    items = [
        dataclasses.replace(i, shop_id=f"{i.shop_id}-twin")
        for c in copies
        for i in data.items
        if i.shop_id == c.id.removesuffix("-twin")
    ]
    return dataclasses.replace(data, shops=(*data.shops, *copies), items=(*data.items, *items))


@pytest.mark.parametrize("variant", ["seeded", "with_ties"])
def test_search_gives_what_a_plain_scan_gives(data: CatalogData, variant: str) -> None:
    data = data if variant == "seeded" else _with_ties(data)
    catalog = InMemoryCatalog(data)
    queries = _queries(data)
    assert len(queries) > 200
    expected = [_outcome(functools.partial(reference_search, data, query, now=now)) for query, now in queries]
    for _pass in range(2):  # the second pass answers from what the first remembered
        for (query, now), wanted in zip(queries, expected, strict=True):
            assert _outcome(functools.partial(catalog.search, query, now=now)) == wanted, (query, now)
    nonempty = sum(isinstance(x, list) and bool(x) for x in expected)
    refused = sum(isinstance(x, tuple) for x in expected)
    assert nonempty > len(queries) // 4
    assert refused > 0  # some asked for an option (辣度) a matching item cannot take
    if variant == "with_ties":
        tea = SearchQuery(Domain.TAKEOUT, text="珍珠奶茶", city="杭州", near=WENSAN, limit=60)
        refs = [x.ref for x in catalog.search(tea, now=NOW)]
        assert len(refs) > len(set(refs))  # the twins tie on every key and keep the catalog's order


def reference_grocery(catalog: InMemoryCatalog, data: CatalogData, query: SearchQuery) -> list[Listing]:
    f = query.filters
    text = str(f.get("item") or query.text or "")
    brand = str(f.get("brand") or "")
    unit = str(f.get("unit") or "")
    max_fen = lookups.yuan_to_fen(f["max_price"]) if f.get("max_price") is not None else None
    ranked: list[tuple[tuple[Any, ...], Listing]] = []
    for store in data.stores:
        if query.city and store.city != query.city:
            continue
        distance = lookups.distance(query.near, store.lat, store.lng) if query.near else None
        if distance is not None and distance > store.radius_m:
            continue
        for sku in (s for s in data.skus if s.store_id == store.id):
            score = lookups.text_score(text, sku.name, sku.category, sku.brand) if text else 100
            if not score or (brand and not lookups.text_score(brand, sku.brand)):
                continue
            if (unit and sku.unit != unit) or (max_fen is not None and sku.price_fen > max_fen):
                continue
            shown = catalog.get_listing(f"sku:{sku.id}", NOW)
            if distance is not None:
                shown = dataclasses.replace(shown, attrs={**shown.attrs, "distance_m": distance})
            ranked.append(((sku.stock == 0, -score, distance or 0, sku.price_fen, sku.id), shown))
    ranked.sort(key=lambda pair: pair[0])
    return [listing for _key, listing in ranked[: query.limit]]


def reference_shopping(catalog: InMemoryCatalog, data: CatalogData, query: SearchQuery) -> list[Listing]:
    f = query.filters
    text = str(f.get("query") or query.text or "")
    brand = str(f.get("brand") or "")
    spec = str(f.get("spec") or "")
    max_fen = lookups.yuan_to_fen(f["max_price"]) if f.get("max_price") is not None else None
    ranked: list[tuple[tuple[Any, ...], Listing]] = []
    for product in data.products:
        score = lookups.text_score(text, product.title, product.category, product.brand) if text else 100
        if not score or (brand and not lookups.text_score(brand, product.brand)):
            continue
        if spec and not any(v.label.lower() in spec.lower() for g in product.specs for v in g.values):
            continue
        if max_fen is not None and product.price_fen > max_fen:
            continue
        ranked.append(
            (
                (product.stock == 0, -score, product.price_fen, product.id),
                catalog.get_listing(f"product:{product.id}", NOW),
            )
        )
    ranked.sort(key=lambda pair: pair[0])
    return [listing for _key, listing in ranked[: query.limit]]


def test_grocery_and_shopping_give_what_a_plain_scan_gives(
    catalog: InMemoryCatalog, data: CatalogData
) -> None:
    store = next(s for s in data.stores if s.city == "杭州")
    sku = next(s for s in data.skus if s.store_id == store.id)
    empty = next(s for s in data.skus if s.stock == 0)
    product = data.products[0]
    rng = random.Random(1616)
    grocery_texts = [
        sku.name,
        sku.category,
        sku.brand,
        "苹果",
        "牛奶",
        "车里子",
        "可口可乐",
        "水果",
        empty.name,
        "",
        "不存在的东西",
    ]
    grocery_filters: list[dict[str, Any]] = [
        {},
        {"brand": sku.brand},
        {"unit": sku.unit},
        {"max_price": 20},
        {"item": "苹果", "unit": "斤"},
    ]
    places: list[tuple[str | None, GeoPoint | None]] = [
        ("杭州", WENSAN),
        ("杭州", GeoPoint(store.lat, store.lng)),
        ("杭州", None),
        (None, None),
        ("北京", None),
        ("杭州", FAR),
    ]
    checked = nonempty = 0
    for text in grocery_texts:
        for city, near in places:
            query = SearchQuery(
                Domain.GROCERY,
                text=text,
                city=city,
                near=near,
                filters=rng.choice(grocery_filters),
                limit=rng.choice((1, 3, 10, 200)),
            )
            expected = reference_grocery(catalog, data, query)
            assert catalog.search(query, now=NOW) == expected == catalog.search(query, now=NOW), query
            checked, nonempty = checked + 1, nonempty + bool(expected)
    spec_label = product.specs[0].values[0].label if product.specs else ""
    shopping_filters: list[dict[str, Any]] = [
        {},
        {"brand": product.brand},
        {"spec": spec_label},
        {"max_price": 3000},
        {"query": product.category},
    ]
    for text in (
        product.title,
        product.category,
        product.brand,
        "手机",
        "耳机",
        "手机壳",
        "",
        "不存在的东西",
    ):
        for limit in (1, 5, 50, 1000):
            query = SearchQuery(Domain.SHOPPING, text=text, filters=rng.choice(shopping_filters), limit=limit)
            expected = reference_shopping(catalog, data, query)
            assert catalog.search(query, now=NOW) == expected == catalog.search(query, now=NOW), query
            checked, nonempty = checked + 1, nonempty + bool(expected)
    assert nonempty > checked // 3


def test_sold_out_and_closed_rank_last_but_stay_listed(catalog: InMemoryCatalog, data: CatalogData) -> None:
    sold_out = next(i for i in data.items if i.daily_stock == 0)
    shop = next(s for s in data.shops if s.id == sold_out.shop_id)
    query = SearchQuery(Domain.TAKEOUT, text=None, city=shop.city, near=None, limit=500)
    found = catalog.search(query, now=NOW)
    assert found == reference_search(data, query, now=NOW)
    flags = [(not x.attrs["open"], x.attrs["sold_out"]) for x in found]
    assert flags == sorted(flags)
    assert any(x.ref == f"item:{sold_out.id}" and x.attrs["sold_out"] for x in found)


def test_the_memo_keeps_at_most_its_size_and_makes_each_key_once() -> None:
    memo = lookups.Memo(maxsize=3)
    made: list[int] = []

    def make(n: int) -> int:
        made.append(n)
        return n * n

    assert [memo.get(n, functools.partial(make, n)) for n in (1, 2, 1, 3, 4, 1)] == [1, 4, 1, 9, 16, 1]
    assert made == [1, 2, 3, 4, 1]  # 1 was the oldest when 4 came, so it was made again
