"""An offer: a priced, holdable proposal the user can confirm. Quoting makes them; ordering books them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError
from bangwo.domain.policies import RefundPolicy

JsonValue = Any


@dataclass(frozen=True)
class OfferLine:
    """One priced line: ``quantity`` x ``unit_price_fen`` with the chosen options."""

    title: str
    quantity: int
    unit_price_fen: int
    options: Mapping[str, JsonValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise InvalidRequestError("quantity must be positive", user_message="数量至少为1")
        if self.unit_price_fen < 0:
            raise InvalidRequestError("unit price must not be negative")

    @property
    def amount_fen(self) -> int:
        return self.quantity * self.unit_price_fen


@dataclass(frozen=True)
class StockClaim:
    """Units of a counted stock, created lazily with ``capacity`` the first time it is claimed."""

    key: str
    quantity: int
    capacity: int


@dataclass(frozen=True)
class Offer:
    """What the user sees before paying: lines, fees, refund policy and what will be held."""

    domain: Domain
    merchant_id: str
    merchant_name: str
    title: str
    lines: tuple[OfferLine, ...]
    policy: RefundPolicy
    fees_fen: int = 0
    stock: tuple[StockClaim, ...] = ()
    seats: tuple[str, ...] = ()
    details: Mapping[str, JsonValue] = field(default_factory=dict)
    starts_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.lines:
            raise InvalidRequestError("an offer needs at least one line")
        if self.fees_fen < 0:
            raise InvalidRequestError("fees must not be negative")

    @property
    def subtotal_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)

    @property
    def total_fen(self) -> int:
        return self.subtotal_fen + self.fees_fen
