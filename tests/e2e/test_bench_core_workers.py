"""`bangwo bench core` never waits forever on its worker processes: one that dies, fails or overruns ends the run
with a one-line English error and a non-zero exit code, and the workers left are stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bangwo.bench import core


def _spawned_children(parent: int) -> list[int]:
    """The multiprocessing workers (not the resource tracker) ``parent`` started, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def test_a_worker_killed_mid_run_ends_the_bench_with_an_error_not_a_hang(tmp_path: Path) -> None:
    cli = subprocess.Popen(
        [sys.executable, "-m", "bangwo.cli", "bench", "core", "--seconds", "60", "--clients", "2", "--processes", "2",
         "--pg-url", "skip", "--sqlite-url", f"sqlite:///{tmp_path}/bench.db"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (workers := _spawned_children(cli.pid)) and time.monotonic() < deadline and cli.poll() is None:
            time.sleep(0.1)
        assert workers, "the bench started no worker"
        os.kill(workers[0], signal.SIGKILL)   # as the out-of-memory killer would
        out, err = cli.communicate(timeout=30)   # long before the 60 s run would have ended
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.communicate()
    assert cli.returncode == 1
    assert "worker died before reporting its figures" in err and "exit code -9" in err, err
    assert "Traceback" not in err + out
    assert _spawned_children(cli.pid) == []


def test_a_worker_that_fails_reports_why_in_one_line(tmp_path: Path) -> None:
    unprepared = f"sqlite:///{tmp_path}/bench.db"   # no bench table: every insert fails
    started = time.monotonic()
    with pytest.raises(core.BenchWorkerError, match=r"'bare insert' worker failed: OperationalError.*bench_bare"):
        core._run("bare insert", core._bare_worker, lambda p: (unprepared, 2), 2, 30.0)
    assert time.monotonic() - started < 25   # not the 30 s run, nor the grace after it
