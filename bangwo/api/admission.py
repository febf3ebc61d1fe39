"""Admission control: rate limits, a bounded priority queue, shedding optional work before critical work."""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Identify = Callable[[str], str | None]   # a bearer token -> the user it names once verified, else None

EXEMPT = ("/healthz", "/readyz", "/metrics")
CHAT_PATHS = frozenset({"/v1/chat", "/api/chat", "/api/chat/stream"})


class Priority(IntEnum):
    """Lower is served first: payments before ordinary requests before extras."""

    CRITICAL = 0
    NORMAL = 1
    OPTIONAL = 2


@dataclass
class TokenBucket:
    """``rate`` tokens a second up to ``burst``; the caller passes the time (tests use a fake one)."""

    rate: float
    burst: float
    tokens: float
    stamp: float

    def take(self, now: float) -> float:
        """0.0 when a token was taken, else the seconds until one is due."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


@dataclass(frozen=True)
class Limits:
    max_inflight: int = 64
    max_queue: int = 512
    queue_timeout_s: float = 5.0
    shed_optional_at: int = 32
    global_rps: float = 20_000.0
    user_rps: float = 20.0
    user_burst: int = 40
    max_users_tracked: int = 100_000


@dataclass(frozen=True)
class Refusal:
    """Why a request was not admitted: HTTP status, the reason code, the Chinese message, Retry-After."""

    status: int
    reason: str
    message: str
    retry_after_s: int

    def body(self) -> bytes:
        return json.dumps({"error": self.reason, "message": self.message, "retry_after": self.retry_after_s},
                          ensure_ascii=False).encode()


@dataclass
class Admission:
    """Per-process gatekeeper: token buckets, then a concurrency limit with a bounded priority queue."""

    limits: Limits
    clock: Callable[[], float] = time.monotonic
    inflight: int = 0
    service_s: float = 0.01                       # moving average of a request's time in the service
    _queues: tuple[deque[asyncio.Future[None]], ...] = field(
        default_factory=lambda: (deque(), deque(), deque()))
    _global: TokenBucket | None = None
    _users: dict[str, TokenBucket] = field(default_factory=dict)
    on_shed: Callable[[Priority, str], None] | None = None
    _confirming: dict[tuple[str, str], None] = field(default_factory=dict)   # insertion-ordered, bounded
    identify: Identify | None = None

    def awaiting_confirmation(self, caller: str | None, conversation_id: str, awaiting: bool) -> None:
        """Remember, after each turn, which conversations now wait for a 确认 (the state admission reads)."""
        if caller is None:
            return
        key = (caller, conversation_id)
        self._confirming.pop(key, None)
        if awaiting:
            self._confirming[key] = None
            while len(self._confirming) > self.limits.max_users_tracked:
                self._confirming.pop(next(iter(self._confirming)))

    def answers_confirmation(self, caller: str | None, chat: ChatBody | None) -> bool:
        """A message that answers a pending confirmation: it carries a card's consent, or its conversation waits."""
        if chat is None:
            return False
        return chat.consent or (caller, chat.conversation_id) in self._confirming

    @property
    def queued(self) -> int:
        return sum(len(q) for q in self._queues)

    def estimate_s(self, ahead: int) -> int:
        """Seconds until a request with ``ahead`` requests before it is likely to be served (at least 1)."""
        return max(1, math.ceil((ahead + 1) * self.service_s / self.limits.max_inflight))

    def check_rate(self, user: str | None) -> Refusal | None:
        now = self.clock()
        if self._global is None:
            self._global = TokenBucket(self.limits.global_rps, self.limits.global_rps, self.limits.global_rps, now)
        wait = self._global.take(now)
        if wait:
            return self._refuse(Priority.NORMAL, Refusal(429, "rate_limited", "现在请求的人太多，请稍后再试",
                                                         max(1, math.ceil(wait))))
        if user:
            bucket = self._users.get(user)
            if bucket is None:
                if len(self._users) >= self.limits.max_users_tracked:
                    self._users.clear()
                bucket = self._users[user] = TokenBucket(self.limits.user_rps, self.limits.user_burst,
                                                         self.limits.user_burst, now)
            wait = bucket.take(now)
            if wait:
                return self._refuse(Priority.NORMAL, Refusal(429, "rate_limited", "你操作太快了，请稍后再试",
                                                             max(1, math.ceil(wait))))
        return None

    async def enter(self, priority: Priority) -> Refusal | None:
        """Admit now, or queue (bounded, by priority), or refuse with an honest estimate."""
        if self.inflight < self.limits.max_inflight and not self.queued:
            self.inflight += 1
            return None
        ahead = sum(len(q) for q in self._queues[:priority + 1])
        if priority is Priority.OPTIONAL and self.queued >= self.limits.shed_optional_at:
            return self._refuse(priority, Refusal(503, "shed", "现在太忙，推荐稍后再看", self.estimate_s(ahead)))
        bound = self.limits.max_queue * (2 if priority is Priority.CRITICAL else 1)
        if self.queued >= bound:
            return self._refuse(priority, Refusal(503, "queue_full", f"排队中，预计 {self.estimate_s(ahead)} 秒",
                                                  self.estimate_s(ahead)))
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queues[priority].append(waiter)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), self.limits.queue_timeout_s)
        except TimeoutError:
            if waiter.done() and not waiter.cancelled():
                return None    # admitted just as the wait ran out: keep the slot
            self._queues[priority].remove(waiter)
            waiter.cancel()
            return self._refuse(priority, Refusal(503, "queue_timeout", f"排队中，预计 {self.estimate_s(ahead)} 秒",
                                                  self.estimate_s(ahead)))
        return None

    def leave(self, elapsed_s: float) -> None:
        """A request finished: hand its slot to the first waiter by priority."""
        self.service_s = 0.9 * self.service_s + 0.1 * elapsed_s
        for queue in self._queues:
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)   # the slot passes on: inflight stays the same
                    return
        self.inflight -= 1

    def _refuse(self, priority: Priority, refusal: Refusal) -> Refusal:
        if self.on_shed:
            self.on_shed(priority, refusal.reason)
        return refusal


@dataclass(frozen=True)
class ChatBody:
    """What admission reads of a chat request: its conversation, and whether it carries a consent token."""

    conversation_id: str
    consent: bool


def classify(method: str, path: str, *, confirming: bool = False) -> Priority:
    """Payments and answers to a pending confirmation are critical, recommendations optional, the rest normal."""
    if path.endswith("/pay") or confirming:
        return Priority.CRITICAL
    if path.startswith("/v1/recommendations"):
        return Priority.OPTIONAL
    return Priority.NORMAL


class AdmissionMiddleware:
    """ASGI middleware around the whole service (health, readiness and metrics are never queued)."""

    def __init__(self, app: ASGIApp, admission: Admission) -> None:
        self.app = app
        self.admission = admission

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in EXEMPT:
            await self.app(scope, receive, send)
            return
        # per-user limits for /api and /v1 alike; a token wins over the header, which anyone can make up
        user = _bearer(scope) or _header(scope, b"x-bangwo-user")
        refusal = self.admission.check_rate(self._rate_key(scope, user))
        if refusal is not None:
            await _answer(send, refusal)
            return
        chat = None
        if path in CHAT_PATHS and scope.get("method") == "POST":
            body, receive = await buffer_body(receive)
            chat = _chat_body(body, default="default" if path == "/v1/chat" else "web")
        confirming = self.admission.answers_confirmation(user, chat)
        refusal = await self.admission.enter(classify(scope.get("method", "GET"), path, confirming=confirming))
        if refusal is not None:
            await _answer(send, refusal)
            return
        start = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            self.admission.leave(time.perf_counter() - start)


    def _rate_key(self, scope: Scope, caller: str | None) -> str | None:
        """One bucket per user: the verified token's subject (however many tokens the user takes); a token
        that does not verify shares its client address's bucket."""
        token = _header(scope, b"authorization")
        if not token or self.admission.identify is None:
            return f"user:{caller}" if caller else None
        scheme, _, credentials = token.partition(" ")
        subject = self.admission.identify(credentials.strip()) if scheme.lower() == "bearer" else None
        if subject is not None:
            return f"user:{subject}"
        client = scope.get("client")
        return f"address:{client[0] if client else '?'}"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def buffer_body(receive: Receive) -> tuple[bytes, Receive]:
    """Read the whole request body; return it and a receive that replays it to the app."""
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = bool(message.get("more_body"))
    body = b"".join(chunks)
    return body, replaying(body, receive)


def replaying(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the app ``body`` (already read) once, then whatever comes next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}
    return replay


def _chat_body(body: bytes, *, default: str) -> ChatBody | None:
    try:
        parsed = json.loads(body)
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    conversation = parsed.get("conversation_id", default)
    return ChatBody(conversation if isinstance(conversation, str) else default, bool(parsed.get("consent")))


def caller_key(authorization: str | None, user_header: str | None) -> str | None:
    """The key admission files a caller under (the same one the middleware computes from the headers)."""
    if authorization:
        return f"token:{authorization[-32:]}"
    return user_header


def _bearer(scope: Scope) -> str | None:
    """A key per bearer token (one token names one user): enough to rate-limit without verifying it here."""
    token = _header(scope, b"authorization")
    return caller_key(token, None)


async def _answer(send: Send, refusal: Refusal) -> None:
    body = refusal.body()
    await send({"type": "http.response.start", "status": refusal.status, "headers": [
        (b"content-type", b"application/json; charset=utf-8"), (b"retry-after", str(refusal.retry_after_s).encode()),
        (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
