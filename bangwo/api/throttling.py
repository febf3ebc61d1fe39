"""Sign-in throttles: attempts per account (user id or phone) and per client address, shared through Redis.

``Throttle.check`` is the one function every sign-in route uses; ``ThrottleMiddleware`` applies it before a
throttled route parses its body, taking the account from one JSON field (``THROTTLED`` lists the routes).
A route that reads the account itself calls ``request.app.state.throttle.check(...)`` instead.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass

import anyio
import redis
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from bangwo.api.admission import ASGIApp, Message, Receive, Scope, Send, buffer_body
from bangwo.config import Settings

log = logging.getLogger("bangwo.api.throttling")


@dataclass(frozen=True)
class Rule:
    """Which JSON field names the account; whether every attempt counts or only refused ones (4xx)."""

    field: str
    failures_only: bool


# (method, path) -> its rule. A new sign-in route adds its line here.
THROTTLED: Mapping[tuple[str, str], Rule] = {
    ("POST", "/api/auth/token"): Rule("user_id", failures_only=True),     # wrong admin passwords, unknown users
    ("POST", "/api/auth/codes"): Rule("phone", failures_only=False),      # every code request costs an SMS
    ("POST", "/api/auth/phone"): Rule("phone", failures_only=True),       # wrong codes
    ("POST", "/api/auth/password"): Rule("phone", failures_only=True),    # wrong passwords
}


@dataclass(frozen=True)
class Refused:
    """A throttled attempt: which limit, and the seconds until the next attempt may pass."""

    scope: str
    retry_after_s: int


class Throttle:
    """Moving-window limits per account and per address; Redis when configured (all workers share one
    count), else this process's memory. If Redis fails, the process's own memory keeps counting."""

    def __init__(self, *, per_account: str, per_address: str, redis_url: str | None, prefix: str) -> None:
        self.per_account: RateLimitItem = parse(per_account)
        self.per_address: RateLimitItem = parse(per_address)
        self.prefix = prefix
        shared: Storage | None = (RedisStorage(redis_url, key_prefix=f"{prefix}:throttle", wrap_exceptions=True)
                                  if redis_url else None)
        self._shared = MovingWindowRateLimiter(shared) if shared is not None else None
        self._local = MovingWindowRateLimiter(MemoryStorage())

    @classmethod
    def from_settings(cls, settings: Settings) -> Throttle:
        return cls(per_account=settings.login_limit_per_account, per_address=settings.login_limit_per_address,
                   redis_url=settings.redis_url, prefix=settings.redis_prefix)

    def check(self, kind: str, *, account: str | None, address: str | None) -> Refused | None:
        """Count one attempt of ``kind`` (e.g. "token", "code"); a Refused when a limit is passed."""
        for scope, item, key in self._limits(account, address):
            if not self._call("hit", item, kind, scope, key):
                return Refused(scope, self._retry_after(item, kind, scope, key))
        return None

    def blocked(self, kind: str, *, account: str | None, address: str | None) -> Refused | None:
        """A Refused when the next attempt would pass a limit (nothing is counted)."""
        for scope, item, key in self._limits(account, address):
            if not self._call("test", item, kind, scope, key):
                return Refused(scope, self._retry_after(item, kind, scope, key))
        return None

    def count(self, kind: str, *, account: str | None, address: str | None) -> None:
        """Count one failed attempt against both limits."""
        for scope, item, key in self._limits(account, address):
            self._call("hit", item, kind, scope, key)

    def _limits(self, account: str | None, address: str | None) -> list[tuple[str, RateLimitItem, str]]:
        return [(scope, item, key) for scope, item, key in (("account", self.per_account, account),
                                                            ("address", self.per_address, address)) if key]

    def _call(self, what: str, item: RateLimitItem, *identifiers: str) -> bool:
        if self._shared is not None:
            try:
                return bool(getattr(self._shared, what)(item, *identifiers))
            except (StorageError, redis.RedisError) as exc:
                log.warning("throttle storage unavailable, counting in memory: %s", type(exc).__name__)
        return bool(getattr(self._local, what)(item, *identifiers))

    def _retry_after(self, item: RateLimitItem, *identifiers: str) -> int:
        try:
            reset_at, _ = (self._shared or self._local).get_window_stats(item, *identifiers)
        except (StorageError, redis.RedisError):
            reset_at, _ = self._local.get_window_stats(item, *identifiers)
        return max(1, int(reset_at - time.time()) + 1)


class ThrottleMiddleware:
    """Throttles the routes of ``THROTTLED`` before FastAPI parses them: 429 problem+json with Retry-After."""

    def __init__(self, app: ASGIApp, *, throttle: Throttle) -> None:
        self.app = app
        self.throttle = throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        rule = THROTTLED.get((scope.get("method", ""), scope.get("path", ""))) if scope["type"] == "http" else None
        if rule is None:
            await self.app(scope, receive, send)
            return
        body, receive = await buffer_body(receive)
        client = scope.get("client")
        kind, account, address = scope["path"].rsplit("/", 1)[-1], _account(body, rule.field), \
            (str(client[0]) if client else None)
        throttle = self.throttle
        first = throttle.blocked if rule.failures_only else throttle.check
        refused = await anyio.to_thread.run_sync(lambda: first(kind, account=account, address=address))
        if refused is not None:
            await _too_many(send, refused)
            return
        status = [0]

        async def observed(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        await self.app(scope, receive, observed)
        if rule.failures_only and 400 <= status[0] < 500:
            await anyio.to_thread.run_sync(lambda: throttle.count(kind, account=account, address=address))


def _account(body: bytes, field: str) -> str | None:
    try:
        parsed = json.loads(body)
    except ValueError:
        return None
    value = parsed.get(field) if isinstance(parsed, dict) else None
    return value.strip().lower()[:64] if isinstance(value, str) and value.strip() else None




MESSAGES = {"account": "这个账号尝试太频繁了，请 {n} 秒后再试", "address": "尝试太频繁了，请 {n} 秒后再试"}


async def _too_many(send: Send, refused: Refused) -> None:
    message = MESSAGES[refused.scope].format(n=refused.retry_after_s)
    body = json.dumps({"type": "https://bangwo.dev/problems/too_many_attempts", "title": "too many attempts",
                       "status": 429, "detail": message, "error": "too_many_attempts", "message": message,
                       "retry_after": refused.retry_after_s}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 429, "headers": [
        (b"content-type", b"application/problem+json"), (b"retry-after", str(refused.retry_after_s).encode()),
        (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
