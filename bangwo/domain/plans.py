"""A plan: the legs a person is buying together, the free-order card allotted to each, and their consent.

A leg is one held order with the card the checkout allotted to it; what the person pays is fixed by the
legs, and a consent token binds the user, the plan, every leg (order, card, amount) and the total.
Paying checks the token against the plan as it is then: any difference pays nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bangwo.domain.cards import Card, best_card
from bangwo.domain.errors import ConfirmationError, HoldExpiredError
from bangwo.domain.money import format_fen


class PlanStatus(StrEnum):
    OPEN = "open"          # legs are being chosen and held
    PAID = "paid"          # every leg was paid in one transaction
    RELEASED = "released"  # declined or abandoned: the held legs were cancelled


class LegStatus(StrEnum):
    HELD = "held"              # the order holds stock; the person has not confirmed this leg yet
    CONFIRMED = "confirmed"    # the person confirmed this leg; it is paid with the others


@dataclass
class Leg:
    """One held order of a plan and the card allotted to it."""

    position: int
    domain: str
    title: str
    order_id: str
    total_fen: int
    card_id: str | None
    discount_fen: int
    hold_expires_at: datetime
    status: LegStatus = LegStatus.HELD

    @property
    def pay_fen(self) -> int:
        return self.total_fen - self.discount_fen

    def to_json(self) -> dict[str, Any]:
        return {"position": self.position, "domain": self.domain, "title": self.title, "order_id": self.order_id,
                "total_fen": self.total_fen, "card_id": self.card_id, "discount_fen": self.discount_fen,
                "hold_expires_at": self.hold_expires_at.isoformat(), "status": self.status.value}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Leg:
        return cls(position=int(raw["position"]), domain=str(raw["domain"]), title=str(raw["title"]),
                   order_id=str(raw["order_id"]), total_fen=int(raw["total_fen"]), card_id=raw.get("card_id"),
                   discount_fen=int(raw["discount_fen"]),
                   hold_expires_at=datetime.fromisoformat(raw["hold_expires_at"]),
                   status=LegStatus(raw.get("status", "held")))


@dataclass
class Plan:
    """The legs bought together; paid whole or not at all."""

    id: str
    user_id: str
    created_at: datetime
    status: PlanStatus = PlanStatus.OPEN
    legs: list[Leg] = field(default_factory=list)

    @property
    def pay_fen(self) -> int:
        return sum(leg.pay_fen for leg in self.legs)

    @property
    def total_fen(self) -> int:
        return sum(leg.total_fen for leg in self.legs)

    @property
    def discount_fen(self) -> int:
        return sum(leg.discount_fen for leg in self.legs)

    @property
    def expires_at(self) -> datetime | None:
        return min((leg.hold_expires_at for leg in self.legs), default=None)

    def leg(self, position: int) -> Leg | None:
        return next((leg for leg in self.legs if leg.position == position), None)

    def cards_taken(self, *, besides: int | None = None) -> set[str]:
        """Cards allotted to legs other than ``besides``: one card pays for one leg only."""
        return {leg.card_id for leg in self.legs if leg.card_id and leg.position != besides}

    def put(self, leg: Leg) -> None:
        self.legs = sorted([x for x in self.legs if x.position != leg.position] + [leg], key=lambda x: x.position)

    def drop(self, position: int) -> Leg | None:
        gone = self.leg(position)
        self.legs = [x for x in self.legs if x.position != position]
        return gone

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "user_id": self.user_id, "created_at": self.created_at.isoformat(),
                "status": self.status.value, "legs": [leg.to_json() for leg in self.legs]}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Plan:
        return cls(id=str(raw["id"]), user_id=str(raw["user_id"]),
                   created_at=datetime.fromisoformat(raw["created_at"]), status=PlanStatus(raw["status"]),
                   legs=[Leg.from_json(x) for x in raw.get("legs", [])])


@dataclass(frozen=True)
class Allotment:
    """The card a leg gets and what it takes off."""

    card: Card | None
    discount_fen: int

    @property
    def card_id(self) -> str | None:
        return self.card.id if self.card is not None and self.discount_fen else None


def allot(usable: Iterable[Card], *, total_fen: int, taken: set[str], now: datetime) -> Allotment:
    """The best card for ``total_fen`` among those no other leg of the plan counts on."""
    card = best_card([c for c in usable if c.id not in taken], total_fen=total_fen, now=now)
    discount = card.discount_for(total_fen) if card is not None else 0
    return Allotment(card if discount else None, discount)


@dataclass(frozen=True)
class Consent:
    """What the person agrees to when they say 确认: this plan, these legs, this total, until ``expires_at``."""

    plan_id: str
    pay_fen: int
    expires_at: datetime
    token: str

    def to_json(self) -> dict[str, Any]:
        return {"plan_id": self.plan_id, "pay_fen": self.pay_fen, "expires_at": self.expires_at.isoformat(),
                "token": self.token}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Consent:
        return cls(str(raw["plan_id"]), int(raw["pay_fen"]), datetime.fromisoformat(raw["expires_at"]),
                   str(raw["token"]))


def _body(plan: Plan, expires_at: datetime) -> bytes:
    legs = ";".join(f"{leg.position}:{leg.order_id}:{leg.card_id or '-'}:{leg.total_fen}:{leg.pay_fen}"
                    for leg in plan.legs)
    return f"v1|{plan.user_id}|{plan.id}|{legs}|{plan.pay_fen}|{expires_at.isoformat()}".encode()


def sign(plan: Plan, *, secret: bytes) -> Consent:
    """The consent for the plan as it stands: every leg must be held."""
    expires_at = plan.expires_at
    if not plan.legs or expires_at is None:
        raise ConfirmationError(f"plan {plan.id} has nothing to confirm", user_message="没有需要确认的订单")
    token = hmac.new(secret, _body(plan, expires_at), hashlib.sha256).hexdigest()[:40]
    return Consent(plan.id, plan.pay_fen, expires_at, token)


def verify(plan: Plan, consent: Consent, *, secret: bytes, now: datetime) -> None:
    """Raise ConfirmationError unless ``consent`` was issued for exactly this plan; HoldExpiredError when late."""
    if now >= consent.expires_at:
        raise HoldExpiredError(f"consent for plan {plan.id} expired at {consent.expires_at.isoformat()}")
    expected = sign(plan, secret=secret)
    if consent.plan_id != plan.id or not hmac.compare_digest(expected.token, consent.token):
        error = ConfirmationError(f"consent does not match plan {plan.id} (now {plan.pay_fen} fen)",
                                  user_message=f"订单内容或金额有变化（现在共需付{format_fen(plan.pay_fen)}），"
                                               "没有扣款，请看清后再确认")
        error.actual_fen = plan.pay_fen
        raise error
