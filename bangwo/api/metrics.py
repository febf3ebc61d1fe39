"""Prometheus metrics; with PROMETHEUS_MULTIPROC_DIR set (as `bangwo serve` does) every worker adds up."""

from __future__ import annotations

import os

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def multiprocess_dir() -> str | None:
    """The directory the metric files of every worker are read from, or None when values live in memory.

    prometheus_client chooses where values live once, when it is imported: a process that imported it
    before PROMETHEUS_MULTIPROC_DIR was set (`bangwo serve --workers 1` runs the app in the process that
    set it) keeps its values in memory and writes no files, so the directory would read as empty.
    """
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None
    return directory if directory is not None and values_in_files() else None


def values_in_files() -> bool:
    """Whether this process's metric values are written to per-process files (multi-process mode)."""
    return bool(getattr(values.ValueClass, "_multiprocess", False))


class Metrics:
    """The service's metrics, registered on a registry of their own (one per app, so tests never clash)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("bangwo_http_requests", "HTTP requests by route and status",
                                ["route", "status"], registry=r)
        self.latency = Histogram("bangwo_http_request_seconds", "Time in the service by route", ["route"],
                                 buckets=LATENCY_BUCKETS, registry=r)
        self.claims = Counter("bangwo_card_claims", "Card claims by outcome", ["outcome"], registry=r)
        self.journal = Counter("bangwo_card_journal_entries", "Journaled claims written to the database",
                               ["result"], registry=r)
        self.orders = Counter("bangwo_orders", "Orders created or changed by chat turns, by status", ["status"],
                              registry=r)
        self.queue_depth = Gauge("bangwo_admission_queue_depth", "Requests waiting for a slot",
                                 multiprocess_mode="livesum", registry=r)
        self.inflight = Gauge("bangwo_admission_inflight", "Requests in the service",
                              multiprocess_mode="livesum", registry=r)
        self._admission_shown = (-1, -1)
        self.shed = Counter("bangwo_admission_shed", "Requests refused by admission control",
                            ["priority", "reason"], registry=r)

    def show_admission(self, queued: int, inflight: int) -> None:
        """Set the admission gauges, only when they change (each set writes the worker's metrics file)."""
        if (queued, inflight) != self._admission_shown:
            self._admission_shown = (queued, inflight)
            self.queue_depth.set(queued)
            self.inflight.set(inflight)

    def exposition(self) -> bytes:
        """The text format for /metrics: all workers' files in multi-process mode, else this registry."""
        directory = multiprocess_dir()
        if directory is None:
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        multiprocess.MultiProcessCollector(merged, path=directory)  # type: ignore[no-untyped-call]
        return generate_latest(merged)


def worker_exited(pid: int) -> None:
    """Tell prometheus_client a worker is gone (its live gauges stop counting)."""
    if multiprocess_dir() is not None:
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
