"""Pay a held order from the wallet with the best free-order card; top up wallets."""

from __future__ import annotations

import hashlib
from datetime import datetime

from bangwo.domain import cards, commands, money, orders, payments, users
from bangwo.domain.errors import (
    AlreadyPaidError,
    ConfirmationError,
    DuplicateRequestError,
    ForbiddenError,
    HoldExpiredError,
    InvalidRequestError,
)
from bangwo.services.ports import Clock, PaymentGateway, UnitOfWork


def pay_order(cmd: commands.PayOrder, *, uow: UnitOfWork, clock: Clock) -> orders.Order:
    """Charge the wallet once: the same key returns the paid order, another key raises AlreadyPaidError."""
    commands.check_key(cmd.idempotency_key)
    now = clock.now()
    with uow:
        order = uow.orders.get(cmd.order_id, lock=True)
        if order.user_id != cmd.user_id:
            raise ForbiddenError(f"{cmd.user_id} cannot pay {order.id}")
        key = f"{order.id}:{cmd.idempotency_key}"   # the order scopes the key: users never share a namespace
        if uow.payments.by_key(key) is not None:
            return order
        if order.status is not orders.OrderStatus.HELD and order.paid_fen + order.discount_fen > 0:
            raise AlreadyPaidError(f"order {order.id} already paid")
        if order.hold_expired(now):
            _expire(order, uow, now)
            raise HoldExpiredError(f"hold of {order.id} expired at {order.hold_expires_at}")
        _charge(order, uow, now)
        _check_amount(cmd.expected_pay_fen, order.paid_fen, order.id)
        order.move(orders.OrderStatus.PAID, at=now, reason="钱包支付", actor=cmd.user_id)
        order.details["paid_at"] = now.isoformat()
        try:
            uow.payments.add(key=key, order_id=order.id, kind="pay", amount_fen=order.paid_fen, at=now)
        except DuplicateRequestError:
            uow.rollback()
            return uow.orders.get(order.id)
        uow.orders.save(order)
        uow.commit()
    return order


def _charge(order: orders.Order, uow: UnitOfWork, now: datetime) -> None:
    card = cards.best_card(uow.cards.usable_cards(order.user_id, now), total_fen=order.total_fen, now=now)
    discount = 0
    if card is not None and uow.cards.use(card.id, order_id=order.id):
        discount = card.discount_for(order.total_fen)
        order.card_id = card.id
    uow.ledger.post(payments.payment(order_id=order.id, user_id=order.user_id, merchant_id=order.merchant_id,
                                     total_fen=order.total_fen, discount_fen=discount), at=now)
    order.discount_fen = discount
    order.paid_fen = order.total_fen - discount


def _check_amount(expected_fen: int | None, actual_fen: int, what: str) -> None:
    """Money moves only for the amount the user confirmed: any difference pays nothing (rolled back)."""
    if expected_fen is not None and expected_fen != actual_fen:
        error = ConfirmationError(f"{what}: confirmed {expected_fen} fen, would charge {actual_fen}",
                                  user_message=f"金额有变化（现在需付{money.format_fen(actual_fen)}），"
                                               "没有扣款，回复“确认”按新金额支付")
        error.actual_fen = actual_fen
        raise error


def _expire(order: orders.Order, uow: UnitOfWork, now: datetime) -> None:
    order.move(orders.OrderStatus.CANCELLED, at=now, reason="超时未支付，自动取消", actor="system")
    uow.stock.release_order(order.id)
    uow.orders.save(order)
    uow.commit()


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


def pay_orders(cmd: commands.PayOrders, *, uow: UnitOfWork, clock: Clock) -> list[orders.Order]:
    """Pay every order of a plan in one transaction (all or none); the same key returns them unchanged."""
    commands.check_key(cmd.idempotency_key)
    if not cmd.order_ids or len(set(cmd.order_ids)) != len(cmd.order_ids):
        raise InvalidRequestError("pay_orders needs distinct order ids", user_message="没有可支付的订单")
    now = clock.now()
    with uow:
        locked = {order_id: uow.orders.get(order_id, lock=True) for order_id in sorted(cmd.order_ids)}
        held = [locked[order_id] for order_id in cmd.order_ids]   # locks in id order, cards in plan order
        if any(order.user_id != cmd.user_id for order in held):
            raise ForbiddenError(f"{cmd.user_id} cannot pay all of {cmd.order_ids}")
        if uow.payments.by_key(f"{cmd.idempotency_key}:{held[0].id}") is not None:
            return [uow.orders.get(order_id) for order_id in cmd.order_ids]
        for order in held:
            if order.status is not orders.OrderStatus.HELD:
                raise AlreadyPaidError(f"order {order.id} is {order.status.value}") if order.paid_fen \
                    else HoldExpiredError(f"order {order.id} is {order.status.value}")
            if order.hold_expired(now):
                raise HoldExpiredError(f"hold of {order.id} expired at {order.hold_expires_at}")
            _charge(order, uow, now)
            order.move(orders.OrderStatus.PAID, at=now, reason="钱包支付（组合订单）", actor=cmd.user_id)
            order.details["paid_at"] = now.isoformat()
            uow.payments.add(key=f"{cmd.idempotency_key}:{order.id}", order_id=order.id, kind="pay",
                             amount_fen=order.paid_fen, at=now)
            uow.orders.save(order)
        _check_amount(cmd.expected_pay_fen, sum(order.paid_fen for order in held), ",".join(cmd.order_ids))
        uow.commit()
    return held
