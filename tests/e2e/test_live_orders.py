"""Ordering in chat from a merchant an outside supplier sells live (docs/catalog.md, "Live orders").

An operator imports examples/catalog/teashop-live.json (its tea shop names the supplier ``shancha``) with
`bangwo catalog import`; the reference supplier (examples/supplier/) and our API server run on loopback ports
(uvicorn); a new user orders in chat over HTTP. The checkout quotes live and holds at the supplier, the
payment confirms there, its signed webhook delivers the order; a new price is shown and asked again; a supplier
that is down or refuses after payment leaves no paid order it does not know about; a release cancels there.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from bangwo import bootstrap
from bangwo.config import Settings
from bangwo.domain import commands, payments, users
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.listings import Address, GeoPoint
from bangwo.services import checkout, fulfilling, paying, refunding, registering, supplying
from examples.supplier import server as reference
from tests.conftest import _pg_engine, pg_url_for, worker_schema
from tests.e2e.conversations import run_cli
from tests.e2e.live import ADMIN_PASSWORD, NOW, Live, free_port, serving
from tests.threaded import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
NOW_DT = parse_now(NOW)
API_KEY = "live-orders-supplier-key"
SECRET = "whsec_" + base64.b64encode(b"live-orders-webhook-secret-32byt").decode()
TEA = "shancha-osmanthus-oolong"
HOME = Address("文三路478号", "杭州", GeoPoint(30.2799, 120.1376))
ORDER_TEA = ("帮我点一杯少糖少冰的桂花乌龙奶茶", "送到文三路478号")


@dataclass
class Stage:
    live: Live
    app: bootstrap.App              # our side, for registering people and reading the database
    supplier_url: str
    state: reference.Supplier
    supplier_now: list[datetime] = field(default_factory=lambda: [NOW_DT])

    def new_user(self, user: str, phone: str, *, wallet_fen: int = 10_000) -> None:
        registering.register_user(users.User(user, user, phone, "杭州", ()), uow=self.app.uow(),
                                  clock=self.app.clock, campaign_id=None)
        paying.top_up(commands.TopUp(user, wallet_fen, "test-card", f"topup:{user}"), uow=self.app.uow(),
                      clock=self.app.clock, gateway=self.app.gateway)

    def say(self, user: str, *lines: str, conversation: str = "tea") -> list[dict[str, Any]]:
        headers = self.live.headers(user)
        turns = []
        for line in lines:
            answer = httpx.post(f"{self.live.url}/api/chat", json={"text": line, "conversation_id": conversation},
                                headers=headers, timeout=30)
            assert answer.status_code == 200, answer.text
            turns.append(answer.json())
        return turns

    def staff_moves(self, hold_id: str, status: str) -> dict[str, Any]:
        answer = httpx.post(f"{self.supplier_url}/v1/holds/{hold_id}/status", json={"status": status},
                            headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def order(self, order_id: str) -> dict[str, Any]:
        with self.app.engine.connect() as conn:
            row = conn.execute(text("SELECT * FROM orders WHERE id = :id"), {"id": order_id}).mappings().one()
        return dict(row)

    def orders_of(self, user: str) -> list[dict[str, Any]]:
        with self.app.engine.connect() as conn:
            return [dict(r) for r in conn.execute(text("SELECT * FROM orders WHERE user_id = :u ORDER BY created_at"),
                                                  {"u": user}).mappings()]

    def link(self, order_id: str) -> str | None:
        """The status of the order's supplier hold as recorded here (None: no hold there)."""
        with self.app.engine.connect() as conn:
            found: str | None = conn.execute(text("SELECT status FROM supplier_orders WHERE order_id = :id"),
                                             {"id": order_id}).scalar()
        return found

    def holds_for(self, order_id: str) -> list[reference.Hold]:
        return [h for h in self.state.holds.values() if h.order_id == order_id]

    def calls_since(self, mark: int) -> list[str]:
        return [verb for verb, _target in self.state.calls[mark:]]

    def balance(self, user: str) -> int:
        with self.app.uow() as uow:
            return uow.ledger.balance(payments.wallet_account(user))

    def ledger_balances(self) -> int:
        with self.app.uow() as uow:
            return sum(uow.ledger.balances().values())


def _serve(api: Any, port: int) -> Any:
    return serve_in_thread(api, port, name="reference-supplier")


def _database(kind: str, directory: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{directory / 'live.db'}"
    schema = worker_schema("live_orders")
    engine = _pg_engine(schema)
    if engine is None:
        pytest.skip("PostgreSQL is not reachable")
    engine.dispose()
    return pg_url_for(schema)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def stage(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    directory = tmp_path_factory.mktemp(f"live-{request.param}")
    port = free_port()
    settings = Settings.model_validate({
        "database_url": _database(request.param, directory), "redis_url": None, "now": NOW, "demo_login": True,
        "admin_password": ADMIN_PASSWORD, "auth_secret": "test-secret", "user_rps": 1000.0, "user_burst": 1000,
        "supplier_name": "shancha", "supplier_url": f"http://127.0.0.1:{port}", "supplier_api_key": API_KEY,
        "supplier_webhook_secret": SECRET, "supplier_timeout_s": 5.0})
    seeding = bootstrap.bootstrap(settings, clock=FixedClock(NOW_DT))
    bootstrap.seed_demo(seeding)
    seeding.close()
    bootstrap.prepare_serving(settings)
    imported = run_cli(settings.database_url, "catalog", "import", str(ROOT / "examples/catalog/teashop-live.json"),
                       "--json")                       # the operator's command
    assert imported.returncode == 0, imported.stderr + imported.stdout
    assert json.loads(imported.stdout)["added"] == {"shop": ["shancha-wensan"]}

    app = bootstrap.connect(settings, clock=FixedClock(NOW_DT))
    now = [NOW_DT]
    try:
        with serving(settings) as live:
            api = reference.create_app(api_key=API_KEY, webhook_secret=SECRET,
                                       webhook_url=f"{live.url}/api/suppliers/shancha/webhooks",
                                       items={TEA: reference.Item(1400, 20, dict(reference.EXTRAS))},
                                       clock=lambda: now[0])
            with _serve(api, port):
                yield Stage(live, app, f"http://127.0.0.1:{port}", api.state.supplier, now)
    finally:
        app.close()


@pytest.fixture(autouse=True)
def supplier_as_usual(stage: Stage) -> Iterator[None]:
    yield
    stage.state.down = False
    stage.state.items[TEA].price_fen = 1400
    stage.supplier_now[0] = NOW_DT


def test_a_new_user_orders_in_chat_the_supplier_holds_confirms_and_its_webhook_delivers(stage: Stage) -> None:
    stage.new_user("lin", "13700003001")
    units = stage.state.items[TEA].units
    mark = len(stage.state.calls)
    asked, offered, held = stage.say("lin", *ORDER_TEA, "第一个")
    assert asked["awaiting"] == "slot:address"
    assert [c["title"] for c in offered["cards"]] == ["山茶小筑·桂花乌龙奶茶(中杯)"]
    card = held["cards"][0]
    assert held["awaiting"] == "confirm" and (card["price_fen"], card["fees_fen"]) == (1400, 300)
    assert stage.calls_since(mark) == ["quote", "hold"]             # live quote, then the hold
    (hold,) = stage.holds_for(card["order_id"])
    assert (hold.status, hold.total_fen, hold.quantity) == ("held", 1400, 1)
    assert stage.state.items[TEA].units == units - 1
    assert stage.link(card["order_id"]) == "held"

    (paid,) = stage.say("lin", "确认")
    (order,) = paid["orders"]
    assert order["status"] == "paid" and order["paid_fen"] == card["pay_fen"]
    assert stage.calls_since(mark) == ["quote", "hold", "confirm"]
    assert hold.status == "confirmed" and stage.link(order["id"]) == "confirmed"

    # the simulator never moves a supplier's order, however late it gets: only the supplier's webhooks do
    later = FixedClock(NOW_DT + timedelta(hours=3))
    fulfilling.advance_all(uow=stage.app.uow, clock=later)
    fulfilling.advance_order(order["id"], uow=stage.app.uow(), clock=later)
    assert stage.order(order["id"])["status"] == "paid"
    moved = stage.staff_moves(hold.hold_id, "delivered")
    assert moved["delivery"]["status"] == 200 and moved["delivery"]["body"]["outcome"] == "applied"
    assert stage.order(order["id"])["status"] == "delivered"
    assert stage.link(order["id"]) == "delivered"
    assert stage.ledger_balances() == 0


def test_a_new_supplier_price_is_shown_and_asked_again_never_charged_unseen(stage: Stage) -> None:
    stage.new_user("mei", "13700003002")
    stage.state.items[TEA].price_fen = 1500                          # the listed price is still ¥14
    (offered,) = stage.say("mei", *ORDER_TEA)[1:]
    assert offered["cards"][0]["price_fen"] == 1400
    (held,) = stage.say("mei", "第一个")
    card = held["cards"][0]
    assert "商家刚刚调价" in held["reply"] and "从14.00元涨到15.00元" in held["reply"]
    assert (card["price_fen"], card["fees_fen"]) == (1500, 300)       # the card asked about is the new price
    (hold,) = stage.holds_for(card["order_id"])
    assert hold.total_fen == 1500
    before = stage.balance("mei")
    (paid,) = stage.say("mei", "确认")
    (order,) = paid["orders"]
    assert order["paid_fen"] == card["pay_fen"] and before - stage.balance("mei") == card["pay_fen"]
    assert order["total_fen"] == 1800 and hold.status == "confirmed"


def test_a_supplier_that_is_down_at_hold_time_holds_and_charges_nothing_and_a_retry_works(stage: Stage) -> None:
    stage.new_user("nan", "13700003003")
    stage.state.down = True
    stage.say("nan", *ORDER_TEA)
    (failed,) = stage.say("nan", "第一个")
    assert failed["reply"].startswith("商家系统暂时联系不上，请稍后再试。这家没有下单，也没有扣款。")
    assert "Traceback" not in json.dumps(failed) and failed["awaiting"] != "confirm"
    assert [o["status"] for o in stage.orders_of("nan")] in ([], ["cancelled"])
    assert stage.balance("nan") == 10_000 and not [h for h in stage.state.holds.values()
                                                   if h.order_id in {o["id"] for o in stage.orders_of("nan")}]

    stage.state.down = False                                         # back up: asking again works
    _asked, _offered, held = stage.say("nan", *ORDER_TEA, "第一个", conversation="retry")
    assert held["awaiting"] == "confirm", held["reply"]
    (paid,) = stage.say("nan", "确认", conversation="retry")
    assert paid["orders"][0]["status"] == "paid"
    assert stage.holds_for(paid["orders"][0]["id"])[0].status == "confirmed"


def test_a_supplier_refusing_to_confirm_after_payment_gets_the_order_refunded(stage: Stage) -> None:
    stage.new_user("ona", "13700003004")
    units = stage.state.items[TEA].units
    (held,) = stage.say("ona", *ORDER_TEA, "第一个")[2:]
    order_id = held["cards"][0]["order_id"]
    stage.supplier_now[0] = NOW_DT + timedelta(minutes=reference.HOLD_MINUTES + 1)   # its hold ran out there
    (answer,) = stage.say("ona", "确认")
    assert "商家没能接单" in answer["reply"] and "已经退款" in answer["reply"]
    assert answer["orders"][0]["status"] == "refunded"
    stored = stage.order(order_id)
    assert stored["status"] == "refunded" and stored["refunded_fen"] == stored["paid_fen"]
    assert stage.balance("ona") == 10_000 and stage.ledger_balances() == 0
    assert stage.holds_for(order_id)[0].status == "expired" and stage.state.items[TEA].units == units
    assert stage.link(order_id) == "cancelled"


def test_a_supplier_down_at_confirm_leaves_the_order_pending_until_a_retry_confirms_it(stage: Stage) -> None:
    stage.new_user("pia", "13700003005")
    (held,) = stage.say("pia", *ORDER_TEA, "第一个")[2:]
    order_id = held["cards"][0]["order_id"]
    stage.state.down = True
    (paid,) = stage.say("pia", "确认")
    assert paid["orders"][0]["status"] == "paid" and "正在等商家确认" in paid["reply"]
    stored = stage.order(order_id)
    assert stored["status"] == "paid" and _details(stored)["supplier_pending"] == "confirm"
    assert stage.link(order_id) == "held"

    stage.state.down = False
    mark = len(stage.state.calls)
    stage.say("pia", "谢谢")                                        # the person's next turn settles it
    assert stage.calls_since(mark) == ["confirm"]
    assert stage.holds_for(order_id)[0].status == "confirmed" and stage.link(order_id) == "confirmed"
    assert "supplier_pending" not in _details(stage.order(order_id))
    settled = checkout.settle_suppliers([order_id], suppliers=stage.app.supplier_routes(),
                                        links=stage.app.supplier_orders(), uow=stage.app.uow, clock=stage.app.clock)
    assert settled == {order_id: supplying.Settled.NOTHING} and stage.calls_since(mark) == ["confirm"]


def test_released_or_refunded_orders_are_cancelled_at_the_supplier(stage: Stage) -> None:
    stage.new_user("qiu", "13700003006")
    units = stage.state.items[TEA].units
    (held,) = stage.say("qiu", *ORDER_TEA, "第一个")[2:]
    order_id = held["cards"][0]["order_id"]
    assert stage.state.items[TEA].units == units - 1
    (declined,) = stage.say("qiu", "不要了")
    assert declined["awaiting"] is None and not declined["orders"]
    assert stage.order(order_id)["status"] == "cancelled"
    assert stage.holds_for(order_id)[0].status == "cancelled" and stage.state.items[TEA].units == units
    assert stage.link(order_id) == "cancelled"

    (held,) = stage.say("qiu", *ORDER_TEA, "第一个", conversation="again")[2:]
    (paid,) = stage.say("qiu", "确认", conversation="again")
    order_id = paid["orders"][0]["id"]
    refunding.refund_order(commands.RefundOrder("qiu", order_id, "refund:qiu"), uow=stage.app.uow(),
                           clock=stage.app.clock)
    settled = checkout.settle_suppliers([order_id], suppliers=stage.app.supplier_routes(),
                                        links=stage.app.supplier_orders(), uow=stage.app.uow, clock=stage.app.clock)
    assert settled == {order_id: supplying.Settled.CANCELLED}
    assert stage.holds_for(order_id)[0].status == "cancelled" and stage.state.items[TEA].units == units
    assert stage.balance("qiu") == 10_000 - stage.order(order_id)["paid_fen"] + stage.order(order_id)["refunded_fen"]


def _details(row: dict[str, Any]) -> dict[str, Any]:
    details = row["details"]
    found: dict[str, Any] = json.loads(details) if isinstance(details, str) else details
    return found


def test_the_chosen_options_are_priced_and_held_by_the_supplier(stage: Stage) -> None:
    stage.new_user("rui", "13700003007")
    (held,) = stage.say("rui", "帮我点一杯大杯少糖少冰加珍珠的桂花乌龙奶茶", "送到文三路478号", "第一个")[2:]
    card = held["cards"][0]
    assert held["awaiting"] == "confirm" and "调价" not in held["reply"]
    assert card["price_fen"] == 1400 + 300 + 100                    # 大杯 +3, 珍珠 +1: the supplier agrees
    (hold,) = stage.holds_for(card["order_id"])
    assert hold.total_fen == 1800 and stage.link(card["order_id"]) == "held"


def test_goods_sold_out_at_the_supplier_leave_nothing_held_here(stage: Stage) -> None:
    stage.new_user("sen", "13700003008")
    stage.state.items[TEA].units, units = 0, stage.state.items[TEA].units
    try:
        (refused,) = stage.say("sen", *ORDER_TEA, "第一个")[2:]
    finally:
        stage.state.items[TEA].units = units
    assert "卖完" in refused["reply"] and refused["awaiting"] != "confirm"
    placed = stage.orders_of("sen")
    assert [o["status"] for o in placed] == ["cancelled"]            # held here first, released when refused
    assert not stage.holds_for(placed[0]["id"]) and stage.link(placed[0]["id"]) is None
    assert stage.balance("sen") == 10_000
