"""Refund a paid order under its domain's policy: money back, the card back while it is still valid."""

from __future__ import annotations

from datetime import datetime

from bangwo.domain import commands, orders, payments, policies
from bangwo.domain.errors import DuplicateRequestError, ForbiddenError
from bangwo.services.ports import Clock, UnitOfWork


def refund_order(cmd: commands.RefundOrder, *, uow: UnitOfWork, clock: Clock) -> orders.Order:
    """Refund once per order; the same key (or a refunded order) returns the refunded order unchanged.

    The refund is recorded under the order and the caller's key: keys are the caller's own namespace,
    so two users (or two orders) choosing the same key never meet.
    """
    commands.check_key(cmd.idempotency_key)
    now = clock.now()
    with uow:
        order = uow.orders.get(cmd.order_id, lock=True)
        if order.user_id != cmd.user_id:
            raise ForbiddenError(f"{cmd.user_id} cannot refund {order.id}")
        if order.status is orders.OrderStatus.REFUNDED:
            return order
        policy = policies.by_code(order.policy_code)
        fee = policy.refund_fee_fen(order.paid_fen, now=now, starts_at=order.starts_at,
                                    fulfilment_started=order.fulfilment_started)
        order.move(orders.OrderStatus.REFUNDED, at=now, reason=cmd.reason, actor=cmd.user_id)
        _return_money(order, fee, uow, now)
        try:
            uow.payments.add(key=f"{order.id}:{cmd.idempotency_key}", order_id=order.id, kind="refund",
                             amount_fen=order.refunded_fen, at=now)
        except DuplicateRequestError:
            uow.rollback()
            return uow.orders.get(order.id)
        uow.stock.release_order(order.id)
        uow.orders.save(order)
        uow.commit()
    return order


def _return_money(order: orders.Order, fee_fen: int, uow: UnitOfWork, now: datetime) -> None:
    uow.ledger.post(payments.refund(order_id=order.id, user_id=order.user_id, merchant_id=order.merchant_id,
                                    paid_fen=order.paid_fen, discount_fen=order.discount_fen, fee_fen=fee_fen),
                    at=now)
    order.refunded_fen = order.paid_fen - fee_fen
    order.details["refund_fee_fen"] = fee_fen
    card_returned = False
    if order.card_id is not None:
        card = uow.cards.get(order.card_id)
        if now < card.expires_at:
            uow.cards.give_back(card.id, order_id=order.id)
            card_returned = True
    order.details["card_returned"] = card_returned
