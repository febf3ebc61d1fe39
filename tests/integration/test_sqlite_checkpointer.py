"""SQLite's WAL checkpoints run on a thread of their own, not inside the commit of whichever writer crosses the line."""

from __future__ import annotations

import gc
import shutil
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from sqlalchemy import text

from bangwo.adapters.db.engine import WRITER_CHECKPOINT_PAGES, checkpointer, make_engine


def test_the_wal_is_copied_back_by_the_checkpoint_thread_not_by_writers(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    engine = make_engine(f"sqlite:///{path}", pool_size=2)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)"))
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == WRITER_CHECKPOINT_PAGES
        worker = checkpointer(str(path), engine)
        before = worker.passes
        for _ in range(50):   # 50 commits, each a few pages: far below the writers' own checkpoint line
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO t (payload) VALUES (:p)"), {"p": "x" * 5000})
        assert worker.wait_passes(before + 2, timeout_s=10)   # a whole pass began after the last commit
        assert worker.frames_moved > 0
        assert worker.failures == 0
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 50
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        engine.dispose()


def test_writers_lose_nothing_while_the_thread_checkpoints(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    engine = make_engine(f"sqlite:///{path}", pool_size=4)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, who INTEGER, payload TEXT)"))
    worker = checkpointer(str(path), engine)
    worker.busy_s = 0.001   # checkpoint as often as it can, to overlap with every writer

    def write(who: int) -> None:
        for _ in range(100):
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO t (who, payload) VALUES (:w, :p)"), {"w": who, "p": "y" * 3000})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        with engine.connect() as conn:
            counts = dict(conn.execute(text("SELECT who, count(*) FROM t GROUP BY who")).all())
            assert counts == {0: 100, 1: 100, 2: 100, 3: 100}
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert worker.frames_moved > 0 and worker.failures == 0
    finally:
        engine.dispose()


def test_one_thread_per_file_which_ends_with_its_last_engine(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    first = make_engine(f"sqlite:///{path}")
    second = make_engine(f"sqlite:///{tmp_path / '.' / 'shared.db'}")
    worker = checkpointer(str(path), first)
    assert checkpointer(str(path), second) is worker
    worker.idle_s = 0.01
    first.dispose()
    del first
    gc.collect()
    assert worker.alive   # the second engine still writes to the file
    assert worker.wait_passes(worker.passes + 1, timeout_s=10)   # and the thread goes on serving it
    second.dispose()      # the last engine: the thread is stopped and joined
    assert not worker.alive


def test_in_memory_databases_have_no_checkpoint_thread() -> None:
    names = {t.name for t in threading.enumerate()}
    engine = make_engine("sqlite:///:memory:")
    try:
        assert {t.name for t in threading.enumerate()} - names == set()
    finally:
        engine.dispose()


def test_a_disposed_engine_leaves_a_whole_database_file_behind(tmp_path: Path) -> None:
    """With the thread's connection closed too, the last close checkpoints the WAL into the file and removes it, so a
    copy of the file alone (as tests and operators make of a stopped database) holds every commit."""
    path = tmp_path / "closed.db"
    engine = make_engine(f"sqlite:///{path}")
    worker = checkpointer(str(path), engine)
    worker.busy_s = worker.idle_s = 60.0   # the thread does not get to it: the close must
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
    for n in range(20):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t (id) VALUES (:n)"), {"n": n})
    engine.dispose()
    assert not worker.alive
    assert not Path(f"{path}-wal").exists()
    copy = tmp_path / "copy.db"
    shutil.copyfile(path, copy)
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 20
