"""A person's wallet top-ups paid in the provider's app (a QR code) and wallet money sent back to the card.

The saved-card top-up of the page is ``user_wallet.py``; these routes are docs/payments.md's.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bangwo.api.auth import AuthUserDep
from bangwo.api.deps import Service, ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.domain import payments
from bangwo.services import paying
from bangwo.services.ports import CardRefundRecord, TopUpRecord

router = APIRouter(prefix="/api/wallet", tags=["wallet"], responses=PROBLEM_RESPONSES)

RequestId = Field(min_length=1, max_length=100, pattern=r"^[\x21-\x7e]+$",
                  description="Idempotency key: a retry returns the first result.")


class NewTopUp(BaseModel):
    amount_fen: int = Field(ge=1, le=10_000_000, description="What to add to the wallet, in fen.")
    request_id: str = RequestId


class NewRefund(BaseModel):
    topup_request_id: str = Field(min_length=1, max_length=100, description="The top-up's request_id.")
    amount_fen: int = Field(ge=1, le=10_000_000, description="What to send back to the card, in fen.")
    request_id: str = RequestId


@router.post("/qr-topups")
async def start_top_up(body: NewTopUp, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """Open a top-up: scan ``qr_code`` with Alipay; the wallet is credited when Alipay notifies us."""
    app = svc.app
    record = await run_in_threadpool(
        paying.start_top_up, paying.StartTopUp(user, body.amount_fen, body.request_id), uow=app.uow(),
        clock=app.clock, gateway=app.gateway, topups=app.topups())
    return _topup_json(record, await run_in_threadpool(_balance, svc, user))


@router.get("/qr-topups/{request_id}")
async def top_up_status(request_id: str, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """A top-up's state; while it is open, Alipay is asked (a notification may not have come yet)."""
    app = svc.app
    record = await run_in_threadpool(paying.refresh_top_up, user, request_id, uow=app.uow(), clock=app.clock,
                                     gateway=app.gateway, topups=app.topups())
    return _topup_json(record, await run_in_threadpool(_balance, svc, user))


@router.post("/card-refunds")
async def refund_to_card(body: NewRefund, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """Send wallet money back to the card (or Alipay balance) of one top-up."""
    app = svc.app
    cmd = paying.RefundToCard(user, body.topup_request_id, body.amount_fen, body.request_id)
    refund = await run_in_threadpool(paying.refund_to_card, cmd, uow=app.uow(), clock=app.clock,
                                     gateway=app.gateway, topups=app.topups())
    return _refund_json(refund, await run_in_threadpool(_balance, svc, user))


def _balance(svc: Service, user: str) -> int:
    with svc.app.uow.reader() as uow:
        return int(uow.ledger.balance(payments.wallet_account(user)))


def _topup_json(record: TopUpRecord, balance_fen: int) -> dict[str, Any]:
    return {"reference": record.reference, "amount_fen": record.amount_fen, "status": record.status,
            "qr_code": record.qr_code or None, "refunded_fen": record.refunded_fen, "balance_fen": balance_fen}


def _refund_json(refund: CardRefundRecord, balance_fen: int) -> dict[str, Any]:
    return {"request_id": refund.request_id, "reference": refund.reference, "amount_fen": refund.amount_fen,
            "status": refund.status, "balance_fen": balance_fen}
