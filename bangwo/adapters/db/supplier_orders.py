"""Supplier links and accepted webhooks (tables supplier_orders, supplier_webhooks) in a unit of work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from bangwo.adapters.db import tables as t
from bangwo.domain.errors import DuplicateRequestError
from bangwo.services.ports import SupplierEvent, SupplierLink, SupplierStatus, UnitOfWork


class SqlSupplierOrders:
    """The supplier records on the unit of work's connection (its transaction)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def link(self, link: SupplierLink, *, at: datetime) -> None:
        try:
            with self.conn.begin_nested():
                self.conn.execute(insert(t.supplier_orders).values(
                    order_id=link.order_id, supplier=link.supplier, supplier_ref=link.hold_id,
                    status=link.status.value, updated_at=at))
        except IntegrityError:
            raise DuplicateRequestError(f"order {link.order_id} already has a supplier hold") from None

    def get(self, order_id: str) -> SupplierLink | None:
        row = self.conn.execute(select(t.supplier_orders).where(t.supplier_orders.c.order_id == order_id)
                                ).mappings().first()
        if row is None:
            return None
        return SupplierLink(order_id=row["order_id"], supplier=row["supplier"], hold_id=row["supplier_ref"],
                            status=SupplierStatus(row["status"]))

    def set_status(self, order_id: str, status: SupplierStatus, *, at: datetime) -> None:
        self.conn.execute(update(t.supplier_orders).where(t.supplier_orders.c.order_id == order_id)
                          .values(status=status.value, updated_at=at))

    def record_webhook(self, event: SupplierEvent, *, at: datetime) -> bool:
        try:
            with self.conn.begin_nested():
                self.conn.execute(insert(t.supplier_webhooks).values(
                    webhook_id=event.webhook_id, supplier=event.supplier, order_id=event.order_id,
                    status=event.status.value, received_at=at))
        except IntegrityError:
            return False
        return True


def supplier_orders(uow: UnitOfWork) -> SqlSupplierOrders:
    """The SupplierOrders port: the records bound to ``uow`` (an SQL unit of work, inside ``with``)."""
    connection: Connection = _connection(uow)
    return SqlSupplierOrders(connection)


def _connection(uow: Any) -> Connection:
    conn = uow.connection
    if not isinstance(conn, Connection):
        raise TypeError(f"{type(uow).__name__} is not an SQL unit of work")
    return conn
