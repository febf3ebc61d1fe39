"""Generate the embedded service ecosystem from a seed (deterministic: no clock, no global random)."""

from __future__ import annotations

import functools
import random
from datetime import timedelta
from typing import Protocol, TypeVar

from bangwo.adapters.catalog import country, draws, goods, menus, transport, venues
from bangwo.adapters.catalog import records as r
from bangwo.domain import places

DEFAULT_SEED = 2026
MAX_TRAIN_KM_FOR_NEIGHBOURS = 900


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


@functools.lru_cache(maxsize=4)
def generate(seed: int = DEFAULT_SEED) -> r.CatalogData:
    """Return the whole catalog for ``seed``; the same seed always gives the same catalog.

    The 41 cities of places.py come first (``core``); the rest of the country is added after them from
    random streams of its own (``country.extend``), so it never moves a record of the 41-city world.
    Built once per process and seed (a catalog is read, never changed); ``country.extend(core(seed))``
    builds it afresh.
    """
    return country.extend(core(seed))


def core(seed: int = DEFAULT_SEED) -> r.CatalogData:
    """The 41-city world of places.py, drawn from one stream seeded with ``seed``."""
    rng = random.Random(seed)
    shops, items = _takeout(rng)
    stores, skus = _grocery(rng)
    cinemas = _cinemas(rng)
    schedules = _flights(rng) + _trains(rng)
    hotels = _hotels(rng)
    sights = _sights(rng)
    carriers = _carriers(rng)
    products, online_shops = _products(rng)
    return r.CatalogData(
        seed=seed, shops=_by_id(shops), items=_by_id(items), stores=_by_id(stores), skus=_by_id(skus),
        cinemas=_by_id(cinemas), movies=_by_id(_movies()), schedules=_by_id(schedules),
        hotels=_by_id(hotels), sights=_by_id(sights), car_types=_by_id(_car_types()),
        carriers=_by_id(carriers), products=_by_id(products), merchants=_by_id(_merchants() + online_shops),
    )


def _by_id(records: list[_T]) -> tuple[_T, ...]:
    return tuple(sorted(records, key=lambda x: x.id))


def _landmark(city: str, name: str) -> places.Landmark:
    found = places.landmark_by_name(name, city=city)
    if found is None:
        raise LookupError(f"no landmark {name} in {city}")
    return found


def _takeout(rng: random.Random) -> tuple[list[r.Shop], list[r.MenuItem]]:
    shops: list[r.Shop] = []
    items: list[r.MenuItem] = []
    for brand, menu_key, opens, closes, areas in menus.SHOP_BRANDS:
        brand_delta = rng.choice((-100, 0, 0, 100, 200))
        category = menus.SHOP_CATEGORY.get(menu_key, "meal")
        for area in areas:
            spot = _landmark("杭州", area)
            lat, lng = draws.near(rng, spot.lat, spot.lng, 600)
            shop = r.Shop(
                id=f"tk-{len(shops) + 1:03d}", name=f"{brand}({area}店)", brand=brand, city="杭州", area=area,
                lat=lat, lng=lng, category=category, opens=opens, closes=closes,
                radius_m=rng.choice((3000, 3500, 4000, 4500, 5000)),
                prep_minutes=rng.randint(6, 12) if category == "drink" else rng.randint(12, 22),
                rating=round(rng.uniform(4.3, 4.9), 1), delivery_fee_fen=rng.choice((0, 200, 300, 400, 500)),
                monthly_sales=rng.randint(300, 9000),
            )
            shops.append(shop)
            items.extend(draws.menu(rng, shop, menu_key, brand_delta))
    return shops, items


def _grocery(rng: random.Random) -> tuple[list[r.Store], list[r.Sku]]:
    stores: list[r.Store] = []
    skus: list[r.Sku] = []
    for n, (branch, city, area) in enumerate(goods.STORES, start=1):
        spot = _landmark(city, area)
        lat, lng = draws.near(rng, spot.lat, spot.lng, 400)
        store = r.Store(
            id=f"gs-{n:02d}", name=f"{goods.GROCERY_BRAND}({branch})", brand=goods.GROCERY_BRAND, city=city,
            area=area, lat=lat, lng=lng, radius_m=5000, delivery_fee_fen=600, free_delivery_over_fen=4900,
            eta_minutes=rng.randint(28, 45),
        )
        stores.append(store)
        for k, (name, category, unit, spec, price, brands) in enumerate(goods.GROCERIES, start=1):
            if k > 20 and rng.random() < 0.08:
                continue
            scarce = rng.random() < 0.04
            skus.append(r.Sku(
                id=f"{store.id}-{k:03d}", store_id=store.id, name=name, category=category,
                brand=rng.choice(brands), unit=unit, spec=spec,
                price_fen=max(99, round(price * rng.uniform(0.9, 1.12) / 100) * 100 - 10),
                stock=rng.randint(0, 3) if scarce else rng.randint(20, 400),
            ))
    return stores, skus


def _movies() -> list[r.Movie]:
    return [
        r.Movie(id=f"mv-{n:02d}", title=title, genres=genres, runtime_minutes=runtime, release=release,
                presale_from=release - timedelta(days=venues.PRESALE_DAYS), rating=rating, featured=featured,
                language=language)
        for n, (title, genres, runtime, release, rating, featured, language) in enumerate(venues.MOVIES, 1)
    ]


def _cinemas(rng: random.Random) -> list[r.Cinema]:
    result = []
    for n, (name, brand, city, area, price, halls) in enumerate(venues.CINEMAS, start=1):
        spot = _landmark(city, area)
        lat, lng = draws.near(rng, spot.lat, spot.lng, 500)
        result.append(r.Cinema(
            id=f"cin-{n:02d}", name=name, brand=brand, city=city, area=area, lat=lat, lng=lng,
            base_price_fen=price + rng.choice((-300, 0, 0, 300)),
            halls=tuple(r.Hall(id=f"h{k}", name=hall, format=fmt, rows=rows, seats_per_row=seats,
                               couple_rows=couples)
                        for k, (hall, fmt, rows, seats, couples) in enumerate(halls, start=1)),
        ))
    return result


def _flight_pairs() -> list[tuple[str, str]]:
    cities = [c for c in places.CITIES if places.airports_in(c.name)]
    hubs = [c for c in cities if c.name in transport.HUB_CITIES]
    pairs = {frozenset((a.name, b.name)) for a in hubs for b in hubs if a != b}
    for city in cities:
        if city in hubs:
            continue
        nearest = sorted(hubs, key=lambda h: draws.km((h.lat, h.lng), (city.lat, city.lng)))[:2]
        for hub in {"北京", "上海", "广州", *(h.name for h in nearest)}:
            pairs.add(frozenset((city.name, hub)))
    ordered = sorted(tuple(sorted(p)) for p in pairs)
    return [(a, b) for a, b in ordered] + [(b, a) for a, b in ordered]


def _flights(rng: random.Random) -> list[r.Schedule]:
    result: list[r.Schedule] = []
    used: set[str] = set()
    coords = {c.name: (c.lat, c.lng) for c in places.CITIES}
    for origin, dest in _flight_pairs():
        km = draws.km(coords[origin], coords[dest])
        both_hubs = origin in transport.HUB_CITIES and dest in transport.HUB_CITIES
        airlines = [a for a in transport.AIRLINES if origin in a[2] or dest in a[2]] or list(transport.AIRLINES)
        economy = round((250 + km * 0.75) / 10) * 1000
        for _ in range(rng.randint(3, 5) if both_hubs else rng.randint(1, 3)):
            code, name, _hubs = rng.choice(airlines)
            number = f"{code}{rng.randint(1000, 9899)}"
            while number in used:
                number = f"{code}{rng.randint(1000, 9899)}"
            used.add(number)
            fares = {"economy": economy, "business": economy * 3}
            capacity = {"economy": rng.randint(120, 180), "business": rng.randint(8, 24)}
            if both_hubs and rng.random() < 0.3:
                fares["first"], capacity["first"] = economy * 5, 8
            weekdays = (0, 2, 4, 6) if not both_hubs and rng.random() < 0.1 else (0, 1, 2, 3, 4, 5, 6)
            result.append(r.Schedule(
                id=number, domain="flight", kind="直飞", carrier=name, carrier_id=f"air-{code}",
                from_city=origin, to_city=dest, from_place=rng.choice(places.airports_in(origin)).code,
                to_place=rng.choice(places.airports_in(dest)).code,
                depart=draws.clock(rng.randrange(7 * 60, 22 * 60, 5)),
                duration_minutes=round((km / 750 * 60 + 35) / 5) * 5, fares=fares, capacity=capacity,
                weekdays=weekdays,
            ))
    return result


_RAIL_PAIRS: tuple[tuple[str, str], ...] = (
    ("北京", "上海"), ("北京", "杭州"), ("北京", "广州"), ("北京", "深圳"), ("北京", "西安"), ("北京", "武汉"),
    ("北京", "南京"), ("北京", "天津"), ("北京", "济南"), ("北京", "郑州"), ("北京", "沈阳"), ("北京", "哈尔滨"),
    ("北京", "青岛"), ("北京", "石家庄"), ("北京", "太原"), ("北京", "长春"), ("北京", "呼和浩特"),
    ("上海", "杭州"), ("上海", "南京"), ("上海", "苏州"), ("上海", "成都"), ("上海", "重庆"), ("上海", "武汉"),
    ("上海", "广州"), ("上海", "深圳"), ("上海", "合肥"), ("上海", "厦门"), ("上海", "宁波"), ("上海", "无锡"),
    ("杭州", "成都"), ("杭州", "广州"), ("杭州", "深圳"), ("杭州", "南京"), ("杭州", "武汉"), ("杭州", "长沙"),
    ("杭州", "厦门"), ("杭州", "合肥"), ("杭州", "宁波"), ("杭州", "苏州"), ("杭州", "南昌"), ("杭州", "福州"),
    ("杭州", "重庆"), ("杭州", "西安"), ("广州", "深圳"), ("广州", "长沙"), ("广州", "武汉"), ("广州", "南宁"),
    ("广州", "桂林"), ("广州", "贵阳"), ("成都", "重庆"), ("成都", "西安"), ("成都", "贵阳"), ("成都", "昆明"),
    ("重庆", "贵阳"), ("西安", "郑州"), ("西安", "兰州"), ("西安", "太原"), ("兰州", "西宁"), ("兰州", "银川"),
    ("兰州", "乌鲁木齐"), ("西宁", "乌鲁木齐"), ("昆明", "丽江"), ("昆明", "贵阳"), ("南宁", "桂林"),
    ("大连", "沈阳"), ("沈阳", "哈尔滨"), ("长春", "哈尔滨"), ("济南", "青岛"), ("福州", "厦门"),
    ("南昌", "长沙"), ("郑州", "武汉"), ("呼和浩特", "银川"), ("石家庄", "太原"),
)
_SLOW_ONLY: tuple[tuple[str, str, str], ...] = (
    ("西宁", "拉萨", "Z"), ("成都", "拉萨", "K"), ("北京", "拉萨", "Z"), ("广州", "海口", "K"),
)
_ISLAND = ("海口", "三亚")


def _rail_pairs() -> list[tuple[str, str, str]]:
    """(from, to, 'fast' or a slow train letter) in both directions."""
    pairs = {(a, b, "fast") for a, b in _RAIL_PAIRS} | {(a, b, k) for a, b, k in _SLOW_ONLY}
    pairs.add(("海口", "三亚", "fast"))
    mainland = [c for c in places.CITIES if c.name not in (*_ISLAND, "拉萨")]
    for city in mainland:
        near = sorted((c for c in mainland if c != city),
                      key=lambda c: draws.km((c.lat, c.lng), (city.lat, city.lng)))[:3]
        for other in near:
            if draws.km((other.lat, other.lng), (city.lat, city.lng)) <= MAX_TRAIN_KM_FOR_NEIGHBOURS:
                known = {(a, b) for a, b, _k in pairs} | {(b, a) for a, b, _k in pairs}
                if (city.name, other.name) not in known:
                    pairs.add((city.name, other.name, "fast"))
    ordered = sorted(pairs)
    return [(a, b, k) for a, b, k in ordered] + [(b, a, k) for a, b, k in ordered]


def _trains(rng: random.Random) -> list[r.Schedule]:
    result: list[r.Schedule] = []
    used: set[str] = set()
    coords = {c.name: (c.lat, c.lng) for c in places.CITIES}
    for origin, dest, mode in _rail_pairs():
        km = draws.km(coords[origin], coords[dest]) * 1.2
        kinds: list[str] = []
        if mode == "fast":
            kinds += ["G"] * (rng.randint(3, 6) if km <= 1300 else rng.randint(2, 3))
            if km <= 1000 and rng.random() < 0.6:
                kinds += ["D"] * rng.randint(1, 2)
            if km >= 600 and origin not in _ISLAND:
                kinds.append(rng.choice(("K", "K", "Z", "T")))
        else:
            kinds.append(mode)
        for kind in kinds:
            stations = (places.stations_in(origin), places.stations_in(dest))
            result.append(draws.train(rng, used, kind=kind, origin=origin, dest=dest, km=km, stations=stations))
    return result


_INDEPENDENT_STYLES = ("精品", "花园", "景观", "艺术", "假日")


def _hotels(rng: random.Random) -> list[r.Hotel]:
    result: list[r.Hotel] = []
    names: set[str] = set()
    for city in places.CITIES:
        spots = places.landmarks_in(city.name)
        count = 14 if city.name in ("北京", "上海", "杭州") else 10 if city.name in places.BIG_CITIES else 3
        for _ in range(count):
            spot = rng.choice(spots)
            independent = rng.random() < 0.15
            brand, star, low, high = rng.choice(venues.HOTEL_BRANDS)
            if independent:
                brand, star = "", rng.choice((3, 4))
                low, high = (30000, 60000) if star == 3 else (50000, 90000)
            name = _hotel_name(rng, names, brand=brand, city=city.name, area=spot.name)
            lat, lng = draws.near(rng, spot.lat, spot.lng, 800)
            result.append(r.Hotel(
                id=f"ht-{len(result) + 1:03d}", name=name, brand=brand, city=city.name, area=spot.name,
                lat=lat, lng=lng, star=star, rating=round(rng.uniform(4.2, 4.9), 1),
                rooms=draws.rooms(rng, star=star, base=round(rng.randint(low, high) / 100) * 100),
            ))
    return result


def _hotel_name(rng: random.Random, names: set[str], *, brand: str, city: str, area: str) -> str:
    if brand:
        candidates = [f"{brand}酒店({city}{area}{d}店)" for d in ("", "东", "西", "南", "北", "中心")]
    else:
        candidates = [f"{area}{style}酒店" for style in rng.sample(_INDEPENDENT_STYLES, 5)]
    name = next((c for c in candidates if c not in names), f"{candidates[0]}{len(names)}")
    names.add(name)
    return name


def _sights(rng: random.Random) -> list[r.Sight]:
    result = []
    for n, (name, city, spot_name, adult, opens, closes, tags) in enumerate(venues.SIGHTS, start=1):
        if spot_name:
            spot = _landmark(city, spot_name)
            lat, lng = draws.near(rng, spot.lat, spot.lng, 300)
        else:
            centre = places.city_by_name(city)
            assert centre is not None
            lat, lng = draws.near(rng, centre.lat, centre.lng, 30_000)
        scarce = name in ("布达拉宫", "故宫博物院")
        tickets = tuple(
            r.TicketType(kind=kind, label=label, price_fen=adult * percent // 100 // 100 * 100,
                         daily_quota=rng.randint(200, 400) if scarce else rng.randint(800, 5000) * percent // 100)
            for kind, label, percent in venues.TICKET_TYPES
        )
        result.append(r.Sight(id=f"sg-{n:03d}", name=name, city=city, lat=lat, lng=lng, opens=opens,
                              closes=closes, tickets=tickets, tags=tags))
    return result


def _car_types() -> list[r.CarType]:
    return [r.CarType(id=f"car-{code}", code=code, label=label, flag_fen=flag, included_km=km, per_km_fen=per_km,
                      per_min_fen=per_min, night_surcharge_bp=night, seats=seats)
            for code, label, flag, km, per_km, per_min, night, seats in transport.CAR_TYPES]


def _carriers(rng: random.Random) -> list[r.Carrier]:
    result = []
    for code, name, prefixes in transport.CARRIERS:
        denominations = tuple(
            r.Denomination(amount, amount * 100 - (rng.choice((0, 0, 10, 20, 50)) * amount // 100))
            for amount in transport.DENOMINATIONS_YUAN
        )
        result.append(r.Carrier(id=code, name=name, prefixes=prefixes, denominations=denominations))
    return result


_PER_CATEGORY = 13


def _products(rng: random.Random) -> tuple[list[r.Product], list[r.Merchant]]:
    products: list[r.Product] = []
    shops: dict[str, r.Merchant] = {}
    for category, noun, brands, models, specs, low, high in goods.PRODUCTS:
        combos = [(b, m) for b in brands for m in models]
        rng.shuffle(combos)
        while len(combos) < _PER_CATEGORY:
            combos += [(b, f"{m} 2026款") for b, m in combos[: _PER_CATEGORY - len(combos)]]
        for brand, model in combos[:_PER_CATEGORY]:
            if brand not in shops:
                shops[brand] = r.Merchant(id=f"os-{len(shops) + 1:03d}", name=f"{brand}官方旗舰店",
                                          domain="shopping", city=rng.choice(goods.SHIPS_FROM))
            shop = shops[brand]
            title = f"{brand}《{model}》" if category == "书籍" else f"{brand} {model}{noun}"
            products.append(r.Product(
                id=f"sp-{len(products) + 1:04d}", title=title, brand=brand, category=category, shop_id=shop.id,
                price_fen=rng.randint(low, high) // 1000 * 1000 + 900,
                stock=0 if rng.random() < 0.03 else rng.randint(5, 999),
                specs=tuple(r.SpecGroup(name, label, tuple(r.SpecValue(v, p) for v, p in values))
                            for name, label, values in specs),
                ships_from=shop.city,
            ))
    return products, list(shops.values())


def _merchants() -> list[r.Merchant]:
    airlines = [r.Merchant(id=f"air-{code}", name=name, domain="flight", city=hubs[0])
                for code, name, hubs in transport.AIRLINES]
    return [*airlines,
            r.Merchant(id=transport.RAILWAY_ID, name=transport.RAILWAY_NAME, domain="train", city=""),
            r.Merchant(id=transport.TAXI_FLEET_ID, name=transport.TAXI_FLEET_NAME, domain="taxi", city="")]
