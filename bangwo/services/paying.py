"""Top up wallets through the payment gateway and send wallet money back to the card it came from.

Paying for orders is the checkout's (services/checkout.py). Money enters a wallet only as the ledger
transaction ``external:funding -> wallet:{user}`` booked under the top-up's payments key, so a charge's
answer, its notifications and its queries credit it exactly once (docs/payments.md).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from enum import StrEnum

from bangwo.domain import commands, money, payments, users
from bangwo.domain.errors import (
    ConflictError,
    DuplicateRequestError,
    IdempotencyConflictError,
    InsufficientBalanceError,
    InvalidRequestError,
    NotFoundError,
    PaymentError,
)
from bangwo.services.ports import (
    CardRefundRecord,
    Clock,
    PaymentGateway,
    PaymentNotice,
    PaymentUnknownError,
    TopUpRecord,
    TopUps,
    TradeStatus,
    UnitOfWork,
    refund_reference,
    trade_reference,
)

log = logging.getLogger("bangwo.payments")

SUBJECT = "帮我钱包充值"


def topup_key(user_id: str, key: str) -> str:
    """Top-up keys live in each user's own space (a digest keeps them within the column)."""
    return f"topup:{user_id}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"


def card_refund_key(user_id: str, key: str) -> str:
    """Keys of refunds to card, in each user's own space."""
    return f"cardrefund:{user_id}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"


@dataclass(frozen=True)
class StartTopUp:
    """Open a top-up the person pays in the provider's app (a QR code); the notification credits it."""

    user_id: str
    amount_fen: int
    idempotency_key: str


@dataclass(frozen=True)
class RefundToCard:
    """Send ``amount_fen`` of a wallet back to the card of the top-up made with ``topup_key``."""

    user_id: str
    topup_key: str          # the idempotency key the top-up was made with
    amount_fen: int
    idempotency_key: str


class NoticeOutcome(StrEnum):
    CREDITED = "credited"     # the wallet was credited now
    UNCHANGED = "unchanged"   # already credited (a repeat), or a refund notice of a credited top-up
    WAITING = "waiting"       # the person has not paid yet
    CLOSED = "closed"         # closed unpaid: nothing to credit


def top_up(cmd: commands.TopUp, *, uow: UnitOfWork, clock: Clock, gateway: PaymentGateway,
           topups: TopUps | None = None) -> int:
    """Fund the wallet through the payment gateway (outside the transaction); returns the new balance.

    With ``topups`` the top-up is recorded before the charge, so it can later be refunded to the card.
    """
    _check(cmd.user_id, cmd.amount_fen, cmd.idempotency_key)
    key = topup_key(cmd.user_id, cmd.idempotency_key)
    reference = trade_reference(key)
    with uow:
        uow.users.get(cmd.user_id)
        if uow.payments.by_key(key) is not None:
            return uow.ledger.balance(payments.wallet_account(cmd.user_id))
        if topups is not None:
            _same_request(topups(uow).open(_record(cmd.user_id, cmd.amount_fen, key, "charge", clock)),
                          cmd.user_id, cmd.amount_fen)
            uow.commit()
    try:
        provider_id = gateway.charge(token=cmd.payment_token, amount_fen=cmd.amount_fen, idempotency_key=key)
    except PaymentUnknownError:
        raise                                   # still open: a retry, a query or a notification settles it
    except PaymentError:
        if topups is not None:
            with uow:
                topups(uow).settle(reference, status="failed", provider_id="", at=clock.now())
                uow.commit()
        raise
    return _credit(uow, topups, user_id=cmd.user_id, amount_fen=cmd.amount_fen, key=key, provider_id=provider_id,
                   clock=clock)[0]


def start_top_up(cmd: StartTopUp, *, uow: UnitOfWork, clock: Clock, gateway: PaymentGateway,
                 topups: TopUps) -> TopUpRecord:
    """Open a QR top-up (a retry returns the same one); the provider's notification credits the wallet."""
    _check(cmd.user_id, cmd.amount_fen, cmd.idempotency_key)
    key = topup_key(cmd.user_id, cmd.idempotency_key)
    with uow:
        uow.users.get(cmd.user_id)
        record = topups(uow).open(_record(cmd.user_id, cmd.amount_fen, key, "qr", clock))
        _same_request(record, cmd.user_id, cmd.amount_fen)
        uow.commit()
    if record.status != "open" or record.qr_code:
        return record
    pending = gateway.prepare(amount_fen=cmd.amount_fen, idempotency_key=key, subject=SUBJECT)
    with uow:
        repo = topups(uow)
        repo.set_qr_code(record.reference, pending.qr_code)
        uow.commit()
        fresh = repo.get(record.reference)
    assert fresh is not None
    return fresh


def apply_notice(notice: PaymentNotice, *, uow: UnitOfWork, clock: Clock, topups: TopUps) -> NoticeOutcome:
    """Apply a verified notification: credit a paid top-up exactly once; a repeat changes nothing."""
    with uow:
        record = topups(uow).get(notice.reference)
    if record is None:
        raise NotFoundError(f"notice for unknown trade {notice.reference}", user_message="没有这笔支付")
    if notice.amount_fen != record.amount_fen:
        log.error("notice for %s says %d fen, the top-up is %d fen: refused", record.reference, notice.amount_fen,
                  record.amount_fen)
        raise ConflictError(f"notice amount {notice.amount_fen} != top-up {record.amount_fen} for {record.reference}",
                            user_message="支付金额不一致")
    return _apply(record, notice.status, notice.provider_id, uow=uow, clock=clock, topups=topups)


def refresh_top_up(user_id: str, idempotency_key: str, *, uow: UnitOfWork, clock: Clock, gateway: PaymentGateway,
                   topups: TopUps) -> TopUpRecord:
    """Ask the provider about an open top-up (no notification yet, or an unknown outcome) and apply its answer."""
    record = _own_topup(user_id, topup_key(user_id, idempotency_key), uow=uow, topups=topups)
    if record.status == "open":
        trade = gateway.query(idempotency_key=record.ledger_key)
        if trade.status is not TradeStatus.MISSING and trade.amount_fen != record.amount_fen:
            log.error("provider trade %s is %d fen, the top-up %d fen", record.reference, trade.amount_fen,
                      record.amount_fen)
            raise ConflictError(f"trade amount {trade.amount_fen} != top-up {record.amount_fen}",
                                user_message="支付金额不一致，请联系客服")
        _apply(record, trade.status, trade.provider_id, uow=uow, clock=clock, topups=topups)
        record = _own_topup(user_id, record.ledger_key, uow=uow, topups=topups)
    return record


def refund_to_card(cmd: RefundToCard, *, uow: UnitOfWork, clock: Clock, gateway: PaymentGateway,
                   topups: TopUps) -> CardRefundRecord:
    """Take the amount out of the wallet first, then ask the provider to send it back to the card.

    A definitive refusal gives the money back to the wallet; an unknown outcome stays pending and the same key
    asks again (the provider never refunds one out_request_no twice).
    """
    _check(cmd.user_id, cmd.amount_fen, cmd.idempotency_key)
    commands.check_key(cmd.topup_key)
    ledger_key = topup_key(cmd.user_id, cmd.topup_key)
    key = card_refund_key(cmd.user_id, cmd.idempotency_key)
    refund = _debit_for_refund(cmd, ledger_key=ledger_key, key=key, uow=uow, clock=clock, topups=topups)
    if refund.status != "pending":
        return refund
    try:
        gateway.refund(idempotency_key=ledger_key, amount_fen=cmd.amount_fen, refund_key=key)
    except PaymentUnknownError:
        log.warning("refund %s of %s: outcome unknown, stays pending", refund.request_id, refund.reference)
        raise
    except PaymentError as exc:
        log.warning("refund %s of %s refused: %s; the wallet gets it back", refund.request_id, refund.reference,
                    exc.message)
        _give_back(refund, key=key, uow=uow, clock=clock, topups=topups)
        raise
    with uow:
        repo = topups(uow)
        repo.set_refund_status(refund.request_id, "done", at=clock.now())
        uow.commit()
        done = repo.refund(refund.request_id)
    assert done is not None
    return done


# --- steps ---------------------------------------------------------------------------------------------------


def _check(user_id: str, amount_fen: int, key: str) -> None:
    users.check_user_id(user_id)
    commands.check_key(key)
    money.check_amount(amount_fen)


def _record(user_id: str, amount_fen: int, key: str, channel: str, clock: Clock) -> TopUpRecord:
    return TopUpRecord(reference=trade_reference(key), user_id=user_id, amount_fen=amount_fen, ledger_key=key,
                       channel=channel, status="open", created_at=clock.now())


def _same_request(record: TopUpRecord, user_id: str, amount_fen: int) -> None:
    if record.user_id != user_id or record.amount_fen != amount_fen:
        raise IdempotencyConflictError(f"top-up {record.reference} was for {record.amount_fen} fen",
                                       user_message="这个充值请求号已用于另一笔金额")


def _own_topup(user_id: str, ledger_key: str, *, uow: UnitOfWork, topups: TopUps) -> TopUpRecord:
    with uow:
        record = topups(uow).get(trade_reference(ledger_key))
    if record is None or record.user_id != user_id:
        raise NotFoundError(f"no top-up {ledger_key}", user_message="没有找到这笔充值")
    return record


def _apply(record: TopUpRecord, status: TradeStatus, provider_id: str, *, uow: UnitOfWork, clock: Clock,
           topups: TopUps) -> NoticeOutcome:
    if status in (TradeStatus.PAID, TradeStatus.FINISHED):
        credited = _credit(uow, topups, user_id=record.user_id, amount_fen=record.amount_fen, key=record.ledger_key,
                           provider_id=provider_id, clock=clock)[1]
        return NoticeOutcome.CREDITED if credited else NoticeOutcome.UNCHANGED
    if status is TradeStatus.CLOSED:
        with uow:
            if record.status == "paid" or uow.payments.by_key(record.ledger_key) is not None:
                return NoticeOutcome.UNCHANGED    # a paid trade closes when it is refunded in full
            topups(uow).settle(record.reference, status="failed", provider_id=provider_id, at=clock.now())
            uow.commit()
        return NoticeOutcome.CLOSED
    return NoticeOutcome.WAITING


def _credit(uow: UnitOfWork, topups: TopUps | None, *, user_id: str, amount_fen: int, key: str, provider_id: str,
            clock: Clock) -> tuple[int, bool]:
    """Book the top-up under its payments key (exactly once); the balance and whether this call booked it."""
    account = payments.wallet_account(user_id)
    now = clock.now()
    with uow:
        try:
            uow.payments.add(key=key, order_id="", kind="topup", amount_fen=amount_fen, at=now)
        except DuplicateRequestError:
            uow.rollback()
            booked = False
        else:
            uow.ledger.post(payments.topup(user_id=user_id, amount_fen=amount_fen), at=now)
            booked = True
        if topups is not None:
            topups(uow).settle(trade_reference(key), status="paid", provider_id=provider_id, at=now)
        uow.commit()
        if booked:
            log.info("top-up %s credited %d fen to %s", trade_reference(key), amount_fen, account)
        return uow.ledger.balance(account), booked


def _debit_for_refund(cmd: RefundToCard, *, ledger_key: str, key: str, uow: UnitOfWork, clock: Clock,
                      topups: TopUps) -> CardRefundRecord:
    """Reserve the refund: wallet debited, the top-up's refundable amount reduced, a pending record (once)."""
    reference, request_id = trade_reference(ledger_key), refund_reference(key)
    now = clock.now()
    with uow:
        repo = topups(uow)
        existing = repo.refund(request_id)
        if existing is None:
            record = repo.get(reference, lock=True)
            if record is None or record.user_id != cmd.user_id:
                raise NotFoundError(f"no top-up {reference} of {cmd.user_id}", user_message="没有找到这笔充值")
            if record.status != "paid":
                raise ConflictError(f"top-up {reference} is {record.status}", user_message="这笔充值还没有到账，不能退回")
            if not repo.take_refund(reference, cmd.amount_fen):
                raise InvalidRequestError(f"refund {cmd.amount_fen} exceeds what is left of {reference}",
                                         user_message="退回金额超过这笔充值还能退的部分")
            try:
                uow.ledger.post(_to_card(cmd.user_id, cmd.amount_fen), at=now)   # never below zero
            except InsufficientBalanceError as exc:
                raise InsufficientBalanceError(exc.message, user_message="钱包余额不足，无法退回这么多") from exc
            try:
                uow.payments.add(key=key, order_id="", kind="card-refund", amount_fen=cmd.amount_fen, at=now)
            except DuplicateRequestError:
                uow.rollback()                   # a concurrent twin took the key: use its record
                existing = repo.refund(request_id)
                assert existing is not None
            else:
                existing = CardRefundRecord(request_id=request_id, reference=reference, user_id=cmd.user_id,
                                            amount_fen=cmd.amount_fen, status="pending", created_at=now)
                repo.add_refund(existing)
                uow.commit()
    if existing.reference != reference or existing.amount_fen != cmd.amount_fen:
        raise IdempotencyConflictError(f"refund key reused for {existing.reference}/{existing.amount_fen}",
                                       user_message="这个退款请求号已用于另一笔退款")
    return existing


def _give_back(refund: CardRefundRecord, *, key: str, uow: UnitOfWork, clock: Clock, topups: TopUps) -> None:
    """A refused refund: the wallet gets the money back, once, and the top-up can be refunded again."""
    now = clock.now()
    with uow:
        try:
            uow.payments.add(key=key + ":back", order_id="", kind="card-refund-back", amount_fen=refund.amount_fen,
                             at=now)
        except DuplicateRequestError:
            uow.rollback()
            return
        back = payments.Transaction("card-refund-back", (
            payments.Posting(payments.OUTSIDE_WORLD, -refund.amount_fen),
            payments.Posting(payments.wallet_account(refund.user_id), refund.amount_fen)))
        uow.ledger.post(back, at=now)
        repo = topups(uow)
        repo.give_back_refund(refund.reference, refund.amount_fen)
        repo.set_refund_status(refund.request_id, "failed", at=now)
        uow.commit()


def _to_card(user_id: str, amount_fen: int) -> payments.Transaction:
    """Wallet money leaves for the card it came from: the reverse of a top-up."""
    return payments.Transaction("card-refund", (
        payments.Posting(payments.wallet_account(user_id), -amount_fen),
        payments.Posting(payments.OUTSIDE_WORLD, amount_fen)))
