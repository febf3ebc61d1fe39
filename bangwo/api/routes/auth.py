"""Sign-in: a bearer token for a demo user, or for an operations admin with the admin password."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bangwo.api.auth import PrincipalDep, Role, TokenSigner
from bangwo.api.deps import ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.domain.errors import ForbiddenError, UnauthenticatedError

router = APIRouter(prefix="/api/auth", tags=["auth"], responses=PROBLEM_RESPONSES)


class TokenRequest(BaseModel):
    user_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$", examples=["alice"])
    password: str | None = Field(default=None, max_length=200, description="Only for the admin role.")


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    user_id: str
    role: Role
    expires_at: int


@router.post("/token", response_model=Token)
async def issue_token(body: TokenRequest, request: Request, svc: ServiceDep) -> Token:
    """A demo user's token (the user must exist), or an admin's token when the admin password matches."""
    signer: TokenSigner = request.app.state.signer
    settings = svc.app.settings
    if body.password is not None:
        expected = settings.admin_password
        if not expected or not hmac.compare_digest(body.password.encode(), expected.encode()):
            raise UnauthenticatedError("bad admin password", user_message="管理员密码不对")
        token, who = signer.issue(body.user_id, Role.ADMIN)
    else:
        if not settings.demo_login:
            raise ForbiddenError("demo login is off", user_message="体验登录已关闭")
        await run_in_threadpool(_require_user, svc, body.user_id)
        token, who = signer.issue(body.user_id, Role.USER)
    return Token(access_token=token, user_id=who.user_id, role=who.role, expires_at=who.expires_at)


def _require_user(svc: ServiceDep, user_id: str) -> None:
    with svc.app.uow.reader() as uow:
        uow.users.get(user_id)


@router.get("/me")
def me(who: PrincipalDep, svc: ServiceDep) -> dict[str, Any]:
    """Who the token names (and the user's name and city for a user)."""
    body: dict[str, Any] = {"user_id": who.user_id, "role": who.role.value, "expires_at": who.expires_at}
    if who.role is Role.USER:
        with svc.app.uow.reader() as uow:
            user = uow.users.get(who.user_id)
        body.update(name=user.name, home_city=user.home_city)
    return body
