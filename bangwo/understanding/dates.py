"""Dates said in Chinese (明天, 下周五, 2月10号, 除夕, 初三...), resolved on or after an aware ``now``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bangwo.understanding import holidays
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.numerals import NUM, parse_int

# Relative day words -> (days from today, window implied).
RELATIVE_DAYS: dict[str, tuple[int, str | None]] = {
    "今天": (0, None), "今日": (0, None), "今儿个": (0, None), "今儿": (0, None), "当天": (0, None),
    "今晚": (0, "evening"), "今夜": (0, "evening"), "今早": (0, "morning"), "明天": (1, None),
    "明日": (1, None), "明儿个": (1, None), "明儿": (1, None), "明晚": (1, "evening"),
    "明早": (1, "morning"), "明晨": (1, "morning"), "后天": (2, None), "后儿": (2, None),
    "后晚": (2, "evening"), "大后天": (3, None), "次日": (1, None), "第二天": (1, None),
    "明后天": (1, None), "明后": (1, None),  # 明后两晚, 明后天: from tomorrow on
}
# English day words said in a Chinese sentence (看星河入梦tonight): the same days as their Chinese twins.
ENGLISH_DAYS: dict[str, tuple[int, str | None]] = {
    "tonight": (0, "evening"), "today": (0, None), "this evening": (0, "evening"), "this morning": (0, "morning"),
    "this afternoon": (0, "afternoon"), "tomorrow night": (1, "evening"), "tomorrow morning": (1, "morning"),
    "tomorrow": (1, None), "tmr": (1, None), "tmrw": (1, None), "day after tomorrow": (2, None),
}
_MONTH_NAMES = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?"
                r"|nov(?:ember)?|dec(?:ember)?")
ENGLISH_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAYS: dict[str, int] = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
                            "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6, "末": 5}
# 说明后, 证明后天: a word ending in 明 before 后 says no 明后 (tomorrow and the day after).
_MING_GUARD = r"(?<![说证声表透聪光文照简标注清鲜分发阐])"
_REL_RE = "|".join(_MING_GUARD + k if k.startswith("明后") else k for k in sorted(RELATIVE_DAYS, key=len, reverse=True))
_NAMED_RE = "|".join(re.escape(n) for n in holidays.named_day_names())

DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", lazy_compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?")),
    ("month_day", lazy_compile(rf"(?:(\d{{4}})年)?({NUM})月份?({NUM})[日号]?(?![0-9点:])")),
    ("slash", lazy_compile(r"(?<![\d.])(\d{1,2})/(\d{1,2})(?![\d/])")),
    # 2.20飞深圳, 3.15那天: a month and a two-digit day with a dot, not a price, a measure or a version (2.20元, 1.25米).
    ("slash", lazy_compile(r"(?<![\d.A-Za-z])(1[0-2]|0?[1-9])\.([0-3]\d)(?![\d.%]|\s*(?:元|块|折|斤|公斤|克|米|寸|万|千|倍|分|"
                           r"小时|升|码|[kKgGlLmM]|毫|厘|度|级|版|岁|亿|寸|磅|美元|英))")),
    ("next_month", lazy_compile(rf"下个?月({NUM})[日号]")),
    ("lunar", holidays.LUNAR_DATE_RE),
    # 十一号线, 五一大道, 五四路: a place named after a festival's day is no date.
    ("named", lazy_compile(rf"(?<![周期拜])(?:今年|明年)?(?:的)?({_NAMED_RE})(?:夜(?!饭))?(?![点:：0-9]|\s*点|号|路|大道|大街|街|广场|"
                           r"公园|线|中学|小学|村|桥|商场|大厦|小区|剧场|影城)")),
    # 看一下|周六: the 下 of 一下 is no "next".
    # 查一下|下周末: after 一下 a second 下 is "next" (not 下下).
    ("weekday", lazy_compile(r"((?<!一)下下|(?<=一下)下|(?<!一)下|这|本|上)?个?(?:周|星期|礼拜)([一二三四五六日天1-7末])")),
    # Feb 20, march 3rd, 20 Feb: a day of an English month said in a Chinese sentence.
    ("english_md", lazy_compile(rf"(?<![A-Za-z])(?:(?P<m1>{_MONTH_NAMES})\.?\s*(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
                                rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<m2>{_MONTH_NAMES})\.?)(?![A-Za-z0-9])", re.IGNORECASE)),
    ("in_days", lazy_compile(rf"({NUM})天(?:以后|之后|后)")),
    ("relative", lazy_compile(rf"(?:{_REL_RE})")),
    ("english", lazy_compile(r"(?<![A-Za-z])(?:the\s+)?(" + "|".join(sorted(ENGLISH_DAYS, key=len, reverse=True))
                           + r")(?![A-Za-z])", re.IGNORECASE)),
    # 10号, 3日; not 1号线, 2号航站楼 or 2号出口, not a house number (阜通东大街6号, 116号), and not a length of
    # days (两日游, 一日票, 三日内); 10号出发, 15号入住 are days.
    ("day", lazy_compile(rf"(?<![0-9街路道巷弄里])({NUM})(?:号|日(?![游票卡券通内]|之内|以内))"
                       r"(?![线楼门院厅座位桌房车店口室栋单元航站柜仓馆道]|台(?![南北中东湾州])|出(?!发|游|行|差|门)|入(?!住|店))")),
]
OFFSET_RE = lazy_compile(rf"(?:的)?(前|后)({NUM}|一)天")
# 国庆第二天, 五一假期第三天, 春节的第二天: the Nth day of a festival's holiday, the festival's day being the first.
NTH_DAY_RE = lazy_compile(rf"(?:的)?(?:假期|长假|小长假|黄金周|放假)?(?:的)?第({NUM})天")
RANGE_RE = lazy_compile(r".?(?:到|至|-|~|—)")
# Festival words often said as the reason of a trip (过年回家); another date said with them wins.
SAME_DAY_WORDS = frozenset({"当天", "那天", "当日"})
VAGUE_NAMED = frozenset({"过年", "春节"})


@dataclass(frozen=True)
class DateHit:
    """A date said in the text at ``[start, end)``; ``window`` when the words imply one (今晚)."""

    start: int
    end: int
    value: date
    window: str | None = None



def free_of(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """``[start, end)`` overlaps none of the ``taken`` spans."""
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
    if name == "末" and today.weekday() == 6 and prefix in (None, "这", "本"):
        return today  # 周末 said on a Sunday is today
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
    if kind == "english":
        ahead, said_window = ENGLISH_DAYS[re.sub(r"\s+", " ", m.group(1).lower())]
        return today + timedelta(days=ahead), said_window
    if kind == "named":
        if text.endswith("夜") and not m.group(1).endswith("夜"):
            return holidays.named_day(m.group(1), today), "evening"
        named = holidays.named_day(m.group(1), today)
        if named is not None and text.startswith("明年") and named.year == today.year:
            named = holidays.named_day(m.group(1), date(today.year + 1, 1, 1))
        return named, ("evening" if m.group(1) in ("大年夜", "跨年夜") else None)
    if kind == "english_md":
        month = ENGLISH_MONTHS.index((m.group("m1") or m.group("m2")).lower()[:3]) + 1
        return _month_day(today, None, month, int(m.group("d1") or m.group("d2"))), None
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
            if not m.group(0) or not free_of(taken, m.start(), m.end()):
                continue
            if m.group(0) in VAGUE_NAMED and text.startswith("档", m.end()):
                continue  # 春节档: the weeks of films around the festival, no day of its own
            value, window = _resolve_date(kind, m, today)
            if value is None:
                continue
            end = m.end()
            shift = OFFSET_RE.match(text, end)
            if shift:  # 除夕前一天, 元宵节后两天
                days = parse_int(shift.group(2)) or 0
                value += timedelta(days=-days if shift.group(1) == "前" else days)
                end = shift.end()
            nth = NTH_DAY_RE.match(text, end) if kind in ("named", "lunar") and not shift else None
            if nth is not None and (parse_int(nth.group(1)) or 0) >= 1:
                value += timedelta(days=(parse_int(nth.group(1)) or 1) - 1)
                end = nth.end()
            if kind == "day" and hits and RANGE_RE.fullmatch(text[max(0, m.start() - 2):m.start()]):
                value = _same_month_after(hits, m.start(), parse_int(m.group(1))) or value
            taken.append((m.start(), end))
            hits.append(DateHit(m.start(), end, value, window))
    hits.sort(key=lambda h: h.start)
    vague = [h for h in hits if text[h.start:h.end] in VAGUE_NAMED]
    hits = [h for h in hits if h not in vague] if len(vague) < len(hits) else hits
    return _merge_same_day(text, _range_ends(text, hits))


def _range_ends(text: str, hits: list[DateHit]) -> list[DateHit]:
    """下周五到周日: a bare weekday ending a range is the first such day on or after the range's start."""
    out = list(hits)
    for i in range(1, len(out)):
        first, last = out[i - 1], out[i]
        if last.value < first.value and text.startswith(("周", "星期", "礼拜"), last.start) and RANGE_RE.fullmatch(
                text[first.end:last.start].strip() or " "):
            value = last.value
            while value < first.value:
                value += timedelta(days=7)
            out[i] = DateHit(last.start, last.end, value, last.window)
    return out


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


BARE_DAY_RE = lazy_compile(rf"({NUM})[号日]")


def day_after(first: date, said: str) -> date | None:
    """A bare day said after ``first`` (3号去, 8号回): the first such day after it, or None when not a bare day."""
    m = BARE_DAY_RE.fullmatch(said)
    if m is None:
        return None
    return _same_month_after([DateHit(0, 0, first)], 1, parse_int(m.group(1)))
