"""Free-order cards (免单卡) and the campaigns that issue them: rules as settings, never constants."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum

from bangwo.domain.errors import CardError


@dataclass(frozen=True)
class Window:
    """A daily claim window (e.g. 00:00-06:00) with its own stock per day (None: no limit)."""

    start: time
    end: time
    stock: int | None = None

    def contains(self, moment: datetime) -> bool:
        t = moment.timetz().replace(tzinfo=None)
        if self.start <= self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end   # wraps midnight

    def key(self, moment: datetime) -> str:
        day = moment.date()
        if self.start > self.end and moment.timetz().replace(tzinfo=None) < self.end:
            day = day.fromordinal(day.toordinal() - 1)
        return f"{day.isoformat()}@{self.start.strftime('%H%M')}"


@dataclass(frozen=True)
class Campaign:
    """A card campaign. Defaults follow spec/chat.md; every field is a setting."""

    id: str
    name: str
    starts_at: datetime
    ends_at: datetime
    value_fen: int = 2500
    min_spend_fen: int = 0
    min_pay_fen: int = 1
    first_use_grant: int = 1
    invite_reward: int = 1
    cap_per_user: int = 21
    total_stock: int | None = None
    windows: tuple[Window, ...] = ()
    paused: bool = False   # an operator's pause (`bangwo campaign pause`): no claims, no grants

    def active(self, now: datetime) -> bool:
        return not self.paused and self.starts_at <= now < self.ends_at

    def window_at(self, now: datetime) -> Window | None:
        """The claim window open at ``now``; raise CardError when claims are closed."""
        if not self.active(now):
            raise CardError(f"campaign {self.id} not active at {now.isoformat()}",
                            user_message="活动不在进行中，暂时领不了免单卡")
        if not self.windows:
            return None
        for window in self.windows:
            if window.contains(now):
                return window
        hours = "、".join(f"{w.start:%H:%M}-{w.end:%H:%M}" for w in self.windows)
        raise CardError(f"campaign {self.id}: no claim window open", user_message=f"现在不在领卡时段（{hours}）")


@dataclass(frozen=True)
class Card:
    """One card as the user holds it."""

    id: str
    campaign_id: str
    user_id: str
    value_fen: int
    min_spend_fen: int
    min_pay_fen: int
    expires_at: datetime
    used_order_id: str | None = None

    def usable(self, now: datetime) -> bool:
        return self.used_order_id is None and now < self.expires_at

    def discount_for(self, total_fen: int) -> int:
        """What this card takes off ``total_fen``: never below the minimum payment."""
        if total_fen < self.min_spend_fen or total_fen <= self.min_pay_fen:
            return 0
        return min(self.value_fen, total_fen - self.min_pay_fen)


def best_card(cards: Iterable[Card], *, total_fen: int, now: datetime) -> Card | None:
    """The usable card with the largest discount; ties go to the one expiring first."""
    candidates: Sequence[Card] = [c for c in cards if c.usable(now) and c.discount_for(total_fen) > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (-c.discount_for(total_fen), c.expires_at, c.id))


@dataclass(frozen=True)
class ClaimTicket:
    """One claim as the stores must settle it: take stock, cap and de-duplication in one atomic step."""

    card: Card
    request_id: str
    bucket: str                  # the window key ("2026-02-06@0000") or "all"
    total_stock: int | None
    window_stock: int | None
    cap_per_user: int
    at: datetime


class ClaimOutcome(StrEnum):
    ISSUED = "issued"            # a new card
    REPEATED = "repeated"        # the same request id was seen before: the first card
    CAPPED = "capped"            # the user holds the cap
    SOLD_OUT = "sold_out"        # window or total stock is gone
    FOREIGN = "foreign"          # the request id belongs to another user
    REFUSED = "refused"          # the database refused a journaled claim (e.g. an unknown user)
    UNAVAILABLE = "unavailable"  # the store cannot settle claims right now (retry later)


@dataclass(frozen=True)
class ClaimResult:
    outcome: ClaimOutcome
    card_id: str | None = None
