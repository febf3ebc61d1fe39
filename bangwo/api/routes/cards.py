"""Claiming free-order cards: the flash-crowd hot path, a bare ASGI endpoint (Redis when configured, else the database).

No FastAPI dependency solving or pydantic per request: the header and body are checked by hand with the
same rules (`check_user_id`, a request_id of 1-128 characters), the answer is encoded with orjson. It sits
behind the same middleware as every route (metrics, admission control).
"""

from __future__ import annotations

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from bangwo.api import problems
from bangwo.api.admission import Receive, Scope, Send
from bangwo.api.deps import Service
from bangwo.domain import cards, commands, users
from bangwo.domain.errors import BangwoError, InvalidRequestError
from bangwo.services import claiming

PATH = "/v1/cards/claims"
MAX_BODY = 4096
_JSON = (b"content-type", b"application/json")


async def claim(scope: Scope, receive: Receive, send: Send) -> None:
    """POST /v1/cards/claims {"request_id"}: one card of the running campaign; a retry answers the same card."""
    svc: Service = scope["app"].state.service
    try:
        user, request_id = await _read(scope, receive)
        card = await _claim(svc, commands.ClaimCard(user, svc.app.campaign.id, request_id))
    except BangwoError as exc:
        svc.metrics.claims.labels(exc.code).inc()
        status, body, headers = problems.problem(exc)
        await _answer(send, status, orjson.dumps(body), [(k.lower().encode(), v.encode()) for k, v in headers.items()])
        return
    svc.metrics.claims.labels("issued").inc()
    await _answer(send, 200, orjson.dumps({"card_id": card.id, "request_id": request_id, "value_fen": card.value_fen,
                                           "min_pay_fen": card.min_pay_fen, "expires_at": card.expires_at.isoformat()}))


async def _claim(svc: Service, cmd: commands.ClaimCard) -> cards.Card:
    app = svc.app
    if svc.async_claims is not None:
        return await claiming.claim_card_async(cmd, claims=svc.async_claims, campaign=app.campaign, clock=app.clock)
    return await run_in_threadpool(claiming.claim_card, cmd, claims=app.claims, campaign=app.campaign,
                                   clock=app.clock)


async def _read(scope: Scope, receive: Receive) -> tuple[str, str]:
    """The calling user (X-Bangwo-User) and the body's request_id, or InvalidRequestError."""
    user = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"x-bangwo-user"), None)
    if user is None:
        raise _invalid("missing X-Bangwo-User", "缺少用户（X-Bangwo-User）")
    users.check_user_id(user)
    chunks, more, size = [], True, 0
    while more:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise _invalid("claim body too large", "请求内容太长了")
        chunks.append(chunk)
        more = bool(message.get("more_body"))
    try:
        request_id = orjson.loads(b"".join(chunks)).get("request_id")
    except (orjson.JSONDecodeError, AttributeError):
        request_id = None
    if not isinstance(request_id, str) or not 1 <= len(request_id) <= 128:
        raise _invalid("request_id must be 1-128 characters", "请求编号无效（request_id）")
    return user, request_id


def _invalid(detail: str, message: str) -> InvalidRequestError:
    return InvalidRequestError(detail, user_message=message)


async def _answer(send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    headers = [_JSON, (b"content-length", str(len(body)).encode()), *(extra or ())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class _Endpoint:
    """An ASGI app (not a function), so Starlette routes to it without building a Request."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await claim(scope, receive, send)


endpoint = _Endpoint()
route = Route(PATH, endpoint=endpoint, methods=["POST"], name="claim_card")
