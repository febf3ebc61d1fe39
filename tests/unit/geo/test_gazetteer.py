"""The shipped gazetteer: complete for mainland China, consistent with places.py, coordinates where they belong."""

from __future__ import annotations

import pytest

from bangwo.adapters.geo import gazetteer
from bangwo.adapters.geo.build_gazetteer import short_name
from bangwo.domain import places
from bangwo.domain.geo import PlaceKind

NATIONS = ("布依族", "苗族", "傣族", "维吾尔族", "回族", "壮族", "蒙古族", "藏族", "土家族")


def test_every_province_and_the_prefecture_level_cities_are_there() -> None:
    divisions = gazetteer.load().divisions.by_code.values()
    counts = {kind: sum(1 for d in divisions if d.kind is kind) for kind in PlaceKind}
    assert counts[PlaceKind.PROVINCE] == 31
    assert counts[PlaceKind.CITY] == 359     # 333 prefecture level + 雄安新区, 4 municipalities, 21 under provinces
    assert counts[PlaceKind.DISTRICT] + counts[PlaceKind.COUNTY] == 2828


def test_places_py_cities_are_gazetteer_cities_with_their_stations_and_airports() -> None:
    gaz = gazetteer.load()
    for city in places.CITIES:
        division = gaz.divisions.city_named(city.name)
        assert division is not None and division.short == city.name
        assert gaz.divisions.province(division).short == city.province
        assert [s.name for s in gaz.stations if s.city == city.name][:len(places.stations_in(city.name))] == [
            f"{s.name}站" for s in places.stations_in(city.name)]


def test_every_prefecture_level_city_has_a_rail_station() -> None:
    gaz = gazetteer.load()
    with_station = {s.city for s in gaz.stations}
    cities = [d for d in gaz.divisions.by_code.values()
              if d.kind is PlaceKind.CITY and d.name.endswith("市") and not d.approximate]
    assert [c.name for c in cities if c.short not in with_station] == []
    names = [s.name for s in gaz.stations]
    assert len(names) == len(set(names)) == 367


def test_coordinates_lie_in_china_and_near_their_city() -> None:
    gaz = gazetteer.load()
    for division in gaz.divisions.by_code.values():
        assert 3 < division.lat < 54 and 73 < division.lng < 136, division
        city = gaz.divisions.city(division)
        assert places.distance_m(division.lat, division.lng, city.lat, city.lng) <= 900_000, division
    for airport in gaz.airports:          # matched to a division by pinyin: never far from it
        division = gaz.divisions.by_code[airport.place.adcode]
        assert places.distance_m(division.lat, division.lng, airport.place.lat, airport.place.lng) <= 400_000


def test_airport_names_are_unique() -> None:
    names = [name for airport in gazetteer.load().airports for name in airport.names]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("name", "short"), [
    ("黔南布依族苗族自治州", "黔南"), ("西双版纳傣族自治州", "西双版纳"), ("新疆维吾尔自治区", "新疆"),
    ("内蒙古自治区", "内蒙古"), ("宁夏回族自治区", "宁夏"), ("西湖区", "西湖"), ("丽江市", "丽江"),
    ("浦东新区", "浦东"), ("大兴安岭地区", "大兴安岭"), ("酉阳土家族苗族自治县", "酉阳"), ("和县", "和县"),
])
def test_short_names_are_what_people_say(name: str, short: str) -> None:
    assert short_name(name, NATIONS) == short
