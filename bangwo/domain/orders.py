"""The order aggregate: an explicit state machine whose every move is recorded as an event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bangwo.domain.domains import Domain
from bangwo.domain.errors import IllegalTransitionError


class OrderStatus(StrEnum):
    HELD = "held"              # stock/seats reserved, waiting for payment until hold_expires_at
    PAID = "paid"
    FULFILLING = "fulfilling"  # preparing / delivering / ticketing / driver on the way
    DELIVERED = "delivered"    # goods handed over, ride finished, top-up credited
    ISSUED = "issued"          # tickets and vouchers issued
    COMPLETED = "completed"
    CANCELLED = "cancelled"    # never paid: declined by the user or hold expired
    REFUNDED = "refunded"
    FAILED = "failed"          # payment failed


TRANSITIONS: Mapping[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.HELD: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.FAILED}),
    OrderStatus.PAID: frozenset({OrderStatus.FULFILLING, OrderStatus.REFUNDED}),
    OrderStatus.FULFILLING: frozenset({OrderStatus.DELIVERED, OrderStatus.ISSUED, OrderStatus.REFUNDED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.COMPLETED, OrderStatus.REFUNDED}),
    OrderStatus.ISSUED: frozenset({OrderStatus.COMPLETED, OrderStatus.REFUNDED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
    OrderStatus.FAILED: frozenset(),
}

FULFILMENT_STARTED = frozenset({OrderStatus.FULFILLING, OrderStatus.DELIVERED, OrderStatus.ISSUED,
                                OrderStatus.COMPLETED})

STATUS_ZH: Mapping[OrderStatus, str] = {
    OrderStatus.HELD: "待支付",
    OrderStatus.PAID: "已支付",
    OrderStatus.FULFILLING: "履约中",
    OrderStatus.DELIVERED: "已送达",
    OrderStatus.ISSUED: "已出票",
    OrderStatus.COMPLETED: "已完成",
    OrderStatus.CANCELLED: "已取消",
    OrderStatus.REFUNDED: "已退款",
    OrderStatus.FAILED: "失败",
}


@dataclass(frozen=True)
class OrderEvent:
    """One recorded change of an order: when, from what to what, why and by whom."""

    at: datetime
    from_status: OrderStatus | None
    to_status: OrderStatus
    reason: str
    actor: str


@dataclass
class Order:
    """An order and the invariants of its life: only TRANSITIONS moves, each recorded."""

    id: str
    user_id: str
    domain: Domain
    merchant_id: str
    merchant_name: str
    title: str
    lines: list[dict[str, Any]]
    details: dict[str, Any]
    policy_code: str
    total_fen: int
    status: OrderStatus
    created_at: datetime
    hold_expires_at: datetime | None = None
    starts_at: datetime | None = None
    discount_fen: int = 0
    paid_fen: int = 0
    refunded_fen: int = 0
    card_id: str | None = None
    idempotency_key: str | None = None
    request_hash: str = ""
    events: list[OrderEvent] = field(default_factory=list)

    def move(self, to: OrderStatus, *, at: datetime, reason: str, actor: str) -> OrderEvent:
        """Move to ``to`` or raise IllegalTransitionError; return the recorded event."""
        if to not in TRANSITIONS[self.status]:
            raise IllegalTransitionError(
                f"order {self.id}: illegal transition {self.status.value} -> {to.value}",
                user_message=f"订单{STATUS_ZH[self.status]}，不能变为{STATUS_ZH[to]}",
            )
        event = OrderEvent(at=at, from_status=self.status, to_status=to, reason=reason, actor=actor)
        self.status = to
        self.events.append(event)
        return event

    def hold_expired(self, now: datetime) -> bool:
        return self.status is OrderStatus.HELD and self.hold_expires_at is not None \
            and now >= self.hold_expires_at

    @property
    def fulfilment_started(self) -> bool:
        return self.status in FULFILMENT_STARTED
