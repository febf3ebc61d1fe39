"""A sandbox payment network: any token pays, except the magic tokens DECLINE and TIMEOUT."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from bangwo.domain.errors import InvalidRequestError, PaymentDeclinedError, PaymentError
from bangwo.services.ports import (
    PaymentNotice,
    PendingPayment,
    Refund,
    Trade,
    TradeStatus,
    refund_reference,
    trade_reference,
)


class SandboxGateway:
    """Deterministic stand-in for a bank card network at the true outside boundary.

    It answers at once, so it never sends notifications: a QR payment it prepares stays waiting.
    """

    def __init__(self) -> None:
        self.charges: dict[str, int] = {}
        self.refunds: dict[str, int] = {}
        self.waiting: dict[str, int] = {}

    def charge(self, *, token: str, amount_fen: int, idempotency_key: str) -> str:
        if token == "DECLINE":
            raise PaymentDeclinedError("sandbox: card declined", user_message="银行卡支付被拒绝，未扣款")
        if token == "TIMEOUT":
            raise PaymentError("sandbox: gateway timeout", user_message="支付渠道超时，未扣款，请稍后再试")
        self.charges.setdefault(idempotency_key, amount_fen)
        return _trade_id(idempotency_key)

    def prepare(self, *, amount_fen: int, idempotency_key: str, subject: str) -> PendingPayment:
        reference = trade_reference(idempotency_key)
        self.waiting.setdefault(idempotency_key, amount_fen)
        return PendingPayment(reference=reference, amount_fen=self.waiting[idempotency_key],
                              qr_code=f"sandbox://pay/{reference}")

    def query(self, *, idempotency_key: str) -> Trade:
        reference = trade_reference(idempotency_key)
        if idempotency_key in self.charges:
            paid = self.charges[idempotency_key]
            refunded = sum(v for k, v in self.refunds.items() if k.startswith(reference + ":"))
            status = TradeStatus.CLOSED if refunded == paid else TradeStatus.PAID
            return Trade(reference, _trade_id(idempotency_key), status, paid)
        if idempotency_key in self.waiting:
            return Trade(reference, "", TradeStatus.WAITING, self.waiting[idempotency_key])
        return Trade(reference, "", TradeStatus.MISSING, 0)

    def refund(self, *, idempotency_key: str, amount_fen: int, refund_key: str) -> Refund:
        reference = trade_reference(idempotency_key)
        paid = self.charges.get(idempotency_key)
        if paid is None:
            raise PaymentDeclinedError(f"sandbox: no paid trade {reference}", user_message="原支付不存在，无法退回")
        key = f"{reference}:{refund_reference(refund_key)}"
        refunded = sum(v for k, v in self.refunds.items() if k.startswith(reference + ":") and k != key)
        if key not in self.refunds and refunded + amount_fen > paid:
            raise PaymentDeclinedError("sandbox: refund exceeds the payment", user_message="退款金额超过原支付金额")
        self.refunds.setdefault(key, amount_fen)
        return Refund(reference, refund_reference(refund_key), self.refunds[key], _trade_id(idempotency_key))

    def verify_notice(self, form: Mapping[str, str]) -> PaymentNotice:
        raise InvalidRequestError("the sandbox gateway sends no notifications", user_message="通知无效")


def _trade_id(idempotency_key: str) -> str:
    return "SBX" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:16].upper()

