"""Calendar facts the catalog prices and schedules by: Beijing time, holidays, day parts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import lunardate

from bangwo.domain.errors import InvalidRequestError

TZ = ZoneInfo("Asia/Shanghai")

TIME_WINDOWS: dict[str, tuple[int, int]] = {
    "morning": (6 * 60, 12 * 60),
    "noon": (11 * 60, 14 * 60),
    "afternoon": (12 * 60, 18 * 60),
    "evening": (18 * 60, 24 * 60),
    "night": (0, 6 * 60),
}


def local(now: datetime) -> datetime:
    """Return ``now`` in Beijing time; a naive datetime is refused."""
    if now.tzinfo is None:
        raise InvalidRequestError("now must be timezone-aware")
    return now.astimezone(TZ)


@cache
def spring_festival(year: int) -> date:
    """Return 春节 (the first day of the lunar year) of ``year``."""
    solar: date = lunardate.LunarDate(year, 1, 1).to_solar_date()
    return solar


def is_spring_festival(day: date) -> bool:
    """True from two days before 春节 (小年夜, 除夕) to 初七."""
    start = spring_festival(day.year) - timedelta(days=2)
    return start <= day <= start + timedelta(days=8)


def is_holiday(day: date) -> bool:
    """Spring Festival, Labour Day (May 1-5) or National Day (Oct 1-7)."""
    return (is_spring_festival(day) or (day.month == 5 and day.day <= 5)
            or (day.month == 10 and day.day <= 7))


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def minutes_of(hhmm: str) -> int:
    """``"19:30"`` -> 1170."""
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def hhmm(minutes: int) -> str:
    """1170 -> ``"19:30"`` (minutes past midnight, wrapping after 24h)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def at(day: date, minutes: int) -> datetime:
    """The Beijing datetime ``minutes`` after midnight of ``day`` (may run into the next days)."""
    return datetime.combine(day, time(0, 0), tzinfo=TZ) + timedelta(minutes=minutes)


def in_window(minutes: int, window: str) -> bool:
    """True when a time of day (minutes) falls in a frames.md time window."""
    if window not in TIME_WINDOWS:
        valid = "、".join(TIME_WINDOWS)
        raise InvalidRequestError(f"unknown time window {window!r}", user_message=f"时间段只能是：{valid}")
    start, end = TIME_WINDOWS[window]
    return start <= minutes % (24 * 60) < end


def parse_day(value: Any, *, what: str = "日期") -> date:
    """Accept a date, a datetime or ``YYYY-MM-DD`` text."""
    if isinstance(value, datetime):
        return value.astimezone(TZ).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InvalidRequestError(f"bad date {value!r}", user_message=f"{what}“{value}”看不懂，格式如2026-02-17")


def parse_clock(value: Any) -> int:
    """Accept ``HH:MM`` (or ``HHMM``) and return minutes past midnight."""
    text = str(value).strip().replace("：", ":")
    if ":" not in text and len(text) == 4 and text.isdigit():
        text = f"{text[:2]}:{text[2:]}"
    try:
        hours, minutes = (int(p) for p in text.split(":"))
    except ValueError:
        raise InvalidRequestError(f"bad time {value!r}", user_message=f"时间“{value}”看不懂，格式如19:30") from None
    if not (0 <= hours <= 24 and 0 <= minutes < 60):
        raise InvalidRequestError(f"bad time {value!r}", user_message=f"时间“{value}”不存在")
    return hours * 60 + minutes
