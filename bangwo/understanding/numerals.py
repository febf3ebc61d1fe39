"""Chinese and Arabic numerals as said in errands: 两杯, 俩, 仨, 一百五, 2千, 十点半, 1.5."""

from __future__ import annotations

from bangwo.understanding.lazyregex import lazy_compile

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "仨": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "k": 1000, "K": 1000}
CN_CHARS = "零〇一幺二两俩三仨四五六七八九十拾百佰千仟万"
# One number: Arabic (with an optional 千/万/k multiplier) or a run of Chinese numeral characters.
NUM = r"(?:\d+(?:\.\d+)?(?:[kK千万w](?![a-zA-Z]))?|[零〇一二两俩三仨四五六七八九十百千万]+)"
NUM_RE = lazy_compile(NUM)
_ARABIC_RE = lazy_compile(r"^(\d+(?:\.\d+)?)([kK千万w]?)$")


def _small_chinese(text: str) -> int | None:
    """Parse a Chinese number below 10,000 (一百零五, 两千五, 十五, 二十)."""
    total = 0
    digit: int | None = None
    last_unit = 1
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            unit = UNITS[ch]
            total += (1 if digit is None else digit) * unit
            digit = None
            last_unit = unit
        else:
            return None
    if digit is not None:
        # 一百五 = 150, 两千五 = 2500: a trailing digit after a unit scales one step down.
        trailing_scale = last_unit // 10 if last_unit >= 100 and text[-2] in UNITS else 1
        total += digit * trailing_scale
    return total


def _digit_string(text: str) -> int | None:
    """Parse a string of plain digit characters read one by one (二零二六 = 2026)."""
    if len(text) < 2 or any(ch not in DIGITS or ch in "两俩仨" for ch in text):
        return None
    return int("".join(str(DIGITS[ch]) for ch in text))


def parse_number(text: str) -> float | None:
    """Return the value of a numeral (Chinese, Arabic or mixed like 3万), or None if it is not one."""
    text = text.strip()
    if not text:
        return None
    arabic = _ARABIC_RE.match(text)
    if arabic:
        value = float(arabic.group(1))
        multiplier = {"k": 1000, "K": 1000, "千": 1000, "万": 10000, "w": 10000}.get(arabic.group(2), 1)
        return value * multiplier
    if "万" in text:
        high, _, low = text.partition("万")
        high_value: int | None = _small_chinese(high) if high else 1
        low_value: int | None = _small_chinese(low) if low else 0
        if high_value is None or low_value is None:
            return None
        if low and len(low) == 1 and low in DIGITS:
            low_value *= 1000
        return float(high_value * 10000 + low_value)
    plain = _digit_string(text)
    if plain is not None and not any(ch in UNITS for ch in text):
        return float(plain)
    small = _small_chinese(text)
    return None if small is None else float(small)


def parse_int(text: str) -> int | None:
    """Return the integer value of a numeral, or None when it is not a whole number."""
    value = parse_number(text)
    if value is None or value != int(value):
        return None
    return int(value)


# 两三斤, 三五串, 十来个, 二三十个: a count said as a range or roughly, no number of its own.
APPROX = r"(?:[一两二三四五六七八][两二三四五六七八九](?:十|百)?|十来|十几|几十|二十来|几)"
_APPROX_RE = lazy_compile(r"[一两二三四五六七八][两二三四五六七八九](?:十|百)?")


def approximate(text: str) -> bool:
    """Whether a numeral is two neighbouring digits said together (两三, 三五, 七八十): a range, not 23."""
    if not _APPROX_RE.fullmatch(text):
        return False
    first, second = DIGITS[text[0]], DIGITS[text[1]]
    return second == first + 1 or (first, second) == (3, 5)


def as_number(value: float) -> int | float:
    """Return ``value`` as an int when it is whole (money and counts print as 50, not 50.0)."""
    return int(value) if value == int(value) else value
