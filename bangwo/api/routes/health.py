"""Liveness, readiness and the Prometheus exposition."""

from __future__ import annotations

import os

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from bangwo.api.deps import ServiceDep

router = APIRouter()


@router.get("/healthz")
async def healthz() -> dict[str, object]:
    """The process answers (liveness)."""
    return {"status": "ok", "pid": os.getpid()}


@router.get("/readyz")
def readyz(svc: ServiceDep) -> Response:
    """Ready when the database answers; without Redis, card claims are degraded but orders still work."""
    body: dict[str, object] = {"database": "ok", "redis": "off", "pid": os.getpid()}
    try:
        with svc.app.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:   # any database failure means: not ready
        body["database"] = "down"
        return JSONResponse({**body, "ready": False}, status_code=503)
    if svc.app.redis is not None:
        try:
            ready = svc.writer.ready() if svc.writer else True
            body["redis"] = "ok" if ready else "reconciling"
        except Exception:   # Redis down: claims answer 503, everything else goes on
            body["redis"] = "down"
    body["degraded"] = body["redis"] not in ("ok", "off")
    return JSONResponse({**body, "ready": True})


@router.get("/metrics")
def metrics(svc: ServiceDep) -> Response:
    return Response(svc.metrics.exposition(), media_type="text/plain; version=0.0.4; charset=utf-8")
