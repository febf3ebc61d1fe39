"""Every response carries security headers; every request body is capped before anything parses it."""

from __future__ import annotations

import json

from bangwo.api.admission import ASGIApp, Message, Receive, Scope, Send, replaying

# The pages load only their own scripts, styles and images (no CDN, no inline script) and are never framed:
# a page that pays with one tap must not sit inside someone else's frame.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# FastAPI's /docs and /redoc pages load Swagger UI / ReDoc from jsDelivr with a small inline script.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
            "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs", "/redoc")
HEADERS = ((b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"no-referrer"), (b"cross-origin-opener-policy", b"same-origin"))


class SecurityHeaders:
    """Adds CSP (self only, frame-ancestors 'none'), X-Frame-Options, nosniff and Referrer-Policy."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope.get("path", "").startswith(DOCS_PATHS) else CSP

        async def headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", ())}
                extra = [(k, v) for k, v in (*HEADERS, (b"content-security-policy", csp.encode()))
                         if k not in present]
                message["headers"] = [*message.get("headers", ()), *extra]
            await send(message)

        await self.app(scope, receive, headed)


class BodyCap:
    """Refuses a body over ``max_bytes`` with 413 before it is parsed: by Content-Length when given, else
    by reading at most ``max_bytes + 1`` bytes (a chunked body) and handing on what was read."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _content_length(scope)
        if length is not None:
            if length > self.max_bytes:
                await too_large(send, self.max_bytes, legacy=not scope.get("path", "").startswith("/api/"))
                return
            await self.app(scope, receive, send)
            return
        body, receive = await _read_at_most(receive, self.max_bytes + 1)
        if body is None:
            await too_large(send, self.max_bytes, legacy=not scope.get("path", "").startswith("/api/"))
            return
        await self.app(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _read_at_most(receive: Receive, limit: int) -> tuple[bytes | None, Receive]:
    """The whole body, or None once it reaches ``limit`` bytes; a receive that replays what was read."""
    chunks: list[bytes] = []
    size, more = 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size >= limit:
            return None, receive
        chunks.append(chunk)
        more = bool(message.get("more_body"))
    body = b"".join(chunks)
    return body, replaying(body, receive)


async def too_large(send: Send, max_bytes: int, *, legacy: bool) -> None:
    message = f"内容太长了（最多 {max_bytes // 1024} KB）"
    body = json.dumps({"type": "https://bangwo.dev/problems/payload_too_large", "title": "payload too large",
                       "status": 413, "detail": message, "error": "payload_too_large", "message": message},
                      ensure_ascii=False).encode()
    kind = b"application/json" if legacy else b"application/problem+json"
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
