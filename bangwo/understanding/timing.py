"""Date and time slots of a task, named per domain (date, check_in, deliver_at, when, time...)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from bangwo.understanding import cues
from bangwo.understanding.dates import day_after
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.pieces import Piece
from bangwo.understanding.times import ClockHit, clock_text

RETURN_RE = lazy_compile(r"回|返")
ROUND_TRIP_RE = lazy_compile(r"往返|来回")
RANGE_LINK_RE = lazy_compile(r"\s*(?:到|至|-|~|—|～)\s*")
WEEKDAY_SAID_RE = lazy_compile(r"周|星期|礼拜")
CHECKOUT_RE = lazy_compile(r"^\s*(?:退房|离店|走|离开)")
OTHER_TIME_RE = lazy_compile(r"的(?:高铁|火车|动车|飞机|航班|电影|会|课|演出)")
# 住到周三, 待到10号: the day said after "stay until" is the day one leaves.
STAY_UNTIL_RE = lazy_compile(r"(?:住|待|呆)(?:到|至)\s*$")


def next_clock(clock: ClockHit, now: datetime, *, same_day: bool) -> str:
    """A bare hour is the next occurrence of that clock time after ``now`` (6点 at noon -> 18:00)."""
    if clock.window is not None or not 1 <= clock.hour <= 11 or not same_day:
        return clock_text(clock.hour, clock.minute, window=clock.window, prefer_evening=False)
    if (clock.hour, clock.minute) > (now.hour, now.minute):
        return f"{clock.hour:02d}:{clock.minute:02d}"
    if (clock.hour + 12, clock.minute) > (now.hour, now.minute):
        return f"{clock.hour + 12:02d}:{clock.minute:02d}"
    return f"{clock.hour:02d}:{clock.minute:02d}"  # 1点 said at 22:00: one o'clock in the night to come


def _window(piece: Piece) -> str | None:
    if piece.scan.clocks:
        return None
    for hit in piece.scan.dates:
        if hit.window:
            return hit.window
    return piece.scan.windows[0].window if piece.scan.windows else None


def _apart_window(piece: Piece) -> str | None:
    """The one part of the day said in the piece away from any clock time (下午, 明晚), if only one was said."""
    said = {w.window for w in piece.scan.windows} | {d.window for d in piece.scan.dates if d.window}
    said |= {c.window for c in piece.scan.clocks if c.window}
    return said.pop() if len(said) == 1 else None


def time_slots(piece: Piece, domain: str) -> dict[str, Any]:
    """Return the date/time slots of ``domain`` from the piece's time expressions."""
    scan = piece.scan
    dates = [d.value.isoformat() for d in scan.dates]
    clock = scan.clocks[0] if scan.clocks else None
    slots: dict[str, Any] = {}
    if domain == "taxi":  # 赶8点的高铁: the train's time, not the ride's
        told = [(m.start(), m.end()) for m in cues.TRIP_TOLD_RE.finditer(piece.text)]  # 航班是下午4点的
        clock = next((c for c in scan.clocks if not OTHER_TIME_RE.match(piece.text, c.end)
                      and piece.text[max(0, c.start - 1):c.start] != "赶"
                      and not any(s <= c.start < e for s, e in told)), None)
    if clock is not None and clock.window is None:
        clock = replace(clock, window=_apart_window(piece))  # 周五下午…四点半: the part of the day said apart
    if domain in ("takeout", "grocery", "taxi"):
        if clock is not None:
            same_day = not dates or dates[0] == piece.now.date().isoformat()
            key = "when" if domain == "taxi" else "deliver_at"
            slots[key] = next_clock(clock, piece.now, same_day=same_day)
        if domain == "taxi" and dates:
            slots["date"] = dates[0]
        return slots
    if domain in ("recharge", "shopping", "account", "chat"):
        return slots
    if domain == "hotel":
        return _hotel_dates(piece, dates)
    if dates:
        slots["date"] = dates[0]
    if domain in ("flight", "train") and len(dates) > 1 and (RETURN_RE.search(
            piece.text[scan.dates[1].end:scan.dates[1].end + 3]) or (ROUND_TRIP_RE.search(piece.text) and RANGE_LINK_RE.fullmatch(
            piece.text[scan.dates[0].end:scan.dates[1].start]))):  # 2月20日-2月25日 往返: the range's end is the way back
        back = scan.dates[1].value
        if WEEKDAY_SAID_RE.match(piece.text, scan.dates[1].start):
            while back < scan.dates[0].value:  # 下周六去，周日回: the Sunday after leaving
                back += timedelta(days=7)
        elif back < scan.dates[0].value:  # 3月3号去 8号回: the 8th after leaving
            back = day_after(scan.dates[0].value, piece.text[scan.dates[1].start:scan.dates[1].end]) or back
        slots["return_date"] = back.isoformat()
    if domain in ("movie", "train", "flight") and clock is not None:
        prefer_evening = domain == "movie"
        slots["time"] = clock_text(clock.hour, clock.minute, window=clock.window, prefer_evening=prefer_evening)
        if clock.flex:
            slots["time_flex"] = True
    window = _window(piece)
    if window and domain in ("movie", "train", "flight"):
        slots["time_window"] = window
    return slots


def _hotel_dates(piece: Piece, dates: list[str]) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    hits = piece.scan.dates
    for i, hit in enumerate(hits):
        after = piece.text[hit.end:hit.end + 4]
        stay_until = STAY_UNTIL_RE.search(piece.text, 0, hit.start)
        if CHECKOUT_RE.match(after) or stay_until or (
                i > 0 and piece.text[hits[i - 1].end:hit.start].strip() in ("到", "至", "-", "~")):
            slots.setdefault("check_out", dates[i])
        else:
            slots.setdefault("check_in", dates[i])
    return slots
