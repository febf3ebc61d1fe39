"""One chat message in, one turn out (spec/chat.md): understand, decide, order, pay."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from bangwo.api.deps import ServiceDep, UserDep
from bangwo.api.schemas import ChatRequest

router = APIRouter(prefix="/v1")


@router.post("/chat")
def chat(body: ChatRequest, user: UserDep, svc: ServiceDep) -> dict[str, Any]:
    """The turn's JSON exactly as `bangwo chat --json` prints it."""
    turn = svc.app.conversation().handle(user, body.text, conversation_id=body.conversation_id)
    for order in turn.orders:
        svc.metrics.orders.labels(order.get("status", "unknown")).inc()
    return turn.to_json()
