from __future__ import annotations

from collections import Counter

import pytest

from bangwo.domain import places


def test_cities_cover_the_country_with_nicknames() -> None:
    assert len(places.CITIES) >= 30
    assert len({c.name for c in places.CITIES}) == len(places.CITIES)
    for nickname, name in [("帝都", "北京"), ("魔都", "上海"), ("蓉城", "成都"), ("羊城", "广州"), ("鹏城", "深圳"),
                           ("山城", "重庆"), ("杭城", "杭州"), ("冰城", "哈尔滨"), ("泉城", "济南"),
                           ("杭州市", "杭州"), ("乌鲁木齐市", "乌鲁木齐")]:
        city = places.city_by_name(nickname)
        assert city is not None and city.name == name
    assert places.city_by_name("火星") is None


def test_aliases_are_unambiguous() -> None:
    names = [n for c in places.CITIES for n in (c.name, *c.aliases)]
    assert [n for n, k in Counter(names).items() if k > 1] == []


def test_every_city_has_stations_airports_and_landmarks() -> None:
    per_city = Counter(lm.city for lm in places.LANDMARKS)
    for city in places.CITIES:
        assert places.stations_in(city.name), city.name
        assert places.airports_in(city.name), city.name
        assert per_city[city.name] >= (5 if city.name in places.BIG_CITIES else 2), city.name
    assert {lm.kind for lm in places.LANDMARKS} == {"landmark", "area", "district", "university", "business"}


def test_places_are_found_by_their_everyday_names() -> None:
    assert places.airport_by_name("首都机场").code == "PEK"  # type: ignore[union-attr]
    assert places.airport_by_name("pvg").city == "上海"  # type: ignore[union-attr]
    assert places.airport_by_name("天府国际机场").code == "TFU"  # type: ignore[union-attr]
    assert places.station_by_name("杭州东站").city == "杭州"  # type: ignore[union-attr]
    assert places.landmark_by_name("西湖", city="杭州") is not None
    assert places.landmark_by_name("解放碑").city == "重庆"  # type: ignore[union-attr]
    assert [a.code for a in places.airports_in("苏州")] == ["WUX"]


def test_distance_is_haversine_in_metres() -> None:
    hangzhou, beijing = places.city_by_name("杭州"), places.city_by_name("北京")
    assert hangzhou is not None and beijing is not None
    assert places.distance_m(hangzhou.lat, hangzhou.lng, hangzhou.lat, hangzhou.lng) == 0
    assert places.distance_m(hangzhou.lat, hangzhou.lng, beijing.lat, beijing.lng) == pytest.approx(1_123_000,
                                                                                                    rel=0.01)
    assert places.distance_m(0, 0, 0, 1) == 111_195
