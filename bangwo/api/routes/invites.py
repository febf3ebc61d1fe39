"""Invites: my invite link (a random stored code, never my user id) and whom it brought; accepting one."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter
from pydantic import BaseModel, Field

from bangwo.adapters.db import reporting
from bangwo.api.auth import AuthUserDep
from bangwo.api.deps import ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.services import accounts

router = APIRouter(prefix="/api/invites", tags=["invites"], responses=PROBLEM_RESPONSES)


class Accept(BaseModel):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_\-]+$",
                      description="The invite code of the link this account signed up through.")


@router.get("")
def my_invites(user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """My invite code and link (from BANGWO_PUBLIC_BASE_URL), the friends who joined, the reward per friend."""
    app = svc.app
    code = accounts.invite_code(user, store=app.accounts(), clock=app.clock)
    base = app.settings.public_base_url.rstrip("/")
    return {"code": code, "link": f"{base}/?invite={quote(code)}",
            "reward_per_invite": app.campaign.invite_reward, "cap_per_user": app.campaign.cap_per_user,
            "invited": reporting.invites_of(app.engine, user)}


@router.post("/accept")
def accept(body: Accept, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """Only an account created through ``code`` accepts it; the inviter gets the reward once."""
    app = svc.app
    granted = accounts.accept_invite(body.code, user, store=app.accounts(), uow=app.uow(), clock=app.clock,
                                     campaign_id=app.campaign.id, quota=app.quota)
    return {"code": body.code, "invitee": user, "cards_granted_to_inviter": len(granted)}
