"""Named days: solar and lunar festivals (除夕, 元宵, 中秋, 国庆...) and lunar dates (腊月二十八, 初三)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, timedelta

from lunardate import LunarDate

from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.numerals import parse_int

# Solar festivals: name -> (month, day).
SOLAR: dict[str, tuple[int, int]] = {
    "元旦": (1, 1), "情人节": (2, 14), "妇女节": (3, 8), "三八节": (3, 8), "植树节": (3, 12),
    "愚人节": (4, 1), "劳动节": (5, 1), "五一": (5, 1), "青年节": (5, 4), "520": (5, 20),
    "儿童节": (6, 1), "六一": (6, 1), "建党节": (7, 1), "建军节": (8, 1), "教师节": (9, 10),
    "国庆节": (10, 1), "国庆": (10, 1), "十一": (10, 1), "万圣节": (10, 31), "光棍节": (11, 11),
    "双十一": (11, 11), "双11": (11, 11), "双十二": (12, 12), "双12": (12, 12), "平安夜": (12, 24),
    "圣诞节": (12, 25), "圣诞": (12, 25), "跨年夜": (12, 31), "跨年": (12, 31),
}
# Lunar festivals: name -> (lunar month, lunar day); day 0 is the eve of the new year.
LUNAR: dict[str, tuple[int, int]] = {
    "除夕": (12, 0), "大年三十": (12, 0), "年三十": (12, 0), "大年夜": (12, 0), "年夜饭": (12, 0),
    "春节": (1, 1), "大年初一": (1, 1), "过年": (1, 1), "元宵节": (1, 15), "元宵": (1, 15),
    "正月十五": (1, 15), "龙抬头": (2, 2), "二月二": (2, 2), "端午节": (5, 5), "端午": (5, 5),
    "七夕节": (7, 7), "七夕": (7, 7), "中元节": (7, 15), "中秋节": (8, 15), "中秋": (8, 15),
    "重阳节": (9, 9), "重阳": (9, 9), "腊八节": (12, 8), "腊八": (12, 8), "北方小年": (12, 23),
    "南方小年": (12, 24), "小年": (12, 23),
}
LUNAR_MONTHS: dict[str, int] = {
    "正月": 1, "一月": 1, "二月": 2, "三月": 3, "四月": 4, "五月": 5, "六月": 6, "七月": 7,
    "八月": 8, "九月": 9, "十月": 10, "冬月": 11, "十一月": 11, "腊月": 12, "十二月": 12,
}
_DAY = r"(初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]?|三十)"
LUNAR_DATE_RE = lazy_compile(rf"(?:农历|阴历)?(正月|冬月|腊月|(?:农历|阴历)[一二三四五六七八九十]{{1,2}}月)?{_DAY}")
ORDINAL_SUNDAY: dict[str, tuple[int, int]] = {"母亲节": (5, 2), "父亲节": (6, 3)}


def lunar_to_solar(lunar_year: int, month: int, day: int) -> date | None:
    """Return the solar date of a lunar date (day 0 of month 12 = the new year's eve), or None."""
    try:
        if month == 12 and day == 0:
            eve: date = LunarDate(lunar_year + 1, 1, 1).to_solar_date() - timedelta(days=1)
            return eve
        solar: date = LunarDate(lunar_year, month, day).to_solar_date()
        return solar
    except ValueError:
        if day == 30:  # 腊月三十 in a 29-day month is the eve anyway
            return lunar_to_solar(lunar_year, month, 0) if month == 12 else None
        return None


def next_lunar(today: date, month: int, day: int) -> date | None:
    """Return the next solar date on or after ``today`` for a lunar month/day."""
    lunar_year = LunarDate.from_solar_date(today.year, today.month, today.day).year
    for year in (lunar_year - 1, lunar_year, lunar_year + 1):
        solar = lunar_to_solar(year, month, day)
        if solar is not None and solar >= today:
            return solar
    return None


def next_solar(today: date, month: int, day: int) -> date | None:
    """Return the next date on or after ``today`` with this month and day."""
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _nth_sunday(year: int, month: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (nth - 1))


def _qingming(year: int) -> date:
    """Return 清明 (the solar term near 4/5): day = floor(Y*0.2422 + 4.81) - floor(Y/4) for 2001-2099."""
    short = year % 100
    return date(year, 4, int(short * 0.2422 + 4.81) - short // 4)


def named_day(name: str, today: date) -> date | None:
    """Return the next date of a named festival (on or after ``today``), or None if unknown."""
    if name in SOLAR:
        return next_solar(today, *SOLAR[name])
    if name in LUNAR:
        return next_lunar(today, *LUNAR[name])
    finders: dict[str, Callable[[int], date]] = {"清明节": _qingming, "清明": _qingming}
    for key, (month, nth) in ORDINAL_SUNDAY.items():
        finders[key] = functools.partial(_nth_sunday, month=month, nth=nth)
    if name in finders:
        for year in (today.year, today.year + 1):
            candidate = finders[name](year)
            if candidate >= today:
                return candidate
    return None


def named_day_names() -> list[str]:
    """Return every festival name, longest first (for a left-to-right longest match)."""
    names = {*SOLAR, *LUNAR, "清明节", "清明", *ORDINAL_SUNDAY}
    return sorted(names, key=len, reverse=True)


def lunar_day_number(text: str) -> int | None:
    """Return the day of a lunar day name: 初三 -> 3, 廿八 -> 28, 二十八 -> 28, 三十 -> 30."""
    if text.startswith("初"):
        return parse_int(text[1:])
    if text.startswith("廿"):
        return 20 + (parse_int(text[1:]) or 0) if len(text) > 1 else 20
    return parse_int(text)


def lunar_month_number(text: str) -> int | None:
    """Return the month of a lunar month name (正月 -> 1, 腊月 -> 12, 农历八月 -> 8)."""
    text = text.removeprefix("农历").removeprefix("阴历")
    if text in LUNAR_MONTHS:
        return LUNAR_MONTHS[text]
    return parse_int(text.removesuffix("月"))


def resolve_lunar(month_text: str | None, day_text: str, today: date) -> date | None:
    """Resolve a lunar month/day as said (腊月二十八, 初三 alone means the coming new year)."""
    day = lunar_day_number(day_text)
    if day is None or not 1 <= day <= 30:
        return None
    if month_text:
        month = lunar_month_number(month_text)
        return None if month is None else next_lunar(today, month, day)
    if not day_text.startswith("初"):
        return None
    # 初X alone names a day of the first lunar month (the coming new year).
    return next_lunar(today, 1, day)
