from __future__ import annotations

import json
from collections import Counter

from bangwo.adapters.catalog import CatalogData, from_entries, generate, to_entries
from bangwo.domain import places


def test_same_seed_gives_identical_entries_and_another_seed_differs(data: CatalogData) -> None:
    entries = to_entries(data)
    assert to_entries(generate(2026)) == entries
    assert to_entries(generate(7)) != entries


def test_entries_round_trip_exactly_in_any_order(data: CatalogData) -> None:
    entries = to_entries(data)
    assert len({e.id for e in entries}) == len(entries)
    assert from_entries(list(reversed(entries))) == data
    rebuilt = [type(e)(**json.loads(json.dumps(e.__dict__))) for e in entries]
    assert from_entries(rebuilt) == data


def test_minimum_counts_per_domain(data: CatalogData) -> None:
    assert len([s for s in data.shops if s.city == "杭州"]) >= 40
    assert len(data.skus) >= 300 and len({s.city for s in data.stores}) >= 2
    assert len(data.cinemas) >= 8 and len({c.city for c in data.cinemas}) >= 4
    assert len(data.movies) >= 12
    assert len(data.hotels) >= 150
    assert len(data.sights) >= 60
    assert len(data.products) >= 500
    assert {c.code for c in data.car_types} == {"economy", "comfort", "premium", "xl"}
    assert {c.name for c in data.carriers} == {"中国移动", "中国联通", "中国电信"}
    for domain in ("flight", "train"):
        assert len({s.from_city for s in data.schedules if s.domain == domain}) >= 25


def test_takeout_menus_have_option_groups_and_scarce_stock(data: CatalogData) -> None:
    milk_tea = next(i for i in data.items if i.name == "珍珠奶茶")
    groups = {g.name: g for g in milk_tea.options}
    assert set(groups) == {"size", "sugar", "ice", "toppings"}
    assert [c.code for c in groups["sugar"].choices] == ["full", "less", "half", "light", "none"]
    assert {c.code: c.price_fen for c in groups["size"].choices} == {"small": 0, "medium": 200, "large": 400}
    assert groups["toppings"].multi
    assert any(i.daily_stock == 0 for i in data.items)
    assert any(0 < i.daily_stock <= 5 for i in data.items)
    assert {s.opens + "-" + s.closes for s in data.shops} >= {"00:00-24:00", "17:00-03:00"}


def test_hotels_sit_near_landmarks_of_their_city(data: CatalogData) -> None:
    for hotel in data.hotels:
        if places.city_by_name(hotel.city) is None:
            continue                     # a town's hotels sit by its districts, station, airport: test_world.py
        landmark = places.landmark_by_name(hotel.area, city=hotel.city)
        assert landmark is not None
        assert places.distance_m(hotel.lat, hotel.lng, landmark.lat, landmark.lng) < 1500
    assert Counter(h.name for h in data.hotels).most_common(1)[0][1] == 1


def test_money_is_integer_fen(data: CatalogData) -> None:
    assert all(isinstance(i.price_fen, int) and i.price_fen > 0 for i in data.items)
    assert all(isinstance(v, int) for s in data.schedules for v in s.fares.values())
    assert all(isinstance(r.base_price_fen, int) for h in data.hotels for r in h.rooms)
