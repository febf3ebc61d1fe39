"""The gazetteer as the catalog sees it: the country's cities beyond places.py, and names the desks resolve.

A *town* is a prefecture-level city (or a municipality) of the embedded gazetteer that places.py does not
list and that has a rail station or an airport: 南阳, 遵义, 九江, 阿坝... Its areas are the districts
nearest its centre (its main station or airport when it has no district). Loaded on first use, once.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from bangwo.adapters.geo import gazetteer
from bangwo.adapters.geo.embedded import EmbeddedGeocoder
from bangwo.adapters.geo.gazetteer import Division
from bangwo.domain import places
from bangwo.domain.geo import PlaceKind

AREAS_PER_TOWN = 3
_MUNICIPALITIES = ("11", "12", "31", "50")
SEAT_STATIONS: tuple[tuple[str, str, str], ...] = (
    ("黔东南", "凯里南", "凯里市"), ("黔南", "都匀东", "都匀市"), ("黔西南", "兴义", "兴义市"), ("凉山", "西昌", "西昌市"),
    ("延边", "延吉西", "延吉市"), ("湘西", "吉首", "吉首市"), ("海西", "格尔木", "格尔木市"),
    ("巴音郭楞", "库尔勒", "库尔勒市"), ("伊犁", "伊宁", "伊宁市"), ("博尔塔拉", "博乐", "博乐市"),
    ("兴安", "乌兰浩特", "乌兰浩特市"), ("锡林郭勒", "锡林浩特", "锡林浩特市"), ("西双版纳", "西双版纳", "景洪市"),
    ("迪庆", "香格里拉", "香格里拉市"), ("海北", "门源", "门源回族自治县"), ("红河", "蒙自", "蒙自市"),
    ("克孜勒苏", "阿图什", "阿图什市"),
)
"""(prefecture, station, the county it is in): main stations the gazetteer misses because they are not
named after their prefecture (hand-written from public knowledge; placed at the county's centre)."""
_PLAIN_AREAS = frozenset(("东区", "西区", "郊区", "城区", "矿区", "市中区"))
"""District names too plain to name a branch after (they would read as any city's part)."""
_NAMED = (PlaceKind.CITY, PlaceKind.DISTRICT, PlaceKind.COUNTY, PlaceKind.STATION, PlaceKind.AIRPORT,
          PlaceKind.LANDMARK)


@dataclass(frozen=True)
class Area:
    """A named part of a town where supply is placed (a district, its station or airport), and what a
    branch there is called after (南阳卧龙区 for 卧龙区, 南阳空港 for 南阳机场)."""

    name: str
    branch: str
    lat: float
    lng: float


@dataclass(frozen=True)
class Town:
    """A city of the gazetteer that the 41 cities of places.py do not cover."""

    name: str
    province: str
    adcode: str
    lat: float
    lng: float
    stations: tuple[places.Station, ...]
    airports: tuple[places.Airport, ...]
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class Spot:
    """A place a desk resolved by name: what to call it, its city and where it is."""

    name: str
    city: str
    lat: float
    lng: float


@functools.cache
def towns() -> tuple[Town, ...]:
    """Every town, by adcode (the order generation draws in)."""
    gaz = gazetteer.load()
    known = {c.name for c in places.CITIES}
    stations: dict[str, list[places.Station]] = {}
    for s in gaz.stations:
        stations.setdefault(s.city, []).append(places.Station(s.name.removesuffix("站"), s.city, s.lat, s.lng))
    for prefecture, name, county in SEAT_STATIONS:
        seat = gaz.divisions.full_names[county][0]
        stations.setdefault(prefecture, []).append(places.Station(name, prefecture, seat.lat, seat.lng))
    airports: dict[str, list[places.Airport]] = {}
    for a in gaz.airports:
        airports.setdefault(a.place.city, []).append(places.Airport(a.code, a.place.name, a.place.city,
                                                                    a.names[1:], a.place.lat, a.place.lng))
    children: dict[str, list[Division]] = {}
    for division in gaz.divisions.by_code.values():
        children.setdefault(division.parent, []).append(division)
    found = []
    for city in sorted(gaz.divisions.by_code.values(), key=lambda d: d.adcode):
        if city.kind is not PlaceKind.CITY or city.short in known or not _prefecture(city):
            continue
        own_stations, own_airports = tuple(stations.get(city.short, ())), tuple(airports.get(city.short, ()))
        if own_stations or own_airports:
            found.append(Town(city.short, gaz.divisions.province(city).short, city.adcode, city.lat, city.lng,
                              own_stations, own_airports,
                              _areas(city, children.get(city.adcode, []), own_stations, own_airports)))
    return tuple(found)


@functools.cache
def by_name() -> Mapping[str, Town]:
    return {town.name: town for town in towns()}


def _prefecture(city: Division) -> bool:
    """Prefecture level or a municipality: not 雄安新区, not a county-level city under its province."""
    return city.adcode[:2] in _MUNICIPALITIES or city.adcode[2:4] != "90"


def _areas(city: Division, children: list[Division], stations: tuple[places.Station, ...],
           airports: tuple[places.Airport, ...]) -> tuple[Area, ...]:
    """The districts (else counties) nearest the centre; a town without any: its station or airport."""
    districts = [d for d in children if d.kind is PlaceKind.DISTRICT and d.name not in _PLAIN_AREAS] or [
        d for d in children if d.kind is PlaceKind.COUNTY]
    districts.sort(key=lambda d: (places.distance_m(city.lat, city.lng, d.lat, d.lng), d.adcode))
    areas = [Area(d.name, f"{city.short}{d.name}", d.lat, d.lng) for d in districts[:AREAS_PER_TOWN]]
    return tuple(areas) or (*map(station_area, stations[:1]), *map(airport_area, airports[:1]))[:1]


def station_area(station: places.Station) -> Area:
    """Branches by a station are called after it with its town (黔东南凯里南站店, never a bare 南站)."""
    branch = f"{station.name}站" if station.name == station.city else f"{station.city}{station.name}站"
    return Area(f"{station.name}站", branch, station.lat, station.lng)


def airport_area(airport: places.Airport) -> Area:
    """Branches by an airport are called after the town's 空港 (南阳空港), never a bare 机场."""
    return Area(airport.name, f"{airport.city}空港", airport.lat, airport.lng)


def city_named(text: str) -> str | None:
    """The standard short name of the city ``text`` names (南阳市 -> 南阳, 黔南州 -> 黔南), if any."""
    city = gazetteer.load().divisions.city_named(text)
    return city.short if city is not None else None


@functools.cache
def _airports_by_code() -> Mapping[str, places.Airport]:
    return {a.code: a for town in towns() for a in town.airports}


def airport(code: str) -> places.Airport | None:
    """A town's airport by its IATA code (places.py's airports are not repeated here)."""
    return _airports_by_code().get(code.strip().upper())


def spot(name: str, *, city: str | None) -> Spot | None:
    """A named place of the gazetteer (a city, district, county, station, airport or landmark) in
    ``city`` when given; never a street placed by guesswork."""
    found = EmbeddedGeocoder().resolve(name, city_hint=city)
    if found is None or found.kind not in _NAMED:
        return None
    label = f"{found.city}市中心" if found.kind is PlaceKind.CITY else found.name
    return Spot(label, found.city, found.lat, found.lng)


def adcode(city: str) -> str:
    """The adcode of a city of places.py or of a town (330100 for 杭州)."""
    found = gazetteer.load().divisions.city_named(city)
    if found is None:
        raise LookupError(f"{city} is not in the gazetteer")
    return found.adcode


@functools.cache
def _cities() -> Mapping[str, tuple[tuple[float, float], tuple[places.Airport, ...], tuple[places.Station, ...]]]:
    """Every city by its standard name: where it is, its airports and its stations."""
    found = {c.name: ((c.lat, c.lng), places.airports_in(c.name), places.stations_in(c.name))
             for c in places.CITIES}
    found.update({t.name: ((t.lat, t.lng), t.airports, t.stations) for t in towns()})
    return found


def point(city: str) -> tuple[float, float]:
    """Where a city of places.py or a town is (its centre)."""
    return _cities()[city][0]


def airports_of(city: str) -> tuple[places.Airport, ...]:
    """The airports serving a city of places.py or a town."""
    return _cities()[city][1]


def stations_of(city: str) -> tuple[places.Station, ...]:
    """The rail stations of a city of places.py or a town, main station first."""
    return _cities()[city][2]
