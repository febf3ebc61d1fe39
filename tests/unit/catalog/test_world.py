"""The country-wide world: every town has supply, busy routes fly, famous sights and brands sell, and the
41-city world it is drawn after stays exactly as it was."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date

import pytest

from bangwo.adapters.catalog import (
    CatalogData,
    InMemoryCatalog,
    country,
    routes,
    scenic,
    to_entries,
    towns,
)
from bangwo.adapters.catalog.entries import CatalogEntry
from bangwo.adapters.catalog.generator import core
from bangwo.domain import places
from bangwo.domain.domains import Domain
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery

from .conftest import NOW

MONDAY = date(2026, 2, 9)
# SHA-256 of the entries of the 41-city world as generated before the country was added (seeds 2026, 7).
CORE_DIGESTS = {2026: "28bac1efe6d4838e6110de3b2c5997e20012fe05788166a7669db4abe66278a2",
                7: "aeef8123801ef40fbaf40f9d25444a1c883b4946a20d99c8f1b01af6f0edffcd"}


def _digest(entries: list[CatalogEntry]) -> str:
    rows = [e.__dict__ for e in sorted(entries, key=lambda e: e.id)]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def search(catalog: InMemoryCatalog, domain: Domain, text: str | None = None, **filters: object) -> list[Listing]:
    return catalog.search(SearchQuery(domain, text=text, on=MONDAY, filters=filters, limit=100), now=NOW)


@pytest.mark.parametrize("seed", sorted(CORE_DIGESTS))
def test_the_41_city_world_is_unchanged_and_kept_whole(seed: int) -> None:
    old = to_entries(core(seed))
    assert _digest(old) == CORE_DIGESTS[seed]
    now = {e.id: e for e in to_entries(country.extend(core(seed)))}
    assert [e.id for e in old if now.get(e.id) != e] == []
    assert len(now) > 4 * len(old)


def test_generation_is_deterministic(data: CatalogData) -> None:
    again = country.extend(core())                  # built afresh: generate() keeps its catalog per seed
    assert again == data and again is not data
    assert to_entries(again) == to_entries(data)


def test_every_town_has_hotels_in_several_bands_and_a_cinema(data: CatalogData) -> None:
    hotels = Counter(h.city for h in data.hotels)
    stars: dict[str, set[int]] = {}
    for h in data.hotels:
        stars.setdefault(h.city, set()).add(h.star)
    cinemas = {c.city for c in data.cinemas}
    assert len(towns.towns()) >= 290
    for town in towns.towns():
        assert hotels[town.name] >= 4 and len(stars[town.name]) >= 3, town.name
        assert town.name in cinemas, town.name
    assert {c.name for c in places.CITIES} <= cinemas
    assert len({h.brand for h in data.hotels if h.city == "南阳" and h.brand}) >= 2


@pytest.mark.parametrize("city", ["丽江", "南阳", "九江", "遵义"])
def test_the_cities_that_dead_ended_have_hotels_and_films_showing(catalog: InMemoryCatalog, city: str) -> None:
    rooms = catalog.search(SearchQuery(Domain.HOTEL, city=city, filters={"check_in": "2026-02-10"}, limit=100),
                           now=NOW)
    assert rooms and {x.city for x in rooms} == {city}
    assert len({x.attrs["hotel"] for x in rooms}) >= 3
    shows = catalog.search(SearchQuery(Domain.MOVIE, city=city, filters={"date": "2026-02-10"}, limit=200), now=NOW)
    assert shows and {x.city for x in shows} == {city}
    assert {x.attrs["movie"] for x in shows} <= {m.title for m in catalog.data.movies if m.release <= MONDAY}
    assert len({x.attrs["movie"] for x in shows}) >= 3


def test_town_hotels_sit_by_the_area_they_are_named_after(data: CatalogData) -> None:
    for town in towns.towns():
        spots = {a.name: a for a in (*town.areas, *map(towns.station_area, town.stations),
                                     *map(towns.airport_area, town.airports))}
        for hotel in (h for h in data.hotels if h.city == town.name):
            area = spots[hotel.area]
            assert places.distance_m(hotel.lat, hotel.lng, area.lat, area.lng) < 1500, hotel.name


@pytest.mark.parametrize(("origin", "dest"), [("南京", "沈阳"), ("成都", "大连"), ("杭州", "三亚"), ("沈阳", "南京"),
                                              ("南阳", "北京"), ("北京", "西双版纳")])
def test_busy_and_tourist_routes_fly_daily(catalog: InMemoryCatalog, origin: str, dest: str) -> None:
    for day in range(7):
        found = catalog.search(SearchQuery(Domain.FLIGHT, on=date(2026, 2, 9 + day),
                                           filters={"from_city": origin, "to_city": dest}), now=NOW)
        assert found and all(x.attrs["from_city"] == origin and x.attrs["to_city"] == dest for x in found)
    offer = catalog.quote(QuoteRequest(Domain.FLIGHT, found[0].ref, 2), now=NOW)
    assert offer.details["passengers"] == 2 and offer.fees_fen == 14000


def test_a_town_airport_is_named_and_a_city_is_found_by_its_full_name(catalog: InMemoryCatalog) -> None:
    found = search(catalog, Domain.FLIGHT, from_city="南阳市", to_city="北京")
    assert found and all(x.attrs["from_place"] == "南阳机场" for x in found)
    assert search(catalog, Domain.FLIGHT, from_city="遵义", to_city="上海")


def test_routes_the_41_city_world_had_keep_exactly_their_departures(data: CatalogData) -> None:
    old = {s.id for s in core().schedules}
    for origin, dest in (("杭州", "北京"), ("上海", "成都"), ("杭州", "上海"), ("南京", "沈阳")):
        now = {s.id for s in data.schedules if (s.from_city, s.to_city) == (origin, dest)}
        assert now and now <= old, (origin, dest)


@pytest.mark.parametrize(("origin", "dest"), [("杭州", "黄山"), ("郑州", "南阳"), ("武汉", "九江"), ("杭州", "天津"),
                                              ("北京", "信阳"), ("昆明", "大理"), ("重庆", "遵义")])
def test_trains_run_along_the_corridors(catalog: InMemoryCatalog, origin: str, dest: str) -> None:
    found = search(catalog, Domain.TRAIN, from_city=origin, to_city=dest)
    assert found and {x.attrs["kind"] for x in found} & {"G", "D"}
    assert all(x.attrs["to_place"] for x in found)


def test_every_corridor_and_airport_list_names_a_place_that_serves_it() -> None:
    for _name, _mode, stops in routes.CORRIDORS:
        assert all(towns.stations_of(stop) for stop in stops), stops
    for city in (*routes.BUSIEST_AIRPORTS, *routes.TOURIST_CITIES, *routes.PROVINCIAL_CAPITALS):
        assert towns.airports_of(city), city
    assert len(routes.BUSIEST_AIRPORTS) == 40


@pytest.mark.parametrize(("name", "city"), [("泰山", "泰安"), ("鼓浪屿", "厦门"), ("布达拉宫", "拉萨"), ("九寨沟", "阿坝"),
                                            ("黄山", "黄山"), ("周庄", "苏州"), ("张家界", "张家界"),
                                            ("丽江古城", "丽江"), ("兵马俑", "西安")])
def test_famous_sights_sell_tickets(catalog: InMemoryCatalog, name: str, city: str) -> None:
    found = search(catalog, Domain.ATTRACTION, name)
    assert found and found[0].city == city and name in found[0].attrs["sight"]
    offer = catalog.quote(QuoteRequest(Domain.ATTRACTION, found[0].ref, 2, {"date": "2026-02-10"}), now=NOW)
    assert offer.total_fen == 2 * found[0].price_fen


def test_the_famous_list_is_long_and_priced_by_generation(data: CatalogData) -> None:
    assert len(scenic.FAMOUS) >= 120 and len({n for n, *_ in scenic.FAMOUS}) == len(scenic.FAMOUS)
    added = [s for s in data.sights if s.id.startswith("sg-w")]
    assert len(added) >= 120
    assert all(t.price_fen % 100 == 0 and t.daily_quota > 0 for s in added for t in s.tickets)
    assert next(s for s in added if s.name == "西湖").tickets[0].price_fen == 0        # 免费预约
    assert len({s.name for s in data.sights}) == len(data.sights)


@pytest.mark.parametrize(("text", "brand"), [("华为手环", ""), ("手环", "华为"), ("安踏跑鞋", ""), ("跑鞋", "安踏"),
                                             ("李宁卫衣", ""), ("手机壳", ""), ("袜子", ""), ("行动电源", ""),
                                             ("充电宝", ""), ("充电器", ""), ("耳机", "苹果")])
def test_everyday_brands_are_sold(catalog: InMemoryCatalog, text: str, brand: str) -> None:
    filters = {"brand": brand} if brand else {}
    found = catalog.search(SearchQuery(Domain.SHOPPING, text=text, filters=filters, limit=100), now=NOW)
    assert found and (not brand or all(x.attrs["brand"] == brand for x in found))
    assert any(text in x.title or x.attrs["category"] == text for x in found)


def test_a_brand_with_a_flagship_shop_sells_from_it(data: CatalogData) -> None:
    shops = Counter(m.name for m in data.merchants if m.domain == "shopping")
    assert shops.most_common(1)[0][1] == 1
    lining = {p.shop_id for p in data.products if p.brand == "李宁"}
    assert len(lining) == 1


def test_towns_have_takeout_and_groceries_delivered_near_their_centre(catalog: InMemoryCatalog) -> None:
    town = towns.by_name()["南阳"]
    centre = {"lat": town.areas[0].lat, "lng": town.areas[0].lng}
    meals = catalog.search(SearchQuery(Domain.TAKEOUT, city="南阳", near=None, filters={}, limit=100), now=NOW)
    assert meals and {x.city for x in meals} == {"南阳"}
    milk = catalog.search(SearchQuery(Domain.GROCERY, city="南阳", text="纯牛奶"), now=NOW)
    assert milk and milk[0].city == "南阳"
    assert catalog.search(SearchQuery(Domain.HOTEL, city="南阳", filters={"near": centre}), now=NOW)


def test_a_town_place_is_resolved_for_a_search_near_it(catalog: InMemoryCatalog) -> None:
    by_station = catalog.search(SearchQuery(Domain.HOTEL, city="南阳", filters={"near": "南阳站"}), now=NOW)
    assert by_station and by_station[0].attrs["area"] == "南阳站" and by_station[0].attrs["distance_m"] < 1500
    by_airport = catalog.search(SearchQuery(Domain.HOTEL, city="遵义", filters={"near": "遵义机场"}), now=NOW)
    assert by_airport and by_airport[0].attrs["hotel"] == "遵义空港酒店"


def test_the_vocabulary_names_the_new_supply(catalog: InMemoryCatalog) -> None:
    words = catalog.vocabulary()
    assert {"泰山", "九寨沟", "周庄"} <= set(words["sights"])
    assert {"华为", "安踏", "优衣库"} <= set(words["product_brands"])
    assert {"手环", "跑鞋", "手机壳", "袜子"} <= set(words["product_categories"])
    assert {"南阳", "遵义", "九江", "丽江", "杭州"} <= set(words["cities"])
