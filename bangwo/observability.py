"""Logs, request ids and tracing (docs/operations.md).

- Logs are one JSON object per line on stderr (``BANGWO_LOG_FORMAT=json``, the default) with the time, level,
  logger, message, the request id of the HTTP request being served and the ``fields`` a call passes. No chat
  text, no SQL parameters, no tokens: callers log identifiers and counts, and engines hide SQL parameters.
- ``RequestIds`` takes a well-formed ``X-Request-ID`` from the client (else makes one), returns it on the
  response and, with ``BANGWO_ACCESS_LOG=true``, writes one access line per request (path without query).
- Tracing is off unless ``BANGWO_OTEL_EXPORTER`` is ``console`` or ``otlp``: spans for HTTP requests (FastAPI)
  and SQL statements (SQLAlchemy, statements without parameters).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter
    from sqlalchemy import Engine

    from bangwo.config import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REQUEST_ID_HEADER = "x-request-id"
_WELL_FORMED = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("bangwo_request_id", default=None)
_HANDLER_NAME = "bangwo-stderr"
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}

access_log = logging.getLogger("bangwo.access")


def current_request_id() -> str | None:
    """The id of the HTTP request this code serves (None outside a request)."""
    return _request_id.get()


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ts, level, logger, msg, request_id and the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name, "msg": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            body["request_id"] = request_id
        body.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD and k != "request_id"})
        if record.exc_info and record.exc_info[0] is not None:
            body["error"] = record.exc_info[0].__name__
            body["stack"] = self.formatException(record.exc_info)
        return json.dumps(body, ensure_ascii=False, default=str)


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = current_request_id()
        return f"{line} request_id={request_id}" if request_id else line


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record comes (test runners swap it), not when configured."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(settings: Settings, *, stream: Any = None) -> logging.Handler:
    """Send the ``bangwo`` loggers to stderr (or ``stream``) in the configured format; safe to call again
    (the handler is replaced, never doubled)."""
    root = logging.getLogger("bangwo")
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    handler: logging.Handler = logging.StreamHandler(stream) if stream is not None else _Stderr()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JsonFormatter() if settings.log_format == "json"
                         else _TextFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(settings.log_level)   # records still propagate: the root logger has no handler of ours
    return handler


class RequestIds:
    """ASGI middleware: a request id for every HTTP request (the client's ``X-Request-ID`` when well formed),
    echoed on the response, visible to every log line of the request, and an optional access line."""

    def __init__(self, app: ASGIApp, *, access: bool = False) -> None:
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-request-id"), "")
        request_id = given if _WELL_FORMED.match(given) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        status = [500]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", request_id.encode("latin-1"))]
            await send(message)

        start = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if self.access:
                access_log.info("request", extra={
                    "method": scope.get("method"), "path": scope.get("path"), "status": status[0],
                    "duration_ms": round((time.perf_counter() - start) * 1000, 2)})
            _request_id.reset(token)


class Tracing:
    """OpenTelemetry spans for one service: FastAPI requests and SQLAlchemy statements."""

    def __init__(self, provider: TracerProvider) -> None:
        self.provider = provider

    @classmethod
    def with_exporter(cls, exporter: SpanExporter, *, service_name: str = "bangwo",
                      batch: bool = True) -> Tracing:
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

        provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        provider.add_span_processor(BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter))
        return cls(provider)

    def instrument_app(self, api: FastAPI) -> None:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(api, tracer_provider=self.provider, server_request_hook=_without_query,
                                           excluded_urls="/healthz,/readyz,/metrics")

    def instrument_engine(self, engine: Engine) -> None:
        """Spans for the statements of this engine only (the instrumentor's engine tracer, attached directly:
        ``SQLAlchemyInstrumentor`` is one per process and patches ``create_engine`` everywhere)."""
        from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
        from opentelemetry.instrumentation.sqlalchemy.version import __version__
        from opentelemetry.metrics import NoOpMeter

        tracer = self.provider.get_tracer("opentelemetry.instrumentation.sqlalchemy", __version__)
        connections = NoOpMeter("bangwo").create_up_down_counter("db.client.connections.usage")
        EngineTracer(tracer, engine, connections, enable_commenter=False)   # type: ignore[no-untyped-call]

    def shutdown(self) -> None:
        self.provider.shutdown()


def _without_query(span: Any, scope: Scope) -> None:
    """Query strings may carry search words or one-time codes: a request span keeps only the path."""
    if not span.is_recording():
        return
    host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
    span.set_attribute("http.url", f"{scope.get('scheme', 'http')}://{host}{scope.get('path', '')}")
    if "url.query" in (getattr(span, "attributes", None) or {}):
        span.set_attribute("url.query", "")


def tracing_from(settings: Settings) -> Tracing | None:
    """The tracing BANGWO_OTEL_EXPORTER asks for (None when off, the default)."""
    if settings.otel_exporter == "off":
        return None
    if settings.otel_exporter == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return Tracing.with_exporter(ConsoleSpanExporter(), service_name=settings.otel_service_name)
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    exporter = OTLPSpanExporter(endpoint=settings.otel_endpoint) if settings.otel_endpoint else OTLPSpanExporter()
    return Tracing.with_exporter(exporter, service_name=settings.otel_service_name)
