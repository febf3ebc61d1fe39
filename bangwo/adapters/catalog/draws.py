"""Draws every catalog generator shares: a point near a place, room types, a train on a route."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from bangwo.adapters.catalog import menus, transport, venues
from bangwo.adapters.catalog import records as r
from bangwo.domain import places

TRAIN_NUMBERS: Mapping[str, int] = {"G": 2999, "D": 3999, "K": 9999, "Z": 399, "T": 399}
"""The highest train number of each kind the 41-city world draws (G1-G2999...)."""


def stream(seed: int, *parts: str) -> random.Random:
    """A random stream of its own for one kind of supply and one thing (str seeds are hashed with SHA-512)."""
    return random.Random(":".join(("country", str(seed), *parts)))


def near(rng: random.Random, lat: float, lng: float, max_m: float) -> tuple[float, float]:
    """A point up to ``max_m`` metres from (lat, lng), rounded to 6 decimals."""
    dlat = rng.uniform(-max_m, max_m) / 111_000
    dlng = rng.uniform(-max_m, max_m) / 96_000
    return round(lat + dlat, 6), round(lng + dlng, 6)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return places.distance_m(a[0], a[1], b[0], b[1]) / 1000


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def rooms(rng: random.Random, *, star: int, base: int) -> tuple[r.RoomType, ...]:
    """A hotel's room types: king and twin always, deluxe from 3 stars, suites from 4, family rooms often."""
    wanted = {"king", "twin"} | ({"deluxe"} if star >= 3 else set()) | ({"suite"} if star >= 4 else set())
    if rng.random() < 0.4:
        wanted.add("family")
    result = []
    for code, name, bed, percent, breakfast in venues.ROOMS:
        if code in wanted:
            count = rng.randint(1, 2) if rng.random() < 0.08 else rng.randint(4, 40)
            result.append(r.RoomType(code=code, name=name, bed=bed, base_price_fen=base * percent // 100,
                                     count=count, breakfast=breakfast))
    return tuple(result)


def menu(rng: random.Random, shop: r.Shop, menu_key: str, brand_delta: int) -> list[r.MenuItem]:
    """A shop's dishes from its menu template: daily stock, a few limited new items, seasonal ones sold out."""
    result = []
    for n, (name, category, price, options, tags) in enumerate(menus.MENUS[menu_key], start=1):
        stock = rng.randint(80, 400)
        if "新品" in tags:
            stock, tags = rng.randint(2, 5), (*tags, "限量")
        if name.startswith("小龙虾"):
            stock, tags = 0, (*tags, "季节限定")
        result.append(r.MenuItem(
            id=f"{shop.id}-{n:02d}", shop_id=shop.id, name=name, category=category,
            price_fen=max(100, price + brand_delta), options=options, daily_stock=stock, tags=tags,
        ))
    return result


def train(rng: random.Random, used: set[str], *, kind: str, origin: str, dest: str, km: float,
          stations: tuple[Sequence[places.Station], Sequence[places.Station]],
          numbers: Mapping[str, int] = TRAIN_NUMBERS) -> r.Schedule:
    """A daily train of ``kind`` between two cities' stations (main station first), numbered afresh."""
    speed, _max_km, per_100km, capacity_range = transport.TRAIN_KINDS[kind]
    code = f"{kind}{rng.randint(1, numbers[kind])}"
    while code in used:
        code = f"{kind}{rng.randint(1, numbers[kind])}"
    used.add(code)
    fast = kind in ("G", "D")
    from_stations, to_stations = stations
    from_station = (rng.choice(from_stations[:2]) if fast and rng.random() < 0.25 else
                    from_stations[0] if fast else from_stations[-1])
    to_station = to_stations[0] if fast else to_stations[-1]
    depart = rng.randrange(6 * 60 + 30, 20 * 60 + 30, 5) if fast else rng.randrange(0, 24 * 60, 5)
    stops = 10 + int(km / 100) * (2 if fast else 6)
    weekdays = (4, 5, 6) if fast and rng.random() < 0.08 else (0, 1, 2, 3, 4, 5, 6)
    return r.Schedule(
        id=code, domain="train", kind=kind, carrier=transport.RAILWAY_NAME, carrier_id=transport.RAILWAY_ID,
        from_city=origin, to_city=dest, from_place=from_station.name, to_place=to_station.name,
        depart=clock(depart), duration_minutes=round(km / speed * 60) + stops,
        fares={c: max(500, round(km * fen / 100 / 50) * 50) for c, fen in per_100km.items()},
        capacity={c: rng.randint(lo, hi) for c, (lo, hi) in capacity_range.items()},
        weekdays=weekdays,
    )
