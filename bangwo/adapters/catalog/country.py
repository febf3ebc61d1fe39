"""The rest of the country: supply for every town of the gazetteer, added after the 41-city world.

Every kind of supply draws from a stream of its own, seeded with the catalog seed, the kind and what it
is for (``draws.stream(seed, "hotels", town.adcode)``): the 41-city world's single stream is never read
here, so none of its records moves, and a town's supply does not depend on the other towns'. New ids carry
a ``w`` (ht-w411300-1, cin-w411300-1, sg-w001) and sort after the 41-city world's.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable
from typing import Protocol, TypeVar

from bangwo.adapters.catalog import brands, draws, goods, menus, routes, scenic, towns, venues
from bangwo.adapters.catalog import records as r
from bangwo.domain import places


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)

CINEMA_BRANDS = ("万达影城", "横店电影城", "大地影院", "金逸影城", "中影国际影城", "博纳影城", "CGV影城",
                 "星河影城", "UME影城", "太平洋影城")
DRINK_SHOPS = ("一点甜", "茶小满", "古茗香", "沪上阿奶", "茶百岁", "瑞星咖啡", "库迪猫咖啡", "柠季鲜")
MEAL_SHOPS = ("杨记黄焖鸡米饭", "马师傅兰州牛肉面", "辣妹子麻辣烫", "汉堡工坊", "老舅家盖浇饭", "喜家饺子馆",
              "沙县小吃", "隆江猪脚饭")
STAPLES = ("红富士苹果", "香蕉", "番茄", "土鸡蛋", "猪五花肉", "纯牛奶", "矿泉水", "大米", "方便面", "抽纸")
"""The articles a town's neighbourhood store sells (names of goods.GROCERIES)."""
INDEPENDENT_STYLES = ("精品", "花园", "景观", "艺术", "假日")


def extend(base: r.CatalogData) -> r.CatalogData:
    """``base`` (the 41-city world) with the country's supply added; base records are kept as they are."""
    seed, all_towns = base.seed, towns.towns()
    shops: list[r.Shop] = []
    items: list[r.MenuItem] = []
    stores: list[r.Store] = []
    skus: list[r.Sku] = []
    for town in all_towns:
        town_shops, town_items = _takeout(draws.stream(seed, "takeout", town.adcode), town)
        shops += town_shops
        items += town_items
        store, store_skus = _store(draws.stream(seed, "grocery", town.adcode), town)
        stores.append(store)
        skus += store_skus
    hotels = [h for town in all_towns for h in _hotels(draws.stream(seed, "hotels", town.adcode), town)]
    cinemas = _cinemas(seed, base, all_towns)
    products, online_shops = brands.products(seed, base)
    return dataclasses.replace(
        base, shops=_merged(base.shops, shops), items=_merged(base.items, items),
        stores=_merged(base.stores, stores), skus=_merged(base.skus, skus),
        cinemas=_merged(base.cinemas, cinemas), hotels=_merged(base.hotels, hotels),
        schedules=_merged(base.schedules, routes.flights(seed, base) + routes.trains(seed, base)),
        sights=_merged(base.sights, scenic.sights(seed, base)), products=_merged(base.products, products),
        merchants=_merged(base.merchants, online_shops),
    )


def _merged(old: tuple[_T, ...], new: Iterable[_T]) -> tuple[_T, ...]:
    added = list(new)
    clash = {x.id for x in old} & {x.id for x in added}
    if clash:
        raise ValueError(f"country records reuse ids of the 41-city world: {sorted(clash)[:5]}")
    return tuple(sorted((*old, *added), key=lambda x: x.id))


def _named(brand: str, area: towns.Area, *, kind: str = "", side: str = "") -> str:
    """汉庭酒店(南阳站店), 万达影城(南阳卧龙区店), 全季酒店(南阳卧龙区东店)."""
    return f"{brand}{kind}({area.branch}{side}店)"


def _hotels(rng: random.Random, town: towns.Town) -> list[r.Hotel]:
    """A few hotels: budget by the station, mid-range and upscale in the centre, an independent one, and
    an airport hotel plus a five-star when the town flies."""
    centre, second = town.areas[0], town.areas[min(1, len(town.areas) - 1)]
    station = [towns.station_area(s) for s in town.stations[:1]]
    airport = [towns.airport_area(a) for a in town.airports[:1]]
    plan: list[tuple[int, towns.Area, str]] = [
        (2, (station or [centre])[0], ""), (3, centre, ""), (4, second, ""),
        (0, centre, f"{town.name}{rng.choice(INDEPENDENT_STYLES)}酒店")]
    if airport:
        plan += [(0, airport[0], f"{airport[0].branch}酒店"), (5, centre, "")]
    result: list[r.Hotel] = []
    names: set[str] = set()
    for star, area, name in plan:
        if star:
            brand, star, low, high = rng.choice([b for b in venues.HOTEL_BRANDS if b[1] == star])
            name = next(n for side in ("", "东", "西", "南", "北", "中心")
                        if (n := _named(brand, area, kind="酒店", side=side)) not in names)
        else:
            brand, star = "", rng.choice((3, 4))
            low, high = (30000, 60000) if star == 3 else (50000, 90000)
        names.add(name)
        lat, lng = draws.near(rng, area.lat, area.lng, 800)
        result.append(r.Hotel(
            id=f"ht-w{town.adcode}-{len(result) + 1}", name=name, brand=brand, city=town.name, area=area.name,
            lat=lat, lng=lng, star=star, rating=round(rng.uniform(4.2, 4.9), 1),
            rooms=draws.rooms(rng, star=star, base=round(rng.randint(low, high) / 100) * 100),
        ))
    return result


def _cinemas(seed: int, base: r.CatalogData, all_towns: tuple[towns.Town, ...]) -> list[r.Cinema]:
    """One cinema in every town, and in each of the 41 cities that has none yet (at one of its areas)."""
    showing = {c.city for c in base.cinemas}
    result = []
    for city in places.CITIES:
        if city.name not in showing:
            spots = [lm for lm in places.landmarks_in(city.name) if lm.kind == "area"] or list(
                places.landmarks_in(city.name))
            area = towns.Area(spots[0].name, spots[0].name, spots[0].lat, spots[0].lng)
            code = towns.adcode(city.name)
            rng = draws.stream(seed, "cinemas", code)
            brand = rng.choice(CINEMA_BRANDS)
            result.append(_cinema(rng, f"cin-w{code}-1", _named(brand, area), brand, city.name, area))
    for town in all_towns:
        rng = draws.stream(seed, "cinemas", town.adcode)
        brand = rng.choice(CINEMA_BRANDS)
        result.append(_cinema(rng, f"cin-w{town.adcode}-1", _named(brand, town.areas[0]), brand, town.name,
                              town.areas[0]))
    return result


def _cinema(rng: random.Random, cinema_id: str, name: str, brand: str, city: str, area: towns.Area) -> r.Cinema:
    halls = rng.choice((venues.STANDARD_HALLS, venues.SMALL_HALLS))
    lat, lng = draws.near(rng, area.lat, area.lng, 500)
    return r.Cinema(
        id=cinema_id, name=name, brand=brand, city=city, area=area.name, lat=lat, lng=lng,
        base_price_fen=rng.choice((3000, 3300, 3500, 3800, 4000, 4500)),
        halls=tuple(r.Hall(id=f"h{k}", name=hall, format=fmt, rows=rows, seats_per_row=seats, couple_rows=couples)
                    for k, (hall, fmt, rows, seats, couples) in enumerate(halls, start=1)),
    )


def _takeout(rng: random.Random, town: towns.Town) -> tuple[list[r.Shop], list[r.MenuItem]]:
    """A drink shop and a meal shop in the centre."""
    brands_by_name = {b[0]: b for b in menus.SHOP_BRANDS}
    plan = [(rng.choice(DRINK_SHOPS), town.areas[0]), (rng.choice(MEAL_SHOPS), town.areas[0])]
    shops: list[r.Shop] = []
    items: list[r.MenuItem] = []
    for brand, area in plan:
        _name, menu_key, opens, closes, _areas = brands_by_name[brand]
        category = menus.SHOP_CATEGORY.get(menu_key, "meal")
        lat, lng = draws.near(rng, area.lat, area.lng, 600)
        shop = r.Shop(
            id=f"tk-w{town.adcode}-{len(shops) + 1}", name=_named(brand, area), brand=brand, city=town.name,
            area=area.name, lat=lat, lng=lng, category=category, opens=opens, closes=closes,
            radius_m=rng.choice((4000, 5000, 6000)),
            prep_minutes=rng.randint(6, 12) if category == "drink" else rng.randint(12, 22),
            rating=round(rng.uniform(4.3, 4.9), 1), delivery_fee_fen=rng.choice((0, 200, 300, 400, 500)),
            monthly_sales=rng.randint(100, 5000),
        )
        shops.append(shop)
        items += draws.menu(rng, shop, menu_key, rng.choice((-100, 0, 0, 100)))
    return shops, items


def _store(rng: random.Random, town: towns.Town) -> tuple[r.Store, list[r.Sku]]:
    """The town's neighbourhood store of the grocery chain, selling the everyday articles."""
    area = town.areas[0]
    lat, lng = draws.near(rng, area.lat, area.lng, 400)
    store = r.Store(
        id=f"gs-w{town.adcode}", name=_named(goods.GROCERY_BRAND, area), brand=goods.GROCERY_BRAND,
        city=town.name, area=area.name, lat=lat, lng=lng, radius_m=6000, delivery_fee_fen=600,
        free_delivery_over_fen=4900, eta_minutes=rng.randint(30, 50),
    )
    skus = []
    for k, (name, category, unit, spec, price, brand_names) in enumerate(goods.GROCERIES, start=1):
        if name not in STAPLES:
            continue
        scarce = rng.random() < 0.04
        skus.append(r.Sku(
            id=f"{store.id}-{k:03d}", store_id=store.id, name=name, category=category,
            brand=rng.choice(brand_names), unit=unit, spec=spec,
            price_fen=max(99, round(price * rng.uniform(0.9, 1.12) / 100) * 100 - 10),
            stock=rng.randint(0, 3) if scarce else rng.randint(20, 400),
        ))
    return store, skus
