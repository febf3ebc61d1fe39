"""A unit of work: one connection, one transaction, repositories bound to it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, NestedTransaction

from bangwo.adapters.db.repositories import (
    SqlCards,
    SqlConversations,
    SqlLedger,
    SqlOrders,
    SqlPayments,
    SqlPlans,
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
    plans: SqlPlans

    def __init__(self, engine: Engine, *, readonly: bool = False) -> None:
        self.engine = engine
        self.readonly = readonly
        self._conn: Connection | None = None

    def __enter__(self) -> Self:
        conn = self.engine.connect()
        if self.readonly:
            conn = conn.execution_options(readonly=True)
        self._bind(conn)
        return self

    def _bind(self, conn: Connection) -> None:
        self._conn = conn
        self.orders = SqlOrders(conn)
        self.stock = SqlStock(conn)
        self.ledger = SqlLedger(conn)
        self.payments = SqlPayments(conn)
        self.cards = SqlCards(conn)
        self.users = SqlUsers(conn)
        self.conversations = SqlConversations(conn)
        self.plans = SqlPlans(conn)

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

    def within(self) -> JoinedUnitOfWorkFactory:
        """Units of work inside this one's transaction (a conversation turn commits once, at its end)."""
        return JoinedUnitOfWorkFactory(self)

    def rollback(self) -> None:
        self.connection.rollback()


class JoinedUnitOfWork(SqlUnitOfWork):
    """A unit of work inside another's transaction: ``with`` opens a savepoint, ``commit()`` releases it.

    Nothing is durable until the outer unit of work commits; a failure inside rolls back to the savepoint,
    so each use case stays all-or-nothing within the turn.
    """

    def __init__(self, outer: SqlUnitOfWork) -> None:
        super().__init__(outer.engine)
        self.outer = outer
        self._savepoint: NestedTransaction | None = None

    def __enter__(self) -> Self:
        conn = self.outer.connection
        self._bind(conn)
        self._savepoint = conn.begin_nested()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        savepoint, self._savepoint, self._conn = self._savepoint, None, None
        if savepoint is not None and savepoint.is_active:
            savepoint.rollback()

    def commit(self) -> None:
        conn = self.connection
        if self._savepoint is not None and self._savepoint.is_active:
            self._savepoint.commit()
        self._savepoint = conn.begin_nested()

    def rollback(self) -> None:
        conn = self.connection
        if self._savepoint is not None and self._savepoint.is_active:
            self._savepoint.rollback()
        self._savepoint = conn.begin_nested()

    def within(self) -> JoinedUnitOfWorkFactory:
        return JoinedUnitOfWorkFactory(self.outer)


class JoinedUnitOfWorkFactory:
    """Makes units of work that share one outer transaction."""

    def __init__(self, outer: SqlUnitOfWork) -> None:
        self.outer = outer

    def __call__(self) -> JoinedUnitOfWork:
        return JoinedUnitOfWork(self.outer)

    def reader(self) -> JoinedUnitOfWork:
        return JoinedUnitOfWork(self.outer)


class SqlUnitOfWorkFactory:
    """Makes units of work over one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def reader(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, readonly=True)
