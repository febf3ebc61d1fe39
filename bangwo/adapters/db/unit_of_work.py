"""A unit of work: one connection, one transaction, repositories bound to it."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, Engine, event
from sqlalchemy.sql import visitors
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.selectable import Select

from bangwo.adapters.db.repositories import (
    SqlCards,
    SqlConversations,
    SqlLedger,
    SqlOrders,
    SqlPayments,
    SqlPlans,
    SqlStock,
    SqlUsers,
    TurnJournal,
)

# Whether a compiled statement object may write, remembered per statement object (the hot-path statements are
# module constants, so the tree is walked once per process).
_MAY_WRITE: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def may_write(statement: Any) -> bool:
    """False only for a plain SELECT: no FOR UPDATE / FOR SHARE (a lock is undone with its savepoint, so a locking
    read counts as a write) and no data-modifying CTE anywhere in it. Anything else may write."""
    if isinstance(statement, str):
        return statement.lstrip()[:6].upper() != "SELECT" or "FOR " in statement.upper()
    if not isinstance(statement, Select):
        return True
    known = _MAY_WRITE.get(statement)
    if known is None:
        known = _MAY_WRITE[statement] = any(
            isinstance(e, UpdateBase) or (isinstance(e, Select) and e._for_update_arg is not None)
            for e in visitors.iterate(statement))
    return known


class _Savepoints:
    """The savepoints of one transaction's joined units of work, opened lazily.

    A joined unit starts *pending*: no SAVEPOINT is sent. Just before the first statement on the connection that
    may write (``may_write``), every pending unit on the stack opens its savepoint, outermost first, so each unit
    that wrote can still be undone on its own, and an enclosing unit's rollback undoes its inner units' writes.
    A unit that only read has nothing to undo and costs no statement. A unit's ``commit()`` sends nothing either:
    its savepoint stays established until the transaction ends (the enclosing unit or the outer commit decides),
    and the unit becomes pending again, so writes after the commit get a savepoint of their own.

    If a plain read fails inside a pending unit (the database aborts the transaction), the unit has nothing to
    roll back to: the transaction stays aborted, every later statement fails and the outer unit of work rolls
    everything back. Nothing partial is ever committed.
    """

    def __init__(self, conn: Connection, forget: Callable[[], None]) -> None:
        self.conn = conn
        self.forget = forget   # what the repositories remember of the transaction may be undone with a savepoint
        self.stack: list[JoinedUnitOfWork] = []
        self.count = 0
        self._opening = False
        event.listen(conn, "before_execute", self._before_execute)

    def _before_execute(self, conn: Connection, statement: Any, *args: Any) -> None:
        if self._opening or all(unit._savepoint is not None for unit in self.stack):
            return   # the outer unit's own statements, or every joined unit already has its savepoint
        if may_write(statement):
            self.open_pending()

    def open_pending(self) -> None:
        self._opening = True
        try:
            for unit in self.stack:
                if unit._savepoint is None:
                    self.count += 1
                    name = f"bw_sp_{self.count}"
                    self.conn.exec_driver_sql(f"SAVEPOINT {name}")
                    unit._savepoint = name
        finally:
            self._opening = False

    def roll_back(self, unit: JoinedUnitOfWork) -> None:
        """Undo the unit's writes since its savepoint (and those of any unit inside it)."""
        name = unit._savepoint
        if name is None:
            return
        self._opening = True
        try:
            self.conn.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {name}")
        finally:
            self._opening = False
            self.forget()
        inside = False
        for other in self.stack:
            if other is unit:
                inside = True
            elif inside:
                other._savepoint = None   # their savepoints were after this one: gone with the rollback

    def reset(self) -> None:
        """The transaction ended (outer commit or rollback): no savepoint survives it."""
        for unit in self.stack:
            unit._savepoint = None


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

    def __init__(self, engine: Engine, *, readonly: bool = False, journal: TurnJournal | None = None) -> None:
        self.engine = engine
        self.readonly = readonly
        self.journal = journal
        self._conn: Connection | None = None
        self._savepoints: _Savepoints | None = None

    def __enter__(self) -> Self:
        conn = self.engine.connect()
        if self.readonly:
            conn = conn.execution_options(readonly=True)
        self._bind(conn)
        return self

    def _bind(self, conn: Connection) -> None:
        self._conn = conn
        self.cards = SqlCards(conn)
        self.orders = SqlOrders(conn, self.cards)
        self.stock = SqlStock(conn)
        self.ledger = SqlLedger(conn)
        self.payments = SqlPayments(conn)
        self.users = SqlUsers(conn)
        self.conversations = SqlConversations(conn, self.users, self.journal, self.cards)
        self.plans = SqlPlans(conn)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        conn, self._conn = self._conn, None
        savepoints, self._savepoints = self._savepoints, None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                conn.rollback()
        finally:
            if savepoints is not None:
                savepoints.reset()
            self._forget()
            self.conversations.forget_uncommitted()
            conn.close()

    @property
    def connection(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("unit of work used outside 'with'")
        return self._conn

    def savepoints(self) -> _Savepoints:
        if self._savepoints is None:
            self._savepoints = _Savepoints(self.connection, self._forget)
        return self._savepoints

    def _forget(self) -> None:
        """Drop what the repositories remember of this transaction (plans it locked, cards it read)."""
        self.plans.forget()
        self.cards.forget()

    def commit(self) -> None:
        self.connection.commit()   # the next statement autobegins a new transaction
        self._forget()
        if self._savepoints is not None:
            self._savepoints.reset()
        turns = self.conversations.take_committed()
        if turns and self.journal is not None:
            self.journal.publish(turns)   # durable in the database already (last_turn); the log follows

    def within(self) -> JoinedUnitOfWorkFactory:
        """Units of work inside this one's transaction (a conversation turn commits once, at its end)."""
        return JoinedUnitOfWorkFactory(self)

    def rollback(self) -> None:
        self.connection.rollback()
        self._forget()
        if self._savepoints is not None:
            self._savepoints.reset()
        self.conversations.forget_uncommitted()


class JoinedUnitOfWork(SqlUnitOfWork):
    """A unit of work inside another's transaction, all-or-nothing on its own: a failure (or leaving without
    ``commit()``) undoes exactly this unit's writes; nothing is durable until the outer unit of work commits.

    Its savepoint is opened lazily, before its first write (see ``_Savepoints``): a unit that only reads sends
    no SAVEPOINT, and ``commit()`` sends no RELEASE. It shares the outer unit's connection and repositories.
    """

    def __init__(self, outer: SqlUnitOfWork) -> None:
        super().__init__(outer.engine)
        self.outer = outer
        self._savepoint: str | None = None   # the name of the open savepoint; None while pending
        self._stack: _Savepoints | None = None

    def __enter__(self) -> Self:
        outer = self.outer
        self._conn = outer.connection
        self.orders, self.stock, self.ledger, self.payments = outer.orders, outer.stock, outer.ledger, outer.payments
        self.cards, self.users, self.conversations, self.plans = outer.cards, outer.users, outer.conversations, \
            outer.plans
        self._stack = outer.savepoints()
        self._savepoint = None
        self._stack.stack.append(self)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        stack, self._stack, self._conn = self._stack, None, None
        if stack is None:
            return
        try:
            if self._savepoint is not None and stack.conn.in_transaction():
                stack.roll_back(self)
        finally:
            self._savepoint = None
            if self in stack.stack:
                stack.stack.remove(self)

    def commit(self) -> None:
        self.connection   # noqa: B018 - raises outside 'with'
        self._savepoint = None   # what it wrote stays, inside the enclosing transaction; later writes start anew

    def rollback(self) -> None:
        self.connection   # noqa: B018 - raises outside 'with'
        if self._stack is not None:
            self._stack.roll_back(self)

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
    """Makes units of work over one engine (with a ``journal``, turns are logged through it after commit)."""

    def __init__(self, engine: Engine, *, journal: TurnJournal | None = None) -> None:
        self.engine = engine
        self.journal = journal

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, journal=self.journal)

    def reader(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, readonly=True, journal=self.journal)
