"""A sandbox payment network: any token pays, except the magic tokens DECLINE and TIMEOUT."""

from __future__ import annotations

import hashlib

from bangwo.domain.errors import PaymentDeclinedError, PaymentError


class SandboxGateway:
    """Deterministic stand-in for a bank card network at the true outside boundary."""

    def __init__(self) -> None:
        self.charges: dict[str, int] = {}

    def charge(self, *, token: str, amount_fen: int, idempotency_key: str) -> str:
        if token == "DECLINE":
            raise PaymentDeclinedError("sandbox: card declined", user_message="银行卡支付被拒绝，未扣款")
        if token == "TIMEOUT":
            raise PaymentError("sandbox: gateway timeout", user_message="支付渠道超时，未扣款，请稍后再试")
        self.charges.setdefault(idempotency_key, amount_fen)
        return "SBX" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:16].upper()
