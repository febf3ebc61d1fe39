"""The web chat page and the operations dashboard page: plain HTML, CSS and JS from static/ (no CDN); the icon."""

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


@router.get("/favicon.ico")
@router.get("/favicon.svg")
async def favicon() -> FileResponse:
    """The site icon (SVG; browsers that ask for /favicon.ico take it too, so no load ends in a 404)."""
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=86400"})
