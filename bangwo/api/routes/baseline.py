"""Baselines for `bangwo bench`: a bare route and a bare route doing one database insert (opt-in)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from bangwo.api.deps import ServiceDep

router = APIRouter(prefix="/bench")
BARE_TABLE = "bench_bare_http"


@router.get("/ping")
async def ping() -> dict[str, bool]:
    return {"ok": True}


@router.post("/insert")
def insert(svc: ServiceDep) -> dict[str, bool]:
    with svc.app.engine.begin() as conn:
        conn.execute(text(f"INSERT INTO {BARE_TABLE} (payload) VALUES ('x')"))
    return {"ok": True}
