"""Dates, festivals, lunar dates and clock times resolved against a fixed now."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bangwo.understanding.times import clock_text, scan
from tests.unit.understanding.conftest import FRIDAY_NOON, SHANGHAI


def first_date(text: str, now: datetime = FRIDAY_NOON) -> date:
    return scan(text, now=now).dates[0].value


@pytest.mark.parametrize(("said", "expected"), [
    ("今天", date(2026, 2, 6)), ("明天", date(2026, 2, 7)), ("后天", date(2026, 2, 8)),
    ("大后天", date(2026, 2, 9)), ("明晚", date(2026, 2, 7)), ("下周五", date(2026, 2, 13)),
    ("下周一", date(2026, 2, 9)), ("这周六", date(2026, 2, 7)), ("周五", date(2026, 2, 6)),
    ("周末", date(2026, 2, 7)), ("下下周六", date(2026, 2, 21)), ("2月10号", date(2026, 2, 10)),
    ("10号", date(2026, 2, 10)), ("3号", date(2026, 3, 3)), ("2026-02-10", date(2026, 2, 10)),
    ("1月1号", date(2027, 1, 1)), ("3天后", date(2026, 2, 9)), ("下个月5号", date(2026, 3, 5)),
])
def test_relative_and_calendar_dates(said: str, expected: date) -> None:
    assert first_date(said) == expected


@pytest.mark.parametrize(("said", "expected"), [
    ("除夕", date(2026, 2, 16)), ("初一", date(2026, 2, 17)), ("初八", date(2026, 2, 24)),
    ("春节", date(2026, 2, 17)), ("元宵节", date(2026, 3, 3)), ("正月十五", date(2026, 3, 3)),
    ("小年", date(2026, 2, 10)), ("腊月二十八", date(2026, 2, 15)), ("腊月二十九", date(2026, 2, 16)),
    ("情人节", date(2026, 2, 14)), ("五一", date(2026, 5, 1)), ("国庆", date(2026, 10, 1)),
    ("中秋", date(2026, 9, 25)), ("端午", date(2026, 6, 19)), ("圣诞", date(2026, 12, 25)),
])
def test_festivals_and_lunar_dates_in_2026(said: str, expected: date) -> None:
    assert first_date(said) == expected


@pytest.mark.parametrize(("said", "expected"), [
    ("除夕", date(2027, 2, 5)), ("初一", date(2027, 2, 6)), ("元宵", date(2027, 2, 20)),
    ("情人节", date(2027, 2, 14)),
])
def test_festivals_after_this_years_have_passed_are_next_years(said: str, expected: date) -> None:
    assert first_date(said, now=datetime(2026, 11, 23, 9, 30, tzinfo=SHANGHAI)) == expected


@pytest.mark.parametrize(("said", "hour", "minute", "window", "flex"), [
    ("晚上8点左右", 8, 0, "evening", True), ("十点半", 10, 30, None, False),
    ("下午三点一刻", 3, 15, "afternoon", False), ("差不多7点", 7, 0, None, True),
    ("8点多", 8, 0, None, True), ("差一刻九点", 8, 45, None, False), ("13:30", 13, 30, None, False),
])
def test_clock_times(said: str, hour: int, minute: int, window: str | None, flex: bool) -> None:
    clock = scan(said, now=FRIDAY_NOON).clocks[0]
    assert (clock.hour, clock.minute, clock.window, clock.flex) == (hour, minute, window, flex)


def test_a_bit_is_no_clock_time() -> None:
    assert scan("少一点冰", now=FRIDAY_NOON).clocks == []


def test_clock_text_uses_window_then_context() -> None:
    assert clock_text(8, 0, window="evening", prefer_evening=False) == "20:00"
    assert clock_text(8, 30, window=None, prefer_evening=True) == "20:30"
    assert clock_text(8, 30, window=None, prefer_evening=False) == "08:30"
    assert clock_text(12, 0, window=None, prefer_evening=True) == "12:00"


def test_window_without_clock_time() -> None:
    result = scan("明天下午", now=FRIDAY_NOON)
    assert [w.window for w in result.windows] == ["afternoon"]
    assert result.clocks == []
