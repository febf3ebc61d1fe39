"""One chat message in, one turn out (spec/chat.md): understand, decide, order, pay."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bangwo.api import fast_json
from bangwo.api.admission import caller_key
from bangwo.api.deps import ServiceDep, UserDep
from bangwo.api.schemas import ChatRequest

router = APIRouter(prefix="/v1")


@router.post("/chat", response_class=Response, responses={200: {"content": {"application/json": {}}}})
def chat(body: ChatRequest, user: UserDep, svc: ServiceDep, request: Request) -> Response:
    """The turn's JSON exactly as `bangwo chat --json` prints it."""
    turn = svc.app.conversation().handle(user, body.text, conversation_id=body.conversation_id,
                                         consent=body.consent, message_id=body.message_id)
    for order in turn.orders:
        svc.metrics.orders.labels(order.get("status", "unknown")).inc()
    caller = caller_key(request.headers.get("authorization"), request.headers.get("x-bangwo-user"))
    svc.admission.awaiting_confirmation(caller, body.conversation_id, turn.awaiting == "confirm")
    return fast_json.response(turn.to_json())
