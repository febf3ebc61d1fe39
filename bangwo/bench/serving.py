"""Benchmarks against a real `bangwo serve`: start it on loopback, wait for readiness, stop it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import text

from bangwo.adapters.db.engine import make_engine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def schema_url(base_url: str, schema: str) -> str:
    """A fresh PostgreSQL schema for one benchmark run, and the URL that uses it."""
    admin = make_engine(base_url, pool_size=1)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options=-csearch_path%3D{schema}"


def drop_schema(base_url: str, schema: str) -> None:
    """Remove a benchmark run's schema."""
    admin = make_engine(base_url, pool_size=1)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log_path: str


def wait_ready(base: str, *, deadline_s: float = 60.0, process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll /readyz until it answers 200 (bounded by ``deadline_s``)."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"bangwo serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{base} not ready within {deadline_s}s")


@contextmanager
def serve(env: Mapping[str, str], *, workers: int, log_path: str, port: int | None = None) -> Iterator[Server]:
    """`bangwo serve` on 127.0.0.1 in a process group of its own; stopped (gracefully) on exit."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "bangwo.cli", "serve", "--host", "127.0.0.1", "--port",
                                 str(port), "--workers", str(workers)], env={**os.environ, **env}, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_ready(base, process=proc)
        yield Server(proc, base, log_path)
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes], *, grace_s: float = 20.0) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace_s)


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)
