"""Clock times and day windows said in Chinese, and the scan of a text for every time expression."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from bangwo.understanding.dates import DateHit, find_dates, free_of
from bangwo.understanding.lazyregex import lazy_compile
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
_WIN_RE = "|".join(sorted(WINDOW_WORDS, key=len, reverse=True))
_MINUTE = r"(?:(?P<quarter>一刻)|(?P<three>三刻)|(?P<half>半)|(?P<minute>\d{1,2}|[零〇一二三四五六七八九十]{1,3})分?|整)"
CLOCK_RE = lazy_compile(
    rf"(?:(?P<window>{_WIN_RE}|晚|早)\s*)?(?:差(?:(?P<before_q>一刻)|(?P<before>{NUM})分)\s*)?"
    rf"(?P<hour>\d{{1,2}}:\d{{2}}|{NUM})(?:点钟?|时|:)(?:过?{_MINUTE})?")
# 8pm, 9:30 am, 7 p.m.: an hour said in English.
AMPM_HINT_RE = lazy_compile(r"[aApP]\.?[mM]")
AMPM_RE = lazy_compile(r"(?<![A-Za-z\d:])(\d{1,2})(?::(\d{2}))?\s*([aApP]\.?[mM]\.?)(?![A-Za-z])")
COLON_RE = lazy_compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")
WINDOW_RE = lazy_compile(rf"{_WIN_RE}")
FLEX_BEFORE_RE = lazy_compile(r"(?:大概|大约|差不多|约莫|估计|约|大致)(?:在|是)?\s*$")
FLEX_AFTER_RE = lazy_compile(r"^\s*(?:多钟?|左右|前后|上下|差不多|以后|之后|后(?=的|$|[，,\s。]))")
# 不要红眼航班, 别订凌晨的: a part of the day refused is no window wished for.
REFUSED_WINDOW_RE = lazy_compile(r"(?:不要|不想|别|不坐|不订|不考虑|避开|排除|不能是|除了)(?:坐|订|买|要|选)?(?:太)?的?$")
# After 早一点/晚一点 only a clock's own tail makes it one o'clock (早一点半); 早一点的场次 is a bit earlier.
SOFT_CLOCK_RE = lazy_compile(r"^(?:半|钟|整|\d|[零一二三四五六七八九十]+分)")
SOFT_ONE_RE = lazy_compile(r"^(?:半|钟|整|\d|[零一二三四五六七八九十]+分|左右|前后|的(?:电影|场|票|航班|飞机|火车|高铁))")


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
    if m.group(0) in ("早一点", "晚一点", "早点", "晚点") and not SOFT_CLOCK_RE.match(text[m.end():]):
        return False  # 早一点的航班: a bit earlier, not one o'clock
    if m.group("window") or ":" in number or number.isdigit():
        return True
    if number not in ("一", "两", "几"):
        return True
    return bool(SOFT_ONE_RE.match(text[m.end("hour") + 1:])) or text[max(0, m.start() - 1):m.start()] in "到在于是"


def _flex_tail(text: str, end: int) -> int:
    tail = FLEX_AFTER_RE.match(text[end:])
    return len(tail.group(0)) if tail else 0


def _english_clocks(text: str, taken: list[tuple[int, int]]) -> list[ClockHit]:
    """8pm, 9:30am, 7 p.m. said in a Chinese sentence: the hour with its half of the day."""
    hits: list[ClockHit] = []
    for m in AMPM_RE.finditer(text):
        hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3).lower().replace(".", "")
        if not free_of(taken, m.start(), m.end()) or not 1 <= hour <= 12 or minute > 59:
            continue
        window = "morning" if half == "am" else ("evening" if hour >= 6 and hour != 12 else "afternoon")
        hour = (hour % 12) + (12 if half == "pm" else 0)
        tail = _flex_tail(text, m.end())
        hits.append(ClockHit(m.start(), m.end() + tail, hour, minute, window, tail > 0))
    return hits


def find_clocks(text: str, taken: list[tuple[int, int]]) -> list[ClockHit]:
    """Return the clock times said in ``text`` outside the ``taken`` spans."""
    hits: list[ClockHit] = _english_clocks(text, taken) if AMPM_HINT_RE.search(text) else []
    taken = taken + [(h.start, h.end) for h in hits]
    for m in CLOCK_RE.finditer(text):
        if not free_of(taken, m.start("hour"), m.end()) or not _is_clock(text, m):
            continue
        value = _clock_value(m)
        if value is None or value[0] > 24 or value[1] > 59:
            continue
        window = m.group("window")
        resolved = WINDOW_WORDS.get(window, "evening" if window == "晚" else "morning") if window else None
        start = m.start() if not window or free_of(taken, m.start(), m.end("window")) else m.end("window")
        tail = _flex_tail(text, m.end())
        flex = bool(FLEX_BEFORE_RE.search(text[max(0, start - 6):start])) or tail > 0
        hits.append(ClockHit(start, m.end() + tail, value[0], value[1], resolved, flex))
    for m in COLON_RE.finditer(text):
        if free_of(taken + [(h.start, h.end) for h in hits], m.start(), m.end()):
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
        refused = REFUSED_WINDOW_RE.search(text[max(0, m.start() - 6):m.start()])
        if (inside_date or free_of(taken, m.start(), m.end())) and (refused is None or inside_date):
            result.windows.append(WindowHit(m.start(), m.end(), WINDOW_WORDS[m.group(0)]))
    return result


def clock_text(hour: int, minute: int, *, window: str | None, prefer_evening: bool) -> str:
    """Return ``HH:MM`` for a said hour, using the window or, without one, the context preference."""
    if window == "evening" and (1 <= hour <= 4 or hour == 12):
        hour = hour % 12  # 晚上一点, 晚上12点: past midnight, not in the afternoon or at noon
    elif (window in ("afternoon", "evening") and hour < 12) or (window == "noon" and hour < 6):
        hour += 12
    elif window in ("morning", "night") and hour == 12:
        hour = 0 if window == "night" else 12
    elif window is None and prefer_evening and 1 <= hour <= 11:
        hour += 12
    return f"{hour % 24:02d}:{minute:02d}"
