"""`bangwo bench start`: CLI start-up measured in child processes, against the interpreter in the same run."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bangwo.bench import start


def test_every_command_gets_figures_and_a_ratio_to_the_interpreter() -> None:
    slow = [sys.executable, "-c", "import json, decimal, email.parser"]
    report = start.run(runs=2, commands={"imports": slow})
    assert report["runs"] == 2
    figures = report["imports"]
    assert 0 < figures["wall_min_s"] <= figures["wall_median_s"]
    assert figures["cpu_median_s"] > 0
    baseline = report["python -c pass (baseline)"]
    assert baseline["ratio_to_baseline"] == 1.0
    assert figures["ratio_to_baseline"] == pytest.approx(figures["wall_median_s"] / baseline["wall_median_s"], rel=0.02)


def test_a_command_that_fails_is_reported_not_timed() -> None:
    with pytest.raises(RuntimeError, match="exited with 3"):
        start.run(runs=1, commands={"broken": [sys.executable, "-c", "import sys; sys.exit(3)"]})


def test_the_cli_measures_help_and_understand_and_prints_json() -> None:
    done = subprocess.run([sys.executable, "-m", "bangwo.cli", "bench", "start", "--runs", "1", "--json"],
                          capture_output=True, text=True, timeout=120, check=True)
    report = json.loads(done.stdout)
    assert {"bangwo --help", "bangwo understand 帮我点一杯少糖少冰的珍珠奶茶", "python -c pass (baseline)"} <= set(report)
    assert all(report[name]["wall_median_s"] > 0 for name in report if name != "runs")
