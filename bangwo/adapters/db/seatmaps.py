"""Read model of a showing's seat claims: which seat is claimed by an order in which status (the seat map)."""

from __future__ import annotations

from sqlalchemy import Engine, select

from bangwo.adapters.db import tables as t
from bangwo.domain.orders import OrderStatus


def claims(engine: Engine, showtime_ref: str) -> dict[str, OrderStatus]:
    """Seat code -> status of the order claiming it, for every claimed seat of the showing."""
    query = (select(t.seat_claims.c.seat_key, t.orders.c.status)
             .join(t.orders, t.orders.c.id == t.seat_claims.c.order_id)
             .where(t.seat_claims.c.showtime_ref == showtime_ref))
    with engine.connect() as conn:
        return {key.rsplit("/", 1)[1]: OrderStatus(status) for key, status in conn.execute(query)}
