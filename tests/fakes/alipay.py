"""A local fake of the Alipay open platform gateway (OpenAPI v1, RSA2), served by uvicorn on loopback.

It speaks Alipay's protocol and checks it: every request's RSA2 signature is verified with the merchant's
public key (over the sorted ``k=v&...`` of every parameter except ``sign``), the app id, the common
parameters and the timestamp format are checked; every answer and every notification is signed with the
fake's own private key. Its signing code is written independently of ``bangwo/adapters/gateways``.

Scenarios are chosen by the payment code (``auth_code``) a test pays with: ``SUCCESS_CODE`` (any other
code too), ``DECLINE_CODE`` (ACQ.BUYER_BALANCE_NOT_ENOUGH), ``TIMEOUT_CODE`` (paid, but the answer never
comes: the client times out and must query), ``UNKNOWN_CODE`` (paid, answered 20000), ``WAIT_CODE``
(10003, paid on the first query) and ``ABANDON_CODE`` (never paid: the client must cancel). Refund
scenarios are set per trade in ``refund_scenarios``: ``refuse`` (ACQ.TRADE_NOT_ALLOW_REFUND) and
``timeout`` (refunded, the answer never comes). ``sign_answers_with`` swaps the key it signs with (a
forged answer).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

import httpx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tests.threaded import free_port, serve_in_thread

SUCCESS_CODE = "280000000000000001"
DECLINE_CODE = "280000000000000002"
TIMEOUT_CODE = "280000000000000003"
UNKNOWN_CODE = "280000000000000004"
WAIT_CODE = "280000000000000005"
ABANDON_CODE = "280000000000000006"
SHANGHAI = ZoneInfo("Asia/Shanghai")
COMMON = ("app_id", "method", "format", "charset", "sign_type", "timestamp", "version", "biz_content")


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def write_private_key(key: rsa.RSAPrivateKey, path: Path) -> Path:
    """Our application private key as Alipay's key tool writes it: bare base64 of PKCS#8 DER."""
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    path.write_text(base64.b64encode(der).decode())
    return path


def write_public_key(key: rsa.RSAPrivateKey, path: Path) -> Path:
    """A public key as PEM (SubjectPublicKeyInfo), as Alipay's console lets one download it."""
    path.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo))
    return path


def _signed_text(params: dict[str, str], skip: tuple[str, ...]) -> bytes:
    pairs = [f"{name}={params[name]}" for name in sorted(params) if name not in skip and params[name] != ""]
    return "&".join(pairs).encode("utf-8")


def _sign(key: rsa.RSAPrivateKey, data: bytes) -> str:
    return base64.b64encode(key.sign(data, padding.PKCS1v15(), hashes.SHA256())).decode()


def _verify(key: rsa.RSAPublicKey, data: bytes, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature), data, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def _yuan_to_fen(text: str) -> int:
    if not re.fullmatch(r"(0|[1-9]\d*)(\.\d{1,2})?", text):
        raise ValueError(f"bad amount {text!r}")
    return int(Decimal(text) * 100)


def _fen_to_yuan(fen: int) -> str:
    return str((Decimal(fen) / 100).quantize(Decimal("0.01")))


@dataclass
class FakeTrade:
    out_trade_no: str
    total_fen: int
    status: str
    trade_no: str
    notify_url: str = ""
    subject: str = ""
    queries_until_paid: int = -1
    refunds: dict[str, int] = field(default_factory=dict)


@dataclass
class FakeAlipay:
    """The provider's side: trades, refunds, scenarios, and a log of what it was asked."""

    app_id: str
    merchant_public_key: rsa.RSAPublicKey
    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    trades: dict[str, FakeTrade] = field(default_factory=dict)
    refund_scenarios: dict[str, str] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)           # why requests were refused
    sign_answers_with: rsa.RSAPrivateKey | None = None
    release: threading.Event = field(default_factory=threading.Event)

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self.key.public_key()

    def methods(self) -> list[str]:
        return [method for method, _ in self.calls]

    # --- the gateway -----------------------------------------------------------------------------------------

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                event = (await receive())["type"]
                if event == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif event == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if scope["method"] != "POST" or scope["path"] != "/gateway.do":
            await _respond(send, 404, "not found")
            return
        params = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        text, hold = self.answer(params)
        while hold and not self.release.is_set():   # the answer that never comes (until the fake stops)
            await asyncio.sleep(0.05)
        await _respond(send, 200, text)

    def answer(self, params: dict[str, str]) -> tuple[str, bool]:
        """The body Alipay would send, and whether to hold it back (a timeout)."""
        method = params.get("method", "")
        node = method.replace(".", "_") + "_response"
        missing = [name for name in COMMON if name not in params]
        if missing or not params.get("sign"):
            self.rejected.append(f"missing {missing or ['sign']}")
            return self._signed("error_response", _error("40001", "Missing Required Arguments",
                                                         "isv.missing-signature")), False
        if params["app_id"] != self.app_id:
            self.rejected.append("app_id")
            return self._signed("error_response", _error("40002", "Invalid Arguments", "isv.invalid-app-id")), False
        if not _verify(self.merchant_public_key, _signed_text(params, ("sign",)), params["sign"]):
            self.rejected.append("signature")
            return self._signed(node, _error("40002", "Invalid Arguments", "isv.invalid-signature",
                                             "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配")), False
        bad_common = (params["format"] != "JSON" or params["charset"] != "utf-8" or params["sign_type"] != "RSA2"
                      or params["version"] != "1.0"
                      or not re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", params["timestamp"]))
        if bad_common:
            self.rejected.append("common parameters")
            return self._signed(node, _error("40002", "Invalid Arguments", "isv.invalid-parameter")), False
        biz = json.loads(params["biz_content"])
        self.calls.append((method, params))
        handler = {
            "alipay.trade.pay": self._pay, "alipay.trade.precreate": self._precreate,
            "alipay.trade.query": self._query, "alipay.trade.cancel": self._cancel,
            "alipay.trade.refund": self._refund, "alipay.trade.fastpay.refund.query": self._refund_query,
        }.get(method)
        if handler is None:
            return self._signed("error_response", _error("40004", "Business Failed", "isv.invalid-method")), False
        fields, hold = handler(biz, params)
        return self._signed(node, fields), hold

    def _pay(self, biz: dict[str, Any], params: dict[str, str]) -> tuple[dict[str, Any], bool]:
        reference, amount = biz["out_trade_no"], _yuan_to_fen(biz["total_amount"])
        code = biz.get("auth_code") or biz.get("agreement_params", {}).get("agreement_no", "")
        known = self.trades.get(reference)
        if known is not None:
            sub = "ACQ.TRADE_HAS_SUCCESS" if known.status == "TRADE_SUCCESS" else "ACQ.TRADE_HAS_CLOSE"
            return _error("40004", "Business Failed", sub), False
        trade = self._open(reference, amount, biz.get("subject", ""), "TRADE_SUCCESS")
        if code == DECLINE_CODE:
            trade.status = "TRADE_CLOSED"
            return _error("40004", "Business Failed", "ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足"), False
        if code in (WAIT_CODE, ABANDON_CODE):
            trade.status = "WAIT_BUYER_PAY"
            trade.queries_until_paid = 1 if code == WAIT_CODE else -1
            return {"code": "10003", "msg": "等待用户付款", "out_trade_no": reference,
                    "trade_no": trade.trade_no, "total_amount": biz["total_amount"]}, False
        if code == UNKNOWN_CODE:
            return _error("20000", "Service Currently Unavailable", "aop.ACQ.SYSTEM_ERROR", "系统繁忙"), False
        paid = {"code": "10000", "msg": "Success", "trade_no": trade.trade_no, "out_trade_no": reference,
                "buyer_logon_id": "159****5620", "total_amount": biz["total_amount"],
                "receipt_amount": biz["total_amount"], "gmt_payment": _now_text(), "buyer_user_id": "2088102177846880"}
        return paid, code == TIMEOUT_CODE

    def _precreate(self, biz: dict[str, Any], params: dict[str, str]) -> tuple[dict[str, Any], bool]:
        reference, amount = biz["out_trade_no"], _yuan_to_fen(biz["total_amount"])
        known = self.trades.get(reference)
        if known is not None and (known.total_fen != amount or known.status != "WAIT_BUYER_PAY"):
            return _error("40004", "Business Failed", "ACQ.TRADE_HAS_SUCCESS"), False
        trade = known or self._open(reference, amount, biz.get("subject", ""), "WAIT_BUYER_PAY")
        trade.notify_url = params.get("notify_url", "")
        return {"code": "10000", "msg": "Success", "out_trade_no": reference,
                "qr_code": f"https://qr.alipay.com/bax0{trade.trade_no[-12:]}"}, False

    def _query(self, biz: dict[str, Any], params: dict[str, str]) -> tuple[dict[str, Any], bool]:
        trade = self.trades.get(biz.get("out_trade_no", ""))
        if trade is None:
            return _error("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在"), False
        if trade.status == "WAIT_BUYER_PAY" and trade.queries_until_paid > 0:
            trade.queries_until_paid -= 1
            if trade.queries_until_paid == 0:
                trade.status = "TRADE_SUCCESS"
        return {"code": "10000", "msg": "Success", "trade_no": trade.trade_no, "out_trade_no": trade.out_trade_no,
                "trade_status": trade.status, "total_amount": _fen_to_yuan(trade.total_fen),
                "buyer_logon_id": "159****5620"}, False

    def _cancel(self, biz: dict[str, Any], params: dict[str, str]) -> tuple[dict[str, Any], bool]:
        trade = self.trades.get(biz.get("out_trade_no", ""))
        action = "close"
        if trade is not None:
            action = "refund" if trade.status == "TRADE_SUCCESS" else "close"
            trade.status = "TRADE_CLOSED"
        return {"code": "10000", "msg": "Success", "out_trade_no": biz.get("out_trade_no", ""),
                "retry_flag": "N", "action": action}, False

    def _refund(self, biz: dict[str, Any], params: dict[str, str]) -> tuple[dict[str, Any], bool]:
        trade = self.trades.get(biz["out_trade_no"])
        if trade is None:
            return _error("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在"), False
        request, amount = biz.get("out_request_no", trade.out_trade_no), _yuan_to_fen(biz["refund_amount"])
        scenario = self.refund_scenarios.get(trade.out_trade_no, "")
        answer = {"code": "10000", "msg": "Success", "trade_no": trade.trade_no, "out_trade_no": trade.out_trade_no,
                  "buyer_logon_id": "159****5620", "fund_change": "Y"}
        if request in trade.refunds:           # the same out_request_no: no second refund
            return answer | {"fund_change": "N", "refund_fee": _fen_to_yuan(sum(trade.refunds.values()))}, False
        if scenario == "refuse":
            return _error("40004", "Business Failed", "ACQ.TRADE_NOT_ALLOW_REFUND", "交易不允许退款"), False
        if trade.status != "TRADE_SUCCESS":
            return _error("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法"), False
        if sum(trade.refunds.values()) + amount > trade.total_fen:
            return _error("40004", "Business Failed", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限"), False
        trade.refunds[request] = amount
        if sum(trade.refunds.values()) == trade.total_fen:
            trade.status = "TRADE_CLOSED"
        return answer | {"refund_fee": _fen_to_yuan(sum(trade.refunds.values()))}, scenario == "timeout"

    def _refund_query(self, biz: dict[str, Any], params: dict[str, str]) -> tuple[dict[str, Any], bool]:
        trade = self.trades.get(biz.get("out_trade_no", ""))
        request = biz.get("out_request_no", "")
        if trade is None or request not in trade.refunds:
            return {"code": "10000", "msg": "Success"}, False
        return {"code": "10000", "msg": "Success", "trade_no": trade.trade_no, "out_trade_no": trade.out_trade_no,
                "out_request_no": request, "refund_amount": _fen_to_yuan(trade.refunds[request]),
                "total_amount": _fen_to_yuan(trade.total_fen), "refund_status": "REFUND_SUCCESS"}, False

    def _open(self, reference: str, amount: int, subject: str, status: str) -> FakeTrade:
        trade_no = "2026" + hashlib.sha256(reference.encode()).hexdigest()[:24]
        trade = FakeTrade(reference, amount, status, trade_no, subject=subject)
        self.trades[reference] = trade
        return trade

    def _signed(self, node: str, fields: dict[str, Any]) -> str:
        # Alipay's own spacing: the signature covers these exact characters, not a re-serialisation.
        text = json.dumps(fields, ensure_ascii=False, separators=(", ", ": "))
        key = self.sign_answers_with or self.key
        return '{"' + node + '": ' + text + ',"sign":"' + _sign(key, text.encode("utf-8")) + '"}'

    # --- the buyer and the notifications -------------------------------------------------------------------

    def buyer_pays(self, reference: str) -> FakeTrade:
        """The person scans the QR code and pays in the app."""
        trade = self.trades[reference]
        assert trade.status == "WAIT_BUYER_PAY", trade.status
        trade.status = "TRADE_SUCCESS"
        return trade

    def notice(self, reference: str, *, key: rsa.RSAPrivateKey | None = None, **changes: str) -> dict[str, str]:
        """The signed form of a trade_status_sync notification for the trade as it stands."""
        trade = self.trades[reference]
        form = {"notify_time": _now_text(), "notify_type": "trade_status_sync",
                "notify_id": "ac05099524730693a8b330c5ecf72da" + reference[-6:], "charset": "utf-8",
                "version": "1.0", "app_id": self.app_id, "trade_no": trade.trade_no,
                "out_trade_no": trade.out_trade_no, "trade_status": trade.status,
                "total_amount": _fen_to_yuan(trade.total_fen), "receipt_amount": _fen_to_yuan(trade.total_fen),
                "buyer_pay_amount": _fen_to_yuan(trade.total_fen), "subject": trade.subject,
                "gmt_create": _now_text(), "gmt_payment": _now_text(), "buyer_id": "2088102177846880"}
        if trade.refunds:
            form |= {"refund_fee": _fen_to_yuan(sum(trade.refunds.values())), "gmt_refund": _now_text()}
        form["sign"] = _sign(key or self.key, _signed_text(form, ("sign", "sign_type")))
        form["sign_type"] = "RSA2"
        form.update(changes)             # a tampered field after signing
        return form

    def notify(self, reference: str, **options: Any) -> httpx.Response:
        """POST the notification to the trade's notify_url, as Alipay does (form, UTF-8)."""
        url = self.trades[reference].notify_url
        assert url, f"trade {reference} has no notify_url"
        return httpx.post(url, data=self.notice(reference, **options), timeout=10)


def _error(code: str, msg: str, sub_code: str, sub_msg: str = "") -> dict[str, Any]:
    return {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg or sub_code}


def _now_text() -> str:
    return datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


async def _respond(send: Any, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html;charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


@contextmanager
def serving(fake: FakeAlipay) -> Iterator[str]:
    """The fake on 127.0.0.1 and a free port until the block ends; yields its gateway URL."""
    with serve_in_thread(fake, free_port(), name="fake-alipay", lifespan="on", on_stop=fake.release.set) as port:
        yield f"http://127.0.0.1:{port}/gateway.do"
