"""One status label for the list and the detail, the stepper, where the rider is in words, and 申请退款 offered
exactly where the refund service would refund (SQLite and PostgreSQL, the sandbox gateway funding the wallet)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bangwo import views
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.domain import commands, payments, places, policies
from bangwo.domain.clocks import FixedClock
from bangwo.domain.errors import BangwoError, IllegalTransitionError, NotRefundableError
from bangwo.domain.offers import Offer
from bangwo.domain.orders import Order, OrderStatus
from bangwo.services import checkout, fulfilling, ordering, paying, refunding, registering
from tests import builders

SHOP = (30.2730, 120.1453)
DOOR = (30.2799, 120.1376)


@pytest.fixture
def funded(uow: SqlUnitOfWorkFactory, clock: FixedClock) -> SqlUnitOfWorkFactory:
    registering.register_user(builders.user("alice"), uow=uow(), clock=clock, campaign_id=None)
    paying.top_up(commands.TopUp("alice", 1_000_000, "tok", "t"), uow=uow(), clock=clock, gateway=SandboxGateway())
    return uow


def tea() -> Offer:
    offer = builders.tea_offer()
    return Offer(**{**offer.__dict__, "details": {**offer.details, "shop_point": list(SHOP),
                                                  "address_point": list(DOOR)}})


def paid(uow: SqlUnitOfWorkFactory, clock: FixedClock, offer: Offer, key: str = "k") -> str:
    order = ordering.place_order(commands.PlaceOrder("alice", offer, key), uow=uow(), clock=clock)
    return checkout.pay_order(commands.PayOrder("alice", order.id, f"pay-{key}"), uow=uow(), clock=clock).id


def stored(uow: SqlUnitOfWorkFactory, order_id: str) -> Order:
    with uow() as u:
        return u.orders.get(order_id)


def wallet(uow: SqlUnitOfWorkFactory) -> int:
    with uow() as u:
        return u.ledger.balance(payments.wallet_account("alice"))


def test_the_list_and_the_detail_say_the_same_status_as_the_order_moves(funded: SqlUnitOfWorkFactory,
                                                                        clock: FixedClock) -> None:
    order_id = paid(funded, clock, tea())
    seen = []
    for minutes in (1, 18, 29, 90):
        clock.moment = builders.NOW + timedelta(minutes=minutes)
        listed = stored(funded, order_id)                      # the list reads the row as it is
        detail = fulfilling.advance_order(order_id, uow=funded(), clock=clock)   # the detail advances it
        assert views.status_zh(listed, clock.now()) == views.status_zh(detail, clock.now())
        assert views.order_view(listed, clock.now())["status_zh"] == views.order_view(detail, clock.now())["status_zh"]
        view = views.order_view(detail, clock.now())
        seen.append((view["status_zh"], [s["state"] for s in view["steps"]]))
    assert seen == [("商家制作中", ["done", "current", "todo", "todo"]),
                    ("骑手配送中", ["done", "done", "current", "todo"]),
                    ("已送达", ["done", "done", "done", "done"]),
                    ("已完成", ["done", "done", "done", "done"])]


def test_the_rider_is_told_in_distance_and_minutes_never_in_coordinates(funded: SqlUnitOfWorkFactory,
                                                                        clock: FixedClock) -> None:
    order_id = paid(funded, clock, tea())
    clock.moment = builders.NOW + timedelta(minutes=1)
    preparing = views.order_view(fulfilling.advance_order(order_id, uow=funded(), clock=clock), clock.now())
    shop_m = places.distance_m(*SHOP, *DOOR)
    assert preparing["tracking"]["rider"] is None and preparing["tracking"]["shop_to_you_m"] == shop_m
    assert preparing["tracking"]["text"] == f"商家距你 {shop_m / 1000:.1f} 公里，预计 27 分钟送达"
    assert preparing["countdown"] == {"seconds": 27 * 60, "label": "预计送达"}

    clock.moment = builders.NOW + timedelta(minutes=18)         # halfway between prep (8) and the ETA (28)
    delivering = views.order_view(fulfilling.advance_order(order_id, uow=funded(), clock=clock), clock.now())
    rider = delivering["tracking"]["rider"]
    halfway = ((SHOP[0] + DOOR[0]) / 2, (SHOP[1] + DOOR[1]) / 2)
    assert (rider["lat"], rider["lng"]) == pytest.approx(halfway, abs=1e-6)
    away = places.distance_m(*halfway, *DOOR)
    assert delivering["tracking"]["rider_to_you_m"] == away and away < shop_m
    assert delivering["tracking"]["text"] == f"骑手距你 {away} 米，约 10 分钟"
    assert delivering["countdown"]["seconds"] == 10 * 60
    assert delivering["seats"] == []                             # takeout: no seat line at all

    clock.moment = builders.NOW + timedelta(minutes=29)
    delivered = views.order_view(fulfilling.advance_order(order_id, uow=funded(), clock=clock), clock.now())
    assert delivered["tracking"]["text"] == "已送达" and delivered["countdown"] is None


def test_refund_is_offered_exactly_where_the_refund_service_refunds(funded: SqlUnitOfWorkFactory,
                                                                    clock: FixedClock) -> None:
    soon = builders.NOW + timedelta(minutes=30)
    cases = {
        "takeout": paid(funded, clock, tea(), "tea"),
        "movie_later": paid(funded, clock, builders.movie_offer(), "m1"),
        "movie_soon": paid(funded, clock, builders.movie_offer(starts_at=soon, show="show:c1:1:2026-02-06:1230",
                                                              seats=("3排1座",)), "m2"),
        "train_3_days": paid(funded, clock, builders.train_offer(starts_at=builders.NOW + timedelta(days=3)), "t1"),
        "train_10_hours": paid(funded, clock, builders.train_offer(starts_at=builders.NOW + timedelta(hours=10)),
                               "t2"),
    }
    clock.advance(timedelta(minutes=2))
    quotes = {}
    for name, order_id in cases.items():
        order = fulfilling.advance_order(order_id, uow=funded(), clock=clock)
        quotes[name] = views.order_view(order, clock.now())["refund"]
    assert quotes["takeout"] == {"allowed": False, "fee_fen": 0,
                                 "reason": "按退改规则不能退款：" + policies.TAKEOUT.summary_zh}
    assert quotes["movie_later"] == {"allowed": True, "fee_fen": 0, "reason": "可以全额退款"}
    assert quotes["movie_soon"]["allowed"] is False
    train_paid = stored(funded, cases["train_3_days"]).paid_fen
    assert quotes["train_3_days"] == {"allowed": True, "fee_fen": train_paid * 500 // 10_000,
                                      "reason": f"可以退款，按退改规则扣手续费{train_paid * 5 // 100 / 100:.2f}元"}
    assert quotes["train_10_hours"]["fee_fen"] == train_paid * 2000 // 10_000

    for name, order_id in cases.items():
        before = wallet(funded)
        order = stored(funded, order_id)
        if quotes[name]["allowed"]:
            done = refunding.refund_order(commands.RefundOrder("alice", order_id, "r"), uow=funded(), clock=clock)
            assert done.details["refund_fee_fen"] == quotes[name]["fee_fen"]
            assert wallet(funded) == before + order.paid_fen - quotes[name]["fee_fen"]
        else:
            with pytest.raises(NotRefundableError):
                refunding.refund_order(commands.RefundOrder("alice", order_id, "r"), uow=funded(), clock=clock)
            assert wallet(funded) == before and stored(funded, order_id).status is order.status


def test_held_refunded_and_completed_orders_offer_no_refund_and_say_why(funded: SqlUnitOfWorkFactory,
                                                                       clock: FixedClock) -> None:
    held = ordering.place_order(commands.PlaceOrder("alice", tea(), "held"), uow=funded(), clock=clock)
    refunded_id = paid(funded, clock, builders.movie_offer(), "m")
    refunding.refund_order(commands.RefundOrder("alice", refunded_id, "r"), uow=funded(), clock=clock)
    done_id = paid(funded, clock, tea(), "done")
    clock.advance(timedelta(hours=3))
    done = fulfilling.advance_order(done_id, uow=funded(), clock=clock)
    assert done.status is OrderStatus.COMPLETED
    refunded = stored(funded, refunded_id)
    assert views.refund_json(held, clock.now()) == {"allowed": False, "fee_fen": 0,
                                                    "reason": "订单还没支付，不用退款，可以直接取消"}
    assert views.refund_json(refunded, clock.now())["reason"] == "这笔订单已经退款了"
    assert views.refund_json(done, clock.now())["reason"] == "订单已完成，不能再退款"
    assert views.order_view(held, clock.now())["steps"] == [] and views.order_view(refunded, clock.now())["steps"] == []
    before = wallet(funded)
    with pytest.raises((NotRefundableError, IllegalTransitionError)):
        refunding.refund_order(commands.RefundOrder("alice", done_id, "r"), uow=funded(), clock=clock)
    assert wallet(funded) == before


def test_a_refund_refused_by_the_route_names_the_policy_in_chinese(funded: SqlUnitOfWorkFactory,
                                                                   clock: FixedClock) -> None:
    from bangwo.api.routes.user_orders import refuse_unless_refundable

    order_id = paid(funded, clock, tea())
    clock.advance(timedelta(minutes=1))
    order = fulfilling.advance_order(order_id, uow=funded(), clock=clock)
    with pytest.raises(BangwoError) as refused:
        refuse_unless_refundable(order, now=clock.now())
    assert refused.value.user_message == "按退改规则不能退款：商家开始制作后不可退；制作前可全额退款"
