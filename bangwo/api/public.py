"""The public surface of issue 6: token auth, /api routes, problem+json errors, the web pages and assets."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from bangwo.api import problem_json
from bangwo.api.auth import TokenSigner
from bangwo.api.routes import (
    auth,
    campaigns,
    chat_stream,
    dashboard,
    invites,
    user_cards,
    user_orders,
    user_places,
    web,
)
from bangwo.config import Settings


def install(api: FastAPI, settings: Settings) -> None:
    """Add the signed-token routes and pages to ``api``; every error becomes a problem document."""
    api.state.signer = TokenSigner.from_secret(settings.auth_secret, ttl_s=settings.auth_token_ttl_s,
                                               previous=settings.auth_previous_secrets)   # the lifespan's wins
    for module in (auth, chat_stream, user_orders, user_cards, user_places, campaigns, invites, dashboard, web):
        api.include_router(module.router)
    api.mount("/static", StaticFiles(directory=web.STATIC), name="static")
    problem_json.install(api)
