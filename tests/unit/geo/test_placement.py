"""Deterministic placement of addresses nobody surveyed, and places kept as JSON."""

from __future__ import annotations

from bangwo.domain import places
from bangwo.domain.geo import Place, PlaceKind, placed_near


def test_the_same_text_lands_on_the_same_point_inside_the_radius() -> None:
    centre = (30.246920, 120.209789)
    points = {}
    for n in range(500):
        text = f"330100/天目山路{n}号"
        lat, lng = placed_near(text, lat=centre[0], lng=centre[1], radius_m=2_000)
        assert (lat, lng) == placed_near(text, lat=centre[0], lng=centre[1], radius_m=2_000)
        assert places.distance_m(centre[0], centre[1], lat, lng) <= 2_001
        points[text] = (lat, lng)
    assert len(set(points.values())) == 500
    farthest = max(places.distance_m(*centre, *p) for p in points.values())
    assert farthest > 1_800            # spread over the disc, not bunched at the centre


def test_a_known_point_never_moves() -> None:
    assert placed_near("330100/天目山路200号", lat=30.24692, lng=120.209789, radius_m=4_000) == (
        30.254729, 120.234593)


def test_a_place_survives_json() -> None:
    place = Place(name="虹桥机场", kind=PlaceKind.AIRPORT, city="上海", province="上海", lat=31.1979, lng=121.3363,
                  adcode="310100", display="上海市 虹桥机场 T2", detail="T2")
    assert Place.from_json(place.to_json()) == place
    assert place.to_json()["kind"] == "airport"
