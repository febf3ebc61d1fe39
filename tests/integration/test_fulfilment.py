"""The fulfilment simulator moves paid orders along their timelines as the clock advances."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.domain import commands, fulfilment
from bangwo.domain.clocks import FixedClock
from bangwo.domain.domains import Domain
from bangwo.domain.offers import Offer
from bangwo.domain.orders import Order, OrderStatus
from bangwo.services import checkout, fulfilling, ordering, paying, registering
from tests import builders


@pytest.fixture
def funded(uow: SqlUnitOfWorkFactory, clock: FixedClock) -> SqlUnitOfWorkFactory:
    registering.register_user(builders.user("alice"), uow=uow(), clock=clock, campaign_id=None)
    paying.top_up(commands.TopUp("alice", 1_000_000, "tok", "t"), uow=uow(), clock=clock, gateway=SandboxGateway())
    return uow


def paid(uow: SqlUnitOfWorkFactory, clock: FixedClock, offer: Offer) -> str:
    order = ordering.place_order(commands.PlaceOrder("alice", offer, "k"), uow=uow(), clock=clock)
    return checkout.pay_order(commands.PayOrder("alice", order.id, "p"), uow=uow(), clock=clock).id


def test_takeout_goes_preparing_delivering_delivered_completed(funded: SqlUnitOfWorkFactory,
                                                               clock: FixedClock) -> None:
    offer = builders.tea_offer()
    offer = Offer(**{**offer.__dict__, "details": {**offer.details, "shop_point": [30.0, 120.0],
                                                   "address_point": [30.2, 120.2]}})
    order_id = paid(funded, clock, offer)
    seen = []
    for minutes in (1, 10, 27, 29, 90):
        clock.moment = builders.NOW + timedelta(minutes=minutes)
        order = fulfilling.advance_order(order_id, uow=funded(), clock=clock)
        state = fulfilment.progress(order, clock.now())
        seen.append((order.status, state.phase))
    assert seen == [(OrderStatus.FULFILLING, "preparing"), (OrderStatus.FULFILLING, "delivering"),
                    (OrderStatus.FULFILLING, "delivering"), (OrderStatus.DELIVERED, "delivered"),
                    (OrderStatus.COMPLETED, "completed")]


def test_rider_moves_from_shop_to_address() -> None:
    order = _paid_order({**builders.tea_offer().details, "shop_point": [30.0, 120.0],
                         "address_point": [30.2, 120.2]})
    halfway = fulfilment.progress(order, builders.NOW + timedelta(minutes=8 + 10))
    assert halfway.phase == "delivering" and halfway.courier == (30.1, 120.1)


def _paid_order(details: dict[str, object]) -> Order:
    return Order(id="BW1", user_id="a", domain=Domain.TAKEOUT, merchant_id="m", merchant_name="m", title="t",
                 lines=[], details={**details, "paid_at": builders.NOW.isoformat()}, policy_code="takeout",
                 total_fen=1, status=OrderStatus.PAID, created_at=builders.NOW)


def test_cinema_tickets_are_issued_with_codes_then_completed(funded: SqlUnitOfWorkFactory,
                                                             clock: FixedClock) -> None:
    order_id = paid(funded, clock, builders.movie_offer(starts_at=builders.NOW + timedelta(hours=5)))
    clock.advance(timedelta(minutes=2))
    assert fulfilling.advance_all(uow=funded, clock=clock) == 1
    with funded() as u:
        order = u.orders.get(order_id)
        history = [e.to_status for e in u.orders.history(order_id)]
    assert order.status is OrderStatus.ISSUED and len(order.details["tickets"]) == 2
    assert history == [OrderStatus.HELD, OrderStatus.PAID, OrderStatus.FULFILLING, OrderStatus.ISSUED]
    clock.advance(timedelta(hours=8))
    assert fulfilling.advance_order(order_id, uow=funded(), clock=clock).status is OrderStatus.COMPLETED
    assert fulfilling.advance_all(uow=funded, clock=clock) == 0
