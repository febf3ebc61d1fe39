"""The Alipay adapter against the fake Alipay gateway on loopback: RSA2 both ways, every scenario."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bangwo.adapters.gateways import alipay_protocol as wire
from bangwo.adapters.gateways.alipay import AlipayConfig, AlipayGateway
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import InvalidRequestError, PaymentDeclinedError, PaymentError
from bangwo.services.ports import PaymentUnknownError, TradeStatus, refund_reference, trade_reference
from tests.fakes import alipay as fake_alipay
from tests.fakes import keys as fake_keys
from tests.fakes.alipay import FakeAlipay

NOTIFY_URL = "http://127.0.0.1:9/api/payments/alipay/notify"


@pytest.fixture(scope="module")
def keys() -> fake_keys.Keys:
    return fake_keys.generate()


@pytest.fixture
def fake(keys: fake_keys.Keys) -> FakeAlipay:
    return FakeAlipay(app_id=fake_keys.APP_ID, merchant_public_key=keys.merchant.public_key(), key=keys.alipay)


@pytest.fixture
def url(fake: FakeAlipay) -> Iterator[str]:
    with fake_alipay.serving(fake) as gateway_url:
        yield gateway_url


@pytest.fixture
def pauses() -> list[float]:
    return []


def make_gateway(keys: fake_keys.Keys, url: str, tmp_path: Path, pauses: list[float], *,
                 timeout_s: float = 10.0) -> AlipayGateway:
    private, public = keys.files(tmp_path)
    config = AlipayConfig.from_files(fake_keys.APP_ID, private, public, gateway_url=url, notify_url=NOTIFY_URL,
                                     timeout_s=timeout_s, poll_attempts=3, poll_interval_s=1.5)
    # 04:00 UTC is 12:00 in Shanghai: the timestamp must say 12:00:00
    return AlipayGateway(config, clock=FixedClock(datetime(2026, 2, 6, 4, 0, tzinfo=UTC)), pause=pauses.append)


@pytest.fixture
def gateway(keys: fake_keys.Keys, url: str, tmp_path: Path, pauses: list[float]) -> Iterator[AlipayGateway]:
    gw = make_gateway(keys, url, tmp_path, pauses)
    yield gw
    gw.close()


def test_a_charge_is_signed_in_alipays_format_and_its_signed_answer_is_trusted(
        gateway: AlipayGateway, fake: FakeAlipay) -> None:
    trade_no = gateway.charge(token=fake_alipay.SUCCESS_CODE, amount_fen=12_850, idempotency_key="k-1")
    reference = trade_reference("k-1")
    assert trade_no == fake.trades[reference].trade_no
    assert fake.trades[reference].total_fen == 12_850
    assert fake.trades[reference].status == "TRADE_SUCCESS"
    assert fake.rejected == []
    [(method, params)] = fake.calls
    assert method == "alipay.trade.pay"
    assert {k: params[k] for k in ("app_id", "format", "charset", "sign_type", "timestamp", "version")} == {
        "app_id": fake_keys.APP_ID, "format": "JSON", "charset": "utf-8", "sign_type": "RSA2",
        "timestamp": "2026-02-06 12:00:00", "version": "1.0"}
    assert json.loads(params["biz_content"]) == {
        "out_trade_no": reference, "total_amount": "128.50", "subject": "帮我钱包充值",
        "product_code": "FACE_TO_FACE_PAYMENT", "scene": "bar_code", "auth_code": fake_alipay.SUCCESS_CODE}
    assert "notify_url" not in params        # a payment-code charge is settled by its answer, query or cancel


def test_an_agreement_token_charges_through_withholding(gateway: AlipayGateway, fake: FakeAlipay) -> None:
    gateway.charge(token="agreement:20215606000000000001", amount_fen=1, idempotency_key="k-agree")
    biz = json.loads(fake.calls[0][1]["biz_content"])
    assert biz["product_code"] == "GENERAL_WITHHOLDING"
    assert biz["agreement_params"] == {"agreement_no": "20215606000000000001"}
    assert biz["total_amount"] == "0.01"


def test_a_retried_charge_is_recognised_by_its_out_trade_no_and_charged_once(
        gateway: AlipayGateway, fake: FakeAlipay) -> None:
    first = gateway.charge(token=fake_alipay.SUCCESS_CODE, amount_fen=5_000, idempotency_key="k-2")
    again = gateway.charge(token=fake_alipay.SUCCESS_CODE, amount_fen=5_000, idempotency_key="k-2")
    assert again == first
    assert len(fake.trades) == 1
    assert fake.methods() == ["alipay.trade.pay", "alipay.trade.pay", "alipay.trade.query"]


def test_a_declined_charge_says_why_in_chinese_and_nothing_is_paid(gateway: AlipayGateway, fake: FakeAlipay) -> None:
    with pytest.raises(PaymentDeclinedError) as caught:
        gateway.charge(token=fake_alipay.DECLINE_CODE, amount_fen=5_000, idempotency_key="k-3")
    assert caught.value.user_message == "支付宝余额不足，未扣款"
    assert "ACQ.BUYER_BALANCE_NOT_ENOUGH" in caught.value.message
    assert fake.trades[trade_reference("k-3")].status == "TRADE_CLOSED"


def test_a_charge_whose_answer_times_out_is_settled_by_a_query(
        keys: fake_keys.Keys, url: str, fake: FakeAlipay, tmp_path: Path, pauses: list[float]) -> None:
    gateway = make_gateway(keys, url, tmp_path, pauses, timeout_s=1.0)
    try:
        trade_no = gateway.charge(token=fake_alipay.TIMEOUT_CODE, amount_fen=2_000, idempotency_key="k-4")
    finally:
        gateway.close()
    assert trade_no == fake.trades[trade_reference("k-4")].trade_no
    assert fake.methods()[:2] == ["alipay.trade.pay", "alipay.trade.query"]


def test_an_unknown_answer_20000_is_settled_by_a_query(gateway: AlipayGateway, fake: FakeAlipay) -> None:
    trade_no = gateway.charge(token=fake_alipay.UNKNOWN_CODE, amount_fen=2_000, idempotency_key="k-5")
    assert trade_no == fake.trades[trade_reference("k-5")].trade_no
    assert fake.methods() == ["alipay.trade.pay", "alipay.trade.query"]


def test_a_charge_waiting_for_the_buyer_is_polled_until_paid(gateway: AlipayGateway, fake: FakeAlipay,
                                                             pauses: list[float]) -> None:
    gateway.charge(token=fake_alipay.WAIT_CODE, amount_fen=2_000, idempotency_key="k-6")
    assert fake.methods() == ["alipay.trade.pay", "alipay.trade.query"]
    assert pauses == []


def test_a_charge_never_paid_is_cancelled_so_nothing_stays_in_doubt(gateway: AlipayGateway, fake: FakeAlipay,
                                                                    pauses: list[float]) -> None:
    with pytest.raises(PaymentError) as caught:
        gateway.charge(token=fake_alipay.ABANDON_CODE, amount_fen=2_000, idempotency_key="k-7")
    assert not isinstance(caught.value, PaymentUnknownError)
    assert caught.value.user_message == "支付未完成，已撤销，未扣款"
    assert fake.methods() == ["alipay.trade.pay"] + ["alipay.trade.query"] * 3 + ["alipay.trade.cancel"]
    assert pauses == [1.5, 1.5]
    assert fake.trades[trade_reference("k-7")].status == "TRADE_CLOSED"


def test_an_answer_signed_with_another_key_is_never_trusted(gateway: AlipayGateway, fake: FakeAlipay,
                                                             keys: fake_keys.Keys) -> None:
    fake.sign_answers_with = keys.stranger
    with pytest.raises(PaymentUnknownError) as caught:
        gateway.charge(token=fake_alipay.SUCCESS_CODE, amount_fen=2_000, idempotency_key="k-8")
    assert caught.value.user_message == "支付结果确认中，请稍后查看余额"
    assert fake.methods()[-1] == "alipay.trade.cancel"     # it tried to cancel, and could not trust that either


def test_a_request_signed_with_the_wrong_private_key_is_refused_by_alipay(
        keys: fake_keys.Keys, url: str, fake: FakeAlipay, pauses: list[float]) -> None:
    config = AlipayConfig(fake_keys.APP_ID, keys.stranger, keys.alipay.public_key(), gateway_url=url)
    gateway = AlipayGateway(config, clock=FixedClock(), pause=pauses.append)
    try:
        with pytest.raises(PaymentError) as caught:
            gateway.charge(token=fake_alipay.SUCCESS_CODE, amount_fen=2_000, idempotency_key="k-9")
    finally:
        gateway.close()
    assert type(caught.value) is PaymentError
    assert caught.value.user_message == "支付渠道配置有误，未扣款，请联系客服"
    assert "isv.invalid-signature" in caught.value.message
    assert fake.rejected == ["signature"]
    assert fake.trades == {}


def test_query_reports_the_trade_and_a_trade_alipay_never_saw(gateway: AlipayGateway, fake: FakeAlipay) -> None:
    gateway.charge(token=fake_alipay.SUCCESS_CODE, amount_fen=1_001, idempotency_key="k-10")
    trade = gateway.query(idempotency_key="k-10")
    assert (trade.status, trade.amount_fen, trade.reference) == (TradeStatus.PAID, 1_001, trade_reference("k-10"))
    missing = gateway.query(idempotency_key="never")
    assert (missing.status, missing.amount_fen) == (TradeStatus.MISSING, 0)


def test_a_qr_payment_carries_the_notify_url_and_a_retry_gets_the_same_code(
        gateway: AlipayGateway, fake: FakeAlipay) -> None:
    first = gateway.prepare(amount_fen=30_000, idempotency_key="k-qr", subject="帮我钱包充值")
    again = gateway.prepare(amount_fen=30_000, idempotency_key="k-qr", subject="帮我钱包充值")
    assert first == again
    assert first.qr_code.startswith("https://qr.alipay.com/")
    assert fake.calls[0][1]["notify_url"] == NOTIFY_URL
    assert fake.trades[first.reference].status == "WAIT_BUYER_PAY"


def test_a_refund_goes_back_once_per_out_request_no(gateway: AlipayGateway, fake: FakeAlipay) -> None:
    gateway.charge(token=fake_alipay.SUCCESS_CODE, amount_fen=10_000, idempotency_key="k-11")
    refund = gateway.refund(idempotency_key="k-11", amount_fen=3_000, refund_key="r-1")
    again = gateway.refund(idempotency_key="k-11", amount_fen=3_000, refund_key="r-1")
    assert refund == again
    assert (refund.amount_fen, refund.request_id) == (3_000, refund_reference("r-1"))
    assert fake.trades[trade_reference("k-11")].refunds == {refund_reference("r-1"): 3_000}
    assert fake.methods()[1:] == ["alipay.trade.refund", "alipay.trade.refund", "alipay.trade.fastpay.refund.query"]
    assert json.loads(fake.calls[1][1]["biz_content"])["refund_amount"] == "30.00"


def test_a_refund_whose_answer_times_out_is_asked_again_with_the_same_out_request_no(
        keys: fake_keys.Keys, url: str, fake: FakeAlipay, tmp_path: Path, pauses: list[float]) -> None:
    gateway = make_gateway(keys, url, tmp_path, pauses, timeout_s=1.0)
    try:
        gateway.charge(token=fake_alipay.SUCCESS_CODE, amount_fen=10_000, idempotency_key="k-12")
        fake.refund_scenarios[trade_reference("k-12")] = "timeout"
        refund = gateway.refund(idempotency_key="k-12", amount_fen=10_000, refund_key="r-2")
    finally:
        gateway.close()
    assert refund.amount_fen == 10_000
    assert fake.trades[trade_reference("k-12")].refunds == {refund_reference("r-2"): 10_000}
    assert fake.trades[trade_reference("k-12")].status == "TRADE_CLOSED"


def test_a_refused_refund_and_one_beyond_the_payment_are_declined(gateway: AlipayGateway, fake: FakeAlipay) -> None:
    gateway.charge(token=fake_alipay.SUCCESS_CODE, amount_fen=10_000, idempotency_key="k-13")
    with pytest.raises(PaymentDeclinedError) as too_much:
        gateway.refund(idempotency_key="k-13", amount_fen=10_001, refund_key="r-3")
    assert too_much.value.user_message == "退款金额超过可退金额"
    fake.refund_scenarios[trade_reference("k-13")] = "refuse"
    with pytest.raises(PaymentDeclinedError) as refused:
        gateway.refund(idempotency_key="k-13", amount_fen=100, refund_key="r-4")
    assert refused.value.user_message == "这笔支付已不能退款"
    assert fake.trades[trade_reference("k-13")].refunds == {}


def test_a_notification_signed_by_alipay_is_parsed_into_a_typed_notice(gateway: AlipayGateway,
                                                                        fake: FakeAlipay) -> None:
    pending = gateway.prepare(amount_fen=30_001, idempotency_key="k-n", subject="帮我钱包充值")
    trade = fake.buyer_pays(pending.reference)
    notice = gateway.verify_notice(fake.notice(pending.reference))
    assert (notice.reference, notice.provider_id, notice.status, notice.amount_fen, notice.refunded_fen) == (
        pending.reference, trade.trade_no, TradeStatus.PAID, 30_001, 0)


@pytest.mark.parametrize("forgery", ["tampered amount", "stranger's key", "another app", "RSA", "no sign"])
def test_a_notification_that_is_not_genuine_is_refused(gateway: AlipayGateway, fake: FakeAlipay,
                                                       keys: fake_keys.Keys, forgery: str) -> None:
    pending = gateway.prepare(amount_fen=100, idempotency_key="k-f", subject="帮我钱包充值")
    fake.buyer_pays(pending.reference)
    form = {
        "tampered amount": lambda: fake.notice(pending.reference, total_amount="0.01"),
        "stranger's key": lambda: fake.notice(pending.reference, key=keys.stranger),
        "another app": lambda: FakeAlipay(app_id="2021000000009999", merchant_public_key=keys.merchant.public_key(),
                                          key=keys.alipay, trades=fake.trades).notice(pending.reference),
        "RSA": lambda: fake.notice(pending.reference, sign_type="RSA"),
        "no sign": lambda: fake.notice(pending.reference, sign=""),
    }[forgery]()
    with pytest.raises(InvalidRequestError):
        gateway.verify_notice(form)


@pytest.mark.parametrize(("amount_fen", "text"), [(0, "0.00"), (1, "0.01"), (10, "0.10"), (99, "0.99"),
                                                 (100, "1.00"), (12_850, "128.50"), (123_456_789, "1234567.89")])
def test_amounts_are_exact_yuan_strings_both_ways(amount_fen: int, text: str) -> None:
    assert wire.yuan(amount_fen) == text
    assert wire.fen(text) == amount_fen


def test_yuan_strings_convert_exactly_or_not_at_all() -> None:
    assert (wire.fen("0.1"), wire.fen("7"), wire.fen("19.9")) == (10, 700, 1_990)
    for bad in ("1.005", "01.00", "-1.00", "1e2", "", " ", "1,00", "NaN", "0.1.0"):
        with pytest.raises(InvalidRequestError):
            wire.fen(bad)
