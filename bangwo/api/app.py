"""create_app(settings): the FastAPI service, one per worker process, wired in its lifespan."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.routing import BaseRoute, Match

from bangwo import bootstrap as boot
from bangwo import observability
from bangwo.api import admission as admission_mod
from bangwo.api import problems, public
from bangwo.api.admission import Admission, AdmissionMiddleware, Limits, Priority
from bangwo.api.auth import TokenSigner
from bangwo.api.deps import Service
from bangwo.api.hardening import BodyCap, SecurityHeaders
from bangwo.api.metrics import Metrics
from bangwo.api.routes import (
    baseline,
    cards,
    chat,
    health,
    orders,
    payment_notify,
    recommendations,
    seats,
    supplier_webhooks,
    user_wallet,
    wallet_topups,
)
from bangwo.api.throttling import Throttle, ThrottleMiddleware
from bangwo.config import Settings
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.errors import BangwoError
from bangwo.services.ports import Clock


def limits_from(settings: Settings) -> Limits:
    return Limits(max_inflight=settings.max_inflight, max_queue=settings.max_queue,
                  queue_timeout_s=settings.queue_timeout_s, shed_optional_at=settings.shed_optional_at,
                  global_rps=settings.global_rps / settings.workers, user_rps=settings.user_rps,
                  user_burst=settings.user_burst)


def create_app(settings: Settings | None = None, *, clock: Clock | None = None,
               tracing: observability.Tracing | None = None, warm: bool = False) -> FastAPI:
    """The service over a database that `bootstrap` prepared; nothing connects before the lifespan starts.
    Tracing: ``tracing`` when given (tests), else what BANGWO_OTEL_EXPORTER asks for (off by default).
    ``warm`` (`bangwo serve`): build the conversation engine before the first request and freeze the heap."""
    settings = settings or Settings()
    observability.configure_logging(settings)
    tracing = tracing or observability.tracing_from(settings)
    if clock is None and settings.now:
        clock = FixedClock(parse_now(settings.now))
    metrics = Metrics()
    gate = Admission(limits_from(settings))
    gate.on_shed = lambda priority, reason: metrics.shed.labels(Priority(priority).name.lower(), reason).inc()

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        app = boot.connect(settings, clock=clock, pool_size=settings.db_pool_size)
        if tracing is not None:
            tracing.instrument_engine(app.engine)
        svc = Service(app=app, metrics=metrics, admission=gate)
        api.state.signer = app.signer()   # the configured key (else the database's), previous keys verifying
        built = boot.async_claims(app)
        aclient = None
        if built is not None:
            svc.async_claims, aclient = built
        svc.writer = boot.journal_writer(app)   # for readiness; `bangwo serve` drains it in its own process
        api.state.service = svc
        if warm:   # a serving worker: the engine and its tables live as long as the process
            app.conversation()   # built before the first request, not by it
            gc.freeze()   # full collections no longer walk them (~7 ms each, docs/understanding.md "Speed")
        try:
            yield
        finally:
            if aclient is not None:
                await aclient.aclose()
            app.close()

    api = FastAPI(title="bangwo 帮我", version="0.1.0", lifespan=lifespan,   # our metrics are Prometheus:
                 telemetry={"tracing": False, "metrics": False, "logs": False})   # no OpenTelemetry probe per request
    api.include_router(health.router)
    api.include_router(payment_notify.router)   # Alipay's signed notifications (docs/payments.md)
    api.include_router(wallet_topups.router)    # QR top-ups and refunds to card (docs/payments.md)
    api.include_router(supplier_webhooks.router)   # suppliers' signed order status (docs/catalog.md)
    if settings.trust_user_header:   # unauthenticated /v1 routes for load tests on a trusted network
        api.router.routes.append(cards.route)   # a bare ASGI endpoint: the flash-crowd hot path
        for router in (chat.router, orders.router, recommendations.router):
            api.include_router(router)
    if settings.bench_routes:
        api.include_router(baseline.router)
    api.add_exception_handler(BangwoError, _problem)   # type: ignore[arg-type]
    public.install(api, settings)   # /api with tokens, web pages; errors become problem+json (problem_json.py)
    api.include_router(seats.router)   # cinema seat maps and seat changes (issue 14)
    api.include_router(user_wallet.router)   # the page's wallet top-up (issue 14)
    gate.identify = _verified_subject(api)   # rate buckets per user, not per token string
    api.state.throttle = Throttle.from_settings(settings)   # sign-in attempts (throttling.THROTTLED)
    routes = api.router.routes
    # outermost last: headers on every answer, then metrics and admission, the body cap, sign-in throttles
    api.add_middleware(ThrottleMiddleware, throttle=api.state.throttle)
    api.add_middleware(BodyCap, max_bytes=settings.max_body_bytes)
    api.add_middleware(_Observed, metrics=metrics, admission=gate, routes=routes)
    api.add_middleware(SecurityHeaders)
    api.add_middleware(observability.RequestIds, access=settings.access_log)   # X-Request-ID, access log
    if tracing is not None:
        tracing.instrument_app(api)
    api.state.claim_door = observability.RequestIds(SecurityHeaders(_Observed(   # FrontDoor
        BodyCap(cards.endpoint, max_bytes=settings.max_body_bytes), metrics=metrics, admission=gate, routes=routes)),
        access=settings.access_log)
    return api


def _verified_subject(api: FastAPI) -> admission_mod.Identify:
    """The subject of a token the app's signer (as the lifespan set it: current and previous keys) verifies."""
    def subject(token: str) -> str | None:
        signer: TokenSigner = api.state.signer
        try:
            return str(signer.verify(token).subject)
        except BangwoError:
            return None
    return subject


async def _problem(_request: Request, exc: BangwoError) -> JSONResponse:
    status, body, headers = problems.problem(exc)
    return JSONResponse(body, status_code=status, headers=headers)


class _Observed:
    """Counts and times every request by route, then hands it to admission control."""

    def __init__(self, app: admission_mod.ASGIApp, *, metrics: Metrics, admission: Admission,
                 routes: list[BaseRoute] | None = None) -> None:
        self.metrics = metrics
        self.gate = admission
        self.routes = routes if routes is not None else []
        self.inner = AdmissionMiddleware(app, admission)
        self.static_labels: dict[tuple[str, str], str] = {}   # (method, path) of routes without parameters

    async def __call__(self, scope: admission_mod.Scope, receive: admission_mod.Receive,
                       send: admission_mod.Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        route = self._label(scope)
        status = [500]

        async def observed(message: admission_mod.Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        start = time.perf_counter()
        try:
            await self.inner(scope, receive, observed)
        finally:
            self.metrics.requests.labels(route, str(status[0])).inc()
            self.metrics.latency.labels(route).observe(time.perf_counter() - start)
            self.metrics.show_admission(self.gate.queued, self.gate.inflight)

    def _label(self, scope: admission_mod.Scope) -> str:
        """route_label, remembered for a method and path a route without parameters serves (its template is
        the path): routes are only appended and matched in order, so nothing can take such a request from it.
        Other requests (ids, 405s, unknown paths) are matched every time and never grow the map."""
        key = (scope.get("method", ""), scope.get("path", ""))
        found = self.static_labels.get(key)
        if found is None:
            found, full = _matched(scope, self.routes)
            if full and found == key[1] and len(self.static_labels) < STATIC_LABELS:
                self.static_labels[key] = found
        return found


UNMATCHED = "unmatched"
STATIC_LABELS = 512   # at most this many (method, path) pairs remembered


def route_label(scope: admission_mod.Scope, routes: list[BaseRoute]) -> str:
    """The template of the route that serves the request (matched before anything changes the scope); one
    label for every unknown path, so probing random paths never grows the metrics."""
    return _matched(scope, routes)[0]


def _matched(scope: admission_mod.Scope, routes: list[BaseRoute]) -> tuple[str, bool]:
    """route_label, and whether a route matched the request fully (path and method)."""
    if scope.get("path") == cards.PATH:
        return cards.PATH, True   # the flash-crowd hot path: no search
    partial = None
    for route in _flat(routes):
        match = route.matches(scope)[0]
        if match is Match.FULL:
            return _path_of(route), True
        if match is Match.PARTIAL and partial is None:
            partial = route   # the path exists, the method does not (405)
    return (_path_of(partial) if partial is not None else UNMATCHED), False


def _flat(routes: list[BaseRoute]) -> list[BaseRoute]:
    """The routes themselves: FastAPI (0.120+) keeps an included router as one entry (``original_router``)."""
    flat: list[BaseRoute] = []
    for route in routes:
        inner = getattr(getattr(route, "original_router", None), "routes", None)
        flat.extend(_flat(inner) if isinstance(inner, list) else [route])
    return flat


def _path_of(route: BaseRoute) -> str:
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


class FrontDoor:
    """What `bangwo serve` runs: card claims go straight to their endpoint, everything else to FastAPI.

    A claim still passes the same metrics and admission control (``api.state.claim_door``), but skips
    FastAPI's and Starlette's middleware and router, a fifth of a worker's time in a flash crowd.
    """

    def __init__(self, api: FastAPI, *, claims_direct: bool) -> None:
        self.api = api
        self.claim: admission_mod.ASGIApp = api.state.claim_door
        self.claims_direct = claims_direct

    async def __call__(self, scope: admission_mod.Scope, receive: admission_mod.Receive,
                       send: admission_mod.Send) -> None:
        if self.claims_direct and scope["type"] == "http" and scope["path"] == cards.PATH \
                and scope["method"] == "POST":
            scope["app"] = self.api
            await self.claim(scope, receive, send)
            return
        await self.api(scope, receive, send)


def create_app_from_env() -> FrontDoor:
    """The factory `bangwo serve` hands to uvicorn: settings from BANGWO_* in each worker."""
    os.environ.setdefault("BANGWO_WORKERS", "1")
    settings = Settings()
    return FrontDoor(create_app(settings, warm=True), claims_direct=settings.trust_user_header)
