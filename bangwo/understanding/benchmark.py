"""Measure the engine: throughput on one core, latency percentiles, cold start and resident memory."""

from __future__ import annotations

import gc
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.parse import Engine

COLD_START_SCRIPT = (
    "import time; t = time.perf_counter();"
    "from datetime import datetime, timezone, timedelta;"
    "from bangwo.understanding.parse import build_engine;"
    "e = build_engine(); e.understand('帮我点一杯少糖少冰的珍珠奶茶', now=datetime(2026, 2, 6, 12, tzinfo=timezone(timedelta(hours=8))));"
    "print(time.perf_counter() - t)"
)
BASELINE_RE = lazy_compile(r"\d+|[一二两三四五六七八九十]+[杯份张个]|少糖|少冰|明天|今天")


@dataclass
class BenchReport:
    """Benchmark figures; ``baseline_ratio`` = engine time / baseline (a regex scan) time on the same texts."""

    utterances: int
    per_second: float
    p50_ms: float
    p99_ms: float
    cold_start_s: float
    rss_mb: float
    baseline_per_second: float

    @property
    def baseline_ratio(self) -> float:
        return self.baseline_per_second / self.per_second if self.per_second else 0.0

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "baseline_ratio": self.baseline_ratio}


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _time_each(fn: Callable[[str], object], texts: Sequence[str]) -> list[float]:
    latencies = []
    for text in texts:
        start = time.perf_counter()
        fn(text)
        latencies.append(time.perf_counter() - start)
    return latencies


def cold_start_seconds() -> float:
    """Import + build + first call in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", COLD_START_SCRIPT], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def run(engine: Engine, texts: Sequence[tuple[str, datetime]], *, rounds: int = 2) -> BenchReport:
    """Benchmark ``engine`` on (text, now) pairs; the first round warms caches and is not counted. After it the
    heap is frozen, as `bangwo serve` does once its engine is built (bangwo/api/app.py), so a full collection
    does not walk the engine's tables in the middle of a measured sentence."""
    by_text = dict(texts)
    latencies: list[float] = []
    for round_no in range(rounds):
        measured = _time_each(lambda t: engine.understand(t, now=by_text[t]), [t for t, _ in texts])
        if round_no == 0:
            gc.freeze()
        if round_no or rounds == 1:
            latencies.extend(measured)
    baseline = _time_each(lambda t: BASELINE_RE.findall(t), [t for t, _ in texts])
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return BenchReport(
        utterances=len(texts),
        per_second=len(latencies) / sum(latencies) if latencies else 0.0,
        p50_ms=statistics.median(latencies) * 1000 if latencies else 0.0,
        p99_ms=_percentile(latencies, 0.99) * 1000 if latencies else 0.0,
        cold_start_s=cold_start_seconds(),
        rss_mb=rss_kb / 1024,
        baseline_per_second=len(baseline) / sum(baseline) if baseline and sum(baseline) else 0.0,
    )
