"""The checkout: the one place that decides which card goes where, what the person pays, and when money moves.

Every surface (the conversation, the HTTP API and web page through it, MCP) goes through these use cases:
``price`` the options of a leg given the cards the plan's other legs count on, ``hold`` a leg, ``confirm_leg``,
issue the ``consent`` the person sees with the total, ``pay`` exactly that, or ``release``.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bangwo.domain import commands, money, orders, payments, plans
from bangwo.domain.cards import Card
from bangwo.domain.errors import (
    AlreadyPaidError,
    BangwoError,
    ConfirmationError,
    ConflictError,
    ForbiddenError,
    HoldExpiredError,
    IdempotencyConflictError,
    InsufficientBalanceError,
)
from bangwo.domain.offers import Offer
from bangwo.domain.plans import Allotment, Consent, Leg, LegStatus, Plan, PlanStatus
from bangwo.services import ordering, supplying
from bangwo.services.ports import Clock, SupplierOrders, SupplierRoutes, UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class Held:
    """A leg just held, with the card allotted to it (for the confirmation card), and the outside supplier that
    holds the goods too (None: the hold went through no supplier route, so the order has no supplier link)."""

    plan: Plan
    leg: Leg
    order: orders.Order
    allotment: Allotment
    supplier: str | None = None


@dataclass(frozen=True)
class Released:
    """What ``release`` did: orders cancelled, and whether the plan had already been paid."""

    cancelled: tuple[str, ...]
    paid: bool


def new_plan_id(now: datetime) -> str:
    return f"PL{now:%y%m%d%H%M}{uuid.uuid4().hex[:16].upper()}"


def open_plan(user_id: str, *, uow: UnitOfWork, clock: Clock) -> Plan:
    """A new, empty plan for the user."""
    now = clock.now()
    plan = Plan(new_plan_id(now), user_id, now)
    with uow:
        uow.users.require(user_id)
        uow.plans.add(plan, at=now)
        uow.commit()
    return plan


def plan_of(user_id: str, plan_id: str, *, uow: UnitOfWork) -> Plan:
    """The user's plan as it stands (what a surface shows before asking for consent)."""
    with uow:
        return _plan_of(uow, user_id, plan_id)


def check_consent(user_id: str, plan_id: str, given: Consent, *, uow: UnitOfWork, clock: Clock,
                  secret: bytes) -> Plan:
    """The plan, when ``given`` is its current consent (before asking a person to say yes to it)."""
    with uow:
        plan = _open(uow, user_id, plan_id)
    plans.verify(plan, given, secret=secret, now=clock.now())
    return plan


def price(user_id: str, plan_id: str | None, position: int, totals: Sequence[int], *, uow: UnitOfWork,
          clock: Clock) -> list[Allotment]:
    """What each option of leg ``position`` would take off, given the cards the plan's other legs count on."""
    now = clock.now()
    with uow:
        taken = _plan_of(uow, user_id, plan_id).cards_taken(besides=position) if plan_id else set()
        usable = uow.cards.usable_cards(user_id, now)
    return [plans.allot(usable, total_fen=total, taken=taken, now=now) for total in totals]


def hold(user_id: str, plan_id: str | None, position: int, offer: Offer, *, key: str, hold_minutes: int,
         uow: UnitOfWork, clock: Clock, max_open_holds: int = ordering.MAX_OPEN_HOLDS,
         suppliers: SupplierRoutes | None = None, links: SupplierOrders | None = None) -> Held:
    """Hold ``offer`` as leg ``position`` (replacing what that leg held) and allot it a card; refused past
    ``max_open_holds`` unpaid orders, or when the person could not pay what they would then hold. Without a
    ``plan_id`` a new plan is opened with this leg, in the same transaction (``Held.plan.id``; nothing is left
    behind when the hold is refused).

    When an outside supplier sells the offer (``suppliers``), its live quote decides the price before our
    transaction opens (a new price is what the confirmation card then shows: ``details["supplier_price_was_fen"]``
    keeps the old one), and the goods are held there after ours commit; a supplier that refuses or cannot be
    reached leaves nothing held on either side (docs/catalog.md, "Live orders")."""
    route = suppliers.route(offer) if suppliers is not None else None
    if route is not None:
        offer = supplying.live_offer(route, offer)
    held = _hold(user_id, plan_id, position, offer, key=key, hold_minutes=hold_minutes, uow=uow, clock=clock,
                 max_open_holds=max_open_holds)
    if route is not None:
        assert links is not None, "a supplier route needs the supplier links"
        try:
            supplying.hold_order(held.order.id, route, uow=uow, links=links, clock=clock)
        except BangwoError:
            release(user_id, held.plan.id, [position], uow=uow, clock=clock)
            raise
        held = replace(held, supplier=route.supplier.name)
    return held


def _hold(user_id: str, plan_id: str | None, position: int, offer: Offer, *, key: str, hold_minutes: int,
          uow: UnitOfWork, clock: Clock, max_open_holds: int) -> Held:
    now = clock.now()
    cmd = commands.PlaceOrder(user_id, offer, key, hold_minutes)
    with uow:
        plan = _open(uow, user_id, plan_id) if plan_id is not None else None
        if plan is not None:
            _cancel_legs(uow, plan, [position], now)
        held = _require_room(uow, user_id, key, now, max_open_holds=max_open_holds)
        order = ordering.place(cmd, uow=uow, now=now)   # a failure undoes this whole unit
        allotment = plans.allot(uow.cards.usable_cards(user_id, now), total_fen=order.total_fen,
                                taken=plan.cards_taken(besides=position) if plan else set(), now=now)
        leg = Leg(position, order.domain.value, order.title, order.id, order.total_fen, allotment.card_id,
                  allotment.discount_fen, order.hold_expires_at or now)
        fresh = plan is None
        plan = plan or Plan(new_plan_id(now), user_id, now)
        plan.put(leg)
        _require_affordable(uow, plan, now, held=held)
        if fresh:
            uow.plans.add(plan, at=now)   # the new plan is written once, with its leg
        else:
            uow.plans.save(plan, at=now)
        uow.commit()
    return Held(plan, leg, order, allotment)


def reseat(user_id: str, plan_id: str, order_id: str, offer: Offer, *, key: str, uow: UnitOfWork,
           clock: Clock) -> Held:
    """Put ``offer`` (the same showing, other seats) in place of the held order ``order_id``, in one transaction:
    the old order is cancelled and its seats released, the new one placed (its seats claimed), priced and
    allotted a card. The order changes, so the plan's consent changes: an older card pays nothing. The same
    ``key`` returns the first result; a seat someone else holds raises SeatTakenError and changes nothing."""
    commands.check_key(key)
    now = clock.now()
    with uow:
        plan = _open(uow, user_id, plan_id)
        twin = uow.orders.by_idempotency_key(user_id, key)
        if twin is not None:
            return _reseated(uow, plan, twin, offer)
        leg = next((x for x in plan.legs if x.order_id == order_id), None)
        old = uow.orders.get(order_id, lock=True) if leg is not None else None
        if leg is None or old is None or old.status is not orders.OrderStatus.HELD:
            raise ConflictError(f"order {order_id} is not held in plan {plan_id}",
                                user_message="这笔订单已经不在待支付状态，不能再换座位")
        if old.hold_expired(now):
            raise HoldExpiredError(f"hold of {order_id} expired at {old.hold_expires_at}")
        if old.details.get("supplier"):       # its seats are held at an outside supplier: choose again instead
            raise ConflictError(f"order {order_id} is held at supplier {old.details['supplier']}; no seat swap",
                                user_message="这场的座位由影院系统实时锁定，不能直接换座；回复“不要了”后重新选座即可")
        old.move(orders.OrderStatus.CANCELLED, at=now, reason="更换座位", actor=user_id)
        uow.stock.release_order(old.id)
        uow.orders.save(old)
        left = (old.hold_expires_at - now).total_seconds() / 60 if old.hold_expires_at else ordering.MAX_HOLD_MINUTES
        minutes = max(1, min(ordering.MAX_HOLD_MINUTES, math.ceil(left)))   # a new seat never extends the hold
        order = ordering.place_order(commands.PlaceOrder(user_id, offer, key, minutes), uow=uow.within()(),
                                     clock=clock)
        allotment = plans.allot(uow.cards.usable_cards(user_id, now), total_fen=order.total_fen,
                                taken=plan.cards_taken(besides=leg.position), now=now)
        new_leg = Leg(leg.position, order.domain.value, order.title, order.id, order.total_fen, allotment.card_id,
                      allotment.discount_fen, order.hold_expires_at or now)
        plan.put(new_leg)
        _require_affordable(uow, plan, now)
        uow.plans.save(plan, at=now)
        uow.commit()
    return Held(plan, new_leg, order, allotment)


def _reseated(uow: UnitOfWork, plan: Plan, twin: orders.Order, offer: Offer) -> Held:
    """A retry of a seat change: the order it placed, when the plan still holds it."""
    if twin.request_hash != ordering.offer_hash(offer):
        raise IdempotencyConflictError(f"key {twin.idempotency_key!r} was used for other seats")
    leg = next((x for x in plan.legs if x.order_id == twin.id), None)
    if leg is None:
        raise ConflictError(f"plan {plan.id} no longer holds {twin.id}",
                            user_message="座位已经换过了，请以最新的确认卡为准")
    card = uow.cards.get(leg.card_id) if leg.card_id else None
    return Held(plan, leg, twin, Allotment(card, leg.discount_fen))


def confirm_leg(user_id: str, plan_id: str, position: int, *, uow: UnitOfWork, clock: Clock) -> Plan:
    """The person said yes to one leg; it is paid with the others (nothing moves yet)."""
    with uow:
        plan = _open(uow, user_id, plan_id)
        leg = plan.leg(position)
        if leg is None:
            raise ConfirmationError(f"plan {plan_id} has no leg {position}")
        leg.status = LegStatus.CONFIRMED
        uow.plans.save(plan, at=clock.now())
        uow.commit()
    return plan


def consent(user_id: str, plan_id: str, *, uow: UnitOfWork, clock: Clock, secret: bytes) -> tuple[Plan, Consent]:
    """The consent for the plan as the person will see it: cards no longer usable are allotted anew first."""
    now = clock.now()
    with uow:
        plan = _open(uow, user_id, plan_id)
        usable = uow.cards.usable_cards(user_id, now)
        if _reallot(plan, usable, now):
            uow.plans.save(plan, at=now)
            uow.commit()
    return plan, plans.sign(plan, secret=secret)


def _reallot(plan: Plan, usable: Sequence[Card], now: datetime) -> bool:
    usable_ids = {c.id for c in usable}
    changed = False
    for leg in plan.legs:
        if leg.card_id is not None and leg.card_id in usable_ids:
            continue
        best = plans.allot(usable, total_fen=leg.total_fen, taken=plan.cards_taken(besides=leg.position), now=now)
        if (best.card_id, best.discount_fen) != (leg.card_id, leg.discount_fen):
            leg.card_id, leg.discount_fen, changed = best.card_id, best.discount_fen, True
    return changed


def pay(user_id: str, plan_id: str, given: Consent, *, key: str, uow: UnitOfWork, clock: Clock,
        secret: bytes) -> list[orders.Order]:
    """Pay every leg with its allotted card, all or nothing, only for exactly the consent given."""
    commands.check_key(key)
    now = clock.now()
    with uow:
        plan = _plan_of(uow, user_id, plan_id, lock=True)
        if plan.status is PlanStatus.PAID:
            if uow.payments.by_key(f"{key}:{plan.legs[0].order_id}") is not None:
                return [uow.orders.get(leg.order_id) for leg in plan.legs]
            raise AlreadyPaidError(f"plan {plan_id} already paid", user_message="这笔订单已经支付过了，不会重复扣款")
        if plan.status is PlanStatus.RELEASED:
            raise ConflictError(f"plan {plan_id} was released", user_message="这笔订单已取消，没有扣款")
        plans.verify(plan, given, secret=secret, now=now)
        locked = {leg.order_id: uow.orders.get(leg.order_id, lock=True) for leg in sorted(
            plan.legs, key=lambda x: x.order_id)}
        paid = [_charge(locked[leg.order_id], leg, uow, now, payment_key=f"{key}:{leg.order_id}")
                for leg in plan.legs]
        plan.status = PlanStatus.PAID
        uow.plans.save(plan, at=now)
        uow.commit()
    return paid


def pay_order(cmd: commands.PayOrder, *, uow: UnitOfWork, clock: Clock) -> orders.Order:
    """Pay one held order outside a plan (CLI walk-through, benchmarks): the checkout allots the best card.

    The same key returns the paid order; another key raises AlreadyPaidError; ``expected_pay_fen`` pays only
    that exact amount (ConfirmationError, nothing charged, otherwise)."""
    commands.check_key(cmd.idempotency_key)
    now = clock.now()
    with uow:
        order = uow.orders.get_to_pay(cmd.order_id, user_id=cmd.user_id, now=now)   # locked, with the cards
        if order.user_id != cmd.user_id:
            raise ForbiddenError(f"{cmd.user_id} cannot pay {order.id}")
        key = f"{order.id}:{cmd.idempotency_key}"   # the order scopes the key: users never share a namespace
        if order.status is not orders.OrderStatus.HELD:
            # A payment under this key is written only with the move out of HELD, in one transaction (``_charge``),
            # and nothing moves an order back to HELD: while the order (locked) is HELD there is none to find.
            if uow.payments.by_key(key) is not None:
                return order
            if order.paid_fen + order.discount_fen > 0:
                raise AlreadyPaidError(f"order {order.id} already paid")
        if order.hold_expired(now):
            _expire(order, uow, now)
            raise HoldExpiredError(f"hold of {order.id} expired at {order.hold_expires_at}")
        allotment = plans.allot(uow.cards.usable_cards(order.user_id, now), total_fen=order.total_fen, taken=set(),
                                now=now)
        leg = Leg(0, order.domain.value, order.title, order.id, order.total_fen, allotment.card_id,
                  allotment.discount_fen, order.hold_expires_at or now)
        if cmd.expected_pay_fen is not None and cmd.expected_pay_fen != leg.pay_fen:
            error = ConfirmationError(f"{order.id}: confirmed {cmd.expected_pay_fen} fen, would charge {leg.pay_fen}",
                                      user_message=f"金额有变化（现在需付{money.format_fen(leg.pay_fen)}），"
                                                   "没有扣款，回复“确认”按新金额支付")
            error.actual_fen = leg.pay_fen
            raise error
        _charge(order, leg, uow, now, payment_key=key)
        uow.commit()
    return order


def _expire(order: orders.Order, uow: UnitOfWork, now: datetime) -> None:
    order.move(orders.OrderStatus.CANCELLED, at=now, reason="超时未支付，自动取消", actor="system")
    uow.stock.release_order(order.id)
    uow.orders.save(order)
    uow.commit()


def _charge(order: orders.Order, leg: Leg, uow: UnitOfWork, now: datetime, *, payment_key: str) -> orders.Order:
    if order.status is not orders.OrderStatus.HELD or order.hold_expired(now):
        raise HoldExpiredError(f"order {order.id} is {order.status.value}, hold until {order.hold_expires_at}")
    if leg.card_id is not None:
        card = uow.cards.get(leg.card_id)
        if not card.usable(now) or not uow.cards.use(card.id, order_id=order.id):
            raise ConfirmationError(f"card {card.id} of order {order.id} is no longer usable")
        order.card_id = card.id
    txn = payments.payment(order_id=order.id, user_id=order.user_id, merchant_id=order.merchant_id,
                           total_fen=order.total_fen, discount_fen=leg.discount_fen)
    order.discount_fen = leg.discount_fen
    order.paid_fen = order.total_fen - leg.discount_fen
    order.move(orders.OrderStatus.PAID, at=now, reason="钱包支付", actor=order.user_id)
    order.details["paid_at"] = now.isoformat()
    # The ledger move, the payment row and the order's new state: all or nothing (InsufficientBalanceError, nothing
    # written, when the wallet cannot pay; the caller's unit of work is then undone, the card use with it).
    uow.orders.save_paid(order, txn, payment_key=payment_key, at=now)
    return order


def settle_suppliers(order_ids: Sequence[str], *, suppliers: SupplierRoutes, links: SupplierOrders,
                     uow: UnitOfWorkFactory, clock: Clock) -> dict[str, supplying.Settled]:
    """After the transaction that paid, released or refunded these orders committed: confirm or cancel them at
    their suppliers (no transaction is open during the calls); what each did, for the reply."""
    return {order_id: supplying.settle(order_id, routes=suppliers, uow=uow, links=links, clock=clock)
            for order_id in dict.fromkeys(order_ids)}


def release(user_id: str, plan_id: str, positions: Sequence[int] | None = None, *, uow: UnitOfWork,
            clock: Clock) -> Released:
    """Cancel the held orders of some legs (all when ``positions`` is None); a paid plan is left as it is."""
    now = clock.now()
    with uow:
        plan = _plan_of(uow, user_id, plan_id, lock=True)
        if plan.status is PlanStatus.PAID:
            return Released((), paid=True)
        chosen = [leg.position for leg in plan.legs] if positions is None else list(positions)
        cancelled = _cancel_legs(uow, plan, chosen, now)
        if positions is None:
            plan.status = PlanStatus.RELEASED
        uow.plans.save(plan, at=now)
        uow.commit()
    return Released(tuple(cancelled), paid=False)


def _cancel_legs(uow: UnitOfWork, plan: Plan, positions: Sequence[int], now: datetime) -> list[str]:
    cancelled = []
    for position in positions:
        leg = plan.drop(position)
        if leg is None:
            continue
        order = uow.orders.get(leg.order_id, lock=True)
        if order.status is orders.OrderStatus.HELD:
            order.move(orders.OrderStatus.CANCELLED, at=now, reason="用户改变主意", actor=plan.user_id)
            uow.stock.release_order(order.id)
            uow.orders.save(order)
            cancelled.append(order.id)
    return cancelled


def _require_room(uow: UnitOfWork, user_id: str, key: str, now: datetime, *,
                  max_open_holds: int) -> list[orders.Order]:
    """At most ``max_open_holds`` unpaid orders per user (a retry of a hold already placed still passes);
    the user's open holds, counted under the user's row lock (held until the transaction ends)."""
    uow.users.lock(user_id)      # concurrent holds of one person are counted one after another
    held = ordering.open_holds(user_id, uow=uow, now=now)
    if len(held) >= max_open_holds and uow.orders.by_idempotency_key(user_id, key) is None:
        raise ConflictError(f"{user_id} already holds {len(held)} unpaid orders",
                            user_message=f"你还有{len(held)}个订单没有支付，请先支付或取消后再下新单")
    return held


def _require_affordable(uow: UnitOfWork, plan: Plan, now: datetime, *,
                        held: Sequence[orders.Order] | None = None) -> None:
    """The balance rule for holds: the legs of one plan are always allowed (the person may top up to pay
    it, as the confirm card says); while other orders are held too, everything held must be payable from
    the wallet: this plan's amount to pay (after its cards) plus the full totals of the other held orders,
    unless a saved bank card can top up. Without it a person with ¥0 could hold a whole cinema. ``held``: the
    user's open holds as counted under the user's lock in this transaction (``_require_room``); the orders
    of the plan itself are left out either way."""
    in_plan = {leg.order_id for leg in plan.legs}
    if held is None:
        held = ordering.open_holds(plan.user_id, uow=uow, now=now)
    others = [o for o in held if o.id not in in_plan]
    if not others or uow.users.get(plan.user_id).payment_token is not None:
        return
    owed = plan.pay_fen + sum(o.total_fen for o in others)
    balance = uow.ledger.balance(payments.wallet_account(plan.user_id))
    if owed > balance:
        raise InsufficientBalanceError(
            f"{plan.user_id} would hold {owed} fen with {balance} in the wallet",
            user_message=f"钱包余额{money.format_fen(balance)}，不够支付你锁定的订单（共{money.format_fen(owed)}），"
                         "没有锁定新的订单。请先支付或取消已有订单，或充值后再试")


def _plan_of(uow: UnitOfWork, user_id: str, plan_id: str, *, lock: bool = False) -> Plan:
    plan = uow.plans.get(plan_id, lock=lock)
    if plan.user_id != user_id:
        raise ForbiddenError(f"{user_id} cannot use plan {plan_id}")
    return plan


def _open(uow: UnitOfWork, user_id: str, plan_id: str) -> Plan:
    plan = _plan_of(uow, user_id, plan_id, lock=True)
    if plan.status is not PlanStatus.OPEN:
        raise ConflictError(f"plan {plan_id} is {plan.status.value}", user_message="这笔订单已经结束，请重新下单")
    return plan
