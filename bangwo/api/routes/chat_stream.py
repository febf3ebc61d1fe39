"""Chat for the web page: one turn as JSON, or as a Server-Sent Events stream while it is built; history."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bangwo.adapters.db import reporting
from bangwo.api.admission import caller_key
from bangwo.api.auth import AuthUserDep
from bangwo.api.deps import Service, ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES, status_of
from bangwo.domain.errors import BangwoError

router = APIRouter(prefix="/api/chat", tags=["chat"], responses=PROBLEM_RESPONSES)
ConversationId = Annotated[str, Query(pattern=r"^[A-Za-z0-9_.\-]{1,64}$")]
REPLY_PIECE = 6   # characters per `reply` event: the page shows the sentence as it arrives


class Message(BaseModel):
    text: str = Field(max_length=10_000, examples=["帮我点一杯少糖少冰的珍珠奶茶"])
    conversation_id: str = Field(default="web", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
    consent: str | None = Field(default=None, max_length=64, pattern=r"^[0-9a-f]+$",
                                description="the consent token of the confirmation card whose button was pressed")
    message_id: str | None = Field(default=None, min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$",
                                   description="the client's id of this message: sent again (a retry), it gets "
                                               "the same turn back and nothing runs twice")


def _turn(svc: Service, user: str, body: Message, caller: str | None) -> dict[str, Any]:
    turn = svc.app.conversation().handle(user, body.text, conversation_id=body.conversation_id,
                                         consent=body.consent, message_id=body.message_id)
    for order in turn.orders:
        svc.metrics.orders.labels(order.get("status", "unknown")).inc()
    svc.admission.awaiting_confirmation(caller, body.conversation_id, turn.awaiting == "confirm")
    return turn.to_json()


def _caller(request: Request) -> str | None:
    return caller_key(request.headers.get("authorization"), None)


@router.post("")
async def chat(body: Message, user: AuthUserDep, svc: ServiceDep, request: Request) -> dict[str, Any]:
    """One message in, the turn out (spec/chat.md): reply, frames, cards, awaiting, orders."""
    return await run_in_threadpool(_turn, svc, user, body, _caller(request))


def _event(name: str, data: Any) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


async def _stream(svc: Service, user: str, body: Message, caller: str | None) -> AsyncIterator[bytes]:
    yield _event("status", {"stage": "understanding", "message": "正在理解你的需求…"})
    try:
        turn = await run_in_threadpool(_turn, svc, user, body, caller)
    except BangwoError as exc:
        yield _event("error", {"status": status_of(exc), "error": exc.code, "message": exc.user_message})
        return
    reply = turn["reply"]
    for start in range(0, len(reply), REPLY_PIECE):
        yield _event("reply", {"text": reply[start:start + REPLY_PIECE]})
    for card in turn["cards"]:
        yield _event("card", card)
    for order in turn["orders"]:
        yield _event("order", order)
    yield _event("done", turn)


@router.post("/stream", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "Events: status, reply (pieces), card, order, done (the whole turn)"
                                             " or error."}})
async def chat_stream(body: Message, user: AuthUserDep, svc: ServiceDep, request: Request) -> StreamingResponse:
    """The turn as Server-Sent Events: a status at once, then the reply in pieces, cards, orders, done."""
    return StreamingResponse(_stream(svc, user, body, _caller(request)), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.get("/history")
def history(user: AuthUserDep, svc: ServiceDep, conversation_id: ConversationId = "web",
            limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[dict[str, Any]]:
    """This user's last turns of one conversation, oldest first (the page shows them after a reload)."""
    return reporting.turn_history(svc.app.engine, user, conversation_id, limit=limit)
