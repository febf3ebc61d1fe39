"""A user's card wallet (balance and free-order cards) and claiming a card of the running campaign."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bangwo import views
from bangwo.api.auth import AuthUserDep
from bangwo.api.deps import ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.domain import commands
from bangwo.services import claiming

router = APIRouter(prefix="/api/cards", tags=["cards"], responses=PROBLEM_RESPONSES)


class Claim(BaseModel):
    request_id: str = Field(min_length=1, max_length=100, pattern=r"^[\x21-\x7e]+$",
                            description="Idempotency key: a retry returns the first card.")


@router.get("")
def wallet(user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """Wallet balance and every card (usable, used, expired) with the campaign's rules."""
    app = svc.app
    with app.uow.reader() as uow:
        body = views.wallet_json(uow, user, app.clock.now())
    c = app.campaign
    body["campaign"] = {"id": c.id, "name": c.name, "value_fen": c.value_fen, "min_pay_fen": c.min_pay_fen,
                        "cap_per_user": c.cap_per_user, "ends_at": c.ends_at.isoformat()}
    return body


@router.post("/claims")
async def claim(body: Claim, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """Claim one card of the running campaign (stock, windows and the per-user cap apply)."""
    app = svc.app
    cmd = commands.ClaimCard(user, app.campaign.id, f"api:{user}:{body.request_id}")
    if svc.async_claims is not None:
        card = await claiming.claim_card_async(cmd, claims=svc.async_claims, campaign=app.campaign, clock=app.clock)
    else:
        card = await run_in_threadpool(claiming.claim_card, cmd, claims=app.claims, campaign=app.campaign,
                                       clock=app.clock)
    return {"card_id": card.id, "request_id": body.request_id, "value_fen": card.value_fen,
            "min_pay_fen": card.min_pay_fen, "expires_at": card.expires_at.isoformat()}
