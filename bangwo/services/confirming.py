"""Confirmation tokens: a held order's exact offer and amount, signed; paying requires the matching token.

A token is issued with the offer the user is shown (``offer_for``) and names the user, the order, the
offer's fingerprint, its total and the amount to pay after the best card. ``pay_confirmed`` recomputes
all of them at payment time: any change (another amount, another offer, a forged token) pays nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from bangwo.domain import cards, commands, orders
from bangwo.domain.errors import ConfirmationError, ForbiddenError
from bangwo.services import paying
from bangwo.services.ports import Clock, UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class Confirmable:
    """What the user must see before saying yes, and the token bound to it."""

    order: orders.Order
    discount_fen: int
    pay_fen: int
    token: str


def _sign(order: orders.Order, pay_fen: int, secret: bytes) -> str:
    body = f"{order.user_id}|{order.id}|{order.request_hash}|{order.total_fen}|{pay_fen}".encode()
    return hmac.new(secret, body, hashlib.sha256).hexdigest()[:32]


def _amounts(order: orders.Order, uow: UnitOfWork, clock: Clock) -> tuple[int, int]:
    now = clock.now()
    card = cards.best_card(uow.cards.usable_cards(order.user_id, now), total_fen=order.total_fen, now=now)
    discount = card.discount_for(order.total_fen) if card else 0
    return discount, order.total_fen - discount


def offer_for(user_id: str, order_id: str, *, uow: UnitOfWork, clock: Clock, secret: bytes) -> Confirmable:
    """The held order with the amount to pay now and its confirmation token."""
    with uow:
        order = uow.orders.get(order_id)
        if order.user_id != user_id:
            raise ForbiddenError(f"{user_id} cannot see {order_id}")
        discount, pay_fen = _amounts(order, uow, clock)
    return Confirmable(order, discount, pay_fen, _sign(order, pay_fen, secret))


def pay_confirmed(cmd: commands.PayConfirmed, *, uow: UnitOfWorkFactory, clock: Clock, secret: bytes) -> orders.Order:
    """Pay only when the token matches this user, order, offer and amount as they are now."""
    current = offer_for(cmd.user_id, cmd.order_id, uow=uow(), clock=clock, secret=secret)
    if current.pay_fen != cmd.amount_fen:
        raise ConfirmationError(f"confirmed {cmd.amount_fen} fen but {cmd.order_id} now costs {current.pay_fen}")
    if not hmac.compare_digest(current.token, cmd.token):
        raise ConfirmationError(f"token does not match order {cmd.order_id} and amount {cmd.amount_fen}")
    return paying.pay_order(commands.PayOrder(cmd.user_id, cmd.order_id, f"confirm:{cmd.order_id}",
                                              expected_pay_fen=cmd.amount_fen),
                            uow=uow(), clock=clock)
