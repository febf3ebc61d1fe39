"""Create engines for SQLite (WAL, immediate write transactions) and PostgreSQL."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import weakref
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import DateTime, Engine, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.pool import QueuePool
from sqlalchemy.types import TypeDecorator

from bangwo.domain.clocks import SHANGHAI


class AwareDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns aware Asia/Shanghai datetimes on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware one")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(SHANGHAI)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, *, pool_size: int = 16) -> Engine:
    """An engine tuned for bangwo's short write transactions; its errors and logs never show SQL parameters
    (they carry chat text, phone numbers and tokens)."""
    if is_sqlite(url):
        return _sqlite_engine(url, pool_size=pool_size)
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800,
                         future=True, hide_parameters=True, json_serializer=json_text)


def json_text(value: Any) -> str:
    """A JSON column's value as PostgreSQL stores it: orjson (a tenth of ``json.dumps``'s CPU; every turn writes the
    dialogue state and its reply), non-ASCII kept as is (the same value read back). What orjson refuses (an int
    beyond 64 bits, a type it does not know) and what ``json.dumps`` refuses (a datetime, a dataclass) take the
    standard library's way, with its answer."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
                            | orjson.OPT_PASSTHROUGH_DATACLASS).decode()
    except TypeError:
        return json.dumps(value)


BUSY_TIMEOUT_S = 60


class WriterGate:
    """The write transactions of one SQLite file in this process, one at a time, in the order they ask.

    SQLite lets one writer in at a time anyway (``BEGIN IMMEDIATE``); a writer that finds the lock taken sleeps in
    SQLite's busy handler (1, 2, 5, 10 ... 100 ms), and the lock stays idle until a sleeper wakes up: with several
    threads writing, most of the time goes to those sleeps (bench core: p99 of an order 300-1,000 ms at p50 2-6 ms).
    Threads of one process queue here instead and are woken the moment the writer before them ends, so only one
    writer per process ever meets SQLite's lock (writers of other processes still meet it there, as before). This is
    an extra lock in front of SQLite's, taken before ``BEGIN IMMEDIATE`` and given back when the transaction ends
    (commit, rollback, or the connection closed): isolation and durability are SQLite's, unchanged. A thread that
    opens a second write transaction while its first is open waits ``BUSY_TIMEOUT_S`` and fails, as it did on
    SQLite's lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def enter(self) -> None:
        if not self._lock.acquire(timeout=BUSY_TIMEOUT_S):
            raise sqlite3.OperationalError("database is locked")

    def leave(self) -> None:
        self._lock.release()


_GATES: dict[tuple[str, int], WriterGate] = {}
_GATES_LOCK = threading.Lock()


def writer_gate(path: str) -> WriterGate:
    """The gate of the database file at ``path`` in this process (a forked child gets its own)."""
    key = (os.path.realpath(path), os.getpid())
    with _GATES_LOCK:
        gate = _GATES.get(key)
        if gate is None:
            gate = _GATES[key] = WriterGate()
        return gate


WRITER_CHECKPOINT_PAGES = 10_000   # a writer checkpoints itself only past this (SQLite's default: 1,000)


class Checkpointer:
    """SQLite's WAL checkpoints for one database file in this process, on a thread of their own.

    By default SQLite checkpoints inside the commit that takes the WAL past 1,000 pages: that writer copies the WAL
    back into the database file and syncs it while it still holds the write lock, so every other writer waits behind
    the copy (bench core: an order writes ~29 WAL pages where a bare insert writes 1, so orders paid ~30x more of it).
    Here a thread runs ``PRAGMA wal_checkpoint(PASSIVE)`` on its own connection instead: a passive checkpoint takes no
    write lock, so writers go on appending while it copies (sqlite.org/wal.html, "Application-Initiated
    Checkpoints"). Writers keep an automatic checkpoint at ``WRITER_CHECKPOINT_PAGES`` as the bound should the thread
    fall behind. Durability is unchanged: every commit still syncs the WAL (``synchronous=FULL``) before it returns.
    The thread wakes every ``busy_s`` while there is work, every ``idle_s`` when the WAL was empty, and ends when the
    engines it serves are all gone or ``stop`` is called."""

    def __init__(self, path: str, *, busy_s: float = 0.05, idle_s: float = 0.5) -> None:
        self.path = path
        self.busy_s, self.idle_s = busy_s, idle_s
        self.frames_moved = 0     # WAL frames found copied back, summed over checkpoints (for tests: > 0 once it worked)
        self.failures = 0
        self.engines: weakref.WeakSet[Engine] = weakref.WeakSet()
        self.passes = 0           # checkpoints tried; ``wait_passes`` blocks on it (tests, no sleeping)
        self._passed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sqlite-checkpoint:{Path(path).name}", daemon=True)
        self._thread.start()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and not self._stop.is_set()

    def wait_passes(self, count: int, timeout_s: float) -> bool:
        """Block until the thread has tried ``count`` checkpoints in all (False when ``timeout_s`` ran out first)."""
        with self._passed:
            return self._passed.wait_for(lambda: self.passes >= count, timeout_s)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return   # writers keep their own automatic checkpoint
        try:
            delay = self.busy_s
            while not self._stop.wait(delay) and len(self.engines):
                delay = self.idle_s if self.checkpoint(conn) == 0 else self.busy_s
                with self._passed:
                    self.passes += 1
                    self._passed.notify_all()
        finally:
            conn.close()

    def checkpoint(self, conn: sqlite3.Connection) -> int:
        """One passive checkpoint; the frames the WAL held (0: nothing to do, or the file is not in WAL mode)."""
        try:
            busy, log, moved = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:
            self.failures += 1
            return 0
        if busy or log < 0:
            return 0
        self.frames_moved += max(moved, 0)
        return int(log)


_CHECKPOINTERS: dict[tuple[str, int], Checkpointer] = {}


def checkpointer(path: str, engine: Engine) -> Checkpointer:
    """The checkpoint thread of the database file at ``path`` in this process (one per file: a forked child, or an
    engine made after the last one was dropped, gets a new one)."""
    key = (os.path.realpath(path), os.getpid())
    with _GATES_LOCK:
        current = _CHECKPOINTERS.get(key)
        if current is None or not current.alive:
            current = _CHECKPOINTERS[key] = Checkpointer(path)
        current.engines.add(engine)
        return current


def release_checkpointer(path: str, engine: Engine) -> None:
    """``engine`` was disposed: the thread stops, and closes its connection, once no engine of the file is left, so
    the last connection to close checkpoints the WAL into the database file and removes it, as SQLite does without
    the thread (a copy of a closed database's file is then whole)."""
    key = (os.path.realpath(path), os.getpid())
    with _GATES_LOCK:
        current = _CHECKPOINTERS.get(key)
        if current is None:
            return
        current.engines.discard(engine)
        if len(current.engines):
            return
        del _CHECKPOINTERS[key]
    current.stop()


class GatedConnection(sqlite3.Connection):
    """A sqlite3 connection that gives its ``WriterGate`` back once its write transaction has ended."""

    gate: WriterGate | None = None   # held while not None

    def hold(self, gate: WriterGate) -> None:
        gate.enter()
        self.gate = gate

    def release(self) -> None:
        gate, self.gate = self.gate, None
        if gate is not None:
            gate.leave()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            if not self.in_transaction:   # a COMMIT that failed leaves the transaction open: rollback ends it
                self.release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            if not self.in_transaction:
                self.release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.release()

    def __del__(self) -> None:   # dropped without close(): SQLite ends its transaction, so does the gate
        self.release()


def _sqlite_file(url: str) -> str | None:
    """The database file of a SQLite URL; None for an in-memory database (nothing to share, nothing to gate)."""
    path = url.split("///", 1)[-1].split("?", 1)[0] if "///" in url else ""
    return None if not path or path == ":memory:" or "mode=memory" in url else path


def _sqlite_engine(url: str, *, pool_size: int) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    file = _sqlite_file(url)
    gate = writer_gate(file) if file is not None else None
    engine = create_engine(url, poolclass=QueuePool, pool_size=pool_size, max_overflow=pool_size,
                           connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S,
                                         "factory": GatedConnection}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # FULL: every commit syncs the WAL before it returns, so a committed order or payment survives a power
        # loss (NORMAL in WAL mode may roll the last commits back after one); PostgreSQL keeps synchronous_commit=on.
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA foreign_keys=ON")
        if file is not None:
            cur.execute(f"PRAGMA wal_autocheckpoint={WRITER_CHECKPOINT_PAGES}")   # the Checkpointer's job below it
            checkpointer(file, engine)   # again after a dispose: an engine used anew gets its thread back
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Take the write lock up front: no lock upgrades, so no SQLITE_BUSY deadlocks.
        if conn.get_execution_options().get("readonly", False):
            conn.exec_driver_sql("BEGIN")
            return
        raw = conn.connection.dbapi_connection
        if gate is not None and isinstance(raw, GatedConnection) and raw.gate is None:
            raw.hold(gate)   # this process's writers one after another, woken in turn (see WriterGate)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if isinstance(raw, GatedConnection) and not raw.in_transaction:
                raw.release()
            raise

    if file is not None:
        checkpointer(file, engine)
        event.listen(engine, "engine_disposed", lambda disposed: release_checkpointer(file, disposed))
    return engine
