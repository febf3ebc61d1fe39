"""The HTTP side of bearer tokens (signing lives in services/tokens.py): who is calling each route."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bangwo.domain.errors import ForbiddenError, UnauthenticatedError
from bangwo.services.tokens import ADMIN_PREFIX, Principal, Role, TokenSigner, key_id

__all__ = ["ADMIN_PREFIX", "AdminDep", "AuthUserDep", "Principal", "PrincipalDep", "Role", "TokenSigner", "key_id"]


bearer = HTTPBearer(auto_error=False, description="`POST /api/auth/token` issues the token.")


async def principal(request: Request,
                    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthenticatedError("no bearer token")
    signer: TokenSigner = request.app.state.signer
    return signer.verify(credentials.credentials)


async def user(who: Annotated[Principal, Depends(principal)]) -> str:
    """The calling user's id: every user route reads and changes only this user's data. An admin token is
    not a user: it reaches admin routes only, never a wallet, an order or a chat."""
    if who.role is not Role.USER:
        raise ForbiddenError(f"{who.subject} is not a user", user_message="管理员账号不能代替用户操作")
    return who.subject


async def admin(who: Annotated[Principal, Depends(principal)]) -> Principal:
    if who.role is not Role.ADMIN:
        raise ForbiddenError(f"{who.subject} is not an admin", user_message="只有运营管理员可以查看")
    return who


PrincipalDep = Annotated[Principal, Depends(principal)]
AuthUserDep = Annotated[str, Depends(user)]
AdminDep = Annotated[Principal, Depends(admin)]
