"""Where an order stands at a moment: a pure timeline per domain, driven by a clock."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bangwo.domain.domains import Domain
from bangwo.domain.orders import Order, OrderStatus

TICKETS = frozenset({Domain.MOVIE, Domain.TRAIN, Domain.FLIGHT, Domain.ATTRACTION, Domain.HOTEL})
ACTIVE = (OrderStatus.PAID, OrderStatus.FULFILLING, OrderStatus.DELIVERED, OrderStatus.ISSUED)

PHASE_ZH = {
    "preparing": "商家制作中", "delivering": "骑手配送中", "delivered": "已送达", "packing": "商家打包中",
    "shipping": "快递运输中", "topping_up": "充值中", "credited": "已到账", "ticketing": "出票中",
    "issued": "已出票", "confirmed": "预订已确认", "matched": "司机已接单", "arriving": "司机正在赶来", "in_trip": "行程中",
    "done": "行程已结束", "completed": "已完成",
}


@dataclass(frozen=True)
class Progress:
    """The status an order should have at ``now``, the phase in words, ETA and rider position."""

    status: OrderStatus
    phase: str
    eta: datetime | None = None
    courier: tuple[float, float] | None = None

    @property
    def phase_zh(self) -> str:
        return PHASE_ZH[self.phase]


def _minutes(details: dict[str, Any], key: str, default: int) -> timedelta:
    value = details.get(key)
    return timedelta(minutes=int(value) if isinstance(value, int | float) else default)


def _point(value: Any) -> tuple[float, float] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    if isinstance(value, dict) and "lat" in value and "lng" in value:
        return float(value["lat"]), float(value["lng"])
    return None


def _courier(order: Order, fraction: float) -> tuple[float, float] | None:
    start, end = _point(order.details.get("shop_point")), _point(order.details.get("address_point"))
    if start is None or end is None:
        return None
    f = min(max(fraction, 0.0), 1.0)
    return round(start[0] + (end[0] - start[0]) * f, 6), round(start[1] + (end[1] - start[1]) * f, 6)


def progress(order: Order, now: datetime) -> Progress:
    """The target state of a paid order at ``now`` (orders not yet paid are returned as they are)."""
    paid_at_text = order.details.get("paid_at")
    if order.status not in ACTIVE or not isinstance(paid_at_text, str):
        return Progress(order.status, "completed" if order.status is OrderStatus.COMPLETED else "done")
    paid_at = datetime.fromisoformat(paid_at_text)
    if order.domain in TICKETS:
        return _tickets(order, now, paid_at)
    if order.domain is Domain.TAXI:
        return _taxi(order, now, paid_at)
    if order.domain is Domain.RECHARGE:
        done = paid_at + timedelta(minutes=1)
        return Progress(OrderStatus.FULFILLING, "topping_up", done) if now < done else \
            Progress(OrderStatus.COMPLETED if now >= done + timedelta(minutes=1) else OrderStatus.DELIVERED,
                     "credited")
    return _delivery(order, now, paid_at)


def _delivery(order: Order, now: datetime, paid_at: datetime) -> Progress:
    far = order.domain is Domain.SHOPPING
    prep = _minutes(order.details, "prep_minutes", 60 if far else 10)
    eta = paid_at + _minutes(order.details, "eta_minutes", 2 * 24 * 60 if far else 30)
    if now < paid_at + prep:
        return Progress(OrderStatus.FULFILLING, "packing" if far else "preparing", eta, _courier(order, 0.0))
    if now < eta:
        span = (eta - paid_at - prep).total_seconds() or 1.0
        done = (now - paid_at - prep).total_seconds() / span
        return Progress(OrderStatus.FULFILLING, "shipping" if far else "delivering", eta, _courier(order, done))
    settle = timedelta(days=7) if far else timedelta(hours=1)
    status = OrderStatus.COMPLETED if now >= eta + settle else OrderStatus.DELIVERED
    return Progress(status, "delivered", eta, _courier(order, 1.0))


def _tickets(order: Order, now: datetime, paid_at: datetime) -> Progress:
    issued_at = paid_at + timedelta(minutes=1)
    if now < issued_at:
        return Progress(OrderStatus.FULFILLING, "ticketing", issued_at)
    start = order.starts_at or issued_at
    end = start + _minutes(order.details, "duration_minutes", 24 * 60 if order.domain is Domain.HOTEL else 120)
    if order.domain is Domain.HOTEL and isinstance(order.details.get("nights"), int):
        end = start + timedelta(days=int(order.details["nights"]))
    phase = "confirmed" if order.domain is Domain.HOTEL else "issued"
    return Progress(OrderStatus.COMPLETED if now >= end else OrderStatus.ISSUED, phase, start)


def _taxi(order: Order, now: datetime, paid_at: datetime) -> Progress:
    matched = paid_at + timedelta(minutes=1)
    pickup = max(order.starts_at or paid_at, paid_at) + _minutes(order.details, "pickup_minutes", 6)
    arrive = pickup + _minutes(order.details, "duration_minutes", 20)
    if now < matched:
        return Progress(OrderStatus.FULFILLING, "matched", pickup)
    if now < pickup:
        return Progress(OrderStatus.FULFILLING, "arriving", pickup)
    if now < arrive:
        return Progress(OrderStatus.FULFILLING, "in_trip", arrive)
    status = OrderStatus.COMPLETED if now >= arrive + timedelta(minutes=10) else OrderStatus.DELIVERED
    return Progress(status, "done", arrive)


def path_to(current: OrderStatus, target: OrderStatus, domain: Domain) -> list[OrderStatus]:
    """The statuses an order passes through from ``current`` to ``target`` (never backwards)."""
    handover = OrderStatus.ISSUED if domain in TICKETS else OrderStatus.DELIVERED
    chain = [OrderStatus.PAID, OrderStatus.FULFILLING, handover, OrderStatus.COMPLETED]
    if current not in chain or target not in chain:
        return []
    return chain[chain.index(current) + 1: chain.index(target) + 1]


def ticket_codes(order: Order) -> list[str]:
    """Deterministic e-ticket numbers, one per ticket of the order."""
    count = sum(int(line.get("quantity", 1)) for line in order.lines) or 1
    digest = hashlib.sha256(order.id.encode()).hexdigest()
    return [f"E{int(digest[i * 8:(i + 1) * 8], 16) % 10**10:010d}" for i in range(min(count, 8))]
