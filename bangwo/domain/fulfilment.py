"""Where an order stands at a moment: a pure timeline per domain, driven by a clock; its one status label,
its steps (已下单 → 商家制作中 → 骑手配送中 → 已送达) and where the shop, the rider and the person are."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bangwo.domain import places
from bangwo.domain.domains import Domain
from bangwo.domain.orders import STATUS_ZH, Order, OrderStatus

TICKETS = frozenset({Domain.MOVIE, Domain.TRAIN, Domain.FLIGHT, Domain.ATTRACTION, Domain.HOTEL})
ACTIVE = (OrderStatus.PAID, OrderStatus.FULFILLING, OrderStatus.DELIVERED, OrderStatus.ISSUED)

PHASE_ZH = {
    "preparing": "商家制作中", "delivering": "骑手配送中", "delivered": "已送达", "packing": "商家打包中",
    "shipping": "快递运输中", "topping_up": "充值中", "credited": "已到账", "ticketing": "出票中",
    "issued": "已出票", "confirmed": "预订已确认", "matched": "司机已接单", "arriving": "司机正在赶来", "in_trip": "行程中",
    "done": "行程已结束", "completed": "已完成", "placed": "已下单",
}
# What an ETA counts down to, by phase.
ETA_ZH = {
    "preparing": "预计送达", "delivering": "预计送达", "packing": "预计送达", "shipping": "预计送达",
    "topping_up": "预计到账", "ticketing": "预计出票", "issued": "距开始", "confirmed": "距入住", "matched": "司机预计到达",
    "arriving": "司机预计到达", "in_trip": "预计到达目的地",
}
# The steps an order passes through once placed, by the kind of fulfilment.
DELIVERY_STEPS = ("placed", "preparing", "delivering", "delivered")
PARCEL_STEPS = ("placed", "packing", "shipping", "delivered")
TICKET_STEPS = ("placed", "ticketing", "issued", "completed")
STAY_STEPS = ("placed", "ticketing", "confirmed", "completed")
RIDE_STEPS = ("placed", "matched", "arriving", "in_trip", "done")
TOPUP_STEPS = ("placed", "topping_up", "credited")
ENDED = frozenset({OrderStatus.CANCELLED, OrderStatus.REFUNDED, OrderStatus.FAILED})


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


def status_label(order: Order, now: datetime) -> str:
    """The one status label every surface shows (list, detail, chat, CLI): the phase while fulfilled."""
    if order.status in ACTIVE and isinstance(order.details.get("paid_at"), str):
        state = progress(order, now)
        return STATUS_ZH[OrderStatus.COMPLETED] if state.status is OrderStatus.COMPLETED else state.phase_zh
    return STATUS_ZH[order.status]


def step_phases(domain: Domain) -> tuple[str, ...]:
    """The phases of a domain's orders, in order, from 已下单 to the end."""
    if domain is Domain.SHOPPING:
        return PARCEL_STEPS
    if domain is Domain.HOTEL:
        return STAY_STEPS
    if domain in TICKETS:
        return TICKET_STEPS
    if domain is Domain.TAXI:
        return RIDE_STEPS
    if domain is Domain.RECHARGE:
        return TOPUP_STEPS
    return DELIVERY_STEPS


@dataclass(frozen=True)
class Step:
    """One step of the stepper: its phase, its words, and whether it is done, current or still to come."""

    phase: str
    label_zh: str
    state: str   # done | current | todo


def steps(order: Order, now: datetime) -> list[Step]:
    """The stepper of a placed order at ``now``; none for an order never paid or no longer going ahead."""
    if order.status is OrderStatus.HELD or order.status in ENDED:
        return []
    phases = step_phases(order.domain)
    state = progress(order, now)
    if order.status is not OrderStatus.COMPLETED and not isinstance(order.details.get("paid_at"), str):
        reached = 1                       # paid, nothing known of its fulfilment yet
    elif state.status is OrderStatus.COMPLETED or state.phase not in phases or state.phase == phases[-1]:
        reached = len(phases)             # every step done
    else:
        reached = phases.index(state.phase)
    return [Step(phase, PHASE_ZH[phase], "done" if i < reached else "current" if i == reached else "todo")
            for i, phase in enumerate(phases)]


@dataclass(frozen=True)
class Whereabouts:
    """The shop, the rider and the person's door (lat, lng), and how far the rider is from the door."""

    shop: tuple[float, float]
    door: tuple[float, float]
    rider: tuple[float, float] | None
    phase: str
    rider_to_door_m: int | None
    shop_to_door_m: int
    minutes_left: int | None


def whereabouts(order: Order, now: datetime) -> Whereabouts | None:
    """Where a delivery stands in space at ``now``; None when the order has no shop and door to draw."""
    shop, door = _point(order.details.get("shop_point")), _point(order.details.get("address_point"))
    if shop is None or door is None or order.domain in TICKETS or order.domain in (Domain.TAXI, Domain.RECHARGE):
        return None
    if order.status is OrderStatus.HELD or order.status in ENDED:
        return None
    state = progress(order, now)
    rider = state.courier if state.phase in ("delivering", "shipping") else None
    away = places.distance_m(rider[0], rider[1], door[0], door[1]) if rider is not None else None
    left = _minutes_left(state.eta, now) if state.phase not in ("delivered", "completed", "done") else None
    return Whereabouts(shop=shop, door=door, rider=rider, phase=state.phase, rider_to_door_m=away,
                       shop_to_door_m=places.distance_m(shop[0], shop[1], door[0], door[1]), minutes_left=left)


def seconds_left(order: Order, now: datetime) -> int | None:
    """Seconds until the ETA of an order still under way (for a countdown), else None."""
    if order.status is OrderStatus.HELD or order.status in ENDED:
        return None
    state = progress(order, now)
    if state.eta is None or state.status is OrderStatus.COMPLETED or state.phase not in ETA_ZH:
        return None
    return max(0, int((state.eta - now).total_seconds()))


def _minutes_left(eta: datetime | None, now: datetime) -> int | None:
    if eta is None:
        return None
    return max(0, -(-int((eta - now).total_seconds()) // 60))


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
