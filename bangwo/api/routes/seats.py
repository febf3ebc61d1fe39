"""Cinema seat maps: a showing's seats (sold, held, couple pairs, the screen) and changing a held order's seats."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bangwo.adapters.db import seatmaps
from bangwo.api.auth import AuthUserDep
from bangwo.api.deps import ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.api.routes.user_orders import OrderId, owned
from bangwo.services import seats

router = APIRouter(prefix="/api", tags=["seats"], responses=PROBLEM_RESPONSES)
ShowtimeRef = Annotated[str, Path(pattern=r"^show:[A-Za-z0-9_.:\-]{1,150}$", examples=["show:c001:h2:2026-02-07:1945"])]


class SeatChange(BaseModel):
    seats: list[Annotated[str, Field(min_length=3, max_length=12)]] = Field(
        min_length=1, max_length=10, examples=[["10排5座", "10排6座"]])
    idempotency_key: str = Field(min_length=1, max_length=96, pattern=r"^[\x21-\x7e]+$",
                                 description="A retry with the same key returns the first change.")
    conversation_id: str = Field(default="web", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")


@router.get("/showtimes/{showtime_ref}/seats")
def showtime_seats(showtime_ref: ShowtimeRef, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """The seat map of a showing: rows from the screen, each seat free, held or sold, couple pairs."""
    app = svc.app
    plan = seats.seat_plan(showtime_ref, claims=seatmaps.claims(app.engine, showtime_ref), catalog=app.catalog)
    return plan.to_json()


@router.get("/orders/{order_id}/seats")
def order_seats(order_id: OrderId, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """The seat map of a cinema order's showing, its own seats marked ``mine``."""
    app = svc.app
    order = owned(app, order_id, user)
    ref = seats.showtime_of(order)
    return seats.seat_plan(ref, claims=seatmaps.claims(app.engine, ref), catalog=app.catalog, order=order).to_json()


@router.post("/orders/{order_id}/seats")
async def change_seats(order_id: OrderId, body: SeatChange, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """Move a held (unpaid) cinema order to other seats as a chat turn: the reply and the new confirm card, whose
    consent replaces the old one (an older card pays nothing). Sold seats are refused with the nearest free."""
    owned(svc.app, order_id, user)
    turn = await run_in_threadpool(svc.app.conversation().change_seats, user, order_id, list(body.seats),
                                   key=body.idempotency_key, conversation_id=body.conversation_id)
    return turn.to_json()
