"""Quote -> hold -> order -> pay -> refund through the real unit of work, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.domain import commands, payments
from bangwo.domain.cards import Campaign
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import (
    AlreadyPaidError,
    ConfirmationError,
    ForbiddenError,
    HoldExpiredError,
    IdempotencyConflictError,
    InsufficientBalanceError,
    InvalidRequestError,
    NotFoundError,
    NotRefundableError,
    OutOfStockError,
    PaymentDeclinedError,
    SeatTakenError,
)
from bangwo.domain.orders import OrderStatus
from bangwo.services import carding, checkout, ordering, paying, refunding, registering
from tests import builders

CAMPAIGN = "spring"


@pytest.fixture
def world(uow: SqlUnitOfWorkFactory, clock: FixedClock) -> SqlUnitOfWorkFactory:
    with uow() as u:
        u.cards.add_campaign(Campaign(id=CAMPAIGN, name="免单卡", starts_at=builders.NOW - timedelta(days=30),
                                      ends_at=builders.NOW + timedelta(days=30)))
        u.commit()
    for name in ("alice", "bob"):
        registering.register_user(builders.user(name), uow=uow(), clock=clock, campaign_id=CAMPAIGN)
        paying.top_up(commands.TopUp(name, 100_000, "tok", f"topup-{name}"), uow=uow(), clock=clock,
                      gateway=SandboxGateway())
    return uow


def balance(uow: SqlUnitOfWorkFactory, account: str) -> int:
    with uow() as u:
        return u.ledger.balance(account)


def snapshot(uow: SqlUnitOfWorkFactory) -> tuple[dict[str, int], int, int, int]:
    with uow() as u:
        conn = u.connection
        orders_n = conn.exec_driver_sql("select count(*) from orders").scalar_one()
        reserved = conn.exec_driver_sql("select coalesce(sum(reserved),0) from stock_units").scalar_one()
        used = conn.exec_driver_sql("select count(*) from cards where used_order_id is not null").scalar_one()
        return u.ledger.balances(), int(orders_n), int(reserved), int(used)


def place(uow: SqlUnitOfWorkFactory, clock: FixedClock, offer=None, *, user: str = "alice", key: str = "k1"):  # type: ignore[no-untyped-def]
    return ordering.place_order(commands.PlaceOrder(user, offer or builders.tea_offer(), key), uow=uow(), clock=clock)


def pay(uow: SqlUnitOfWorkFactory, clock: FixedClock, order_id: str, *, user: str = "alice", key: str = "p1"):  # type: ignore[no-untyped-def]
    return checkout.pay_order(commands.PayOrder(user, order_id, key), uow=uow(), clock=clock)


def test_milk_tea_paid_one_fen_with_free_order_card(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = pay(world, clock, place(world, clock).id)
    assert (order.status, order.total_fen, order.discount_fen, order.paid_fen) == (OrderStatus.PAID, 1800, 1799, 1)
    assert order.card_id is not None
    assert balance(world, "wallet:alice") == 100_000 - 1
    assert balance(world, payments.PLATFORM_SUBSIDY) == -1799
    assert balance(world, "merchant:shop-1") == 1800
    with world() as u:
        assert sum(u.ledger.balances().values()) == 0
        assert [c.used_order_id for c in u.cards.cards_of("alice")] == [order.id]


def test_second_order_pays_full_price_when_cards_are_used_up(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    pay(world, clock, place(world, clock).id)
    second = pay(world, clock, place(world, clock, key="k2").id, key="p2")
    assert (second.discount_fen, second.paid_fen, second.card_id) == (0, 1800, None)


def test_same_key_returns_same_order_and_holds_stock_once(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    first = place(world, clock)
    again = place(world, clock)
    assert again.id == first.id
    assert snapshot(world)[1:3] == (1, 1)


def test_same_key_for_a_different_offer_is_rejected(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    place(world, clock)
    with pytest.raises(IdempotencyConflictError):
        place(world, clock, builders.tea_offer(quantity=2))
    assert snapshot(world)[1:3] == (1, 1)


def test_paying_again_with_the_same_key_charges_once(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = place(world, clock, builders.tea_offer(price_fen=5000))
    first = pay(world, clock, order.id)
    second = pay(world, clock, order.id)
    assert (first.id, first.paid_fen) == (second.id, second.paid_fen) == (order.id, 5200 - 2500)
    assert balance(world, "wallet:alice") == 100_000 - 2700


def test_paying_twice_with_another_key_is_refused_and_changes_nothing(world: SqlUnitOfWorkFactory,
                                                                      clock: FixedClock) -> None:
    order = place(world, clock)
    pay(world, clock, order.id)
    before = snapshot(world)
    with pytest.raises(AlreadyPaidError):
        pay(world, clock, order.id, key="p-other")
    assert snapshot(world) == before


def test_payment_keys_of_two_users_never_collide(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    pay(world, clock, place(world, clock, builders.tea_offer(price_fen=5000)).id, key="pay-1")
    theirs = place(world, clock, builders.tea_offer(price_fen=3000), user="bob", key="k1")
    paid = pay(world, clock, theirs.id, user="bob", key="pay-1")
    assert (paid.status, paid.total_fen, paid.discount_fen, paid.paid_fen) == (OrderStatus.PAID, 3200, 2500, 700)
    balances, orders_n, reserved, used = snapshot(world)
    assert (balances["wallet:alice"], balances["wallet:bob"]) == (100_000 - 2700, 100_000 - 700)
    assert (balances["merchant:shop-1"], orders_n, reserved, used) == (5200 + 3200, 2, 2, 2)


def test_paying_someone_elses_order_is_forbidden(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = place(world, clock)
    before = snapshot(world)
    with pytest.raises(ForbiddenError):
        pay(world, clock, order.id, user="bob")
    assert snapshot(world) == before


def test_unknown_ids_are_rejected(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    with pytest.raises(NotFoundError):
        pay(world, clock, "BW-nope")
    with pytest.raises(NotFoundError):
        place(world, clock, user="nobody")
    assert snapshot(world)[1] == 0


@pytest.mark.parametrize("quantity", [0, -3])
def test_non_positive_quantities_are_rejected(quantity: int) -> None:
    with pytest.raises(InvalidRequestError) as err:
        builders.tea_offer(quantity=quantity)
    assert err.value.user_message == "数量至少为1"


def test_huge_quantity_is_out_of_stock_and_nothing_is_held(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    with pytest.raises(OutOfStockError) as err:
        place(world, clock, builders.tea_offer(quantity=10**9))
    assert "库存不足" in err.value.user_message
    assert snapshot(world)[1:3] == (0, 0)


def test_expired_hold_cannot_be_paid_and_releases_stock(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = place(world, clock)
    clock.advance(timedelta(minutes=16))
    with pytest.raises(HoldExpiredError):
        pay(world, clock, order.id)
    with world() as u:
        assert u.orders.get(order.id).status is OrderStatus.CANCELLED
    balances, _, reserved, used = snapshot(world)
    assert (reserved, used, balances["wallet:alice"]) == (0, 0, 100_000)


def test_expire_holds_sweeps_only_expired_orders(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    old = place(world, clock)
    clock.advance(timedelta(minutes=10))
    fresh = place(world, clock, key="k2")
    clock.advance(timedelta(minutes=6))
    assert ordering.expire_holds(uow=world(), clock=clock) == 1
    with world() as u:
        assert (u.orders.get(old.id).status, u.orders.get(fresh.id).status) == (OrderStatus.CANCELLED,
                                                                               OrderStatus.HELD)


def test_insufficient_balance_changes_nothing(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = place(world, clock, builders.tea_offer(price_fen=200_000))
    before = snapshot(world)
    with pytest.raises(InsufficientBalanceError):
        pay(world, clock, order.id)
    assert snapshot(world) == before
    with world() as u:
        assert u.orders.get(order.id).status is OrderStatus.HELD


def test_declined_top_up_adds_nothing(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    with pytest.raises(PaymentDeclinedError):
        paying.top_up(commands.TopUp("alice", 5000, "DECLINE", "t-decline"), uow=world(), clock=clock,
                      gateway=SandboxGateway())
    assert balance(world, "wallet:alice") == 100_000


def test_refund_returns_money_and_card(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = pay(world, clock, place(world, clock, builders.tea_offer(price_fen=5000)).id)
    refunded = refunding.refund_order(commands.RefundOrder("alice", order.id, "r1"), uow=world(), clock=clock)
    assert (refunded.status, refunded.refunded_fen, refunded.details["card_returned"]) == (
        OrderStatus.REFUNDED, 2700, True)
    balances, _, reserved, used = snapshot(world)
    assert balances["wallet:alice"] == 100_000 and balances[payments.PLATFORM_SUBSIDY] == 0
    assert balances["merchant:shop-1"] == 0 and (reserved, used) == (0, 0)
    again = refunding.refund_order(commands.RefundOrder("alice", order.id, "r1"), uow=world(), clock=clock)
    assert again.refunded_fen == 2700 and balance(world, "wallet:alice") == 100_000


def test_refund_after_card_expiry_keeps_the_card_used(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = pay(world, clock, place(world, clock, builders.movie_offer(starts_at=builders.NOW + timedelta(days=60))).id)
    clock.advance(timedelta(days=31))
    refunded = refunding.refund_order(commands.RefundOrder("alice", order.id, "r1"), uow=world(), clock=clock)
    assert refunded.details["card_returned"] is False
    assert balance(world, "wallet:alice") == 100_000 - 9000 + 2500 + (9000 - 2500)
    with world() as u:
        assert u.cards.get(order.card_id or "").used_order_id == order.id
        assert sum(u.ledger.balances().values()) == 0


def test_cinema_refund_closes_one_hour_before_the_show(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    show = builders.NOW + timedelta(hours=2)
    order = pay(world, clock, place(world, clock, builders.movie_offer(starts_at=show)).id)
    clock.advance(timedelta(hours=1, minutes=30))
    before = snapshot(world)
    with pytest.raises(NotRefundableError) as err:
        refunding.refund_order(commands.RefundOrder("alice", order.id, "r1"), uow=world(), clock=clock)
    assert "开场前1小时" in err.value.user_message
    assert snapshot(world) == before


def test_rail_refund_keeps_the_fare_rule_fee(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = pay(world, clock, place(world, clock, builders.train_offer(starts_at=builders.NOW + timedelta(hours=30))).id)
    refunded = refunding.refund_order(commands.RefundOrder("alice", order.id, "r1"), uow=world(), clock=clock)
    paid = 57_800 - 2500
    assert refunded.refunded_fen == paid - paid * 1000 // 10_000


def test_a_taken_seat_cannot_be_held_again(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    place(world, clock, builders.movie_offer(seats=("12排7座", "12排8座")))
    with pytest.raises(SeatTakenError):
        place(world, clock, builders.movie_offer(seats=("12排8座", "12排9座")), user="bob", key="b1")
    with world() as u:
        assert u.stock.taken_seats("show:c1:1:2026-02-17:2000") == {"12排7座", "12排8座"}
    assert snapshot(world)[1] == 1


def test_refunded_seats_are_sold_again(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = pay(world, clock, place(world, clock, builders.movie_offer()).id)
    refunding.refund_order(commands.RefundOrder("alice", order.id, "r1"), uow=world(), clock=clock)
    again = place(world, clock, builders.movie_offer(), user="bob", key="b1")
    assert again.status is OrderStatus.HELD


def test_cancel_releases_holds_and_is_repeatable(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = place(world, clock)
    for _ in range(2):
        cancelled = ordering.cancel_order(commands.CancelOrder("alice", order.id), uow=world(), clock=clock)
        assert cancelled.status is OrderStatus.CANCELLED
    assert snapshot(world)[2] == 0


def test_every_change_is_recorded_as_an_event(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    order = pay(world, clock, place(world, clock, builders.tea_offer(price_fen=5000)).id)
    refunding.refund_order(commands.RefundOrder("alice", order.id, "r1"), uow=world(), clock=clock)
    with world() as u:
        history = u.orders.history(order.id)
    assert [(e.from_status, e.to_status, e.actor) for e in history] == [
        (None, OrderStatus.HELD, "alice"), (OrderStatus.HELD, OrderStatus.PAID, "alice"),
        (OrderStatus.PAID, OrderStatus.REFUNDED, "alice")]


def test_invite_rewards_the_inviter_once(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    assert len(carding.accept_invite("alice", "bob", CAMPAIGN, uow=world(), clock=clock)) == 1
    assert carding.accept_invite("alice", "bob", CAMPAIGN, uow=world(), clock=clock) == []
    with world() as u:
        assert len(u.cards.cards_of("alice")) == 2


def test_payment_for_another_amount_than_confirmed_changes_nothing(world: SqlUnitOfWorkFactory,
                                                                   clock: FixedClock) -> None:
    order = place(world, clock, builders.tea_offer(price_fen=5000))
    before = snapshot(world)
    with pytest.raises(ConfirmationError) as err:
        checkout.pay_order(commands.PayOrder("alice", order.id, "p1", expected_pay_fen=5200), uow=world(),
                         clock=clock)
    assert "金额有变化" in err.value.user_message
    assert snapshot(world) == before
    paid = checkout.pay_order(commands.PayOrder("alice", order.id, "p2", expected_pay_fen=2700), uow=world(),
                            clock=clock)
    assert paid.paid_fen == 2700


def test_a_plan_is_paid_all_or_nothing_for_exactly_its_consent(world: SqlUnitOfWorkFactory,
                                                                 clock: FixedClock) -> None:
    secret = b"test"
    plan = checkout.open_plan("alice", uow=world(), clock=clock)
    train = checkout.hold("alice", plan.id, 0, builders.train_offer(starts_at=builders.NOW + timedelta(days=3)),
                          key="t", hold_minutes=15, uow=world(), clock=clock)
    hotel = checkout.hold("alice", plan.id, 1, builders.tea_offer(price_fen=60_000), key="h", hold_minutes=15,
                          uow=world(), clock=clock)
    assert train.leg.card_id is not None and hotel.leg.card_id is None       # one card, one leg
    _, consent = checkout.consent("alice", plan.id, uow=world(), clock=clock, secret=secret)
    before = snapshot(world)
    with pytest.raises(InsufficientBalanceError):
        checkout.pay("alice", plan.id, consent, key="plan", uow=world(), clock=clock, secret=secret)
    assert snapshot(world) == before
    forged = replace(consent, token="0" * 40)
    with pytest.raises(ConfirmationError):
        checkout.pay("alice", plan.id, forged, key="plan", uow=world(), clock=clock, secret=secret)
    paying.top_up(commands.TopUp("alice", 50_000, "tok", "more"), uow=world(), clock=clock, gateway=SandboxGateway())
    paid = checkout.pay("alice", plan.id, consent, key="plan", uow=world(), clock=clock, secret=secret)
    assert [o.status for o in paid] == [OrderStatus.PAID, OrderStatus.PAID]
    assert sum(o.paid_fen for o in paid) == consent.pay_fen == 57_800 + 60_200 - 2500
    again = checkout.pay("alice", plan.id, consent, key="plan", uow=world(), clock=clock, secret=secret)
    assert [o.id for o in again] == [train.order.id, hotel.order.id]
    assert balance(world, "wallet:alice") == 150_000 - (57_800 + 60_200 - 2500)
    released = checkout.release("alice", plan.id, uow=world(), clock=clock)
    assert released.paid and released.cancelled == ()                      # a paid plan is never "cancelled"


def test_refund_keys_of_two_users_never_collide(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    mine = pay(world, clock, place(world, clock, builders.tea_offer(price_fen=5000)).id)
    theirs = pay(world, clock, place(world, clock, builders.tea_offer(price_fen=3000), user="bob", key="k1").id,
                 user="bob", key="p2")
    refunding.refund_order(commands.RefundOrder("alice", mine.id, "refund-1"), uow=world(), clock=clock)
    refunded = refunding.refund_order(commands.RefundOrder("bob", theirs.id, "refund-1"), uow=world(), clock=clock)
    assert (refunded.status, refunded.refunded_fen, refunded.details["card_returned"]) == (
        OrderStatus.REFUNDED, 700, True)
    balances, _, reserved, used = snapshot(world)
    assert (balances["wallet:alice"], balances["wallet:bob"]) == (100_000, 100_000)
    assert (balances["merchant:shop-1"], balances[payments.PLATFORM_SUBSIDY], reserved, used) == (0, 0, 0, 0)


def test_one_refund_key_reused_for_another_order_refunds_that_order(world: SqlUnitOfWorkFactory,
                                                                     clock: FixedClock) -> None:
    first = pay(world, clock, place(world, clock, builders.tea_offer(price_fen=5000)).id)
    second = pay(world, clock, place(world, clock, builders.tea_offer(price_fen=3000), key="k2").id, key="p2")
    refunding.refund_order(commands.RefundOrder("alice", first.id, "r1"), uow=world(), clock=clock)
    refunded = refunding.refund_order(commands.RefundOrder("alice", second.id, "r1"), uow=world(), clock=clock)
    assert (refunded.status, refunded.refunded_fen, refunded.details["card_returned"]) == (
        OrderStatus.REFUNDED, 3200, False)
    with world() as u:
        assert u.orders.get(second.id).status is OrderStatus.REFUNDED
    assert balance(world, "wallet:alice") == 100_000


def test_top_up_keys_of_two_users_never_collide(world: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    gateway = SandboxGateway()
    paying.top_up(commands.TopUp("alice", 1000, "tok", "same-key"), uow=world(), clock=clock, gateway=gateway)
    paying.top_up(commands.TopUp("bob", 2000, "tok", "same-key"), uow=world(), clock=clock, gateway=gateway)
    paying.top_up(commands.TopUp("bob", 2000, "tok", "same-key"), uow=world(), clock=clock, gateway=gateway)
    assert (balance(world, "wallet:alice"), balance(world, "wallet:bob")) == (101_000, 102_000)
    assert sorted(gateway.charges.values()) == [1000, 2000]
