"""A live order through the reference supplier (examples/supplier/) on a loopback port: quote, hold, confirm,
cancel over HTTP, and its Standard Webhooks moving the order in our real API server: accepted, refused, replayed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bangwo import bootstrap
from bangwo.adapters.db import tables
from bangwo.adapters.suppliers import webhooks
from bangwo.adapters.suppliers.http import HttpSupplier
from bangwo.domain import commands, orders, users
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.domains import Domain
from bangwo.domain.errors import ConflictError, OutOfStockError, UnauthenticatedError
from bangwo.domain.listings import Address, GeoPoint, QuoteRequest
from bangwo.services import checkout, ordering, paying, registering, supplying
from bangwo.services.ports import SupplierEvent, SupplierStatus, SupplierUnavailableError
from examples.supplier import server as reference
from tests.e2e.live import NOW, free_port, seeded_settings, serving
from tests.threaded import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
NOW_DT = parse_now(NOW)
API_KEY = "supplier-test-key"
SECRET = "whsec_" + base64.b64encode(b"reference-supplier-secret-32byte").decode()
TEA = "shancha-osmanthus-oolong"
HOME = Address("文三路478号", "杭州", GeoPoint(30.2799, 120.1376))


@dataclass
class Stage:
    app: bootstrap.App
    api_url: str
    supplier_url: str
    state: reference.Supplier

    def supplier(self) -> HttpSupplier:
        found = self.app.supplier()
        assert found is not None
        return found

    def order_for(self, user: str, *, quantity: int = 1) -> orders.Order:
        offer = self.app.catalog.quote(QuoteRequest(Domain.TAKEOUT, f"item:{TEA}", quantity, {"sugar": "less"},
                                                    address=HOME), now=NOW_DT)
        return ordering.place_order(commands.PlaceOrder(user, offer, f"place:{user}:{quantity}"), uow=self.app.uow(),
                                    clock=self.app.clock)

    def reserve(self, order: orders.Order, *, quantity: int = 1) -> supplying.Reservation:
        return supplying.reserve(order.id, item=TEA, quantity=quantity, supplier=self.supplier(), uow=self.app.uow(),
                                 links=self.app.supplier_orders(), clock=self.app.clock)

    def staff_moves(self, hold_id: str, status: str) -> dict[str, Any]:
        answer = httpx.post(f"{self.supplier_url}/v1/holds/{hold_id}/status", json={"status": status},
                            headers={"Authorization": f"Bearer {API_KEY}"}, timeout=10)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def redeliver(self, webhook_id: str) -> dict[str, Any]:
        answer = httpx.post(f"{self.supplier_url}/v1/webhooks/{webhook_id}/redeliver",
                            headers={"Authorization": f"Bearer {API_KEY}"}, timeout=10)
        body: dict[str, Any] = answer.json()
        return body

    def status(self, order_id: str) -> str:
        with self.app.uow.reader() as uow:
            return uow.orders.get(order_id).status.value

    def events(self, order_id: str) -> list[tuple[str, str]]:
        with self.app.engine.connect() as conn:
            rows = conn.execute(select(tables.order_events.c.to_status, tables.order_events.c.actor)
                                .where(tables.order_events.c.order_id == order_id)
                                .order_by(tables.order_events.c.id)).all()
        return [(status, actor) for status, actor in rows]

    def webhook_rows(self) -> list[str]:
        with self.app.engine.connect() as conn:
            return list(conn.execute(select(tables.supplier_webhooks.c.webhook_id)).scalars())

    def new_user(self, user: str, phone: str) -> None:
        registering.register_user(users.User(user, user, phone, "杭州", (HOME,)), uow=self.app.uow(),
                                  clock=self.app.clock, campaign_id=None)
        paying.top_up(commands.TopUp(user, 10_000, "test-card", f"topup:{user}"), uow=self.app.uow(),
                      clock=self.app.clock, gateway=self.app.gateway)


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    port = free_port()
    settings = seeded_settings(tmp_path_factory.mktemp("supplier"), supplier_name="shancha",
                               supplier_url=f"http://127.0.0.1:{port}", supplier_api_key=API_KEY,
                               supplier_webhook_secret=SECRET)
    app = bootstrap.connect(settings, clock=FixedClock(NOW_DT))
    bootstrap.import_supply(app, (ROOT / "examples" / "catalog" / "teashop.json").read_bytes())
    try:
        with serving(settings) as live:
            hook_url = f"{live.url}/api/suppliers/shancha/webhooks"
            api = reference.create_app(api_key=API_KEY, webhook_secret=SECRET, webhook_url=hook_url,
                                       items={TEA: reference.Item(1400, 5)}, clock=lambda: NOW_DT)
            with _serve(api, port):
                yield Stage(app, live.url, f"http://127.0.0.1:{port}", api.state.supplier)
    finally:
        app.close()


@pytest.fixture(autouse=True)
def full_stock(stage: Stage) -> None:
    stage.state.items[TEA].units = 5


def _serve(api: Any, port: int) -> Any:
    return serve_in_thread(api, port, name="reference-supplier")


# ---- Standard Webhooks signatures --------------------------------------------------------------------------


def test_signatures_match_the_published_standard_webhooks_vector() -> None:
    """The test vector of the Standard Webhooks reference libraries."""
    secret, msg_id, stamp = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330
    body = b'{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    at = parse_now("2021-02-25T15:02:10+00:00")
    assert int(at.timestamp()) == stamp
    assert webhooks.sign(secret, webhook_id=msg_id, at=at, body=body)["webhook-signature"] == expected
    raw = hmac.new(base64.b64decode(secret[6:]), f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    assert expected == "v1," + base64.b64encode(raw).decode()          # the spec's construction, by hand


def event_body(hold_id: str = "h_1", order_id: str = "BW1", status: str = "fulfilling") -> bytes:
    return json.dumps({"type": "order.status", "timestamp": NOW,
                       "data": {"hold_id": hold_id, "order_id": order_id, "status": status}}).encode()


def test_the_verifier_accepts_good_messages_and_refuses_forged_or_stale_ones() -> None:
    verifier = webhooks.WebhookVerifier("shancha", SECRET)
    body = event_body()
    headers = webhooks.sign(SECRET, webhook_id="msg_1", at=NOW_DT, body=body)
    event = verifier.verify(body, headers, now=NOW_DT + timedelta(minutes=4))
    assert event == SupplierEvent("msg_1", "shancha", "h_1", "BW1", SupplierStatus.FULFILLING,
                                  NOW_DT.replace(microsecond=0))
    rotated = {**headers, "webhook-signature": "v1,AAAA " + headers["webhook-signature"]}   # secret rotation
    assert verifier.verify(body, rotated, now=NOW_DT).webhook_id == "msg_1"
    forged = webhooks.sign("whsec_" + base64.b64encode(b"another secret").decode(), webhook_id="msg_1", at=NOW_DT,
                           body=body)
    refusals = [
        (body, forged, NOW_DT), (event_body(status="completed"), headers, NOW_DT),
        (body, {**headers, "webhook-id": "msg_2"}, NOW_DT), (body, headers, NOW_DT + timedelta(minutes=6)),
        (body, headers, NOW_DT - timedelta(minutes=6)), (body, {k: v for k, v in headers.items()
                                                               if k != "webhook-timestamp"}, NOW_DT),
        (body, {**headers, "webhook-timestamp": "soon"}, NOW_DT),
    ]
    for given_body, given_headers, now in refusals:
        with pytest.raises(UnauthenticatedError):
            verifier.verify(given_body, given_headers, now=now)


# ---- the live order ----------------------------------------------------------------------------------------


def test_a_live_order_is_held_confirmed_and_moved_by_the_suppliers_webhooks(stage: Stage) -> None:
    stage.new_user("erin", "13700002001")
    order = stage.order_for("erin")
    reservation = stage.reserve(order)
    hold = reservation.hold
    assert (hold.status, hold.total_fen, hold.quantity, hold.order_id) == (SupplierStatus.HELD, 1400, 1, order.id)
    assert stage.state.items[TEA].units == 4
    with pytest.raises(ConflictError):                 # not paid yet: the supplier is not told to go ahead
        supplying.confirm(order.id, supplier=stage.supplier(), uow=stage.app.uow(),
                          links=stage.app.supplier_orders(), clock=stage.app.clock)

    paid = checkout.pay_order(commands.PayOrder("erin", order.id, "pay:erin"), uow=stage.app.uow(),
                              clock=stage.app.clock)
    assert paid.status is orders.OrderStatus.PAID and paid.paid_fen == 1700
    confirmed = supplying.confirm(order.id, supplier=stage.supplier(), uow=stage.app.uow(),
                                  links=stage.app.supplier_orders(), clock=stage.app.clock)
    again = supplying.confirm(order.id, supplier=stage.supplier(), uow=stage.app.uow(),
                              links=stage.app.supplier_orders(), clock=stage.app.clock)
    assert confirmed.status is again.status is SupplierStatus.CONFIRMED
    assert stage.state.holds[hold.hold_id].status == "confirmed"

    moved = stage.staff_moves(hold.hold_id, "fulfilling")
    assert moved["delivery"]["status"] == 200 and moved["delivery"]["body"]["outcome"] == "applied"
    assert stage.status(order.id) == "fulfilling"
    delivered = stage.staff_moves(hold.hold_id, "delivered")
    assert delivered["delivery"]["body"]["outcome"] == "applied" and stage.status(order.id) == "delivered"
    done = stage.staff_moves(hold.hold_id, "completed")
    assert done["delivery"]["body"]["outcome"] == "applied" and stage.status(order.id) == "completed"
    events = stage.events(order.id)
    assert events[-3:] == [
        ("fulfilling", "supplier:shancha"), ("delivered", "supplier:shancha"), ("completed", "supplier:shancha")]

    # a retry of an applied message (same webhook-id, same signature) changes nothing
    replay = stage.redeliver(moved["webhook_id"])
    assert replay["delivery"]["status"] == 200 and replay["delivery"]["body"]["outcome"] == "duplicate"
    assert stage.events(order.id) == events
    assert stage.webhook_rows().count(moved["webhook_id"]) == 1


def test_forged_and_stale_webhooks_are_refused_by_the_api_and_change_nothing(stage: Stage) -> None:
    stage.new_user("fay", "13700002002")
    order = stage.order_for("fay")
    hold = stage.reserve(order).hold
    checkout.pay_order(commands.PayOrder("fay", order.id, "pay:fay"), uow=stage.app.uow(), clock=stage.app.clock)
    url = f"{stage.api_url}/api/suppliers/shancha/webhooks"
    body = event_body(hold.hold_id, order.id, "fulfilling")
    before = stage.webhook_rows()
    wrong = "whsec_" + base64.b64encode(b"not the shared secret").decode()
    attempts = {
        "forged": webhooks.sign(wrong, webhook_id="msg_forged", at=NOW_DT, body=body),
        "stale": webhooks.sign(SECRET, webhook_id="msg_stale", at=NOW_DT - timedelta(minutes=10), body=body),
        "unsigned": {"webhook-id": "msg_unsigned", "webhook-timestamp": str(int(NOW_DT.timestamp()))},
    }
    for name, headers in attempts.items():
        answer = httpx.post(url, content=body, headers=headers, timeout=10)
        assert answer.status_code == 401, (name, answer.text)
    tampered = webhooks.sign(SECRET, webhook_id="msg_tampered", at=NOW_DT, body=body)
    answer = httpx.post(url, content=event_body(hold.hold_id, order.id, "completed"), headers=tampered, timeout=10)
    assert answer.status_code == 401
    assert httpx.post(f"{stage.api_url}/api/suppliers/nobody/webhooks", content=body, headers=tampered,
                      timeout=10).status_code == 404
    other = event_body("h_someone_else", order.id, "fulfilling")
    assert httpx.post(url, content=other, headers=webhooks.sign(SECRET, webhook_id="msg_other", at=NOW_DT,
                                                                 body=other), timeout=10).status_code == 404
    assert stage.status(order.id) == "paid" and stage.webhook_rows() == before

    good = webhooks.sign(SECRET, webhook_id="msg_good", at=NOW_DT, body=body)
    first = httpx.post(url, content=body, headers=good, timeout=10)
    replayed = httpx.post(url, content=body, headers=good, timeout=10)
    assert (first.status_code, first.json()["outcome"]) == (200, "applied")
    assert (replayed.status_code, replayed.json()["outcome"]) == (200, "duplicate")
    assert stage.status(order.id) == "fulfilling"


def test_cancel_releases_the_suppliers_units_once(stage: Stage) -> None:
    stage.new_user("gus", "13700002003")
    order = stage.order_for("gus", quantity=2)
    hold = stage.reserve(order, quantity=2).hold
    assert stage.state.items[TEA].units == 3
    cancelled = supplying.cancel(order.id, supplier=stage.supplier(), uow=stage.app.uow(),
                                 links=stage.app.supplier_orders(), clock=stage.app.clock)
    again = supplying.cancel(order.id, supplier=stage.supplier(), uow=stage.app.uow(),
                             links=stage.app.supplier_orders(), clock=stage.app.clock)
    assert cancelled.status is again.status is SupplierStatus.CANCELLED
    assert stage.state.items[TEA].units == 5 and stage.state.holds[hold.hold_id].status == "cancelled"
    with stage.app.uow.reader() as uow:
        link = stage.app.supplier_orders()(uow).get(order.id)
    assert link is not None and link.status is SupplierStatus.CANCELLED


def test_a_supplier_cancelling_a_paid_order_refunds_it(stage: Stage) -> None:
    stage.new_user("hal", "13700002004")
    order = stage.order_for("hal")
    hold = stage.reserve(order).hold
    checkout.pay_order(commands.PayOrder("hal", order.id, "pay:hal"), uow=stage.app.uow(), clock=stage.app.clock)
    moved = stage.staff_moves(hold.hold_id, "cancelled")
    assert moved["delivery"]["body"]["outcome"] == "refunded"
    with stage.app.uow.reader() as uow:
        refunded = uow.orders.get(order.id)
        assert uow.ledger.balance("wallet:hal") == 10_000
        assert sum(uow.ledger.balances().values()) == 0
    assert (refunded.status, refunded.refunded_fen) == (orders.OrderStatus.REFUNDED, 1700)
    assert stage.state.items[TEA].units == 5


def test_sold_out_or_repriced_supply_is_refused_before_anything_is_held(stage: Stage) -> None:
    stage.new_user("ivy", "13700002005")
    stage.state.items[TEA].units = 0
    order = stage.order_for("ivy")
    with pytest.raises(OutOfStockError):
        stage.reserve(order)
    stage.state.items[TEA] = reference.Item(1500, 5)
    try:
        with pytest.raises(ConflictError, match="now asks 1500 fen"):
            stage.reserve(order)
    finally:
        stage.state.items[TEA] = reference.Item(1400, 5)
    with stage.app.uow.reader() as uow:
        assert stage.app.supplier_orders()(uow).get(order.id) is None
    assert not [h for h in stage.state.holds.values() if h.order_id == order.id]


def test_a_reserve_retried_after_a_lost_answer_links_the_same_hold(stage: Stage) -> None:
    stage.new_user("jon", "13700002006")
    order = stage.order_for("jon")
    lost = stage.supplier().hold(item=TEA, quantity=1, total_fen=1400, order_id=order.id,
                                 idempotency_key=f"hold:{order.id}")        # held there, never recorded here
    reservation = stage.reserve(order)
    assert reservation.hold.hold_id == lost.hold_id and stage.state.items[TEA].units == 4
    with pytest.raises(ConflictError, match="costs 1400 fen"):              # the supplier checks the price too
        stage.supplier().hold(item=TEA, quantity=1, total_fen=1300, order_id=order.id, idempotency_key="other")
    assert stage.state.items[TEA].units == 4


def test_an_unreachable_supplier_or_a_wrong_key_says_so() -> None:
    gone = HttpSupplier("gone", f"http://127.0.0.1:{free_port()}", API_KEY, timeout_s=2)
    try:
        with pytest.raises(SupplierUnavailableError):
            gone.quote(item=TEA, quantity=1)
    finally:
        gone.close()


def test_a_wrong_api_key_is_refused_by_the_reference_supplier(stage: Stage) -> None:
    intruder = HttpSupplier("shancha", stage.supplier_url, "wrong-key")
    try:
        with pytest.raises(SupplierUnavailableError, match="HTTP 401"):
            intruder.quote(item=TEA, quantity=1)
    finally:
        intruder.close()
