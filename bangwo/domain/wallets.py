"""Rules of topping up a wallet from the person's bank card: the amounts offered and the limits of one top-up."""

from __future__ import annotations

TOPUP_MIN_FEN = 100            # 1 元
TOPUP_MAX_FEN = 500_000        # 5000 元 in one top-up
TOPUP_CHOICES_FEN = (5_000, 10_000, 20_000, 50_000)   # the amounts the page offers: 50, 100, 200, 500 元


def topup_fen(yuan: float) -> int:
    """A sum in yuan as said (200, 99.5) in whole fen."""
    return round(yuan * 100)


def topup_allowed(amount_fen: int) -> bool:
    """Whether one top-up of ``amount_fen`` is within the limits."""
    return TOPUP_MIN_FEN <= amount_fen <= TOPUP_MAX_FEN
