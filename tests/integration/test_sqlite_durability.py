"""SQLite commits are durable: WAL with synchronous=FULL on every pooled connection (NORMAL may lose the last
commits on a power loss), the same promise PostgreSQL keeps with synchronous_commit=on."""

from __future__ import annotations

from pathlib import Path

from bangwo.adapters.db.engine import make_engine


def test_every_sqlite_connection_syncs_each_commit(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'durable.db'}", pool_size=2)
    try:
        raws = [engine.raw_connection() for _ in range(2)]  # two pooled connections, no transaction opened
        try:
            for raw in raws:
                cur = raw.cursor()
                assert cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
                assert cur.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
                cur.close()
        finally:
            for raw in raws:
                raw.close()
    finally:
        engine.dispose()
