"""Create engines for SQLite (WAL, immediate write transactions) and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
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


def _sqlite_engine(url: str, *, pool_size: int) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, poolclass=QueuePool, pool_size=pool_size, max_overflow=pool_size,
                           connect_args={"check_same_thread": False, "timeout": 60}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Take the write lock up front: no lock upgrades, so no SQLITE_BUSY deadlocks.
        readonly = conn.get_execution_options().get("readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine
