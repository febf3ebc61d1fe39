"""A turn: what the engine answers to one message, in the shape of spec/chat.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bangwo.domain import fulfilment
from bangwo.domain.orders import STATUS_ZH, Order, OrderStatus


@dataclass
class Turn:
    """One reply of the engine, in the shape of spec/chat.md."""

    reply: str
    frames: list[dict[str, Any]] = field(default_factory=list)
    cards: list[dict[str, Any]] = field(default_factory=list)
    awaiting: str | None = None
    orders: list[dict[str, Any]] = field(default_factory=list)
    outcome: str = "chat"

    def to_json(self) -> dict[str, Any]:
        return {"reply": self.reply, "frames": self.frames, "cards": [_public(c) for c in self.cards],
                "awaiting": self.awaiting, "orders": self.orders}


def _public(card: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in card.items() if not k.startswith("_")}


def order_json(order: Order, now: datetime | None = None) -> dict[str, Any]:
    """The order as spec/chat.md lists it in a turn's ``orders``; with ``now``, where fulfilment stands."""
    body: dict[str, Any] = {
        "id": order.id, "domain": order.domain.value, "status": order.status.value, "title": order.title,
        "items": [{"title": ln["title"], "quantity": ln["quantity"], "options": ln.get("options", {})}
                  for ln in order.lines],
        "total_fen": order.total_fen, "discount_fen": order.discount_fen, "paid_fen": order.paid_fen,
        "refunded_fen": order.refunded_fen, "coupon_id": order.card_id, "merchant": order.merchant_name,
        "created_at": order.created_at.isoformat(), "details": order.details,
    }
    paid_at = order.details.get("paid_at")
    at = now or (datetime.fromisoformat(paid_at) if isinstance(paid_at, str) else None)
    body["status_zh"] = fulfilment.status_label(order, at) if at is not None else STATUS_ZH[order.status]
    if now is not None and order.status not in (OrderStatus.HELD, OrderStatus.CANCELLED):
        state = fulfilment.progress(order, now)
        body.update(phase=state.phase, phase_zh=state.phase_zh, eta=state.eta.isoformat() if state.eta else None,
                    courier=list(state.courier) if state.courier else None)
    return body
