"""The PaymentGateway port over the Alipay open platform (支付宝开放平台), RSA2 signed both ways.

Methods used (docs/payments.md): ``alipay.trade.pay`` (a payment code or a withholding agreement, answered at
once), ``alipay.trade.precreate`` (a QR code; the outcome arrives at ``notify_url``), ``alipay.trade.query``,
``alipay.trade.cancel`` (an unfinished charge is cancelled, so a charge is never left in doubt),
``alipay.trade.refund`` and ``alipay.trade.fastpay.refund.query``. Every request is keyed by our
out_trade_no / out_request_no, which Alipay recognises on a retry.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa

from bangwo.adapters.gateways import alipay_protocol as wire
from bangwo.domain.clocks import SHANGHAI
from bangwo.domain.errors import InvalidRequestError, PaymentDeclinedError, PaymentError
from bangwo.services.ports import (
    Clock,
    PaymentNotice,
    PaymentUnknownError,
    PendingPayment,
    Refund,
    Trade,
    TradeStatus,
    refund_reference,
    trade_reference,
)

log = logging.getLogger("bangwo.payments.alipay")

GATEWAY_URL = "https://openapi.alipay.com/gateway.do"
SUBJECT = "帮我钱包充值"
SUCCESS = "10000"
WAITING = "10003"       # the person still has to confirm in the app
UNKNOWN = "20000"       # Alipay's own trouble: the outcome is unknown
AGREEMENT_PREFIX = "agreement:"   # a saved authorisation (免密代扣协议) rather than a one-time payment code
ANSWER_AGAIN = frozenset({"ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR", "ACQ.TRADE_HAS_SUCCESS"})

# What a person reads when Alipay says no (sub_code -> Chinese); anything else gets the default.
USER_MESSAGES = {
    "ACQ.BUYER_BALANCE_NOT_ENOUGH": "支付宝余额不足，未扣款",
    "ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH": "银行卡余额不足，未扣款",
    "ACQ.PAYMENT_AUTH_CODE_INVALID": "付款码无效或已过期，请刷新付款码后再试",
    "ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR": "超过支付宝当日付款限额，未扣款",
    "ACQ.AGREEMENT_NOT_EXIST": "免密支付授权不存在，请重新授权",
    "ACQ.AGREEMENT_INVALID": "免密支付授权已失效，请重新授权",
    "ACQ.TRADE_HAS_CLOSE": "这笔支付已关闭，请重新发起",
    "ACQ.TRADE_NOT_EXIST": "没有找到这笔支付",
    "ACQ.TRADE_NOT_ALLOW_REFUND": "这笔支付已不能退款",
    "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL": "退款金额超过可退金额",
    "ACQ.SELLER_BALANCE_NOT_ENOUGH": "商户余额不足，暂时无法退款，请稍后再试",
    "ACQ.TRADE_STATUS_ERROR": "这笔支付当前状态不能退款",
}
DECLINED = "支付宝拒绝了这笔支付，未扣款"
REFUND_DECLINED = "支付宝没有受理这笔退款"
MISCONFIGURED = "支付渠道配置有误，未扣款，请联系客服"
UNSURE = "支付结果确认中，请稍后查看余额"


@dataclass(frozen=True)
class AlipayConfig:
    """An application on the open platform: its id, our private key, Alipay's public key, where to talk."""

    app_id: str
    private_key: rsa.RSAPrivateKey
    alipay_public_key: rsa.RSAPublicKey
    gateway_url: str = GATEWAY_URL
    notify_url: str = ""
    timeout_s: float = 10.0
    poll_attempts: int = 5          # queries of a charge whose outcome is unknown, before it is cancelled
    poll_interval_s: float = 2.0

    @classmethod
    def from_files(cls, app_id: str, private_key_path: str | Path, alipay_public_key_path: str | Path,
                   **options: Any) -> AlipayConfig:
        return cls(app_id, wire.load_private_key(private_key_path), wire.load_public_key(alipay_public_key_path),
                   **options)


class AlipayGateway:
    """Charges, QR payments, queries, refunds and notifications of one Alipay application."""

    def __init__(self, config: AlipayConfig, *, clock: Clock,
                 pause: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.clock = clock
        self.pause = pause           # between queries of an unfinished charge
        self._client = httpx.Client(timeout=httpx.Timeout(config.timeout_s))

    def close(self) -> None:
        self._client.close()

    # --- the port ------------------------------------------------------------------------------------------

    def charge(self, *, token: str, amount_fen: int, idempotency_key: str) -> str:
        reference = trade_reference(idempotency_key)
        biz: dict[str, Any] = {"out_trade_no": reference, "total_amount": wire.yuan(amount_fen), "subject": SUBJECT}
        if token.startswith(AGREEMENT_PREFIX):
            biz |= {"product_code": "GENERAL_WITHHOLDING",
                    "agreement_params": {"agreement_no": token.removeprefix(AGREEMENT_PREFIX)}}
        else:
            biz |= {"product_code": "FACE_TO_FACE_PAYMENT", "scene": "bar_code", "auth_code": token}
        try:
            answer = self._call("alipay.trade.pay", biz)
        except PaymentUnknownError as exc:
            log.warning("alipay.trade.pay %s: %s; querying", reference, exc.message)
            return self._finish_unknown(idempotency_key, amount_fen)
        if answer.code == SUCCESS:
            self._check_trade(answer, reference, amount_fen, "total_amount")
            return answer.get("trade_no")
        if answer.code in (WAITING, UNKNOWN) or answer.sub_code in ANSWER_AGAIN:
            log.info("alipay.trade.pay %s answered %s %s; querying", reference, answer.code, answer.sub_code)
            return self._finish_unknown(idempotency_key, amount_fen)
        raise self._refusal("alipay.trade.pay", reference, answer)

    def prepare(self, *, amount_fen: int, idempotency_key: str, subject: str) -> PendingPayment:
        reference = trade_reference(idempotency_key)
        answer = self._call("alipay.trade.precreate", {"out_trade_no": reference, "total_amount": wire.yuan(amount_fen),
                                                       "subject": subject, "timeout_express": "30m"}, notify=True)
        if answer.code != SUCCESS:
            if answer.code == UNKNOWN or answer.sub_code in ANSWER_AGAIN:
                raise PaymentUnknownError(f"alipay.trade.precreate {reference}: {answer.code} {answer.sub_code}",
                                          user_message="支付宝暂时没有回应，请稍后再试")
            raise self._refusal("alipay.trade.precreate", reference, answer)
        if answer.get("out_trade_no") != reference or not answer.get("qr_code"):
            raise PaymentUnknownError(f"alipay.trade.precreate {reference}: answer for another trade or no qr_code",
                                      user_message=UNSURE)
        return PendingPayment(reference=reference, amount_fen=amount_fen, qr_code=answer.get("qr_code"))

    def query(self, *, idempotency_key: str) -> Trade:
        reference = trade_reference(idempotency_key)
        answer = self._call("alipay.trade.query", {"out_trade_no": reference})
        if answer.code == SUCCESS:
            if answer.get("out_trade_no") != reference:
                raise PaymentUnknownError(f"alipay.trade.query {reference}: answer for {answer.get('out_trade_no')}",
                                          user_message=UNSURE)
            try:
                status = TradeStatus(answer.get("trade_status"))
            except ValueError:
                raise PaymentUnknownError(f"alipay.trade.query {reference}: status {answer.get('trade_status')!r}",
                                          user_message=UNSURE) from None
            return Trade(reference, answer.get("trade_no"), status, wire.fen(answer.get("total_amount")))
        if answer.sub_code == "ACQ.TRADE_NOT_EXIST":
            return Trade(reference, "", TradeStatus.MISSING, 0)
        raise PaymentUnknownError(f"alipay.trade.query {reference}: {answer.code} {answer.sub_code}",
                                  user_message=UNSURE)

    def refund(self, *, idempotency_key: str, amount_fen: int, refund_key: str) -> Refund:
        reference, request_id = trade_reference(idempotency_key), refund_reference(refund_key)
        biz = {"out_trade_no": reference, "refund_amount": wire.yuan(amount_fen), "out_request_no": request_id,
               "refund_reason": "钱包余额退回原支付账户"}
        try:
            answer = self._call("alipay.trade.refund", biz)
        except PaymentUnknownError as exc:
            log.warning("alipay.trade.refund %s/%s: %s; asking again", reference, request_id, exc.message)
            answer = self._call("alipay.trade.refund", biz)   # the same out_request_no never refunds twice
        if answer.code == SUCCESS:
            if answer.get("out_trade_no") != reference:
                raise PaymentUnknownError(f"alipay.trade.refund {reference}: answer for another trade",
                                          user_message="退款确认中，请稍后查看")
            if answer.get("fund_change") == "Y":
                return Refund(reference, request_id, amount_fen, answer.get("trade_no"))
            return self._confirm_refund(reference, request_id, amount_fen)   # "N": a repeat, or not done yet
        if answer.code == UNKNOWN or answer.sub_code in ANSWER_AGAIN:
            return self._confirm_refund(reference, request_id, amount_fen)
        raise self._refusal("alipay.trade.refund", reference, answer, default=REFUND_DECLINED)

    def verify_notice(self, form: Mapping[str, str]) -> PaymentNotice:
        """Verify an asynchronous notification: RSA2 over every field but sign and sign_type, then our app id."""
        sign, sign_type = form.get("sign", ""), form.get("sign_type", "")
        reference = form.get("out_trade_no", "")
        if sign_type != "RSA2" or not sign:
            raise InvalidRequestError(f"alipay notice {reference!r}: sign_type {sign_type!r}, no RSA2 signature",
                                      user_message="通知签名无效")
        content = wire.sign_content(form, exclude=("sign", "sign_type"))
        if not wire.rsa2_verify(self.config.alipay_public_key, content, sign):
            raise InvalidRequestError(f"alipay notice {reference!r}: bad signature", user_message="通知签名无效")
        if form.get("app_id") != self.config.app_id:
            raise InvalidRequestError(f"alipay notice {reference!r} for app {form.get('app_id')!r}",
                                      user_message="通知不属于本应用")
        try:
            status = TradeStatus(form.get("trade_status", ""))
        except ValueError:
            raise InvalidRequestError(f"alipay notice {reference!r}: trade_status {form.get('trade_status')!r}",
                                      user_message="通知内容无效") from None
        if not reference or status is TradeStatus.MISSING:
            raise InvalidRequestError("alipay notice without out_trade_no", user_message="通知内容无效")
        refunded = wire.fen(form["refund_fee"]) if form.get("refund_fee") else 0
        return PaymentNotice(reference=reference, provider_id=form.get("trade_no", ""), status=status,
                             amount_fen=wire.fen(form.get("total_amount", "")), notify_id=form.get("notify_id", ""),
                             refunded_fen=refunded)

    # --- settling what is in doubt -------------------------------------------------------------------------

    def _finish_unknown(self, idempotency_key: str, amount_fen: int) -> str:
        """Query until the charge is paid or closed; still unfinished: cancel it, so nothing stays in doubt."""
        reference = trade_reference(idempotency_key)
        for attempt in range(self.config.poll_attempts):
            if attempt:
                self.pause(self.config.poll_interval_s)
            try:
                trade = self.query(idempotency_key=idempotency_key)
            except PaymentUnknownError as exc:
                log.warning("alipay.trade.query %s (attempt %d): %s", reference, attempt + 1, exc.message)
                continue
            if trade.status in (TradeStatus.PAID, TradeStatus.FINISHED):
                if trade.amount_fen != amount_fen:
                    log.error("alipay trade %s is for %d fen, we asked %d", reference, trade.amount_fen, amount_fen)
                    raise PaymentError(f"alipay trade {reference} amount {trade.amount_fen} != {amount_fen}",
                                       user_message="支付金额不一致，请联系客服")
                return trade.provider_id
            if trade.status is TradeStatus.CLOSED:
                raise PaymentDeclinedError(f"alipay trade {reference} closed unpaid",
                                           user_message="支付未完成，已关闭，未扣款")
        self._cancel(reference)
        raise PaymentError(f"alipay trade {reference} unfinished after {self.config.poll_attempts} queries; cancelled",
                           user_message="支付未完成，已撤销，未扣款")

    def _cancel(self, reference: str) -> None:
        try:
            answer = self._call("alipay.trade.cancel", {"out_trade_no": reference})
        except PaymentUnknownError as exc:
            log.error("alipay.trade.cancel %s: %s; the charge stays in doubt", reference, exc.message)
            raise PaymentUnknownError(f"alipay.trade.cancel {reference}: {exc.message}", user_message=UNSURE) from exc
        if answer.code != SUCCESS:
            log.error("alipay.trade.cancel %s answered %s %s", reference, answer.code, answer.sub_code)
            raise PaymentUnknownError(f"alipay.trade.cancel {reference}: {answer.code} {answer.sub_code}",
                                      user_message=UNSURE)
        log.info("alipay.trade.cancel %s: %s", reference, answer.get("action") or "closed")

    def _confirm_refund(self, reference: str, request_id: str, amount_fen: int) -> Refund:
        answer = self._call("alipay.trade.fastpay.refund.query",
                            {"out_trade_no": reference, "out_request_no": request_id})
        if answer.code == SUCCESS and answer.get("refund_status") == "REFUND_SUCCESS":
            refunded = wire.fen(answer.get("refund_amount"))
            if refunded != amount_fen:
                log.error("alipay refund %s/%s is %d fen, we asked %d", reference, request_id, refunded, amount_fen)
                raise PaymentError(f"alipay refund {request_id} amount {refunded} != {amount_fen}",
                                   user_message="退款金额不一致，请联系客服")
            return Refund(reference, request_id, refunded, answer.get("trade_no"))
        log.warning("alipay refund %s/%s not confirmed: %s %s", reference, request_id, answer.code,
                    answer.get("refund_status"))
        raise PaymentUnknownError(f"alipay refund {request_id} not confirmed", user_message="退款确认中，请稍后查看")

    # --- one signed call ---------------------------------------------------------------------------------------

    def _call(self, method: str, biz: Mapping[str, Any], *, notify: bool = False) -> wire.Answer:
        """POST one signed request; the answer's RSA2 signature is verified, else the outcome is unknown."""
        params = {"app_id": self.config.app_id, "method": method, "format": "JSON", "charset": "utf-8",
                  "sign_type": "RSA2", "timestamp": self.clock.now().astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
                  "version": "1.0", "biz_content": json.dumps(biz, ensure_ascii=False, separators=(",", ":"))}
        if notify and self.config.notify_url:
            params["notify_url"] = self.config.notify_url
        params["sign"] = wire.rsa2_sign(self.config.private_key, wire.sign_content(params))
        try:
            response = self._client.post(self.config.gateway_url, params={"charset": "utf-8"}, data=params)
        except httpx.HTTPError as exc:
            raise PaymentUnknownError(f"{method}: {type(exc).__name__}: {exc}", user_message=UNSURE) from exc
        if response.status_code != 200:
            raise PaymentUnknownError(f"{method}: HTTP {response.status_code}", user_message=UNSURE)
        try:
            answer = wire.parse_answer(response.text, method)
        except InvalidRequestError as exc:
            raise PaymentUnknownError(exc.message, user_message=UNSURE) from exc
        if answer.sign is None or not wire.rsa2_verify(self.config.alipay_public_key, answer.text, answer.sign):
            log.error("%s: the answer is unsigned or does not verify with the Alipay public key (code %s %s)",
                      method, answer.code, answer.sub_code)
            raise PaymentUnknownError(f"{method}: unverified answer", user_message=UNSURE)
        return answer

    def _check_trade(self, answer: wire.Answer, reference: str, amount_fen: int, amount_field: str) -> None:
        if answer.get("out_trade_no") != reference or wire.fen(answer.get(amount_field)) != amount_fen:
            log.error("alipay answered trade %s for %s, we asked %s for %d fen", answer.get("out_trade_no"),
                      answer.get(amount_field), reference, amount_fen)
            raise PaymentError(f"alipay answer does not match trade {reference}", user_message="支付金额不一致，请联系客服")

    @staticmethod
    def _refusal(method: str, reference: str, answer: wire.Answer, *, default: str = DECLINED) -> PaymentError:
        message = f"{method} {reference}: {answer.code} {answer.get('msg')} {answer.sub_code} {answer.get('sub_msg')}"
        if answer.code == "40004":
            log.info("%s declined: %s", method, message)
            return PaymentDeclinedError(message, user_message=USER_MESSAGES.get(answer.sub_code, default))
        log.error("%s refused (check the app id, keys and permissions): %s", method, message)
        return PaymentError(message, user_message=MISCONFIGURED)
