"""/metrics and the dashboard's latency from a real `bangwo serve`, with one worker and with two.

With one worker uvicorn runs the app in the process that imported prometheus_client before `bangwo serve` set
PROMETHEUS_MULTIPROC_DIR, so its values live in memory and the directory stays empty: /metrics must still
answer with this process's figures (it once served 0 bytes and the latency chart stayed empty).
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from bangwo import bootstrap as boot
from bangwo.bench.serving import serve
from bangwo.config import Settings
from bangwo.domain.clocks import FixedClock, parse_now
from tests.e2e.live import ADMIN_PASSWORD, NOW

pytestmark = pytest.mark.slow


def seeded_env(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'metrics.db'}"
    app = boot.bootstrap(Settings(database_url=url), clock=FixedClock(parse_now(NOW)))
    boot.seed_demo(app)
    app.close()
    return {"BANGWO_DATABASE_URL": url, "BANGWO_NOW": NOW, "BANGWO_DEMO_LOGIN": "true",
            "BANGWO_ADMIN_PASSWORD": ADMIN_PASSWORD, "BANGWO_AUTH_SECRET": "metrics-test-secret",
            "BANGWO_ENV": "development", "BANGWO_USER_RPS": "1000", "BANGWO_USER_BURST": "1000"}


def scrape(base: str) -> tuple[str, list[dict[str, object]]]:
    """Make a few requests, then read /metrics and the dashboard's latency figures."""
    token = httpx.post(f"{base}/api/auth/token", json={"user_id": "alice"}, timeout=10).json()["access_token"]
    for _ in range(3):
        assert httpx.get(f"{base}/api/orders", headers={"Authorization": f"Bearer {token}"}, timeout=10).is_success
    exposition = httpx.get(f"{base}/metrics", timeout=10)
    assert exposition.status_code == 200
    admin = httpx.post(f"{base}/api/auth/token", json={"user_id": "ops", "password": ADMIN_PASSWORD},
                       timeout=10).json()["access_token"]
    board = httpx.get(f"{base}/api/dashboard", headers={"Authorization": f"Bearer {admin}"}, timeout=10)
    assert board.status_code == 200
    latency: list[dict[str, object]] = board.json()["latency"]
    return exposition.text, latency


def orders_requests(exposition: str) -> float:
    found = re.findall(r'^bangwo_http_requests_total\{route="/api/orders",status="200"\} ([0-9.e+]+)$', exposition,
                       flags=re.M)
    return sum(float(n) for n in found)


@pytest.mark.parametrize("preset", [False, True], ids=["set-by-serve", "set-before-start"])
def test_one_worker_serves_metrics_and_latency(tmp_path: Path, preset: bool) -> None:
    env = seeded_env(tmp_path)
    directory = tmp_path / "metrics"
    if preset:
        directory.mkdir()
        env["PROMETHEUS_MULTIPROC_DIR"] = str(directory)   # set before the process imports prometheus_client
    else:
        env["TMPDIR"] = str(tmp_path)   # `bangwo serve` sets PROMETHEUS_MULTIPROC_DIR under it, after the import
    with serve(env, workers=1, log_path=str(tmp_path / "serve.log")) as server:
        exposition, latency = scrape(server.base)
    assert orders_requests(exposition) == 3
    assert "bangwo_http_request_seconds_bucket" in exposition
    orders = next(r for r in latency if r["route"] == "/api/orders")
    assert orders["count"] == 3 and orders["p99_ms"] is not None


def test_two_workers_add_up_in_metrics(tmp_path: Path) -> None:
    env = seeded_env(tmp_path)
    env["TMPDIR"] = str(tmp_path)
    with serve(env, workers=2, log_path=str(tmp_path / "serve.log")) as server:
        exposition, latency = scrape(server.base)
    assert orders_requests(exposition) == 3   # whichever worker served each request, all three are counted
    assert next(r for r in latency if r["route"] == "/api/orders")["count"] == 3
