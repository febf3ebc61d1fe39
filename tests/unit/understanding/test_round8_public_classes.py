"""Failure classes of issue 12, round 8, seen in public dialogue text (CrossWOZ validation split, read as
classes only): a grade word shared by rides and stays said apart from the stay it grades (舒适型，…的酒店,
经济型可以寄存行李的酒店), and a ride whose ends carry a branch printed in brackets as apps print it
(汉庭酒店（北京站店）), whose city or station names the branch, not the trip.

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON


def _frames(engine: Engine, text: str, now: datetime = FRIDAY_NOON) -> list[tuple[str, str, dict[str, Any]]]:
    return [(f.domain, f.intent, dict(f.slots)) for f in engine.understand(text, now=now).frames]


@pytest.mark.parametrize("text", [
    "麻烦找一家豪华型，带泳池和健身房的酒店",
    "想订个舒适型、有早餐、离地铁近的宾馆",
    "給我找間經濟型可以停車的飯店，住兩晚",
    "帮我看看经济型又干净一点的民宿",
])
def test_a_grade_word_said_apart_from_the_stay_grades_the_stay(engine: Engine, text: str) -> None:
    frames = _frames(engine, text)
    assert [d for d, _, _ in frames] == ["hotel"]
    assert "car_type" not in frames[0][2]


@pytest.mark.parametrize(("text", "car_type"), [
    ("叫个舒适型，送我去喜来登酒店", "comfort"),
    ("约一辆经济型的车，到全季酒店", "economy"),
])
def test_a_grade_word_of_a_ride_called_stays_a_car_type(engine: Engine, text: str, car_type: str) -> None:
    frames = _frames(engine, text)
    assert frames[0][0] == "taxi"
    assert frames[0][2]["car_type"] == car_type


def test_a_branch_in_brackets_is_part_of_the_ride_start(engine: Engine) -> None:
    frames = _frames(engine, "从亚朵酒店（上海虹桥站店）去静安寺")
    assert frames == [("taxi", "order", {"from": "亚朵酒店(上海虹桥站店)", "to": "静安寺"})]


def test_a_branch_in_brackets_is_part_of_the_ride_end(engine: Engine) -> None:
    domain, _, slots = _frames(engine, "打车去外婆家(杭州武林广场店)")[0]
    assert domain == "taxi"
    assert slots["to"] == "外婆家(杭州武林广场店)"


def test_a_city_inside_a_branch_makes_no_trip(engine: Engine) -> None:
    frames = _frames(engine, "我要从锦江之星(广州火车站店)打车到陶陶居(上下九店)")
    assert [d for d, _, _ in frames] == ["taxi"]
    assert frames[0][2]["to"] == "陶陶居(上下九店)"
    assert "to_city" not in frames[0][2] and "city" not in frames[0][2]
