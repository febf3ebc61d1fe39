"""Changing the seats of a held cinema order (services/seats.py through checkout.reseat), on SQLite and PostgreSQL:
one transaction swaps the seat claims, the checkout prices the new seats, the old consent pays nothing, a retry
with the same key changes nothing more, and sold seats are refused with the nearest free ones."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from bangwo import bootstrap as boot
from bangwo.adapters.db import reporting, seatmaps, tables
from bangwo.config import Settings
from bangwo.domain import commands, seating
from bangwo.domain.clocks import FixedClock
from bangwo.domain.domains import Domain
from bangwo.domain.errors import (
    ConfirmationError,
    ConflictError,
    IdempotencyConflictError,
    InvalidRequestError,
)
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.orders import OrderStatus
from bangwo.domain.users import User
from bangwo.services import checkout, paying, quoting, registering, seats
from tests.builders import NOW
from tests.conftest import fresh_schema

SECRET = b"seat-test-secret"
_people = itertools.count()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[boot.App]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('seats') / 'bangwo.db'}"
    else:
        url = fresh_schema(request.getfixturevalue("pg_engine"), "seat_changes")
    application = boot.bootstrap(Settings(database_url=url), clock=FixedClock(NOW))
    boot.seed_catalog(application)
    yield application
    application.close()


@pytest.fixture(scope="module")
def showings(app: boot.App) -> list[Listing]:
    query = SearchQuery(Domain.MOVIE, city="杭州", on=date(2026, 2, 7), limit=20)
    return quoting.search(query, catalog=app.catalog, uow=app.uow(), clock=app.clock)


def person(app: boot.App) -> str:
    user_id = f"seat{next(_people)}"
    registering.register_user(User(id=user_id, name=user_id, phone="13800000000", home_city="杭州"),
                              uow=app.uow(), clock=app.clock, campaign_id=None)
    paying.top_up(commands.TopUp(user_id, 100_000, "tok", f"fund:{user_id}"), uow=app.uow(), clock=app.clock,
                  gateway=app.gateway)
    return user_id


def hold(app: boot.App, user_id: str, ref: str, codes: list[str]) -> checkout.Held:
    offer = quoting.quote(QuoteRequest(Domain.MOVIE, ref, len(codes), {"seats": codes}), catalog=app.catalog,
                          clock=app.clock)
    plan = checkout.open_plan(user_id, uow=app.uow(), clock=app.clock)
    return checkout.hold(user_id, plan.id, 0, offer, key=f"hold:{user_id}:{ref}", hold_minutes=15, uow=app.uow(),
                         clock=app.clock)


def change(app: boot.App, held: checkout.Held, codes: tuple[str, ...] = (), *, key: str,
           preference: str | None = None) -> seats.Reseated:
    return seats.change_seats(held.plan.user_id, held.plan.id, held.order.id,
                              seating.SeatWish(codes=codes, preference=preference), key=key, catalog=app.catalog,
                              uow=app.uow(), clock=app.clock)


def taken(app: boot.App, ref: str) -> set[str]:
    with app.uow() as uow:
        return uow.stock.taken_seats(ref)


def order_count(app: boot.App, user_id: str) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.orders)
                                .where(tables.orders.c.user_id == user_id)).scalar_one())


def payment_count(app: boot.App) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.payments)).scalar_one())


def test_changing_seats_releases_the_old_claims_and_holds_the_new_in_one_order(
        app: boot.App, showings: list[Listing]) -> None:
    ref = showings[0].ref
    alice = person(app)
    held = hold(app, alice, ref, ["5排5座", "5排6座"])
    done = change(app, held, ("6排3座", "6排4座"), key="k1")
    assert done.before == ("5排5座", "5排6座") and done.after == ("6排3座", "6排4座")
    assert done.held is not None and done.held.order.id != held.order.id
    assert taken(app, ref) == {"6排3座", "6排4座"}
    with app.uow() as uow:
        old, new = uow.orders.get(held.order.id), uow.orders.get(done.held.order.id)
        plan = uow.plans.get(held.plan.id)
    assert old.status is OrderStatus.CANCELLED
    assert reporting.order_timeline(app.engine, old.id)[-1]["reason"] == "更换座位"
    assert new.status is OrderStatus.HELD and seats.seats_of(new) == ("6排3座", "6排4座")
    assert [leg.order_id for leg in plan.legs] == [new.id]
    assert new.total_fen == held.order.total_fen             # standard seats: the same price
    assert new.hold_expires_at == held.order.hold_expires_at  # a new seat never extends the hold


def test_a_seat_someone_holds_is_refused_with_the_nearest_free_and_nothing_changes(
        app: boot.App, showings: list[Listing]) -> None:
    ref = showings[1].ref
    alice, bob = person(app), person(app)
    held = hold(app, alice, ref, ["4排1座", "4排2座"])
    hold(app, bob, ref, ["7排5座", "7排6座"])
    with pytest.raises(seats.SeatsUnavailableError) as refused:
        change(app, held, ("7排6座", "7排7座"), key="k2")
    assert refused.value.user_message.startswith("7排6座已经有人了，附近还空着：7排7-8座")
    assert refused.value.alternatives[0] == ("7排7座", "7排8座")
    assert all("7排6座" not in block for block in refused.value.alternatives)
    assert taken(app, ref) == {"4排1座", "4排2座", "7排5座", "7排6座"}
    assert order_count(app, alice) == 1
    with app.uow() as uow:
        assert uow.orders.get(held.order.id).status is OrderStatus.HELD
        assert [leg.order_id for leg in uow.plans.get(held.plan.id).legs] == [held.order.id]


def test_a_sold_seat_is_shown_sold_and_refused(app: boot.App, showings: list[Listing]) -> None:
    ref = showings[2].ref
    alice, bob = person(app), person(app)
    sold = hold(app, bob, ref, ["3排3座"])
    _, consent = checkout.consent(bob, sold.plan.id, uow=app.uow(), clock=app.clock, secret=SECRET)
    checkout.pay(bob, sold.plan.id, consent, key="bob-pay", uow=app.uow(), clock=app.clock, secret=SECRET)
    held = hold(app, alice, ref, ["3排8座"])
    with app.uow() as uow:
        order = uow.orders.get(held.order.id)
    shown = seats.seat_plan(ref, claims=seatmaps.claims(app.engine, ref), catalog=app.catalog, order=order).to_json()
    states = {s["code"]: s["state"] for row in shown["grid"] for s in row["seats"]}
    assert (states["3排3座"], states["3排8座"], states["3排4座"]) == ("sold", "mine", "free")
    assert shown["screen"] == "front" and shown["grid"][0]["row"] == 1 and shown["mine"] == ["3排8座"]
    with pytest.raises(seats.SeatsUnavailableError, match="3排3座"):
        change(app, held, ("3排3座",), key="k3")
    assert taken(app, ref) == {"3排3座", "3排8座"}


def test_the_old_consent_pays_nothing_after_a_seat_change_and_the_new_one_pays_those_seats(
        app: boot.App, showings: list[Listing]) -> None:
    ref = showings[3].ref
    alice = person(app)
    held = hold(app, alice, ref, ["6排6座", "6排7座"])
    _, before = checkout.consent(alice, held.plan.id, uow=app.uow(), clock=app.clock, secret=SECRET)
    done = change(app, held, ("8排1座", "8排2座"), key="k4")
    assert done.held is not None
    payments_before = payment_count(app)
    with pytest.raises(ConfirmationError):
        checkout.pay(alice, held.plan.id, before, key="old-card", uow=app.uow(), clock=app.clock, secret=SECRET)
    assert payment_count(app) == payments_before
    _, after = checkout.consent(alice, held.plan.id, uow=app.uow(), clock=app.clock, secret=SECRET)
    assert after.token != before.token
    paid = checkout.pay(alice, held.plan.id, after, key="new-card", uow=app.uow(), clock=app.clock, secret=SECRET)
    assert [seats.seats_of(o) for o in paid] == [("8排1座", "8排2座")]
    assert [o.id for o in paid] == [done.held.order.id] and paid[0].status is OrderStatus.PAID
    assert seatmaps.claims(app.engine, ref) == {"8排1座": OrderStatus.PAID, "8排2座": OrderStatus.PAID}


def test_the_same_key_changes_seats_once_and_refuses_other_seats(app: boot.App, showings: list[Listing]) -> None:
    ref = showings[4].ref
    alice = person(app)
    held = hold(app, alice, ref, ["2排2座"])
    first = change(app, held, ("2排9座",), key="k5")
    again = change(app, held, ("2排9座",), key="k5")   # the retry names the order it first replaced
    assert first.held is not None and again.held is not None
    assert again.held.order.id == first.held.order.id
    assert order_count(app, alice) == 2 and taken(app, ref) == {"2排9座"}
    with pytest.raises(IdempotencyConflictError):
        change(app, held, ("2排10座",), key="k5")
    assert taken(app, ref) == {"2排9座"}


def test_couple_seats_come_in_pairs_and_cost_the_surcharge(app: boot.App, showings: list[Listing]) -> None:
    showing = next(s for s in showings if s.attrs["couple_rows"])
    ref, row = showing.ref, showing.attrs["couple_rows"][0]
    alice = person(app)
    held = hold(app, alice, ref, ["1排1座", "1排2座"])
    with pytest.raises(InvalidRequestError) as split:
        change(app, held, (f"{row}排2座", f"{row}排3座"), key="k6")
    assert split.value.user_message == f"{row}排2座是情侣座，需要和{row}排1座一起购买"
    with pytest.raises(InvalidRequestError) as short:
        change(app, held, ("2排1座",), key="k7")
    assert short.value.user_message == "你买了2张票，请选2个座位（刚才选了1个）"
    assert taken(app, ref) == {"1排1座", "1排2座"}
    done = change(app, held, key="k8", preference="couple")
    assert done.couple and done.held is not None
    assert all(code.startswith(f"{row}排") for code in done.after)
    assert done.held.order.total_fen == held.order.total_fen + 2 * seating.COUPLE_SURCHARGE_FEN
    assert done.held.leg.total_fen == done.held.order.total_fen


def test_two_people_racing_for_the_same_seats_one_gets_them(app: boot.App, showings: list[Listing]) -> None:
    ref = showings[5].ref
    alice, bob = person(app), person(app)
    holds = {alice: hold(app, alice, ref, ["1排1座", "1排2座"]), bob: hold(app, bob, ref, ["2排1座", "2排2座"])}
    outcomes: dict[str, str] = {}
    start = threading.Barrier(2)

    def race(user_id: str) -> None:
        start.wait()
        try:
            change(app, holds[user_id], ("9排5座", "9排6座"), key=f"race:{user_id}")
            outcomes[user_id] = "moved"
        except seats.SeatsUnavailableError:
            outcomes[user_id] = "refused"

    threads = [threading.Thread(target=race, args=(u,)) for u in holds]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["moved", "refused"]
    winner = next(u for u, o in outcomes.items() if o == "moved")
    loser_seats = {"1排1座", "1排2座"} if winner == bob else {"2排1座", "2排2座"}
    assert taken(app, ref) == {"9排5座", "9排6座"} | loser_seats
    assert order_count(app, alice) + order_count(app, bob) == 3


def test_a_paid_order_cannot_change_seats(app: boot.App, showings: list[Listing]) -> None:
    ref = showings[6].ref
    alice = person(app)
    held = hold(app, alice, ref, ["5排1座"])
    _, consent = checkout.consent(alice, held.plan.id, uow=app.uow(), clock=app.clock, secret=SECRET)
    checkout.pay(alice, held.plan.id, consent, key="pay", uow=app.uow(), clock=app.clock, secret=SECRET)
    with pytest.raises(ConflictError, match="is paid"):
        change(app, held, ("5排2座",), key="k9")
    assert taken(app, ref) == {"5排1座"}
