"""create_app(settings): the FastAPI service, one per worker process, wired in its lifespan."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from bangwo import bootstrap as boot
from bangwo.api import admission as admission_mod
from bangwo.api import problems, public
from bangwo.api.admission import Admission, AdmissionMiddleware, Limits, Priority
from bangwo.api.deps import Service
from bangwo.api.metrics import Metrics
from bangwo.api.routes import baseline, cards, chat, health, orders, recommendations
from bangwo.config import Settings
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.errors import BangwoError
from bangwo.services.ports import Clock


def limits_from(settings: Settings) -> Limits:
    return Limits(max_inflight=settings.max_inflight, max_queue=settings.max_queue,
                  queue_timeout_s=settings.queue_timeout_s, shed_optional_at=settings.shed_optional_at,
                  global_rps=settings.global_rps / settings.workers, user_rps=settings.user_rps,
                  user_burst=settings.user_burst)


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """The service over a database that `bootstrap` prepared; nothing connects before the lifespan starts."""
    settings = settings or Settings()
    if clock is None and settings.now:
        clock = FixedClock(parse_now(settings.now))
    metrics = Metrics()
    gate = Admission(limits_from(settings))
    gate.on_shed = lambda priority, reason: metrics.shed.labels(Priority(priority).name.lower(), reason).inc()

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        app = boot.connect(settings, clock=clock, pool_size=settings.db_pool_size)
        svc = Service(app=app, metrics=metrics, admission=gate)
        built = boot.async_claims(app)
        aclient = None
        if built is not None:
            svc.async_claims, aclient = built
        svc.writer = boot.journal_writer(app)   # for readiness; `bangwo serve` drains it in its own process
        api.state.service = svc
        try:
            yield
        finally:
            if aclient is not None:
                await aclient.aclose()
            app.close()

    api = FastAPI(title="bangwo 帮我", version="0.1.0", lifespan=lifespan,   # our metrics are Prometheus:
                 telemetry={"tracing": False, "metrics": False, "logs": False})   # no OpenTelemetry probe per request
    api.include_router(health.router)
    if settings.trust_user_header:   # unauthenticated /v1 routes for load tests on a trusted network
        api.router.routes.append(cards.route)   # a bare ASGI endpoint: the flash-crowd hot path
        for router in (chat.router, orders.router, recommendations.router):
            api.include_router(router)
    if settings.bench_routes:
        api.include_router(baseline.router)
    api.add_exception_handler(BangwoError, _problem)   # type: ignore[arg-type]
    public.install(api, settings)   # /api with tokens, web pages; errors become problem+json (problem_json.py)
    api.add_middleware(_Observed, metrics=metrics, admission=gate)
    api.state.claim_door = _Observed(cards.endpoint, metrics=metrics, admission=gate)   # see FrontDoor
    return api


async def _problem(_request: Request, exc: BangwoError) -> JSONResponse:
    status, body, headers = problems.problem(exc)
    return JSONResponse(body, status_code=status, headers=headers)


class _Observed:
    """Counts and times every request by route, then hands it to admission control."""

    def __init__(self, app: admission_mod.ASGIApp, *, metrics: Metrics, admission: Admission) -> None:
        self.metrics = metrics
        self.gate = admission
        self.inner = AdmissionMiddleware(app, admission)

    async def __call__(self, scope: admission_mod.Scope, receive: admission_mod.Receive,
                       send: admission_mod.Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        route = "/".join(scope.get("path", "").split("/")[:4 if scope.get("path", "").startswith("/v1/cards") else 3])
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
    return FrontDoor(create_app(settings), claims_direct=settings.trust_user_header)
