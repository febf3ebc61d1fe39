"""Commands: what a user (or the system) asks the services to do. Writes carry an idempotency key."""

from __future__ import annotations

from dataclasses import dataclass

from bangwo.domain.errors import InvalidRequestError
from bangwo.domain.offers import Offer


def check_key(key: str) -> str:
    """An idempotency key: 1-128 printable characters."""
    if not key or len(key) > 128 or not key.isprintable():
        raise InvalidRequestError(f"bad idempotency key {key!r}", user_message="请求编号无效")
    return key


@dataclass(frozen=True)
class PlaceOrder:
    user_id: str
    offer: Offer
    idempotency_key: str
    hold_minutes: int = 15


@dataclass(frozen=True)
class PayOrder:
    """Pay a held order; with ``expected_pay_fen`` it pays only that exact amount (what the user confirmed)."""

    user_id: str
    order_id: str
    idempotency_key: str
    expected_pay_fen: int | None = None


@dataclass(frozen=True)
class CancelOrder:
    user_id: str
    order_id: str
    reason: str = "用户取消"


@dataclass(frozen=True)
class RefundOrder:
    user_id: str
    order_id: str
    idempotency_key: str
    reason: str = "用户申请退款"


@dataclass(frozen=True)
class ClaimCard:
    user_id: str
    campaign_id: str
    request_id: str


@dataclass(frozen=True)
class TopUp:
    user_id: str
    amount_fen: int
    payment_token: str
    idempotency_key: str
