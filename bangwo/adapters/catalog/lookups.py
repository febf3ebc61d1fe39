"""Indexes over CatalogData plus the small parsers every desk shares (refs, money, quantities, text)."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from rapidfuzz import fuzz

from bangwo.adapters.catalog import records as r
from bangwo.adapters.catalog import towns
from bangwo.domain import places
from bangwo.domain.errors import InvalidRequestError, NotFoundError
from bangwo.domain.listings import Address, GeoPoint

_R = TypeVar("_R")

MAX_QUANTITY = 99
MAX_TICKETS = 9
FUZZY_THRESHOLD = 80
MEMO_SIZE = 1024            # searches remembered per catalog (distinct texts x cities)


class Memo:
    """A bounded map from a search's catalog-only inputs to what they give, for one immutable catalog.

    Only pure functions of the catalog's records belong here (text matches, shop sets): never stock,
    never anything that depends on the time or on the person. The oldest entry goes first when full.
    """

    def __init__(self, maxsize: int = MEMO_SIZE) -> None:
        self._maxsize = maxsize
        self._found: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], _R]) -> _R:
        """What ``make()`` gives for ``key``, made once (two threads may both make it; either result is right)."""
        try:
            found: _R = self._found[key]
        except KeyError:
            pass
        else:
            return found
        made = make()
        with self._lock:
            if len(self._found) >= self._maxsize:
                del self._found[next(iter(self._found))]
            self._found[key] = made
        return made


class Indexes:
    """Dictionaries built once from CatalogData."""

    def __init__(self, data: r.CatalogData) -> None:
        self.data = data
        self.shops = {s.id: s for s in data.shops}
        self.items = {i.id: i for i in data.items}
        self.items_by_shop: dict[str, list[r.MenuItem]] = defaultdict(list)
        for item in data.items:
            self.items_by_shop[item.shop_id].append(item)
        self.shops_by_city: dict[str, list[r.Shop]] = defaultdict(list)
        for shop in data.shops:
            self.shops_by_city[shop.city].append(shop)
        self.stores = {s.id: s for s in data.stores}
        self.skus = {s.id: s for s in data.skus}
        self.skus_by_store: dict[str, list[r.Sku]] = defaultdict(list)
        for sku in data.skus:
            self.skus_by_store[sku.store_id].append(sku)
        self.cinemas = {c.id: c for c in data.cinemas}
        self.halls = {(c.id, h.id): h for c in data.cinemas for h in c.halls}
        self.movies = {m.id: m for m in data.movies}
        self.house_movies = tuple(m for m in data.movies if m.id not in data.listed_movies)   # generated timetables
        self.screenings: dict[str, list[r.Screening]] = defaultdict(list)   # imported cinemas' showtimes
        for screening in data.screenings:
            self.screenings[screening.cinema_id].append(screening)
        self.schedules = {s.id: s for s in data.schedules}
        self.routes: dict[tuple[str, str, str], list[r.Schedule]] = defaultdict(list)
        self.from_city: dict[tuple[str, str], list[r.Schedule]] = defaultdict(list)
        for schedule in data.schedules:
            self.routes[(schedule.domain, schedule.from_city, schedule.to_city)].append(schedule)
            self.from_city[(schedule.domain, schedule.from_city)].append(schedule)
        self.hotels = {h.id: h for h in data.hotels}
        self.sights = {s.id: s for s in data.sights}
        self.car_types = {c.code: c for c in data.car_types}
        self.carriers = {c.id: c for c in data.carriers}
        self.prefixes = {p: c for c in data.carriers for p in c.prefixes}
        self.products = {p.id: p for p in data.products}
        self.merchants = self._merchants(data)
        self.memo = Memo()

    @staticmethod
    def _merchants(data: r.CatalogData) -> dict[str, r.Merchant]:
        found: dict[str, r.Merchant] = {m.id: m for m in data.merchants}
        views: Iterable[tuple[str, str, str, str]] = (
            *((s.id, s.name, "takeout", s.city) for s in data.shops),
            *((s.id, s.name, "grocery", s.city) for s in data.stores),
            *((c.id, c.name, "movie", c.city) for c in data.cinemas),
            *((h.id, h.name, "hotel", h.city) for h in data.hotels),
            *((s.id, s.name, "attraction", s.city) for s in data.sights),
            *((c.id, c.name, "recharge", "") for c in data.carriers),
        )
        for merchant_id, name, domain, city in views:
            found[merchant_id] = r.Merchant(merchant_id, name, domain, city)
        return found


def split_ref(ref: str, prefix: str, parts: int) -> list[str]:
    """Split ``prefix:a:b...`` into ``parts`` fields after the prefix or raise NotFoundError."""
    fields = ref.split(":")
    if fields[0] != prefix or len(fields) != parts + 1 or not all(fields[1:]):
        raise not_found(ref)
    return fields[1:]


def not_found(ref: str) -> NotFoundError:
    return NotFoundError(f"unknown ref {ref!r}", user_message="没有找到这个商品或场次，请重新搜索")


def by_ref(table: Mapping[str, _R], ref: str, prefix: str) -> _R:
    """The record a one-field ref (``prefix:id``) names in ``table``, or NotFoundError."""
    (key,) = split_ref(ref, prefix, 1)
    record = table.get(key)
    if record is None:
        raise not_found(ref)
    return record


def quantity(value: Any, *, maximum: int = MAX_QUANTITY, unit: str = "份") -> int:
    """A positive whole count up to ``maximum`` (numeric text accepted)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidRequestError(f"bad quantity {value!r}", user_message=f"数量至少为1{unit}")
    if value > maximum:
        raise InvalidRequestError(f"quantity {value} over {maximum}", user_message=f"一次最多{maximum}{unit}")
    return value


def yuan_to_fen(value: Any, *, what: str = "价格") -> int:
    """A frames.md money value (yuan, number or numeric text) in fen."""
    try:
        amount = float(str(value).strip().removesuffix("元").removesuffix("块"))
    except ValueError:
        raise InvalidRequestError(f"bad money {value!r}", user_message=f"{what}“{value}”看不懂") from None
    if amount < 0:
        raise InvalidRequestError(f"negative money {value!r}", user_message=f"{what}不能是负数")
    return round(amount * 100)


def choice(value: Any, valid: Mapping[str, str], *, what: str) -> str:
    """Return ``value`` if it is one of ``valid`` (code -> Chinese label), else list the valid ones."""
    text = str(value).strip()
    if text in valid:
        return text
    for code, label in valid.items():
        if text == label:
            return code
    listed = "、".join(f"{label}({code})" for code, label in valid.items())
    raise InvalidRequestError(f"unknown {what} {value!r}", user_message=f"{what}“{value}”不可选，可选：{listed}")


def text_score(query: str, *names: str) -> int:
    """How well ``query`` names one of ``names``: 100 exact, 90 contained, 85 containing, fuzzy, else 0."""
    needle = query.strip().lower()
    if not needle:
        return 100
    best = 0
    for name in names:
        hay = name.lower()
        if not hay:
            continue
        if needle == hay:
            return 100
        if needle in hay:
            best = max(best, 90)
        elif len(hay) >= 2 and hay in needle:
            best = max(best, 85)
        elif len(needle) >= 3:
            ratio = int(fuzz.ratio(needle, hay))
            if ratio >= FUZZY_THRESHOLD:
                best = max(best, min(ratio, 84) - 10)
    return best


@dataclass(frozen=True)
class Point:
    """A resolved place: a name and where it is."""

    name: str
    city: str
    lat: float
    lng: float


def resolve_point(value: Any, *, city: str | None, what: str) -> Point:
    """A place given as a GeoPoint, a {lat, lng[, name]} mapping, or a landmark/station/airport name."""
    if isinstance(value, GeoPoint):
        return Point("定位点", city or "", value.lat, value.lng)
    if isinstance(value, Mapping) and "lat" in value and "lng" in value:
        return Point(str(value.get("name") or "定位点"), str(value.get("city") or city or ""),
                     float(value["lat"]), float(value["lng"]))
    if isinstance(value, str) and value.strip():
        found = place_by_name(value.strip(), city=city)
        if found is not None:
            return found
    raise NotFoundError(f"unknown place {value!r}", user_message=f"找不到{what}“{value}”，请说一个地标、车站或机场")


def place_by_name(name: str, *, city: str | None) -> Point | None:
    landmark = places.landmark_by_name(name, city=city) or places.landmark_by_name(name)
    if landmark is not None:
        return Point(landmark.name, landmark.city, landmark.lat, landmark.lng)
    station = places.station_by_name(name) or places.station_by_name(name.removesuffix("火车站"))
    if station is not None:
        return Point(f"{station.name}站", station.city, station.lat, station.lng)
    airport = places.airport_by_name(name)
    if airport is not None:
        return Point(airport.name, airport.city, airport.lat, airport.lng)
    town = places.city_by_name(name)
    if town is not None:
        return Point(f"{town.name}市中心", town.name, town.lat, town.lng)
    spot = towns.spot(name, city=city)
    return Point(spot.name, spot.city, spot.lat, spot.lng) if spot is not None else None


def distance(a: Point | GeoPoint, b_lat: float, b_lng: float) -> int:
    return places.distance_m(a.lat, a.lng, b_lat, b_lng)


def locate(address: Address | None, *, city: str) -> GeoPoint:
    """Where a delivery address is: its point, or the place its text names."""
    if address is None:
        raise InvalidRequestError("delivery needs an address", user_message="请告诉我送到哪里（收货地址）")
    if address.point is not None:
        return address.point
    found = place_by_name(address.text, city=address.city or city)
    if found is None:
        raise InvalidRequestError(f"cannot locate {address.text!r}",
                                  user_message=f"没能定位地址“{address.text}”，请换个说法或选一个常用地址")
    return GeoPoint(found.lat, found.lng)


def option_or(options: Mapping[str, Any], name: str, default: Any) -> Any:
    """``options[name]`` unless absent or None (0 stays 0, so it can be refused)."""
    value = options.get(name)
    return default if value is None else value
