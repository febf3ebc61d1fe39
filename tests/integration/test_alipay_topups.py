"""Wallet top-ups and refunds to card through the Alipay adapter and the fake Alipay, on a real database."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bangwo.adapters.db.topups import topups_of
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.alipay import AlipayConfig, AlipayGateway
from bangwo.domain import commands, payments
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import (
    ConflictError,
    IdempotencyConflictError,
    InsufficientBalanceError,
    InvalidRequestError,
    NotFoundError,
    PaymentDeclinedError,
)
from bangwo.services import paying, registering
from bangwo.services.ports import PaymentUnknownError, refund_reference, trade_reference
from tests import builders
from tests.fakes import alipay as fake_alipay
from tests.fakes import keys as fake_keys
from tests.fakes.alipay import FakeAlipay

PAY = fake_alipay.SUCCESS_CODE


@pytest.fixture(scope="module")
def keys() -> fake_keys.Keys:
    return fake_keys.generate()


@pytest.fixture
def fake(keys: fake_keys.Keys) -> FakeAlipay:
    return FakeAlipay(app_id=fake_keys.APP_ID, merchant_public_key=keys.merchant.public_key(), key=keys.alipay)


@pytest.fixture
def gateway(fake: FakeAlipay, keys: fake_keys.Keys, tmp_path: Path, clock: FixedClock) -> Iterator[AlipayGateway]:
    private, public = keys.files(tmp_path)
    with fake_alipay.serving(fake) as url:
        config = AlipayConfig.from_files(fake_keys.APP_ID, private, public, gateway_url=url,
                                         notify_url="http://127.0.0.1:9/notify", poll_attempts=2, poll_interval_s=0)
        gw = AlipayGateway(config, clock=clock, pause=lambda _s: None)
        yield gw
        gw.close()


@pytest.fixture
def world(uow: SqlUnitOfWorkFactory, clock: FixedClock) -> SqlUnitOfWorkFactory:
    for name in ("alice", "bob"):
        registering.register_user(builders.user(name), uow=uow(), clock=clock, campaign_id=None)
    return uow


def wallet(uow: SqlUnitOfWorkFactory, user: str = "alice") -> int:
    with uow() as u:
        return u.ledger.balance(payments.wallet_account(user))


def ledger_rows(uow: SqlUnitOfWorkFactory) -> int:
    with uow() as u:
        return int(u.connection.exec_driver_sql("select count(*) from ledger_entries").scalar_one())


def ledger_sums_to_zero(uow: SqlUnitOfWorkFactory) -> bool:
    with uow() as u:
        return sum(u.ledger.balances().values()) == 0


def top_up(world: SqlUnitOfWorkFactory, clock: FixedClock, gateway: AlipayGateway, *, amount: int, key: str,
           token: str = PAY, user: str = "alice") -> int:
    return paying.top_up(commands.TopUp(user, amount, token, key), uow=world(), clock=clock, gateway=gateway,
                         topups=topups_of)


def test_a_top_up_through_alipay_credits_the_wallet_exactly_once(world: SqlUnitOfWorkFactory, clock: FixedClock,
                                                                  gateway: AlipayGateway, fake: FakeAlipay) -> None:
    assert top_up(world, clock, gateway, amount=12_345, key="t-1") == 12_345
    assert top_up(world, clock, gateway, amount=12_345, key="t-1") == 12_345       # a retry: same answer
    assert len(fake.trades) == 1 and fake.methods() == ["alipay.trade.pay"]
    with world() as u:
        record = topups_of(u).get(trade_reference(paying.topup_key("alice", "t-1")))
        assert u.ledger.balance(payments.OUTSIDE_WORLD) == -12_345
    assert record is not None
    assert (record.status, record.amount_fen, record.provider_id) == ("paid", 12_345,
                                                                      fake.trades[record.reference].trade_no)
    assert ledger_sums_to_zero(world)


def test_existing_callers_without_records_still_top_up(world: SqlUnitOfWorkFactory, clock: FixedClock,
                                                       gateway: AlipayGateway) -> None:
    balance = paying.top_up(commands.TopUp("bob", 500, PAY, "plain"), uow=world(), clock=clock, gateway=gateway)
    assert balance == 500 == wallet(world, "bob")


def test_a_declined_top_up_adds_nothing_and_is_marked_failed(world: SqlUnitOfWorkFactory, clock: FixedClock,
                                                              gateway: AlipayGateway) -> None:
    with pytest.raises(PaymentDeclinedError) as caught:
        top_up(world, clock, gateway, amount=5_000, key="t-2", token=fake_alipay.DECLINE_CODE)
    assert caught.value.user_message == "支付宝余额不足，未扣款"
    assert wallet(world) == 0 and ledger_rows(world) == 0
    with world() as u:
        record = topups_of(u).get(trade_reference(paying.topup_key("alice", "t-2")))
    assert record is not None and record.status == "failed"


def test_a_top_up_in_doubt_is_cancelled_and_a_refresh_finds_it_closed(
        world: SqlUnitOfWorkFactory, clock: FixedClock, gateway: AlipayGateway, fake: FakeAlipay,
        keys: fake_keys.Keys) -> None:
    fake.sign_answers_with = keys.stranger                 # answers we cannot trust: the outcome is unknown
    with pytest.raises(PaymentUnknownError):
        top_up(world, clock, gateway, amount=7_000, key="t-3")
    assert wallet(world) == 0
    fake.sign_answers_with = None
    # the fake really cancelled it (our cancel reached it); a retry of the same request sees it closed
    record = paying.refresh_top_up("alice", "t-3", uow=world(), clock=clock, gateway=gateway, topups=topups_of)
    assert record.status == "failed" and wallet(world) == 0


def test_a_qr_top_up_is_credited_by_its_notice_exactly_once(world: SqlUnitOfWorkFactory, clock: FixedClock,
                                                            gateway: AlipayGateway, fake: FakeAlipay) -> None:
    start = paying.StartTopUp("alice", 30_000, "qr-1")
    record = paying.start_top_up(start, uow=world(), clock=clock, gateway=gateway, topups=topups_of)
    assert record.qr_code.startswith("https://qr.alipay.com/") and record.status == "open"
    assert paying.start_top_up(start, uow=world(), clock=clock, gateway=gateway, topups=topups_of) == record
    assert fake.methods() == ["alipay.trade.precreate"]                       # a retry asks nothing again
    waiting = gateway.verify_notice(fake.notice(record.reference))
    assert paying.apply_notice(waiting, uow=world(), clock=clock, topups=topups_of) is paying.NoticeOutcome.WAITING
    fake.buyer_pays(record.reference)
    notice = gateway.verify_notice(fake.notice(record.reference))
    outcomes = [paying.apply_notice(notice, uow=world(), clock=clock, topups=topups_of) for _ in range(3)]
    assert outcomes == [paying.NoticeOutcome.CREDITED] + [paying.NoticeOutcome.UNCHANGED] * 2
    assert wallet(world) == 30_000
    assert ledger_sums_to_zero(world)


def test_a_reused_qr_key_with_another_amount_is_refused(world: SqlUnitOfWorkFactory, clock: FixedClock,
                                                        gateway: AlipayGateway) -> None:
    paying.start_top_up(paying.StartTopUp("alice", 100, "qr-2"), uow=world(), clock=clock, gateway=gateway,
                        topups=topups_of)
    with pytest.raises(IdempotencyConflictError):
        paying.start_top_up(paying.StartTopUp("alice", 200, "qr-2"), uow=world(), clock=clock, gateway=gateway,
                            topups=topups_of)


def test_a_notice_for_another_amount_or_an_unknown_trade_changes_nothing(
        world: SqlUnitOfWorkFactory, clock: FixedClock, gateway: AlipayGateway, fake: FakeAlipay) -> None:
    record = paying.start_top_up(paying.StartTopUp("alice", 1_000, "qr-3"), uow=world(), clock=clock,
                                 gateway=gateway, topups=topups_of)
    fake.buyer_pays(record.reference)
    fake.trades[record.reference].total_fen = 100_000          # Alipay claims another amount, properly signed
    notice = gateway.verify_notice(fake.notice(record.reference))
    with pytest.raises(ConflictError):
        paying.apply_notice(notice, uow=world(), clock=clock, topups=topups_of)
    fake.trades["BWunknown"] = fake.trades[record.reference]
    fake.trades["BWunknown"].out_trade_no = "BWunknown"
    with pytest.raises(NotFoundError):
        paying.apply_notice(gateway.verify_notice(fake.notice("BWunknown")), uow=world(), clock=clock,
                            topups=topups_of)
    assert wallet(world) == 0 and ledger_rows(world) == 0


def test_without_a_notice_a_refresh_asks_alipay_and_credits_once(world: SqlUnitOfWorkFactory, clock: FixedClock,
                                                                 gateway: AlipayGateway, fake: FakeAlipay) -> None:
    record = paying.start_top_up(paying.StartTopUp("alice", 8_800, "qr-4"), uow=world(), clock=clock,
                                 gateway=gateway, topups=topups_of)
    still = paying.refresh_top_up("alice", "qr-4", uow=world(), clock=clock, gateway=gateway, topups=topups_of)
    assert still.status == "open" and wallet(world) == 0
    fake.buyer_pays(record.reference)
    paid = paying.refresh_top_up("alice", "qr-4", uow=world(), clock=clock, gateway=gateway, topups=topups_of)
    assert paid.status == "paid" and wallet(world) == 8_800
    late = gateway.verify_notice(fake.notice(record.reference))
    assert paying.apply_notice(late, uow=world(), clock=clock, topups=topups_of) is paying.NoticeOutcome.UNCHANGED
    assert wallet(world) == 8_800
    with pytest.raises(NotFoundError):
        paying.refresh_top_up("bob", "qr-4", uow=world(), clock=clock, gateway=gateway, topups=topups_of)


def test_wallet_money_goes_back_to_the_card_once_per_key(world: SqlUnitOfWorkFactory, clock: FixedClock,
                                                         gateway: AlipayGateway, fake: FakeAlipay) -> None:
    top_up(world, clock, gateway, amount=10_000, key="t-5")
    cmd = paying.RefundToCard("alice", "t-5", 4_001, "back-1")
    refund = paying.refund_to_card(cmd, uow=world(), clock=clock, gateway=gateway, topups=topups_of)
    again = paying.refund_to_card(cmd, uow=world(), clock=clock, gateway=gateway, topups=topups_of)
    assert refund == again and refund.status == "done" and refund.amount_fen == 4_001
    reference = trade_reference(paying.topup_key("alice", "t-5"))
    assert fake.trades[reference].refunds == {
        refund_reference(paying.card_refund_key("alice", "back-1")): 4_001}
    assert wallet(world) == 5_999
    with world() as u:
        assert u.ledger.balance(payments.OUTSIDE_WORLD) == -5_999
    assert ledger_sums_to_zero(world)


def test_a_refund_beyond_the_top_up_or_the_wallet_moves_nothing(world: SqlUnitOfWorkFactory, clock: FixedClock,
                                                                gateway: AlipayGateway, fake: FakeAlipay) -> None:
    top_up(world, clock, gateway, amount=10_000, key="t-6")
    top_up(world, clock, gateway, amount=1_000, key="t-7")
    with pytest.raises(InvalidRequestError) as beyond:
        paying.refund_to_card(paying.RefundToCard("alice", "t-7", 1_001, "b-2"), uow=world(), clock=clock,
                              gateway=gateway, topups=topups_of)
    assert beyond.value.user_message == "退回金额超过这笔充值还能退的部分"
    with world() as u:      # spend most of the wallet: 500 fen left
        u.ledger.post(payments.Transaction("pay", (payments.Posting("wallet:alice", -10_500),
                                                   payments.Posting("merchant:m", 10_500))), at=clock.now())
        u.commit()
    with pytest.raises(InsufficientBalanceError) as poor:
        paying.refund_to_card(paying.RefundToCard("alice", "t-6", 600, "b-3"), uow=world(), clock=clock,
                              gateway=gateway, topups=topups_of)
    assert poor.value.user_message == "钱包余额不足，无法退回这么多"
    assert wallet(world) == 500
    assert all(not t.refunds for t in fake.trades.values())
    with pytest.raises(NotFoundError):
        paying.refund_to_card(paying.RefundToCard("bob", "t-6", 100, "b-4"), uow=world(), clock=clock,
                              gateway=gateway, topups=topups_of)


def test_a_refund_alipay_refuses_gives_the_money_back_to_the_wallet(
        world: SqlUnitOfWorkFactory, clock: FixedClock, gateway: AlipayGateway, fake: FakeAlipay) -> None:
    top_up(world, clock, gateway, amount=10_000, key="t-8")
    reference = trade_reference(paying.topup_key("alice", "t-8"))
    fake.refund_scenarios[reference] = "refuse"
    with pytest.raises(PaymentDeclinedError) as caught:
        paying.refund_to_card(paying.RefundToCard("alice", "t-8", 10_000, "b-5"), uow=world(), clock=clock,
                              gateway=gateway, topups=topups_of)
    assert caught.value.user_message == "这笔支付已不能退款"
    assert wallet(world) == 10_000
    with world() as u:
        record = topups_of(u).get(reference)
        refund = topups_of(u).refund(refund_reference(paying.card_refund_key("alice", "b-5")))
    assert record is not None and record.refunded_fen == 0
    assert refund is not None and refund.status == "failed"
    assert ledger_sums_to_zero(world)


def test_a_refund_in_doubt_stays_pending_and_the_same_key_finishes_it(
        world: SqlUnitOfWorkFactory, clock: FixedClock, gateway: AlipayGateway, fake: FakeAlipay,
        keys: fake_keys.Keys) -> None:
    top_up(world, clock, gateway, amount=10_000, key="t-9")
    cmd = paying.RefundToCard("alice", "t-9", 2_500, "b-6")
    fake.sign_answers_with = keys.stranger
    with pytest.raises(PaymentUnknownError):
        paying.refund_to_card(cmd, uow=world(), clock=clock, gateway=gateway, topups=topups_of)
    assert wallet(world) == 7_500                    # reserved for the card while Alipay's answer is unknown
    fake.sign_answers_with = None
    done = paying.refund_to_card(cmd, uow=world(), clock=clock, gateway=gateway, topups=topups_of)
    assert done.status == "done" and wallet(world) == 7_500
    reference = trade_reference(paying.topup_key("alice", "t-9"))
    assert sum(fake.trades[reference].refunds.values()) == 2_500


def test_concurrent_twins_of_a_top_up_and_of_a_refund_move_money_once(
        world: SqlUnitOfWorkFactory, clock: FixedClock, gateway: AlipayGateway, fake: FakeAlipay) -> None:
    with ThreadPoolExecutor(8) as pool:
        balances = list(pool.map(lambda _i: top_up(world, clock, gateway, amount=9_000, key="twin"), range(8)))
    assert set(balances) == {9_000} and wallet(world) == 9_000
    assert len(fake.trades) == 1
    cmd = paying.RefundToCard("alice", "twin", 3_000, "twin-back")
    with ThreadPoolExecutor(8) as pool:
        refunds = list(pool.map(lambda _i: paying.refund_to_card(cmd, uow=world(), clock=clock, gateway=gateway,
                                                                  topups=topups_of), range(8)))
    assert {r.status for r in refunds} <= {"pending", "done"}
    assert paying.refund_to_card(cmd, uow=world(), clock=clock, gateway=gateway, topups=topups_of).status == "done"
    assert wallet(world) == 6_000
    assert [sum(t.refunds.values()) for t in fake.trades.values()] == [3_000]
    assert ledger_sums_to_zero(world)
