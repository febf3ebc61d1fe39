"""The web chat page and the operations dashboard page: plain HTML, CSS and JS from static/ (no CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(include_in_schema=False)
NO_STORE = {"Cache-Control": "no-cache"}


@router.get("/")
async def chat_page() -> FileResponse:
    return FileResponse(STATIC / "index.html", headers=NO_STORE)


@router.get("/dashboard")
async def dashboard_page() -> FileResponse:
    return FileResponse(STATIC / "dashboard.html", headers=NO_STORE)
