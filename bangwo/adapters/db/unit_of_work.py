"""A unit of work: one connection, one transaction, repositories bound to it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine

from bangwo.adapters.db.repositories import (
    SqlCards,
    SqlConversations,
    SqlLedger,
    SqlOrders,
    SqlPayments,
    SqlStock,
    SqlUsers,
)


class SqlUnitOfWork:
    """``with uow:`` binds a connection (transactions autobegin); ``commit()`` makes it durable; leaving without it rolls back."""

    orders: SqlOrders
    stock: SqlStock
    ledger: SqlLedger
    payments: SqlPayments
    cards: SqlCards
    users: SqlUsers
    conversations: SqlConversations

    def __init__(self, engine: Engine, *, readonly: bool = False) -> None:
        self.engine = engine
        self.readonly = readonly
        self._conn: Connection | None = None

    def __enter__(self) -> Self:
        conn = self.engine.connect()
        if self.readonly:
            conn = conn.execution_options(readonly=True)
        self._conn = conn
        self.orders = SqlOrders(conn)
        self.stock = SqlStock(conn)
        self.ledger = SqlLedger(conn)
        self.payments = SqlPayments(conn)
        self.cards = SqlCards(conn)
        self.users = SqlUsers(conn)
        self.conversations = SqlConversations(conn)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                conn.rollback()
        finally:
            conn.close()

    @property
    def connection(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("unit of work used outside 'with'")
        return self._conn

    def commit(self) -> None:
        self.connection.commit()   # the next statement autobegins a new transaction

    def rollback(self) -> None:
        self.connection.rollback()


class SqlUnitOfWorkFactory:
    """Makes units of work over one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def reader(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, readonly=True)
