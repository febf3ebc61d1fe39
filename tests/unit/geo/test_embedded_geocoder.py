"""The embedded geocoder: cities, districts, stations, airports and addresses, offline and deterministic."""

from __future__ import annotations

import pytest

from bangwo.adapters.geo.embedded import RADIUS_M, EmbeddedGeocoder
from bangwo.domain import places
from bangwo.domain.geo import Place, PlaceKind
from bangwo.domain.listings import GeoPoint

geocoder = EmbeddedGeocoder()


def resolved(text: str, city_hint: str | None = None) -> Place:
    place = geocoder.resolve(text, city_hint=city_hint)
    assert place is not None, f"{text!r} did not resolve"
    return place


@pytest.mark.parametrize(("text", "province", "adcode", "lat", "lng"), [
    ("丽江", "云南", "530700", 26.855047, 100.22775),
    ("南阳", "河南", "411300", 32.990664, 112.528308),
    ("九江市", "江西", "360400", 29.662117, 115.952914),
    ("遵义", "贵州", "520300", 27.725654, 106.927389),
])
def test_cities_outside_the_41_known_resolve_with_coordinates(
        text: str, province: str, adcode: str, lat: float, lng: float) -> None:
    place = resolved(text, city_hint="杭州")
    assert (place.kind, place.city, place.province, place.adcode) == (
        PlaceKind.CITY, text.removesuffix("市"), province, adcode)
    assert (place.lat, place.lng, place.approximate) == (lat, lng, False)
    assert place.display == f"{province}省{place.name}"


def test_a_street_without_district_lands_in_the_home_city() -> None:
    place = resolved("天目山路200号", city_hint="杭州")
    assert (place.kind, place.name, place.city, place.province, place.district, place.adcode) == (
        PlaceKind.STREET, "天目山路200号", "杭州", "浙江", "", "330100")
    assert place.display == "浙江省杭州市 天目山路200号"
    assert place.approximate
    hangzhou = resolved("杭州")
    assert places.distance_m(hangzhou.lat, hangzhou.lng, place.lat, place.lng) <= RADIUS_M[PlaceKind.CITY] + 1


def test_a_named_district_places_the_street_in_that_district() -> None:
    place = resolved("徐汇区漕溪北路88号", city_hint="杭州")
    assert (place.kind, place.name, place.city, place.province, place.district, place.adcode) == (
        PlaceKind.STREET, "漕溪北路88号", "上海", "上海", "徐汇区", "310104")
    assert place.display == "上海市徐汇区 漕溪北路88号"
    xuhui = resolved("徐汇区")
    assert (xuhui.kind, xuhui.lat, xuhui.lng) == (PlaceKind.DISTRICT, 31.188464, 121.436128)
    assert places.distance_m(xuhui.lat, xuhui.lng, place.lat, place.lng) <= RADIUS_M[PlaceKind.DISTRICT] + 1


def test_the_city_named_decides_between_districts_of_the_same_name() -> None:
    assert resolved("杭州市西湖区天目山路200号").adcode == "330106"
    assert resolved("南昌西湖区象山南路1号").adcode == "360103"
    assert resolved("西湖区象山南路1号", city_hint="南昌").adcode == "360103"
    assert resolved("西湖区").adcode == "330106"      # without a city: the big city places.py knows first


def test_an_airport_with_its_terminal() -> None:
    place = resolved("虹桥机场T2", city_hint="杭州")
    assert (place.kind, place.name, place.city, place.detail, place.lat, place.lng) == (
        PlaceKind.AIRPORT, "虹桥机场", "上海", "T2", 31.1979, 121.3363)
    assert place.display == "上海市 虹桥机场 T2"
    assert resolved("上海浦东机场2号航站楼").detail == "2号航站楼"
    assert resolved("pek").name == "首都机场"


def test_airports_and_main_stations_of_cities_outside_places_py() -> None:
    airport = resolved("南阳机场")
    assert (airport.kind, airport.city, airport.lat, airport.lng) == (PlaceKind.AIRPORT, "南阳", 32.9808, 112.615)
    assert resolved("机场", city_hint="九江").name == "九江机场"
    station = resolved("遵义站")
    assert (station.kind, station.city, station.approximate) == (PlaceKind.STATION, "遵义", True)
    assert resolved("去火车站", city_hint="南阳").name == "南阳站"
    assert resolved("杭州火车站").name == "杭州站"
    assert resolved("虹桥站").name == "上海虹桥站"
    assert (resolved("北京南").lat, resolved("北京南").lng) == (39.8652, 116.3786)


def test_an_unknown_place_without_district_lands_in_the_home_city() -> None:
    place = resolved("来福士广场", city_hint="南阳")
    assert (place.kind, place.city, place.adcode, place.display) == (
        PlaceKind.STREET, "南阳", "411300", "河南省南阳市 来福士广场")
    assert geocoder.resolve("深南大道某大厦", city_hint=None) is None
    assert resolved("深南大道某大厦", city_hint="深圳").city == "深圳"


def test_landmarks_known_to_places_py() -> None:
    assert (resolved("武林广场", city_hint="上海").city, resolved("武林广场").lat) == ("杭州", 30.2745)
    assert resolved("上海南京路").kind is PlaceKind.LANDMARK
    assert resolved("到西湖边").name == "西湖"
    # A road-named landmark of another city is not taken: 北京路 said in 上海 is a street of 上海.
    assert (resolved("北京路", city_hint="上海").kind, resolved("北京路", city_hint="上海").city) == (
        PlaceKind.STREET, "上海")
    assert resolved("北京路", city_hint="广州").kind is PlaceKind.LANDMARK


def test_short_names_follow_the_persons_city() -> None:
    assert resolved("朝阳", city_hint="北京").adcode == "110105"      # 北京朝阳区
    assert resolved("朝阳").adcode == "211300"                        # 辽宁朝阳市
    assert resolved("余杭文一西路969号", city_hint="杭州").adcode == "330110"
    assert resolved("重庆万州").adcode == "500101"
    assert resolved("海南").kind is PlaceKind.PROVINCE
    assert resolved("吉林").kind is PlaceKind.CITY


def test_chatter_is_not_a_place() -> None:
    assert geocoder.resolve("你好", city_hint="杭州") is None
    assert geocoder.resolve("明天", city_hint=None) is None
    assert geocoder.resolve("   ", city_hint="杭州") is None


def test_placement_is_stable() -> None:
    first = resolved("漕溪北路88号", city_hint="上海")
    again = EmbeddedGeocoder().resolve("漕溪北路88号", city_hint="上海")
    assert again == first
    assert resolved("漕溪北路90号", city_hint="上海") != first


def test_search_lists_known_places_nearest_first() -> None:
    airports = geocoder.search("机场", city="上海", near=GeoPoint(31.1979, 121.3363))
    assert [p.name for p in airports] == ["虹桥机场", "浦东机场"]
    squares = geocoder.search("广场", city="杭州")
    assert [p.name for p in squares] == ["武林广场"]
    stations = geocoder.search("火车站", city="南阳")
    assert [p.name for p in stations] == ["南阳站"]


def test_search_for_an_unknown_place_places_it() -> None:
    found = geocoder.search("来福士广场", city="南阳")
    assert [(p.kind, p.city) for p in found] == [(PlaceKind.STREET, "南阳")]
    assert geocoder.search("你好", city="南阳") == []
