"""The embedded geocoder: a place phrase -> Place over the gazetteer, offline and deterministic.

Resolution tries, in order: an exact name (IATA code, city, province, landmark, district), an airport,
a rail station, a landmark, then an address: the most specific division the text names (else the
person's city) with the rest of the text placed inside it by ``geo.placed_near``. docs/places.md
describes the rules.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from bangwo.adapters.geo import gazetteer
from bangwo.adapters.geo.gazetteer import Division, Gazetteer
from bangwo.domain import places
from bangwo.domain.geo import Place, PlaceKind, placed_near
from bangwo.domain.listings import GeoPoint

AREA_KINDS = (PlaceKind.DISTRICT, PlaceKind.COUNTY)
# How far from an area's centre an address inside it may be placed.
RADIUS_M = {PlaceKind.DISTRICT: 2_000.0, PlaceKind.COUNTY: 3_000.0, PlaceKind.CITY: 4_000.0,
            PlaceKind.PROVINCE: 8_000.0}
_LEADING = re.compile(r"^(?:帮我)?(?:送到|送去|前往|去|到|在|从)")
_TRAILING = re.compile(r"(?:附近|这边|那边|那里|这里|一带|周边|旁边|门口|的)+$")
# After a city's short name, these make it part of a street name (南京路, 中山公园), not the city.
_NOT_A_CITY_AFTER = re.compile(r"^[东西南北中]?(?:路|街|大街|大道|道|巷|弄|胡同|里|公园)")
# A phrase with one of these reads as a place (an address, a building, a square), not as chatter.
_PLACE_WORDS = re.compile(
    r"[0-9]+号|路|街|道|巷|弄|胡同|号|楼|厦|广场|中心|小区|花园|公寓|苑|村|镇|乡|大学|学院|医院|酒店|宾馆|"
    r"饭店|商场|商城|超市|公园|景区|站|机场|码头|港|门|桥|寺|塔|馆|园|城|湾|湖|山|府|庄|坊|市场|航站楼|T[0-9]")
_STATION_WORDS = ("火车站", "高铁站", "动车站")
_ONLY_A_PARTICLE = re.compile(r"^(?:边|旁|对面|里|内|外|上|口)$")
_ROADS = ("路", "街", "道")
_MAX_NAME = 20


def clean(text: str) -> str:
    """NFKC (Ｔ２ -> T2), no spaces, without a leading 去/到/在 or a trailing 附近/的."""
    phrase = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return _TRAILING.sub("", _LEADING.sub("", phrase))


@dataclass(frozen=True)
class Hit:
    """Divisions named at ``text[start:end]``."""

    start: int
    end: int
    divisions: tuple[Division, ...]


class EmbeddedGeocoder:
    """Resolves and searches place phrases against the embedded gazetteer (loaded on first use)."""

    def resolve(self, text: str, *, city_hint: str | None = None) -> Place | None:
        phrase = clean(text)
        if not phrase:
            return None
        gaz = gazetteer.load()
        hint = gaz.divisions.city_named(city_hint) if city_hint else None
        steps: tuple[Callable[[Gazetteer, str, Division | None], Place | None], ...] = (
            _exact, _airport, _station, _landmark, _address)
        return next((found for step in steps if (found := step(gaz, phrase, hint)) is not None), None)

    def search(self, text: str, *, city: str | None = None, near: GeoPoint | None = None,
               limit: int = 10) -> list[Place]:
        """Known places whose name holds ``text`` (in ``city`` when given), nearest to ``near`` first;
        when none is known, the resolved place (an address placed in its area), if any."""
        phrase = clean(text)
        if not phrase:
            return []
        gaz = gazetteer.load()
        area = gaz.divisions.city_named(city) if city else None
        key = "站" if phrase in _STATION_WORDS else phrase
        found = [place for place, names in _named_places(gaz, area)
                 if (area is None or place.city == area.short) and any(key in name for name in names)]
        if not found:
            resolved = self.resolve(text, city_hint=city)
            found = [resolved] if resolved is not None else []
        if near is not None:
            found.sort(key=lambda p: places.distance_m(near.lat, near.lng, p.lat, p.lng))
        return found[:limit]


def _named_places(gaz: Gazetteer, area: Division | None) -> Iterator[tuple[Place, tuple[str, ...]]]:
    for landmark in gaz.landmarks:
        yield landmark, (landmark.name,)
    for station in gaz.stations:
        yield station, (station.name,)
    for airport in gaz.airports:
        yield airport.place, (*airport.names, airport.code)
    if area is not None:
        for division in gaz.divisions.by_code.values():
            if division.parent == area.adcode:
                yield gaz.divisions.place(division), (division.name,)


def _exact(gaz: Gazetteer, phrase: str, hint: Division | None) -> Place | None:
    """The whole phrase names something: 首都机场's code, a city, a province, a landmark, a district."""
    divisions = gaz.divisions
    if re.fullmatch(r"[A-Za-z]{3}", phrase):
        airport = next((a for a in gaz.airports if a.code == phrase.upper()), None)
        if airport is not None:
            return airport.place
    named = [*divisions.full_names.get(phrase, []), *divisions.short_names.get(phrase, [])]
    if hint is not None:
        local = [lm for lm in gaz.landmarks if lm.name == phrase and lm.city == hint.short]
        local_areas = [d for d in named if d.kind in AREA_KINDS and divisions.city(d) is hint]
        if local or local_areas:
            return local[0] if local else divisions.place(local_areas[0])
    city = divisions.city_named(phrase)
    if city is not None:
        return divisions.place(city)
    province = next((d for d in named if d.kind is PlaceKind.PROVINCE), None)
    if province is not None:
        return divisions.place(province)
    landmark = min((lm for lm in gaz.landmarks if lm.name == phrase), key=_landmark_rank, default=None)
    if landmark is not None and not (hint is not None and landmark.name.endswith(_ROADS)):
        return landmark
    areas = sorted((d for d in named if d.kind in AREA_KINDS), key=divisions.rank)
    return divisions.place(areas[0]) if areas else None


def _airport(gaz: Gazetteer, phrase: str, hint: Division | None) -> Place | None:
    """虹桥机场T2, 上海浦东机场, 南阳机场; or 机场 in a city (the one named, else the person's)."""
    best = max(((name, a) for a in gaz.airports for name in a.names if name in phrase),
               key=lambda pair: len(pair[0]), default=None)
    if best is not None:
        return _with_detail(best[1].place, gaz, phrase.replace(best[0], "", 1))
    if "机场" not in phrase:
        return None
    city = _city_in(gaz, phrase) or hint
    if city is None:
        return None
    served = {a.code for a in places.airports_in(city.short)}
    airport = next((a for a in gaz.airports if a.code in served or a.place.city == city.short), None)
    return airport.place if airport is not None else None


@functools.cache
def _station_names() -> dict[str, Place]:
    """杭州东站 -> the station; also 虹桥站 for 上海虹桥站 (a name that starts with its city's)."""
    names: dict[str, Place] = {}
    for station in gazetteer.load().stations:
        names.setdefault(station.name, station)
        local = station.name.removeprefix(station.city)
        if local != station.name and len(local) >= 3:
            names.setdefault(local, station)
    return names


def _station(gaz: Gazetteer, phrase: str, hint: Division | None) -> Place | None:
    """杭州东站, 北京南, 南阳站, 虹桥站; or 火车站/高铁站 in a city (its own-named station first)."""
    names = _station_names()
    exact = names.get(phrase + "站")
    if exact is not None:
        return exact
    best = max((name for name in names if name in phrase), key=len, default=None)
    if best is not None:
        return _with_detail(names[best], gaz, phrase.replace(best, "", 1))
    if not any(word in phrase for word in _STATION_WORDS):
        return None
    city = _city_in(gaz, phrase) or hint
    if city is None:
        return None
    own = [s for s in gaz.stations if s.city == city.short]
    return next((s for s in own if s.name == f"{city.short}站"), own[0] if own else None)


def _landmark(gaz: Gazetteer, phrase: str, hint: Division | None) -> Place | None:
    """武林广场, 西湖边; in the city the text names, else in the person's city, else wherever it is
    (a landmark named like a road, 北京路, is not taken from another city than the person's)."""
    named = division_hits(gaz, phrase)
    hits = [lm for lm in gaz.landmarks
            if (at := phrase.find(lm.name)) >= 0 and not _inside_division(named, at, at + len(lm.name))]
    if not hits:
        return None
    longest = max(len(lm.name) for lm in hits)
    candidates = sorted((lm for lm in hits if len(lm.name) == longest), key=_landmark_rank)
    city = _city_in(gaz, phrase)
    if city is not None:
        chosen = next((lm for lm in candidates if lm.city == city.short), None)
    elif hint is not None:
        local = next((lm for lm in candidates if lm.city == hint.short), None)
        chosen = local or (None if candidates[0].name.endswith(_ROADS) else candidates[0])
    else:
        chosen = candidates[0]
    return _with_detail(chosen, gaz, phrase.replace(chosen.name, "", 1)) if chosen is not None else None


def _address(gaz: Gazetteer, phrase: str, hint: Division | None) -> Place | None:
    """The most specific division the text names (else the person's city), the rest placed inside it."""
    hits = division_hits(gaz, phrase)
    area = _choose_area(gaz, hits, hint)
    if area is None and (hint is None or not _PLACE_WORDS.search(phrase)):
        return None
    rest = _without(phrase, hits) if area is not None else phrase
    area = area or hint
    assert area is not None
    if area.kind is PlaceKind.CITY:
        area, rest = _local_area(gaz, area, rest)
    if not rest or not _PLACE_WORDS.search(rest):
        return gaz.divisions.place(area) if rest != phrase else None
    lat, lng = placed_near(f"{area.adcode}/{rest}", lat=area.lat, lng=area.lng, radius_m=RADIUS_M[area.kind])
    return gaz.divisions.in_area(area, rest, lat=lat, lng=lng)


def _without(phrase: str, hits: list[Hit]) -> str:
    """The phrase without the divisions it names (丽江的酒店 -> 酒店)."""
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        phrase = phrase[:hit.start] + phrase[hit.end:]
    return clean(phrase).removeprefix("的")


def _local_area(gaz: Gazetteer, city: Division, rest: str) -> tuple[Division, str]:
    """A district or county of ``city`` named by its short name at the start of ``rest``
    (重庆万州 -> 万州区, 杭州余杭文一西路 -> 余杭区), and what follows it."""
    for end in range(min(len(rest), _MAX_NAME), 1, -1):
        if _NOT_A_CITY_AFTER.match(rest[end:]):
            continue
        local = [d for d in gaz.divisions.short_names.get(rest[:end], [])
                 if d.kind in AREA_KINDS and gaz.divisions.city(d) is city]
        if local:
            return local[0], clean(rest[end:])
    return city, rest


def division_hits(gaz: Gazetteer, phrase: str) -> list[Hit]:
    """The divisions a phrase names, longest first at each position, not overlapping: full names of
    any division (杭州市, 西湖区, 和县), short names of cities and provinces (丽江, 浙江)."""
    hits, start = [], 0
    while start < len(phrase):
        for end in range(min(len(phrase), start + _MAX_NAME), start + 1, -1):
            found = _named_at(gaz, phrase[start:end], phrase[end:])
            if found:
                hits.append(Hit(start, end, found))
                start = end
                break
        else:
            start += 1
    return hits


def _named_at(gaz: Gazetteer, name: str, after: str) -> tuple[Division, ...]:
    divisions = gaz.divisions
    full = [d for d in divisions.full_names.get(name, []) if not (len(name) < 3 and name.endswith("区"))]
    if full:
        return tuple(full)
    if _NOT_A_CITY_AFTER.match(after):
        return ()
    short = [d for d in divisions.short_names.get(name, []) if d.kind in (PlaceKind.CITY, PlaceKind.PROVINCE)]
    if any(d.kind is PlaceKind.PROVINCE for d in short):     # 海南 the province, not 海南州; 吉林 the city
        short = [d for d in short if d.kind is PlaceKind.PROVINCE or d.name.endswith("市")]
    return tuple(short)


def _choose_area(gaz: Gazetteer, hits: list[Hit], hint: Division | None) -> Division | None:
    """The most specific named division consistent with the others named (杭州 + 西湖区 -> 杭州's),
    ties broken by the person's city, then the big cities first."""
    divisions = gaz.divisions
    named = [d for hit in hits for d in hit.divisions]
    cities = {d.adcode for d in named if d.kind is PlaceKind.CITY}
    provinces = {d.adcode[:2] for d in named if d.kind is PlaceKind.PROVINCE}

    def fits(d: Division) -> bool:
        return ((not cities or divisions.city(d).adcode in cities)
                and (not provinces or d.adcode[:2] in provinces))

    def order(d: Division) -> tuple[bool, tuple[int, str]]:
        return divisions.city(d) is not hint, divisions.rank(d)

    for kinds in (AREA_KINDS, (PlaceKind.CITY,), (PlaceKind.PROVINCE,)):
        fitting = sorted((d for d in named if d.kind in kinds and fits(d)), key=order)
        if fitting:
            return fitting[0]
    return None


def _city_in(gaz: Gazetteer, phrase: str) -> Division | None:
    """The city a phrase names, if it names one (杭州的机场, 上海南京路)."""
    area = _choose_area(gaz, division_hits(gaz, phrase), None)
    if area is None or area.kind is PlaceKind.PROVINCE:
        return None
    return gaz.divisions.city(area)


def _inside_division(hits: list[Hit], start: int, end: int) -> bool:
    """西湖 in 西湖区, 浦东 in 浦东新区: the landmark's name is part of a longer division name."""
    return any(hit.start <= start and hit.end > end for hit in hits)


def _landmark_rank(landmark: Place) -> int:
    return next((i for i, c in enumerate(places.CITIES) if c.name == landmark.city), len(places.CITIES))


def _with_detail(place: Place, gaz: Gazetteer, rest: str) -> Place:
    """The place with what else the text said (T2, 2号口), city names and particles left out."""
    detail = _without(rest, division_hits(gaz, rest))
    if not detail or _ONLY_A_PARTICLE.match(detail):
        return place
    return replace(place, detail=detail, display=f"{place.display} {detail}")
