"""Requests are counted under their route's template, the second time (a remembered label) as the first."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bangwo.api.app import UNMATCHED, create_app
from tests.e2e.live import seeded_settings


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seeded_settings(tmp_path, demo_login=True))) as c:
        yield c


def _counts(client: TestClient) -> dict[tuple[str, str], float]:
    metrics = client.get("/metrics").text
    return {
        (route, status): float(n)
        for route, status, n in re.findall(
            r'^bangwo_http_requests_total\{route="([^"]*)",status="(\d+)"\} ([0-9.e+]+)$', metrics, re.M
        )
    }


def test_static_and_parameterised_paths_keep_their_labels_on_every_request(client: TestClient) -> None:
    token = client.post("/api/auth/token", json={"user_id": "alice"}).json()["access_token"]
    alice = {"Authorization": f"Bearer {token}"}
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
        assert client.delete("/healthz").status_code == 405  # the path exists, the method does not
        assert client.get(f"/api/orders/BW{uuid.uuid4().hex}", headers=alice).status_code == 404
        client.get(f"/probe/{uuid.uuid4().hex}")
    counts = _counts(client)
    assert counts[("/healthz", "200")] == 3
    assert counts[("/healthz", "405")] == 3
    assert counts[("/api/orders/{order_id}", "404")] == 3
    assert sum(n for (route, _status), n in counts.items() if route == UNMATCHED) == 3
    assert not any("BW" in route or "probe" in route for route, _status in counts)
