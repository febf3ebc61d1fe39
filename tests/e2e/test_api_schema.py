"""Schemathesis against the OpenAPI spec of a live server: no generated request makes a server error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.case import Case

from bangwo.api.app import create_app
from bangwo.config import Settings
from tests.e2e.live import Live, seeded_settings, serving

EXAMPLES_PER_OPERATION = 20   # about 25 operations: well under a minute on two cores


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    directory: Path = tmp_path_factory.mktemp("schema")
    with serving(seeded_settings(directory)) as server:
        yield server


def test_no_generated_request_makes_a_server_error(live: Live) -> None:
    """Every operation of the app's own spec (building the app connects nothing), sent to the live server."""
    tokens = {"user": live.headers("alice"), "admin": live.admin_headers()}
    schema = schemathesis.openapi.from_dict(create_app(Settings()).openapi())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/chat/stream", "/api/orders/{order_id}/refund", "/api/dashboard"}
    for operation in operations:
        auth = tokens["admin" if operation.path.startswith(("/api/dashboard", "/api/campaigns/")) else "user"]

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck),
                  derandomize=True, database=None)
        def check(case: Case) -> None:
            given_auth = {k.lower() for k in (case.headers or {})}
            headers = {} if "authorization" in given_auth else dict(auth)   # noqa: B023 (run at once)
            response = case.call(base_url=live.url, headers=headers, timeout=30)
            case.validate_response(response, checks=[not_a_server_error])

        check()
