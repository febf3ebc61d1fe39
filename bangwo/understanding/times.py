"""Dates, clock times and day windows said in Chinese, resolved against an aware ``now`` (Asia/Shanghai)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bangwo.understanding import holidays
from bangwo.understanding.numerals import NUM, parse_int

WINDOW_WORDS: dict[str, str] = {
    "早上": "morning", "早晨": "morning", "清晨": "morning", "上午": "morning", "一早": "morning",
    "大早": "morning", "早班": "morning", "中午": "noon", "午间": "noon", "晌午": "noon",
    "下午": "afternoon", "午后": "afternoon", "傍晚": "evening", "晚上": "evening", "晚间": "evening",
    "夜里": "evening", "夜间": "evening", "晚班": "evening", "今晚": "evening", "明晚": "evening",
    "后晚": "evening", "今夜": "evening", "明早": "morning", "今早": "morning", "明晨": "morning",
    "凌晨": "night", "半夜": "night", "深夜": "night", "红眼": "night", "晚场": "evening", "早场": "morning",
    "那晚": "evening", "当晚": "evening", "夜场": "evening", "午场": "noon",
}
# Relative day words -> (days from today, window implied).
RELATIVE_DAYS: dict[str, tuple[int, str | None]] = {
    "今天": (0, None), "今日": (0, None), "今儿个": (0, None), "今儿": (0, None), "当天": (0, None),
    "今晚": (0, "evening"), "今夜": (0, "evening"), "今早": (0, "morning"), "明天": (1, None),
    "明日": (1, None), "明儿个": (1, None), "明儿": (1, None), "明晚": (1, "evening"),
    "明早": (1, "morning"), "明晨": (1, "morning"), "后天": (2, None), "后儿": (2, None),
    "后晚": (2, "evening"), "大后天": (3, None), "次日": (1, None), "第二天": (1, None),
}
WEEKDAYS: dict[str, int] = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
                            "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6, "末": 5}
_REL_RE = "|".join(sorted(RELATIVE_DAYS, key=len, reverse=True))
_WIN_RE = "|".join(sorted(WINDOW_WORDS, key=len, reverse=True))
_NAMED_RE = "|".join(re.escape(n) for n in holidays.named_day_names())

DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?")),
    ("month_day", re.compile(rf"(?:(\d{{4}})年)?({NUM})月份?({NUM})[日号]?(?![0-9点:])")),
    ("slash", re.compile(r"(?<![\d.])(\d{1,2})/(\d{1,2})(?![\d/])")),
    ("next_month", re.compile(rf"下个?月({NUM})[日号]")),
    ("lunar", holidays.LUNAR_DATE_RE),
    ("named", re.compile(rf"(?:今年|明年)?(?:的)?({_NAMED_RE})(?:夜(?!饭))?")),
    ("weekday", re.compile(r"(下下|下|这|本|上)?个?(?:周|星期|礼拜)([一二三四五六日天1-7末])")),
    ("in_days", re.compile(rf"({NUM})天(?:以后|之后|后)")),
    ("relative", re.compile(rf"(?:{_REL_RE})")),
    ("day", re.compile(rf"({NUM})[号日](?![线楼门院厅座位桌房车店口室栋单元])")),
]
OFFSET_RE = re.compile(rf"(?:的)?(前|后)({NUM}|一)天")
RANGE_RE = re.compile(r".?(?:到|至|-|~|—)")
# Festival words often said as the reason of a trip (过年回家); another date said with them wins.
SAME_DAY_WORDS = frozenset({"当天", "那天", "当日"})
VAGUE_NAMED = frozenset({"过年", "春节"})
_MINUTE = r"(?:(?P<quarter>一刻)|(?P<three>三刻)|(?P<half>半)|(?P<minute>\d{1,2}|[零〇一二三四五六七八九十]{1,3})分?|整)"
CLOCK_RE = re.compile(
    rf"(?:(?P<window>{_WIN_RE}|晚|早)\s*)?(?:差(?:(?P<before_q>一刻)|(?P<before>{NUM})分)\s*)?"
    rf"(?P<hour>\d{{1,2}}:\d{{2}}|{NUM})(?:点钟?|时|:)(?:{_MINUTE})?")
COLON_RE = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")
WINDOW_RE = re.compile(rf"{_WIN_RE}")
FLEX_BEFORE_RE = re.compile(r"(?:大概|大约|差不多|约莫|估计|约|大致)(?:在|是)?\s*$")
FLEX_AFTER_RE = re.compile(r"^\s*(?:多钟?|左右|前后|上下|差不多|以后|之后)")
SOFT_ONE_RE = re.compile(r"^(?:半|钟|整|\d|[零一二三四五六七八九十]+分|左右|前后|的(?:电影|场|票|航班|飞机|火车|高铁))")


@dataclass(frozen=True)
class DateHit:
    """A date said in the text at ``[start, end)``; ``window`` when the words imply one (今晚)."""

    start: int
    end: int
    value: date
    window: str | None = None


@dataclass(frozen=True)
class ClockHit:
    """A clock time said at ``[start, end)``; ``window`` is the day part said with it, if any."""

    start: int
    end: int
    hour: int
    minute: int
    window: str | None
    flex: bool


@dataclass(frozen=True)
class WindowHit:
    """A part of the day said without a clock time."""

    start: int
    end: int
    window: str


@dataclass
class TimeScan:
    """Every date, clock time and window found in a text."""

    dates: list[DateHit] = field(default_factory=list)
    clocks: list[ClockHit] = field(default_factory=list)
    windows: list[WindowHit] = field(default_factory=list)

    def spans(self) -> list[tuple[int, int]]:
        """Return the character spans covered by time expressions."""
        hits: list[DateHit | ClockHit | WindowHit] = [*self.dates, *self.clocks, *self.windows]
        return [(h.start, h.end) for h in hits]


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in taken)


def _month_day(today: date, year: int | None, month: int | None, day: int | None) -> date | None:
    if month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return holidays.next_solar(today, month, day)


def _day_of_month(today: date, day: int | None, months_ahead: int = 0) -> date | None:
    if day is None or not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    for step in range(months_ahead, months_ahead + 3):
        y, m = year + (month - 1 + step) // 12, (month - 1 + step) % 12 + 1
        try:
            candidate = date(y, m, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _weekday(today: date, prefix: str | None, name: str) -> date:
    target = WEEKDAYS[name]
    monday = today - timedelta(days=today.weekday())
    if prefix in ("下", "下下"):
        return monday + timedelta(days=7 * len(prefix) + target)
    if prefix == "上":
        return monday + timedelta(days=target - 7)
    this_week = monday + timedelta(days=target)
    if prefix in ("这", "本") or this_week >= today:
        if name == "末" and today.weekday() == 6:
            return today
        return this_week if this_week >= today or prefix else this_week + timedelta(days=7)
    return this_week + timedelta(days=7)


def _resolve_date(kind: str, m: re.Match[str], today: date) -> tuple[date | None, str | None]:
    text = m.group(0)
    if kind == "iso":
        return _month_day(today, int(m.group(1)), int(m.group(2)), int(m.group(3))), None
    if kind == "month_day":
        year = int(m.group(1)) if m.group(1) else None
        return _month_day(today, year, parse_int(m.group(2)), parse_int(m.group(3))), None
    if kind == "slash":
        return _month_day(today, None, int(m.group(1)), int(m.group(2))), None
    if kind == "next_month":
        return _day_of_month(today, parse_int(m.group(1)), months_ahead=1), None
    if kind == "lunar":
        return holidays.resolve_lunar(m.group(1), m.group(2), today), None
    if kind == "named":
        if text.endswith("夜") and not m.group(1).endswith("夜"):
            return holidays.named_day(m.group(1), today), "evening"
        named = holidays.named_day(m.group(1), today)
        if named is not None and text.startswith("明年") and named.year == today.year:
            named = holidays.named_day(m.group(1), date(today.year + 1, 1, 1))
        return named, ("evening" if m.group(1) in ("大年夜", "跨年夜") else None)
    if kind == "weekday":
        return _weekday(today, m.group(1), m.group(2)), None
    if kind == "in_days":
        days = parse_int(m.group(1))
        return (None if days is None or days > 400 else today + timedelta(days=days)), None
    if kind == "relative":
        days, window = RELATIVE_DAYS[text]
        return today + timedelta(days=days), window
    return _day_of_month(today, parse_int(m.group(1))), None


def find_dates(text: str, *, now: datetime) -> list[DateHit]:
    """Return the dates said in ``text``, in text order, each resolved on or after today."""
    today = now.date()
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if not m.group(0) or not _free(taken, m.start(), m.end()):
                continue
            value, window = _resolve_date(kind, m, today)
            if value is None:
                continue
            end = m.end()
            shift = OFFSET_RE.match(text, end)
            if shift:  # 除夕前一天, 元宵节后两天
                days = parse_int(shift.group(2)) or 0
                value += timedelta(days=-days if shift.group(1) == "前" else days)
                end = shift.end()
            if kind == "day" and hits and RANGE_RE.fullmatch(text[max(0, m.start() - 2):m.start()]):
                value = _same_month_after(hits, m.start(), parse_int(m.group(1))) or value
            taken.append((m.start(), end))
            hits.append(DateHit(m.start(), end, value, window))
    hits.sort(key=lambda h: h.start)
    vague = [h for h in hits if text[h.start:h.end] in VAGUE_NAMED]
    hits = [h for h in hits if h not in vague] if len(vague) < len(hits) else hits
    return _merge_same_day(text, hits)


def _merge_same_day(text: str, hits: list[DateHit]) -> list[DateHit]:
    """明天除夕, 除夕当天: two words side by side naming one day are one date."""
    merged: list[DateHit] = []
    for hit in hits:
        last = merged[-1] if merged else None
        said = text[hit.start:hit.end]
        if last is not None and not text[last.end:hit.start].strip() and (
                hit.value == last.value or said in SAME_DAY_WORDS):
            merged[-1] = DateHit(last.start, hit.end, last.value, last.window or hit.window)
        else:
            merged.append(hit)
    return merged


def _same_month_after(hits: list[DateHit], start: int, day: int | None) -> date | None:
    """12月24号到26号: a bare day after a range word is in the month of the date before it."""
    before = [h for h in hits if h.end <= start]
    if not before or day is None:
        return None
    first = max(before, key=lambda h: h.end).value
    for months in (0, 1):
        y, m = first.year + (first.month - 1 + months) // 12, (first.month - 1 + months) % 12 + 1
        try:
            candidate = date(y, m, day)
        except ValueError:
            continue
        if candidate > first:
            return candidate
    return None


def _clock_value(m: re.Match[str]) -> tuple[int, int] | None:
    number = m.group("hour")
    if ":" in number:
        hour_text, minute_text = number.split(":")
        return int(hour_text), int(minute_text)
    hour = parse_int(number)
    minute: int | None = 0
    if m.group("minute"):
        minute = parse_int(m.group("minute"))
    elif m.group("half"):
        minute = 30
    elif m.group("quarter"):
        minute = 15
    elif m.group("three"):
        minute = 45
    if hour is None or minute is None:
        return None
    before = 15 if m.group("before_q") else parse_int(m.group("before") or "0")
    if before:  # 差一刻九点 = 8:45
        total = hour * 60 + minute - before
        hour, minute = total // 60, total % 60
    return hour, minute


def _is_clock(text: str, m: re.Match[str]) -> bool:
    """Tell a clock time from 一点 'a bit' (少一点冰) and other look-alikes."""
    number = m.group("hour")
    if m.group("window") or ":" in number or number.isdigit():
        return True
    if number not in ("一", "两", "几"):
        return True
    return bool(SOFT_ONE_RE.match(text[m.end("hour") + 1:])) or text[max(0, m.start() - 1):m.start()] in "到在于是"


def _flex_tail(text: str, end: int) -> int:
    tail = FLEX_AFTER_RE.match(text[end:])
    return len(tail.group(0)) if tail else 0


def find_clocks(text: str, taken: list[tuple[int, int]]) -> list[ClockHit]:
    """Return the clock times said in ``text`` outside the ``taken`` spans."""
    hits: list[ClockHit] = []
    for m in CLOCK_RE.finditer(text):
        if not _free(taken, m.start("hour"), m.end()) or not _is_clock(text, m):
            continue
        value = _clock_value(m)
        if value is None or value[0] > 24 or value[1] > 59:
            continue
        window = m.group("window")
        resolved = WINDOW_WORDS.get(window, "evening" if window == "晚" else "morning") if window else None
        start = m.start() if not window or _free(taken, m.start(), m.end("window")) else m.end("window")
        tail = _flex_tail(text, m.end())
        flex = bool(FLEX_BEFORE_RE.search(text[max(0, start - 6):start])) or tail > 0
        hits.append(ClockHit(start, m.end() + tail, value[0], value[1], resolved, flex))
    for m in COLON_RE.finditer(text):
        if _free(taken + [(h.start, h.end) for h in hits], m.start(), m.end()):
            hour, minute = int(m.group(1)), int(m.group(2))
            if hour <= 24 and minute <= 59:
                tail = _flex_tail(text, m.end())
                hits.append(ClockHit(m.start(), m.end() + tail, hour, minute, None, tail > 0))
    return sorted(hits, key=lambda h: h.start)


def scan(text: str, *, now: datetime) -> TimeScan:
    """Find dates, clock times and windows in ``text`` (windows only where no clock time uses them)."""
    result = TimeScan(dates=find_dates(text, now=now))
    taken = [(d.start, d.end) for d in result.dates]
    result.clocks = find_clocks(text, taken)
    taken += [(c.start, c.end) for c in result.clocks]
    plain = list(text)
    for d in result.dates:
        if not d.window:  # 周一早上: the 一 of 周一 does not start 一早
            plain[d.start:d.end] = "\0" * (d.end - d.start)
    for m in WINDOW_RE.finditer("".join(plain)):
        inside_date = any(d.start <= m.start() and m.end() <= d.end and d.window for d in result.dates)
        if inside_date or _free(taken, m.start(), m.end()):
            result.windows.append(WindowHit(m.start(), m.end(), WINDOW_WORDS[m.group(0)]))
    return result


def clock_text(hour: int, minute: int, *, window: str | None, prefer_evening: bool) -> str:
    """Return ``HH:MM`` for a said hour, using the window or, without one, the context preference."""
    if (window in ("afternoon", "evening") and hour < 12) or (window == "noon" and hour < 6):
        hour += 12
    elif window in ("morning", "night") and hour == 12:
        hour = 0 if window == "night" else 12
    elif window is None and prefer_evening and 1 <= hour <= 11:
        hour += 12
    return f"{hour % 24:02d}:{minute:02d}"
