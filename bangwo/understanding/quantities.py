"""Counts and sums that cannot be meant as written: negative, zero, decimal or exponent (-3张, 1e9杯, 充-100).

A reader that meets ``1e9杯`` sees ``9杯``, and ``-3张`` reads as ``3张``: the number has no left boundary.
Such a count is refused instead: its span (with the measure word) is blanked out of the text every slot
reader sees, and the said words are kept so the conversation can ask for the number again.
"""

from __future__ import annotations

from dataclasses import dataclass

from bangwo.understanding.lazyregex import lazy_compile

MASK = "□"
MEASURES = ("公斤|杯|份|碗|个|瓶|罐|听|盒|袋|包|斤|箱|桶|提|打|只|条|把|副|颗|根|串|头|对|张|双|件|本|台|部|套|支|束|"
            "间|晚|位|名|顶|笼|屉|盘|壶|人|天|枚|朵|块(?!钱)")
_NUMBER = r"\d+(?:\.\d+)?"
_CN_DIGITS = "一二两俩三仨四五六七八九十百千万"
# Signs written before a count: ASCII, full-width and typographic minus signs and dashes, or the word 负.
_SIGN = r"[-−－﹣—–]|负"
# A number that is no count: negative, written with an exponent, with a decimal point, or zero
# (0份, 零杯: a zero with no numeral before it, so 一百零一张 and 零件 are counts and goods).
_BAD = (rf"(?:{_SIGN})\s*(?:{_NUMBER}(?:[eE][+-]?\d+)?|[零{_CN_DIGITS}]+)|{_NUMBER}[eE][+-]?\d+|\d+\.\d+|0+(?:\.0+)?"
        rf"|(?<![零〇{_CN_DIGITS}])[零〇](?![件头部])")
# No digit (a range: 2-3张) nor letter of a word (1e9 is one number, not 9) stands right before it.
COUNT_RE = lazy_compile(rf"(?<![0-9.])(?<![A-Za-z](?=\d))(?:{_BAD})\s*(?:{MEASURES})")
AMOUNT_RE = lazy_compile(rf"(?:充|冲|储值|交)(?:值|个)?\s*((?:{_BAD})\s*(?:块钱|块|元)?)(?![0-9])")
MEASURE_RE = lazy_compile(rf"\s*(?:{MEASURES}|块钱|元)$")


@dataclass(frozen=True)
class Refusal:
    """A count or sum said in a form no order can take, as said (``-3张``)."""

    start: int
    end: int
    said: str


def refusals(text: str) -> list[Refusal]:
    """Return the unusable counts and top-up sums said in ``text``, in text order."""
    found = [Refusal(m.start(), m.end(), m.group(0)) for m in COUNT_RE.finditer(text)]
    for m in AMOUNT_RE.finditer(text):
        if not any(r.start <= m.start(1) < r.end for r in found):
            found.append(Refusal(m.start(1), m.end(1), m.group(1)))
    return sorted(found, key=lambda r: r.start)


def blank(text: str, found: list[Refusal]) -> str:
    """Return ``text`` with the number of every refused span masked (its measure word stays, so 订□□间房
    still says a room is wanted; no reader takes a count from a measure word after a mask)."""
    chars = list(text)
    for refusal in found:
        measure = MEASURE_RE.search(refusal.said)
        end = refusal.end - (len(measure.group(0)) if measure else 0)
        chars[refusal.start:end] = MASK * (end - refusal.start)
    return "".join(chars)
