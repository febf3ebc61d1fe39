"""Bearer tokens signed with HMAC-SHA256: who is calling (a user, or an admin for operations)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bangwo.domain.errors import ForbiddenError, UnauthenticatedError
from bangwo.domain.users import check_user_id

VERSION = "bw1"


class Role(StrEnum):
    USER = "user"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """The caller a valid token names."""

    user_id: str
    role: Role
    expires_at: int


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class TokenSigner:
    """Issues and checks ``bw1.<payload>.<signature>``; the clock is wall time (tokens are not domain data)."""

    secret: bytes
    ttl_s: int
    clock: Callable[[], float] = time.time

    @classmethod
    def from_secret(cls, secret: str | None, *, ttl_s: int) -> TokenSigner:
        return cls((secret or secrets.token_hex(32)).encode(), ttl_s)

    def issue(self, user_id: str, role: Role) -> tuple[str, Principal]:
        principal = Principal(check_user_id(user_id), role, int(self.clock()) + self.ttl_s)
        payload = _b64(json.dumps({"sub": principal.user_id, "role": role.value, "exp": principal.expires_at},
                                  separators=(",", ":")).encode())
        return f"{VERSION}.{payload}.{self._sign(payload)}", principal

    def verify(self, token: str) -> Principal:
        """The principal, or UnauthenticatedError for anything forged, malformed or expired."""
        version, _, rest = token.partition(".")
        payload, _, signature = rest.partition(".")
        if version != VERSION or not payload or not hmac.compare_digest(signature, self._sign(payload)):
            raise UnauthenticatedError("bad token signature", user_message="登录已失效，请重新登录")
        try:
            claims = json.loads(_unb64(payload))
            principal = Principal(check_user_id(claims["sub"]), Role(claims["role"]), int(claims["exp"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise UnauthenticatedError(f"bad token payload: {exc}", user_message="登录已失效，请重新登录") from None
        if principal.expires_at <= self.clock():
            raise UnauthenticatedError("token expired", user_message="登录已过期，请重新登录")
        return principal

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self.secret, f"{VERSION}.{payload}".encode(), hashlib.sha256).digest())


bearer = HTTPBearer(auto_error=False, description="`POST /api/auth/token` issues the token.")


async def principal(request: Request,
                    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthenticatedError("no bearer token")
    signer: TokenSigner = request.app.state.signer
    return signer.verify(credentials.credentials)


async def user(who: Annotated[Principal, Depends(principal)]) -> str:
    """The calling user's id: every user route reads and changes only this user's data."""
    return who.user_id


async def admin(who: Annotated[Principal, Depends(principal)]) -> Principal:
    if who.role is not Role.ADMIN:
        raise ForbiddenError(f"{who.user_id} is not an admin", user_message="只有运营管理员可以查看")
    return who


PrincipalDep = Annotated[Principal, Depends(principal)]
AuthUserDep = Annotated[str, Depends(user)]
AdminDep = Annotated[Principal, Depends(admin)]
