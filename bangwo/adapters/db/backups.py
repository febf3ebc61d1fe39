"""Backups of the database and their restoring: SQLite's online backup API, PostgreSQL's pg_dump/pg_restore.

A SQLite backup is a consistent copy taken while the service runs (``sqlite3.Connection.backup``); a
PostgreSQL backup is a ``pg_dump --format=custom`` archive of the database (or of the one schema a URL's
``options=-csearch_path=...`` names). Restoring goes into an empty database unless ``replace`` is given.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

from bangwo.adapters.db.engine import is_sqlite, make_engine
from bangwo.domain.errors import ConflictError, InvalidRequestError, UnavailableError

log = logging.getLogger("bangwo.backups")
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


@dataclass(frozen=True)
class Backup:
    """What a backup or restore did."""

    kind: str           # "sqlite" or "postgresql"
    path: Path
    size_bytes: int


def backup(database_url: str, target: Path) -> Backup:
    """Write a consistent copy of the database to ``target`` (an existing file is replaced)."""
    target = target.expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite(database_url):
        source = _sqlite_path(database_url)
        if not source.is_file():
            raise InvalidRequestError(f"no SQLite database at {source}", user_message=f"数据库文件不存在：{source}")
        partial = target.with_name(target.name + ".partial")
        with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
            src.backup(dst)
        partial.replace(target)
        log.info("backup written", extra={"kind": "sqlite", "size_bytes": target.stat().st_size})
        return Backup("sqlite", target, target.stat().st_size)
    url = make_url(database_url)
    schema = search_path_schema(url)
    args = ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}"]
    if schema:
        args.append(f"--schema={schema}")
    _run_pg("pg_dump", url, args)
    log.info("backup written", extra={"kind": "postgresql", "size_bytes": target.stat().st_size})
    return Backup("postgresql", target, target.stat().st_size)


def restore(database_url: str, source: Path, *, replace: bool = False) -> Backup:
    """Load a backup into the database; refuse a database that already holds bangwo's schema unless
    ``replace`` (then its tables are dropped and replaced by the backup's)."""
    source = source.expanduser().resolve()
    if not source.is_file():
        raise InvalidRequestError(f"no backup file {source}", user_message=f"备份文件不存在：{source}")
    with source.open("rb") as f:
        head = f.read(16)
    if is_sqlite(database_url):
        if head != SQLITE_MAGIC:
            raise InvalidRequestError(f"{source} is not a SQLite backup", user_message="这不是 SQLite 数据库的备份")
        target = _sqlite_path(database_url)
        if not replace:
            _refuse_if_used(database_url)
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        log.info("backup restored", extra={"kind": "sqlite", "replace": replace})
        return Backup("sqlite", source, source.stat().st_size)
    if not head.startswith(PGDUMP_MAGIC):
        raise InvalidRequestError(f"{source} is not a pg_dump archive", user_message="这不是 PostgreSQL 的备份（pg_dump）")
    if not replace:
        _refuse_if_used(database_url)
    args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if replace:
        args += ["--clean", "--if-exists"]
    _run_pg("pg_restore", make_url(database_url), [*args, str(source)])
    log.info("backup restored", extra={"kind": "postgresql", "replace": replace})
    return Backup("postgresql", source, source.stat().st_size)


def search_path_schema(url: URL) -> str | None:
    """The schema a URL's ``options=-csearch_path=NAME`` selects (tests and shared servers use one)."""
    options = url.query.get("options")
    text = " ".join(options) if isinstance(options, tuple) else (options or "")
    for part in unquote(text).split():
        if part.startswith("-csearch_path="):
            return part.split("=", 1)[1].split(",")[0] or None
    return None


def _refuse_if_used(database_url: str) -> None:
    engine = make_engine(database_url, pool_size=1)
    try:
        with engine.connect() as conn:
            used = inspect(conn).has_table("alembic_version")
    finally:
        engine.dispose()
    if used:
        raise ConflictError("the target database already holds bangwo's tables; pass replace to overwrite",
                            user_message="目标数据库不是空的；确认要覆盖请加 --replace")


def _sqlite_path(database_url: str) -> Path:
    path = make_url(database_url).database
    if not path or path == ":memory:":
        raise InvalidRequestError("an in-memory SQLite database has nothing to back up",
                                  user_message="内存数据库无法备份")
    return Path(path).expanduser().resolve()


def _run_pg(tool: str, url: URL, args: list[str]) -> None:
    """Run pg_dump/pg_restore against ``url`` (the password through PGPASSWORD, never the command line)."""
    binary = shutil.which(tool)
    if binary is None:
        raise UnavailableError(f"{tool} is not installed", user_message=f"找不到 {tool}，请安装 PostgreSQL 客户端")
    env = {**os.environ}
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    query = {k: v for k, v in url.query.items() if k != "options"}   # the schema is passed by name instead
    conninfo = url.set(drivername="postgresql", password=None, query=query).render_as_string(hide_password=False)
    done = subprocess.run([binary, *args, f"--dbname={conninfo}"], capture_output=True, text=True, env=env,
                          check=False)
    if done.returncode != 0:
        raise UnavailableError(f"{tool} failed ({done.returncode}): {done.stderr.strip()[-2000:]}",
                               user_message=f"{tool} 执行失败")
