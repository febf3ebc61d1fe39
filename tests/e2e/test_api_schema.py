"""Schemathesis against the OpenAPI spec of a live server: no generated request makes a server error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.case import Case

from bangwo.api.app import create_app
from bangwo.config import Settings
from tests.e2e.live import Live, seeded_settings, serving


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    directory: Path = tmp_path_factory.mktemp("schema")
    with serving(seeded_settings(directory)) as server:
        yield server


@pytest.fixture(scope="module")
def tokens(live: Live) -> dict[str, dict[str, str]]:
    return {"user": live.headers("alice"), "admin": live.admin_headers()}


# The spec is the app's own (building the app connects nothing); requests go to the live server.
schema = schemathesis.openapi.from_dict(create_app(Settings()).openapi())


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_generated_request_makes_a_server_error(case: Case, live: Live, tokens: dict[str, dict[str, str]]) -> None:
    admin = case.path.startswith(("/api/dashboard", "/api/campaigns/"))
    headers = dict(tokens["admin" if admin else "user"]) if "authorization" not in {
        k.lower() for k in (case.headers or {})} else {}
    response = case.call(base_url=live.url, headers=headers, timeout=30)
    case.validate_response(response, checks=[not_a_server_error])
