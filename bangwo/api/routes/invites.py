"""Invites: my invite link and whom it brought; accepting a friend's invite rewards the friend."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from bangwo.adapters.db import reporting
from bangwo.api.auth import AuthUserDep
from bangwo.api.deps import ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.services import carding

router = APIRouter(prefix="/api/invites", tags=["invites"], responses=PROBLEM_RESPONSES)


class Accept(BaseModel):
    code: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$",
                      description="The inviter's code (from their invite link).")


@router.get("")
def my_invites(user: AuthUserDep, svc: ServiceDep, request: Request) -> dict[str, Any]:
    """My invite code and link, the friends who joined through it and the reward per friend."""
    campaign = svc.app.campaign
    return {"code": user, "link": str(request.base_url) + f"?invite={user}",
            "reward_per_invite": campaign.invite_reward, "cap_per_user": campaign.cap_per_user,
            "invited": reporting.invites_of(svc.app.engine, user)}


@router.post("/accept")
def accept(body: Accept, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """I joined through ``code``: the inviter gets the reward once (never for inviting oneself)."""
    app = svc.app
    granted = carding.accept_invite(body.code, user, app.campaign.id, uow=app.uow(), clock=app.clock)
    return {"inviter": body.code, "invitee": user, "cards_granted_to_inviter": len(granted)}
