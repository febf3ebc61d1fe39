"""Money is integer fen (分). Parsing and formatting live here, arithmetic is plain int."""

from __future__ import annotations

import re

from bangwo.domain.errors import InvalidRequestError

MAX_AMOUNT_FEN = 100_000_000_00  # 1 亿元: anything above is a typo or an attack
_YUAN = re.compile(r"^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$")


def yuan_to_fen(text: str) -> int:
    """Parse '18', '18.5' or '0.01' yuan into fen; reject floats' rounding traps and junk."""
    match = _YUAN.match(text)
    if not match:
        raise InvalidRequestError(f"not an amount in yuan: {text!r}", user_message="金额格式不对")
    whole, frac = match.group(1), (match.group(2) or "").ljust(2, "0")
    fen = int(whole) * 100 + int(frac)
    return check_amount(fen)


def check_amount(fen: int) -> int:
    """Return ``fen`` if it is a sane non-negative amount, else raise InvalidRequestError."""
    if fen < 0 or fen > MAX_AMOUNT_FEN:
        raise InvalidRequestError(f"amount out of range: {fen} fen", user_message="金额超出范围")
    return fen


def format_fen(fen: int) -> str:
    """Format fen as yuan for people: 1800 -> '18.00元', -5 -> '-0.05元'."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}元"
