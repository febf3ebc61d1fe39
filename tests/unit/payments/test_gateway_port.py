"""The sandbox keeps the port's promises; Alipay keys load as shipped; settings refuse Alipay without keys."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import ValidationError

from bangwo.adapters.gateways import alipay_protocol as wire
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.config import Settings
from bangwo.domain.errors import InvalidRequestError, PaymentDeclinedError
from bangwo.services.ports import TradeStatus, refund_reference, trade_reference


def test_references_are_stable_short_and_alipay_safe() -> None:
    ref = trade_reference("topup:alice:" + "a" * 40)
    assert ref == trade_reference("topup:alice:" + "a" * 40) != trade_reference("topup:bob:" + "a" * 40)
    assert len(ref) == 34 and ref.isalnum() and ref.startswith("BW")
    assert refund_reference("k").startswith("RF") and refund_reference("k") != trade_reference("k")


def test_the_sandbox_charges_queries_and_refunds_up_to_what_was_paid() -> None:
    sandbox = SandboxGateway()
    trade_id = sandbox.charge(token="tok", amount_fen=1_000, idempotency_key="k")
    assert sandbox.query(idempotency_key="k").status is TradeStatus.PAID
    refund = sandbox.refund(idempotency_key="k", amount_fen=600, refund_key="r1")
    assert (refund.amount_fen, refund.provider_id) == (600, trade_id)
    assert sandbox.refund(idempotency_key="k", amount_fen=600, refund_key="r1") == refund      # a repeat
    with pytest.raises(PaymentDeclinedError):
        sandbox.refund(idempotency_key="k", amount_fen=401, refund_key="r2")
    sandbox.refund(idempotency_key="k", amount_fen=400, refund_key="r2")
    assert sandbox.query(idempotency_key="k").status is TradeStatus.CLOSED
    assert sandbox.query(idempotency_key="never").status is TradeStatus.MISSING


def test_a_sandbox_qr_payment_waits_and_the_sandbox_sends_no_notices() -> None:
    sandbox = SandboxGateway()
    pending = sandbox.prepare(amount_fen=500, idempotency_key="q", subject="充值")
    assert sandbox.query(idempotency_key="q").status is TradeStatus.WAITING
    assert pending.reference == trade_reference("q")
    with pytest.raises(InvalidRequestError):
        sandbox.verify_notice({"out_trade_no": pending.reference, "trade_status": "TRADE_SUCCESS"})


def test_the_sandbox_stays_the_default_and_alipay_needs_its_keys() -> None:
    assert Settings(database_url="sqlite://").payment_gateway == "sandbox"
    with pytest.raises(ValidationError, match="BANGWO_ALIPAY_APP_ID"):
        Settings(database_url="sqlite://", payment_gateway="alipay", alipay_app_id="2021000000000001")


def test_keys_load_as_alipay_ships_them_and_bad_files_say_so(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pkcs1 = tmp_path / "pkcs1.pem"
    pkcs1.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                        serialization.NoEncryption()))
    bare = tmp_path / "bare.txt"
    bare.write_text(base64.b64encode(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption())).decode())
    public = tmp_path / "public.txt"
    public.write_text(base64.b64encode(key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode())
    signature = wire.rsa2_sign(wire.load_private_key(pkcs1), "a=1&b=2")
    assert signature == wire.rsa2_sign(wire.load_private_key(bare), "a=1&b=2")     # PKCS#1 v1.5 is deterministic
    assert wire.rsa2_verify(wire.load_public_key(public), "a=1&b=2", signature)
    assert not wire.rsa2_verify(wire.load_public_key(public), "a=1&b=3", signature)
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("not a key")
    for path in (garbage, tmp_path / "missing.pem", public):
        with pytest.raises(InvalidRequestError):
            wire.load_private_key(path)


def test_the_signed_string_sorts_skips_empty_values_and_keeps_raw_values() -> None:
    params = {"sign": "x", "b": "2", "a": "中文 &=", "c": "", "sign_type": "RSA2"}
    assert wire.sign_content(params) == "a=中文 &=&b=2&sign_type=RSA2"
    assert wire.sign_content(params, exclude=("sign", "sign_type")) == "a=中文 &=&b=2"
