"""`bangwo bench start`: how long a CLI command takes from exec to exit, against the bare interpreter.

Each command runs in a child process RUNS times, the commands interleaved so that a change in the machine's
load touches them alike, after one warm-up run each (bytecode caches written, files in the page cache).
Wall time is measured around the child; CPU time (user + system) from ``getrusage(RUSAGE_CHILDREN)``.
The baseline is ``python -c pass`` with the same interpreter, measured in the same run.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from typing import Any

SENTENCE = "帮我点一杯少糖少冰的珍珠奶茶"


def _bangwo() -> list[str]:
    script = shutil.which("bangwo", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "bangwo.cli"]


def default_commands() -> dict[str, list[str]]:
    """The commands measured by default: help, and understanding one sentence."""
    return {"bangwo --help": [*_bangwo(), "--help"],
            f"bangwo understand {SENTENCE}": [*_bangwo(), "understand", SENTENCE]}


def _run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {done.returncode}: "
                           f"{done.stderr.decode(errors='replace').strip()[-300:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run(*, runs: int = 15, commands: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Median and fastest wall time and median CPU time per command, and the ratio to the interpreter."""
    chosen = dict(commands or default_commands())
    chosen["python -c pass (baseline)"] = [sys.executable, "-c", "pass"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for argv in chosen.values():
        _run_once(argv, env)
    walls: dict[str, list[float]] = {name: [] for name in chosen}
    cpus: dict[str, list[float]] = {name: [] for name in chosen}
    for _ in range(runs):
        for name, argv in chosen.items():
            wall, cpu = _run_once(argv, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    baseline = statistics.median(walls["python -c pass (baseline)"])
    report: dict[str, Any] = {"runs": runs}
    for name in chosen:
        median = statistics.median(walls[name])
        report[name] = {"wall_median_s": round(median, 4), "wall_min_s": round(min(walls[name]), 4),
                        "cpu_median_s": round(statistics.median(cpus[name]), 4),
                        "ratio_to_baseline": round(median / baseline, 2)}
    return report
