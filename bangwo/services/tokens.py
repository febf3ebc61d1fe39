"""Bearer tokens signed with HMAC-SHA256 under named keys: who is calling (a user, or an operations admin)."""

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

from bangwo.domain.errors import InvalidRequestError, UnauthenticatedError
from bangwo.domain.users import check_user_id

VERSION = "bw1"


class Role(StrEnum):
    USER = "user"
    ADMIN = "admin"


ADMIN_PREFIX = "admin:"


@dataclass(frozen=True)
class Principal:
    """The caller a valid token names: a user id, or ``admin:<name>`` for an operations admin (never a user)."""

    subject: str
    role: Role
    expires_at: int

    @classmethod
    def checked(cls, subject: str, role: Role, expires_at: int) -> Principal:
        """Users are named by a user id; admins by ``admin:<name>``, so an admin token never names a user."""
        name = subject.removeprefix(ADMIN_PREFIX) if role is Role.ADMIN else subject
        if role is Role.ADMIN and name == subject:
            raise ValueError(f"an admin subject starts with {ADMIN_PREFIX!r}")
        try:
            check_user_id(name)
        except InvalidRequestError as exc:
            raise ValueError(exc.message) from None
        return cls(subject, role, expires_at)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(secret: bytes) -> str:
    """A key's public name: the first 8 hex digits of its SHA-256 (reveals nothing usable about it)."""
    return hashlib.sha256(b"bangwo-token-key:" + secret).hexdigest()[:8]


@dataclass(frozen=True)
class TokenSigner:
    """Issues and checks ``bw1.<payload>.<signature>``; the payload names its key (``kid``) so a retired key
    (``previous``) still verifies the tokens it signed until they expire. The clock is wall time."""

    secret: bytes
    ttl_s: int
    clock: Callable[[], float] = time.time
    previous: tuple[bytes, ...] = ()

    @classmethod
    def from_secret(cls, secret: str | None, *, ttl_s: int, previous: str = "") -> TokenSigner:
        old = tuple(p.strip().encode() for p in previous.split(",") if p.strip())
        return cls((secret or secrets.token_hex(32)).encode(), ttl_s, previous=old)

    @property
    def kid(self) -> str:
        return key_id(self.secret)

    def issue(self, subject: str, role: Role) -> tuple[str, Principal]:
        principal = Principal.checked(subject, role, int(self.clock()) + self.ttl_s)
        claims = {"sub": principal.subject, "role": role.value, "exp": principal.expires_at, "kid": self.kid}
        payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
        return f"{VERSION}.{payload}.{self._sign(self.secret, payload)}", principal

    def verify(self, token: str) -> Principal:
        """The principal, or UnauthenticatedError for anything forged, malformed, expired or of an unknown key."""
        version, _, rest = token.partition(".")
        payload, _, signature = rest.partition(".")
        key = self._key_of(payload) if version == VERSION and payload else None
        if key is None or not hmac.compare_digest(signature, self._sign(key, payload)):
            raise UnauthenticatedError("bad token signature", user_message="登录已失效，请重新登录")
        try:
            claims = json.loads(_unb64(payload))
            principal = Principal.checked(claims["sub"], Role(claims["role"]), int(claims["exp"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise UnauthenticatedError(f"bad token payload: {exc}", user_message="登录已失效，请重新登录") from None
        if principal.expires_at <= self.clock():
            raise UnauthenticatedError("token expired", user_message="登录已过期，请重新登录")
        return principal

    def _key_of(self, payload: str) -> bytes | None:
        """The key the payload names (before its signature is checked, so only to choose which key checks it)."""
        try:
            kid = json.loads(_unb64(payload)).get("kid")
        except (ValueError, TypeError, AttributeError):
            return None
        return next((k for k in (self.secret, *self.previous) if key_id(k) == kid), None)

    @staticmethod
    def _sign(key: bytes, payload: str) -> str:
        return _b64(hmac.new(key, f"{VERSION}.{payload}".encode(), hashlib.sha256).digest())
