"""A user's wallet top-up from the saved bank card, through the payment gateway (the page's 充值)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from bangwo.api.auth import AuthUserDep
from bangwo.api.deps import ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.conversation import replies
from bangwo.domain import commands, payments, wallets
from bangwo.domain.errors import ConflictError, InvalidRequestError, NotFoundError
from bangwo.services import paying

router = APIRouter(prefix="/api/wallet", tags=["wallet"], responses=PROBLEM_RESPONSES)


class TopUpRequest(BaseModel):
    amount_fen: int = Field(ge=1, le=100_000_000, description="What the bank card is charged, in fen.")
    idempotency_key: str = Field(min_length=1, max_length=100, pattern=r"^[\x21-\x7e]+$",
                                 description="A retry with the same key charges nothing more and returns the balance.")


@router.get("")
def wallet(user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """The balance, whether a bank card is saved, and the amounts the page offers."""
    app = svc.app
    with app.uow.reader() as uow:
        balance = uow.ledger.balance(payments.wallet_account(user))
        card = uow.users.get(user).payment_token is not None
    return {"wallet_fen": balance, "card_saved": card, "sandbox": app.settings.payment_gateway == "sandbox",
            "choices_fen": list(wallets.TOPUP_CHOICES_FEN),
            "min_fen": wallets.TOPUP_MIN_FEN, "max_fen": wallets.TOPUP_MAX_FEN,
            "policy": replies.WALLET_TOPUP_POLICY}


@router.post("/topups")
def top_up(body: TopUpRequest, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """Charge the saved bank card ``amount_fen`` and credit the wallet; the same key charges once."""
    app = svc.app
    if not wallets.topup_allowed(body.amount_fen):
        raise InvalidRequestError(f"top-up of {body.amount_fen} fen is out of range",
                                  user_message=replies.wallet_topup_limits(wallets.TOPUP_MIN_FEN, wallets.TOPUP_MAX_FEN))
    with app.uow.reader() as uow:
        token = uow.users.get(user).payment_token
    if token is None:
        raise ConflictError(f"{user} has no saved bank card", user_message=replies.wallet_no_card())
    balance = paying.top_up(commands.TopUp(user, body.amount_fen, token, f"web-wallet:{body.idempotency_key}"),
                            uow=app.uow(), clock=app.clock, gateway=app.gateway, topups=app.topups())
    return {"amount_fen": body.amount_fen, "wallet_fen": balance,
            "message": replies.wallet_topup_done(body.amount_fen, balance)}


SANDBOX_CARD = "sandbox-card"   # what the sandbox gateway charges (it charges any token but DECLINE)


@router.post("/sandbox-card")
def bind_sandbox_card(user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """Save the sandbox's test bank card for the user (the sandbox gateway only; a real provider binds a card
    through its own flow, e.g. an Alipay withholding agreement). Repeating it changes nothing."""
    app = svc.app
    if app.settings.payment_gateway != "sandbox":
        raise NotFoundError("sandbox cards exist only with the sandbox gateway",
                            user_message="当前支付渠道不支持绑定测试银行卡")
    with app.uow() as uow:
        uow.users.set_payment_token(user, SANDBOX_CARD)
        uow.commit()
    return {"card_saved": True, "message": replies.sandbox_card_bound()}

