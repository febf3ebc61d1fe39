"""Request ids, JSON logs with an access line, and OpenTelemetry spans, on the real service (TestClient over
create_app on SQLite): ids travel, logs carry no chat text and no query strings, spans carry no parameters."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from bangwo import bootstrap as boot
from bangwo import observability
from bangwo.api.app import create_app
from bangwo.config import Settings
from bangwo.domain.clocks import FixedClock, parse_now

NOW = "2026-02-06T12:00:00+08:00"
SECRET_TEXT = "帮我点一杯少糖少冰的珍珠奶茶"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    path = tmp_path_factory.mktemp("observed") / "api.db"
    made = Settings.model_validate({"database_url": f"sqlite:///{path}", "now": NOW, "trust_user_header": True,
                                    "access_log": True})
    app = boot.bootstrap(made, clock=FixedClock(parse_now(NOW)))
    boot.seed_demo(app)
    app.close()
    return made


@pytest.fixture
def spans() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def client(settings: Settings, spans: InMemorySpanExporter) -> Iterator[TestClient]:
    tracing = observability.Tracing.with_exporter(spans, batch=False)
    with TestClient(create_app(settings, tracing=tracing)) as c:
        yield c
    tracing.shutdown()


@pytest.fixture
def log_lines(client: TestClient, settings: Settings) -> Iterator[io.StringIO]:
    """What the bangwo loggers write, as the service configured them (JSON), into a buffer."""
    buffer = io.StringIO()
    observability.configure_logging(settings, stream=buffer)
    yield buffer
    observability.configure_logging(settings)


def records(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_a_client_request_id_is_kept_and_a_missing_or_malformed_one_is_made(client: TestClient) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    assert given.headers["x-request-id"] == "lb-7f3a.42"
    made = client.get("/healthz").headers["x-request-id"]
    assert len(made) == 32 and int(made, 16) >= 0
    hostile = client.get("/healthz", headers={"X-Request-ID": "x" * 200}).headers["x-request-id"]
    assert hostile != "x" * 200 and len(hostile) == 32
    assert client.get("/healthz").headers["x-request-id"] != made


def test_access_lines_are_json_with_the_request_id_and_never_the_chat_or_query(
        client: TestClient, log_lines: io.StringIO) -> None:
    r = client.post("/v1/chat", json={"text": SECRET_TEXT, "conversation_id": "o1"},
                    headers={"X-Bangwo-User": "alice", "X-Request-ID": "req-chat-1"})
    assert r.status_code == 200 and r.headers["x-request-id"] == "req-chat-1"
    client.get("/healthz?token=hunter2")
    lines = records(log_lines)
    access = [line for line in lines if line["logger"] == "bangwo.access"]
    assert {"method": "POST", "path": "/v1/chat", "status": 200, "request_id": "req-chat-1"}.items() \
        <= access[0].items()
    assert access[1]["path"] == "/healthz" and isinstance(access[1]["duration_ms"], float)
    text = log_lines.getvalue()
    assert "珍珠奶茶" not in text and "hunter2" not in text


def test_text_format_is_one_line_with_the_request_id() -> None:
    buffer = io.StringIO()
    settings = Settings.model_validate({"database_url": "sqlite://", "log_format": "text"})
    observability.configure_logging(settings, stream=buffer)
    observability.configure_logging(settings, stream=buffer)     # configuring again never doubles lines
    logging.getLogger("bangwo.test").warning("reconciled %d counters", 3)
    observability.configure_logging(Settings.model_validate({"database_url": "sqlite://"}))
    assert buffer.getvalue().count("reconciled 3 counters") == 1 and " WARNING bangwo.test " in buffer.getvalue()


def test_spans_cover_the_request_and_its_sql_without_parameters(
        client: TestClient, spans: InMemorySpanExporter) -> None:
    spans.clear()                                    # the start-up's statements are not this request's
    r = client.post("/v1/chat", json={"text": SECRET_TEXT, "conversation_id": "o2"},
                    headers={"X-Bangwo-User": "bob"})
    assert r.status_code == 200
    finished = spans.get_finished_spans()
    server = [s for s in finished if s.kind.name == "SERVER"]
    assert [s.name for s in server] == ["POST /v1/chat"]
    sql = [s for s in finished if (s.attributes or {}).get("db.system") == "sqlite"]
    assert sql and all(s.context.trace_id == server[0].context.trace_id for s in sql)
    assert all(s.resource.attributes["service.name"] == "bangwo" for s in finished)
    client.get("/v1/orders?code=hunter2", headers={"X-Bangwo-User": "bob"})
    finished = spans.get_finished_spans()
    values = " ".join(str(v) for s in finished for v in (s.attributes or {}).values())
    assert "/v1/orders" in values and "hunter2" not in values
    assert "珍珠奶茶" not in values and "'bob'" not in values


def test_tracing_is_off_by_default_and_a_setting_turns_it_on() -> None:
    assert observability.tracing_from(Settings.model_validate({"database_url": "sqlite://"})) is None
    console = observability.tracing_from(Settings.model_validate({"database_url": "sqlite://",
                                                                  "otel_exporter": "console"}))
    otlp = observability.tracing_from(Settings.model_validate({
        "database_url": "sqlite://", "otel_exporter": "otlp", "otel_endpoint": "http://127.0.0.1:4318/v1/traces",
        "otel_service_name": "bangwo-edge"}))
    assert console is not None and otlp is not None
    assert otlp.provider.resource.attributes["service.name"] == "bangwo-edge"
    console.shutdown()
    otlp.shutdown()
