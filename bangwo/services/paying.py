"""Top up wallets through the payment gateway (paying for orders is the checkout's: services/checkout.py)."""

from __future__ import annotations

import hashlib

from bangwo.domain import commands, money, payments, users
from bangwo.domain.errors import (
    DuplicateRequestError,
)
from bangwo.services.ports import Clock, PaymentGateway, UnitOfWork


def topup_key(user_id: str, key: str) -> str:
    """Top-up keys live in each user's own space (a digest keeps them within the column)."""
    return f"topup:{user_id}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"


def top_up(cmd: commands.TopUp, *, uow: UnitOfWork, clock: Clock, gateway: PaymentGateway) -> int:
    """Fund the wallet through the payment gateway (outside the transaction); returns the new balance."""
    users.check_user_id(cmd.user_id)
    commands.check_key(cmd.idempotency_key)
    money.check_amount(cmd.amount_fen)
    txn = payments.topup(user_id=cmd.user_id, amount_fen=cmd.amount_fen)
    account = payments.wallet_account(cmd.user_id)
    key = topup_key(cmd.user_id, cmd.idempotency_key)
    with uow:
        uow.users.get(cmd.user_id)
        if uow.payments.by_key(key) is not None:
            return uow.ledger.balance(account)
    gateway.charge(token=cmd.payment_token, amount_fen=cmd.amount_fen, idempotency_key=key)
    now = clock.now()
    with uow:
        try:
            uow.payments.add(key=key, order_id="", kind="topup", amount_fen=cmd.amount_fen, at=now)
        except DuplicateRequestError:
            uow.rollback()
            return uow.ledger.balance(account)
        uow.ledger.post(txn, at=now)
        uow.commit()
        return uow.ledger.balance(account)
