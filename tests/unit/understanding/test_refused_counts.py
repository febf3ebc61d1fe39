"""Counts and sums no order can take are left out of the slots and exposed as refused (sentences of our own)."""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from bangwo.understanding.quantities import refusals
from bangwo.understanding.readings import Reading
from tests.unit.understanding.conftest import FRIDAY_NOON


@pytest.mark.parametrize(("text", "domain", "slots", "refused"), [
    ("要2e4杯柠檬茶", "takeout", {"item": "柠檬茶"}, ["2e4杯"]),
    ("订-2张周六的熊出没", "movie", {"movie": "熊出没", "date": "2026-02-07"}, ["-2张"]),
    ("买1.5箱橙子", "grocery", {"item": "橙子"}, ["1.5箱"]),
    ("来0碗馄饨", "takeout", {"item": "馄饨"}, ["0碗"]),
    ("帮我充-30块话费", "recharge", {}, ["-30块"]),
    ("订-1间亚朵 明晚", "hotel", {"brand": "亚朵", "check_in": "2026-02-07"}, ["-1间"]),
])
def test_an_unusable_count_is_refused_not_read(engine: Engine, text: str, domain: str, slots: dict[str, object],
                                               refused: list[str]) -> None:
    result = engine.understand(text, now=FRIDAY_NOON)
    assert [(f.domain, f.intent, f.slots) for f in result.frames] == [(domain, "order", slots)]
    assert result.refused == refused
    frame = result.frames[0]
    assert isinstance(frame, Reading)
    assert frame.to_json()["refused"] == refused


def test_a_count_with_its_left_boundary_is_read_and_nothing_refused(engine: Engine) -> None:
    result = engine.understand("来12杯柠檬茶", now=FRIDAY_NOON)
    assert result.frames[0].slots == {"item": "柠檬茶", "quantity": 12}
    assert result.refused == []
    assert "refused" not in result.frames[0].to_json()


@pytest.mark.parametrize("text", ["杭州-上海 明天", "2026-02-08入住", "0糖的乌龙茶", "10份饺子", "12.5元以内"])
def test_dashes_zero_sugar_and_prices_are_no_refused_counts(text: str) -> None:
    assert refusals(text) == []
