"""The embedded gazetteer: divisions, stations, airports and landmarks of mainland China, loaded on first use.

Divisions, generated stations and extra airports come from ``data/*.csv`` (built by ``build_gazetteer``;
sources in ``data/SOURCE.md``); the curated stations, airports and landmarks of ``domain/places.py`` are
kept as they are and win over generated ones.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from bangwo.domain import places
from bangwo.domain.geo import Place, PlaceKind

_MUNICIPALITIES = ("11", "12", "31", "50")
_PLACES_ORDER = {city.name: i for i, city in enumerate(places.CITIES)}


@dataclass(frozen=True)
class Division:
    """One administrative division: ``name`` in full (丽江市), ``short`` as people say it (丽江)."""

    adcode: str
    kind: PlaceKind
    name: str
    short: str
    parent: str
    lat: float
    lng: float
    approximate: bool


class Divisions:
    """Lookups over the divisions: by code, by full or short name, up to the city and the province."""

    def __init__(self, divisions: Iterable[Division]) -> None:
        self.by_code = {d.adcode: d for d in divisions}
        self.full_names: dict[str, list[Division]] = {}
        self.short_names: dict[str, list[Division]] = {}
        for division in self.by_code.values():
            self.full_names.setdefault(division.name, []).append(division)
            self.short_names.setdefault(division.short, []).append(division)
        self._city_short = {d.short: d for d in self.by_code.values() if d.kind is PlaceKind.CITY}

    def city(self, division: Division) -> Division:
        """The city a division belongs to (itself for a city; a county under its province directly: itself)."""
        if division.kind in (PlaceKind.DISTRICT, PlaceKind.COUNTY):
            parent = self.by_code[division.parent]
            return parent if parent.kind is PlaceKind.CITY else division
        return division

    def province(self, division: Division) -> Division:
        return self.by_code[division.adcode[:2] + "0000"]

    def city_named(self, text: str) -> Division | None:
        """The city called ``text``: 丽江, 丽江市, 黔南州, or a places.py nickname (帝都); a province's short
        name names a city only when the city is a 市 (吉林 is the city, 海南 is the province)."""
        text = text.strip()
        known = places.city_by_name(text)
        if known is not None:
            text = known.name
        found = self._city_short.get(text) or next(
            (d for d in self.full_names.get(text, []) if d.kind is PlaceKind.CITY), None)
        if found is None and text.endswith("州"):                  # 黔南州, 大理州
            found = self._city_short.get(text.removesuffix("州"))
        if found is None:
            return None
        names_province = any(d.kind is PlaceKind.PROVINCE for d in self.short_names.get(text, []))
        return None if names_province and not found.name.endswith("市") else found

    def rank(self, division: Division) -> tuple[int, str]:
        """Orders equally named divisions: those of the big cities places.py knows first, then by code."""
        return _PLACES_ORDER.get(self.city(division).short, len(_PLACES_ORDER)), division.adcode

    def area_display(self, division: Division) -> str:
        """杭州市西湖区, 云南省丽江市, 北京市, 海南省定安县: how an area is written before a street."""
        province = self.province(division)
        if division.kind is PlaceKind.PROVINCE or (division.kind is PlaceKind.CITY
                                                   and division.adcode[:2] in _MUNICIPALITIES):
            return division.name
        city = self.city(division)
        return (province if city is division else city).name + division.name

    def place(self, division: Division) -> Place:
        """The division as a Place (its centre: usually the seat of its government)."""
        city = self.city(division)
        is_area = division.kind in (PlaceKind.DISTRICT, PlaceKind.COUNTY)
        return Place(name=division.name, kind=division.kind,
                     city="" if division.kind is PlaceKind.PROVINCE else city.short,
                     province=self.province(division).short, lat=division.lat, lng=division.lng,
                     district=division.name if is_area else "", adcode=division.adcode,
                     display=self.area_display(division), approximate=division.approximate)

    def in_area(self, division: Division, name: str, *, lat: float, lng: float, detail: str = "") -> Place:
        """A street or an unknown place inside ``division`` at (lat, lng), marked approximate."""
        base = self.place(division)
        return Place(name=name, kind=PlaceKind.STREET, city=base.city, province=base.province, lat=lat, lng=lng,
                     district=base.district, adcode=base.adcode, display=f"{base.display} {name}",
                     detail=detail, approximate=True)


@dataclass(frozen=True)
class AirportNames:
    """Every name an airport answers to: its name, its aliases and its IATA code."""

    place: Place
    code: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    """The divisions and the named places in them; build it with :func:`load`."""

    divisions: Divisions
    stations: tuple[Place, ...]
    airports: tuple[AirportNames, ...]
    landmarks: tuple[Place, ...]


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = resources.files("bangwo.adapters.geo").joinpath("data", name).read_text(encoding="utf-8")
    yield from csv.DictReader(text.splitlines())


def _divisions() -> Divisions:
    return Divisions(Division(r["adcode"], PlaceKind(r["kind"]), r["name"], r["short"], r["parent"],
                              float(r["lat"]), float(r["lng"]), r["src"] == "p") for r in _rows("divisions.csv"))


def _named(divisions: Divisions, city: str, kind: PlaceKind, name: str, lat: float, lng: float, *,
           approximate: bool = False) -> Place:
    division = divisions.city_named(city)
    assert division is not None, f"{city} is not in the gazetteer"
    return Place(name=name, kind=kind, city=division.short, province=divisions.province(division).short,
                 lat=lat, lng=lng, adcode=division.adcode, display=f"{divisions.area_display(division)} {name}",
                 approximate=approximate)


def _stations(divisions: Divisions) -> Iterator[Place]:
    for s in places.STATIONS:
        yield _named(divisions, s.city, PlaceKind.STATION, f"{s.name}站", s.lat, s.lng)
    for row in _rows("stations.csv"):
        city = divisions.city(divisions.by_code[row["adcode"]])
        yield _named(divisions, city.short, PlaceKind.STATION, f"{row['name']}站", float(row["lat"]),
                     float(row["lng"]), approximate=True)


def _airports(divisions: Divisions) -> Iterator[AirportNames]:
    for a in places.AIRPORTS:
        yield AirportNames(_named(divisions, a.city, PlaceKind.AIRPORT, a.name, a.lat, a.lng), a.code,
                           (a.name, *a.aliases))
    for row in _rows("airports.csv"):
        division = divisions.by_code[row["adcode"]]
        city = divisions.city(division)
        place = _named(divisions, city.short, PlaceKind.AIRPORT, row["name"], float(row["lat"]), float(row["lng"]))
        if division is not city:
            place = dataclasses.replace(place, district=division.name, adcode=division.adcode)
        aliases = tuple(a for a in row["aliases"].split("|") if a)
        yield AirportNames(place, row["code"], (row["name"], *aliases))


def _landmarks(divisions: Divisions) -> Iterator[Place]:
    """places.py's landmarks, except its "districts" that are divisions (余杭 is 余杭区, 下沙 stays)."""
    for lm in places.LANDMARKS:
        city = divisions.city_named(lm.city)
        same = [d for d in divisions.short_names.get(lm.name, []) if city is not None and divisions.city(d) is city]
        if lm.kind != "district" or not same:
            yield _named(divisions, lm.city, PlaceKind.LANDMARK, lm.name, lm.lat, lm.lng)


@functools.cache
def load() -> Gazetteer:
    """Read the data files once per process (about 3,200 divisions; a few tens of milliseconds)."""
    divisions = _divisions()
    landmarks = _landmarks(divisions)
    return Gazetteer(divisions, tuple(_stations(divisions)), tuple(_airports(divisions)), tuple(landmarks))
