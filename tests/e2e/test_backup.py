"""`bangwo backup` and `bangwo restore` for real: SQLite's online backup and pg_dump/pg_restore, restored into
an empty database that then passes the ledger invariants and holds what the original held."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from bangwo import cli
from tests.conftest import IN_CI, PG_URL, SCHEMA_PREFIX

NOW = "2026-02-06T12:00:00+08:00"


def bangwo(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str,
           *args: str) -> tuple[int, str]:
    monkeypatch.setenv("BANGWO_DATABASE_URL", url)
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out if "--json" in args else out + err   # log lines go to stderr: JSON is stdout alone


def ledger_invariants(engine: Engine) -> dict[str, int]:
    """Every transaction sums to zero, so does the ledger; cached balances equal the postings; no wallet is
    overdrawn. Returns the balances."""
    with engine.connect() as conn:
        unbalanced = conn.execute(text("select txn_id from ledger_entries group by txn_id "
                                       "having sum(amount_fen) <> 0")).all()
        postings = {r[0]: r[1] for r in conn.execute(text("select account, sum(amount_fen) from ledger_entries "
                                                           "group by account"))}
        cached = {r[0]: r[1] for r in conn.execute(text("select id, balance_fen from accounts"))}
    assert unbalanced == []
    assert sum(postings.values()) == 0 and postings
    assert all(cached[a] == int(v) for a, v in postings.items() if a in cached)
    assert all(v >= 0 for a, v in postings.items() if a.startswith("wallet:"))
    return {a: int(v) for a, v in postings.items()}


def contents(engine: Engine) -> dict[str, object]:
    with engine.connect() as conn:
        return {table: conn.execute(text(f"select count(*) from {table}")).scalar_one()
                for table in ("users", "orders", "cards", "ledger_entries", "catalog_entries", "campaigns")}


def test_sqlite_backup_restores_into_an_empty_database(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = f"sqlite:///{tmp_path / 'live.db'}", f"sqlite:///{tmp_path / 'restored' / 'new.db'}"
    assert bangwo(capsys, monkeypatch, source, "seed", "--json")[0] == 0
    assert bangwo(capsys, monkeypatch, source, "demo", "--now", NOW)[0] == 0
    code, out = bangwo(capsys, monkeypatch, source, "backup", str(tmp_path / "b" / "bangwo.backup"), "--json")
    assert code == 0 and json.loads(out)["kind"] == "sqlite"
    code, out = bangwo(capsys, monkeypatch, target, "restore", str(tmp_path / "b" / "bangwo.backup"), "--json")
    assert code == 0, out
    original, restored = create_engine(source), create_engine(target)
    assert ledger_invariants(restored) == ledger_invariants(original)
    assert contents(restored) == contents(original) and contents(original)["orders"]
    code, out = bangwo(capsys, monkeypatch, target, "ledger", "--json")
    assert code == 0 and json.loads(out)["sum_fen"] == 0
    code, out = bangwo(capsys, monkeypatch, target, "restore", str(tmp_path / "b" / "bangwo.backup"))
    assert code == 1 and "--replace" in out                    # never over a database in use by accident
    assert bangwo(capsys, monkeypatch, target, "restore", str(tmp_path / "b" / "bangwo.backup"), "--replace")[0] == 0
    code, out = bangwo(capsys, monkeypatch, target, "restore", str(tmp_path / "missing.backup"), "--json")
    assert code == 2 and json.loads(out)["error"]["code"] == "invalid_request"
    original.dispose()
    restored.dispose()


def _database_url(name: str) -> str:
    base, _, _ = PG_URL.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def pg_databases() -> Iterator[tuple[str, str]]:
    """Two new PostgreSQL databases of this test: one to back up, one empty to restore into."""
    if shutil.which("pg_dump") is None and not IN_CI:
        pytest.skip("pg_dump is not installed")
    names = [f"{SCHEMA_PREFIX}backup_src", f"{SCHEMA_PREFIX}backup_dst"]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server here
        if IN_CI:
            raise
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {exc}")
    yield _database_url(names[0]), _database_url(names[1])
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.postgres
def test_pg_dump_backup_restores_into_an_empty_database(pg_databases: tuple[str, str], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = pg_databases
    assert bangwo(capsys, monkeypatch, source, "seed", "--json")[0] == 0
    assert bangwo(capsys, monkeypatch, source, "users", "add", "kim", "--name", "小金", "--phone",
                  "13700137010", "--now", NOW)[0] == 0
    archive = tmp_path / "pg.backup"
    code, out = bangwo(capsys, monkeypatch, source, "backup", str(archive), "--json")
    assert code == 0 and json.loads(out)["kind"] == "postgresql"
    assert archive.read_bytes().startswith(b"PGDMP")
    code, out = bangwo(capsys, monkeypatch, target, "restore", str(archive), "--json")
    assert code == 0, out
    original, restored = create_engine(source), create_engine(target)
    assert ledger_invariants(restored) == ledger_invariants(original)
    assert contents(restored) == contents(original)
    code, out = bangwo(capsys, monkeypatch, target, "users", "show", "kim", "--json", "--now", NOW)
    assert code == 0 and json.loads(out)["cards_usable"] == 1
    code, out = bangwo(capsys, monkeypatch, target, "restore", str(archive))
    assert code == 1 and "--replace" in out
    code, out = bangwo(capsys, monkeypatch, target, "restore", str(archive), "--replace", "--json")
    assert code == 0, out
    assert contents(restored) == contents(original)
    sqlite_backup = tmp_path / "not-pg.db"
    sqlite_backup.write_bytes(b"SQLite format 3\x00" + bytes(100))
    code, out = bangwo(capsys, monkeypatch, target, "restore", str(sqlite_backup), "--replace", "--json")
    assert code == 2 and "pg_dump" in json.loads(out)["error"]["detail"]
    original.dispose()
    restored.dispose()
    os.remove(archive)
