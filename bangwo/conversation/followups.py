"""Follow-ups about the user's own things: track, cancel or refund, list orders and cards, invite."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bangwo.conversation import replies
from bangwo.conversation.turns import Turn, order_json
from bangwo.domain import commands, fulfilment
from bangwo.domain.domains import Domain
from bangwo.domain.errors import NotRefundableError
from bangwo.domain.frames import Frame
from bangwo.domain.orders import Order, OrderStatus
from bangwo.domain.specs import SPECS
from bangwo.domain.users import User
from bangwo.services import carding, fulfilling, ordering, refunding
from bangwo.services.ports import CardClaims, Clock, UnitOfWorkFactory

# Words that point at an order of a domain, from the specs, looked for in the order of their reference rank.
REF_DOMAINS: tuple[tuple[str, Domain], ...] = tuple(
    (word, s.domain) for s in sorted(SPECS.values(), key=lambda s: s.reference_rank)
    for word in s.reference_words)
REPEAT = re.compile(r"(再来|再点|再要|再买|一样的|同样的|老样子|照旧)")


def find_order(orders: list[Order], ref: str | None) -> Order | None:
    """The order the words point at: a domain word, a title word, or the most recent one."""
    if not orders:
        return None
    words = (ref or "").strip()
    if not words or words in ("最近", "刚才", "上一单", "这单", "订单"):
        return orders[0]
    for key, domain in REF_DOMAINS:
        if key in words:
            for order in orders:
                if order.domain is domain:
                    return order
    for order in orders:
        if words in order.title or any(words in str(line.get("title", "")) for line in order.lines):
            return order
    return None


def is_repeat(text: str) -> bool:
    """'再来一杯一样的': the user wants the last order of that kind again."""
    return bool(REPEAT.search(text)) and ("一样" in text or "同样" in text or "老样子" in text or "照旧" in text)


def status_zh(order: Order, now: datetime) -> str:
    """The order's status as every surface says it (the orders list, the detail, the CLI): the phase at ``now``."""
    return fulfilment.status_label(order, now)


@dataclass
class FollowUps:
    """Answers account requests: cards, orders, tracking, refunds, invitations."""

    uow: UnitOfWorkFactory
    clock: Clock
    campaign_id: str | None = None
    claims: CardClaims | None = None      # the Redis claim store when configured (one truth for card counts)

    def answer(self, user: User, frame: Frame, *, key: str) -> Turn:
        intent = frame.intent
        if intent == "list_cards":
            with self.uow() as uow:
                usable = [c for c in uow.cards.cards_of(user.id) if c.usable(self.clock.now())]
            return Turn(replies.cards_left(len(usable)), outcome="account")
        if intent == "claim_card":
            if self.campaign_id is None:
                return Turn(replies.no_campaign(), outcome="account")
            card = carding.claim_card(commands.ClaimCard(user.id, self.campaign_id, key), uow=self.uow(),
                                      clock=self.clock, claims=self.claims)
            return Turn(replies.card_claimed(card.value_fen), outcome="account")
        if intent == "invite":
            return Turn(replies.invite(), outcome="account")
        with self.uow() as uow:
            recent = uow.orders.list_for_user(user.id, limit=20)
        if intent == "list_orders":
            if not recent:
                return Turn(replies.no_orders(), outcome="account")
            return Turn(replies.recent_orders([(o.title, status_zh(o, self.clock.now())) for o in recent[:5]]),
                        orders=[order_json(o) for o in recent[:5]], outcome="account")
        order = find_order([o for o in recent if o.status is not OrderStatus.CANCELLED], frame.slots.get("order_ref"))
        if order is None:
            return Turn(replies.order_not_found(), outcome="account")
        if intent == "track_order":
            return self.track(order)
        return self.refund(order, user)

    def track(self, order: Order) -> Turn:
        current = fulfilling.advance_order(order.id, uow=self.uow(), clock=self.clock)
        state = fulfilment.progress(current, self.clock.now())
        phase = fulfilment.PHASE_ZH.get(state.phase) if current.status is OrderStatus.FULFILLING else None
        eta = state.eta if state.eta and current.status in (OrderStatus.PAID, OrderStatus.FULFILLING) else None
        rider = state.courier if state.courier and state.phase == "delivering" else None
        text = replies.tracking(current.title, phase or status_zh(current, self.clock.now()), eta=eta,
                                delivered=current.domain is Domain.TAKEOUT, courier=rider,
                                destination=current.details.get("address_point"),
                                tickets=list(current.details.get("tickets") or []))
        return Turn(text, orders=[order_json(current, self.clock.now())], outcome="account")

    def refund(self, order: Order, user: User) -> Turn:
        try:
            if order.status is OrderStatus.HELD:
                done = ordering.cancel_order(commands.CancelOrder(user.id, order.id), uow=self.uow(), clock=self.clock)
                return Turn(replies.held_cancelled(done.title), orders=[order_json(done)], outcome="account")
            fulfilling.advance_order(order.id, uow=self.uow(), clock=self.clock)
            done = refunding.refund_order(commands.RefundOrder(user.id, order.id, f"chat-refund:{order.id}"),
                                          uow=self.uow(), clock=self.clock)
        except NotRefundableError as exc:
            return Turn(replies.not_refundable(order.title, exc.user_message), outcome="error:not_refundable")
        return Turn(replies.refunded(done.title, done.refunded_fen, int(done.details.get("refund_fee_fen", 0)),
                                     card_returned=bool(done.details.get("card_returned"))),
                    orders=[order_json(done)], outcome="refunded")
