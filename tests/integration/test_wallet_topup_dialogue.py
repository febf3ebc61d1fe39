"""Wallet top-up in chat, kept apart from phone top-up, through the payment gateway port (the sandbox gateway is
the outside boundary); and the dashboard's failures and GMV as the database has them. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from bangwo import bootstrap as boot
from bangwo.adapters.db import reporting, tables
from bangwo.config import Settings
from bangwo.domain import commands, payments
from bangwo.domain.clocks import FixedClock
from bangwo.domain.listings import Address, GeoPoint
from bangwo.domain.users import User
from bangwo.services import checkout, ordering, paying, refunding, registering
from tests import builders
from tests.conftest import fresh_schema

HOME = (Address(text="杭州市西湖区文三路478号", city="杭州", point=GeoPoint(30.2799, 120.1376)),)
CARD_USERS = {"carol": "tok_carol", "dave": "DECLINE", "fay": "tok_fay", "gus": "tok_gus"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[boot.App]:
    """A seeded world with people who saved a bank card (dave's is declined) and erin, who has none."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('wallet') / 'bangwo.db'}"
    else:
        url = fresh_schema(request.getfixturevalue("pg_engine"), "wallet_dialogue")
    clock = FixedClock(builders.NOW)
    app = boot.bootstrap(Settings(database_url=url), clock=clock)
    boot.seed_demo(app)
    for n, (name, token) in enumerate(CARD_USERS.items()):
        registering.register_user(User(id=name, name=name, phone=f"1370013700{n}", home_city="杭州", addresses=HOME,
                                       payment_token=token), uow=app.uow(), clock=clock, campaign_id=None)
    registering.register_user(User(id="erin", name="erin", phone="13600136000", home_city="杭州", addresses=HOME),
                              uow=app.uow(), clock=clock, campaign_id=None)
    yield app
    app.close()


def talk(app: boot.App, user: str, *lines: str, conversation: str = "wallet") -> list[dict[str, Any]]:
    return [app.conversation().handle(user, line, conversation_id=conversation).to_json() for line in lines]


def balance(app: boot.App, user: str) -> int:
    with app.uow() as uow:
        return uow.ledger.balance(payments.wallet_account(user))


def topups(engine: Engine, user: str) -> list[int]:
    p = tables.payments.c
    with engine.connect() as conn:
        rows = conn.execute(select(p.amount_fen).where(p.kind == "topup", p.key.like(f"topup:{user}:%"))).scalars()
        return sorted(int(r) for r in rows)


def ledger_sum(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.sum(tables.ledger_entries.c.amount_fen), 0))).scalar_one())


def test_a_wallet_top_up_shows_the_amount_first_and_charges_once_on_confirm(world: boot.App) -> None:
    before = balance(world, "carol")
    offered = talk(world, "carol", "给我的钱包充值200元")[0]
    assert offered["frames"][0]["domain"] == "account" and offered["frames"][0]["intent"] == "top_up"
    assert offered["awaiting"] == "confirm" and [c["pay_fen"] for c in offered["cards"]] == [20_000]
    assert "200.00元" in offered["reply"] and f"充值后余额{(before + 20_000) / 100:.2f}元" in offered["reply"]
    assert topups(world.engine, "carol") == [] and balance(world, "carol") == before   # nothing moved yet
    done, again = talk(world, "carol", "确认", "确认")
    assert balance(world, "carol") == before + 20_000 == int(done["reply"].split("余额")[1].split("元")[0]
                                                               .replace(".", ""))
    assert topups(world.engine, "carol") == [20_000]      # the second 确认 charged nothing
    assert "充值" not in again["reply"] and again["cards"] == []
    assert ledger_sum(world.engine) == 0


def test_short_wallet_phrases_and_traditional_text_are_wallet_top_ups(world: boot.App) -> None:
    asked, answered, _paid = talk(world, "fay", "余额充值", "300", "确认", conversation="ask")
    assert asked["awaiting"] == "slot:amount" and asked["cards"] == [] and "充多少" in asked["reply"]
    assert answered["awaiting"] == "confirm" and answered["cards"][0]["pay_fen"] == 30_000
    short = talk(world, "fay", "钱包充100", "确认", conversation="short")
    traditional = talk(world, "fay", "給我的錢包充值兩百塊", "好的", conversation="traditional")
    assert short[0]["cards"][0]["pay_fen"] == 10_000 and traditional[0]["cards"][0]["pay_fen"] == 20_000
    assert topups(world.engine, "fay") == [10_000, 20_000, 30_000]
    assert f"现在钱包余额{balance(world, 'fay') / 100:.2f}元" in traditional[1]["reply"]


def test_a_phone_top_up_stays_a_phone_top_up(world: boot.App) -> None:
    phone = talk(world, "gus", "给我手机充100话费", conversation="phone")[0]
    assert [f["domain"] for f in phone["frames"]] == ["recharge"]
    assert phone["awaiting"] == "select" and all(c["domain"] == "recharge" for c in phone["cards"])
    assert topups(world.engine, "gus") == []


def test_declining_a_top_up_keeps_the_held_trip_held(world: boot.App) -> None:
    _offered, held = talk(world, "carol", "帮我打车去西湖", "第一个", conversation="trip")
    order_id = held["cards"][0]["order_id"]
    topup, declined = talk(world, "carol", "给我的钱包充值200元", "不要了", conversation="trip")
    assert topup["cards"][0]["title"] == "钱包充值"
    with world.uow() as uow:
        assert uow.orders.get(order_id).status.value == "held"              # the trip was not touched
    assert declined["reply"].startswith("好的，不充值了") and declined["awaiting"] == "confirm"
    assert declined["cards"][0]["order_id"] == order_id
    paid = talk(world, "carol", "确认", conversation="trip")[0]              # the 确认 now pays the trip
    assert [o["id"] for o in paid["orders"]] == [order_id] and paid["orders"][0]["status"] == "paid"


def test_a_top_up_needs_a_saved_card_and_a_declined_card_moves_nothing(world: boot.App) -> None:
    no_card = talk(world, "erin", "钱包充100", conversation="nocard")[0]
    assert no_card["reply"].startswith("你还没有绑定银行卡，暂时不能给钱包充值。") and no_card["cards"] == []
    before = balance(world, "dave")
    offered, declined = talk(world, "dave", "钱包充100", "确认", conversation="declined")
    assert offered["cards"][0]["pay_fen"] == 10_000
    assert "银行卡支付被拒绝，未扣款" in declined["reply"] and balance(world, "dave") == before
    assert topups(world.engine, "dave") == []
    failures = reporting.dashboard(world.engine, now=world.clock.now(), days=7, campaign=world.campaign)["failures"]
    assert {"domain": "account", "reason": "error:payment_declined", "count": 1} in failures


def test_balance_failures_are_filed_under_their_domain_and_gmv_is_net_of_refunds(world: boot.App) -> None:
    talk(world, "erin", "帮我点一杯少糖少冰的珍珠奶茶", "第一个", conversation="short")
    short = talk(world, "erin", "确认", conversation="short")[0]
    assert short["cards"] and short["cards"][0]["domain"] == "takeout"
    board = reporting.dashboard(world.engine, now=world.clock.now(), days=7, campaign=world.campaign)
    reasons = {(f["domain"], f["reason"]): f["count"] for f in board["failures"]}
    with world.engine.connect() as conn:
        failed = conn.execute(select(func.count()).where(tables.turns.c.outcome.like("error:%balance%"))).scalar_one()
    assert failed >= 1 and sum(n for (d, why), n in reasons.items() if "balance" in why and d == "takeout") == failed
    assert not any(d == "unknown" and "balance" in why for d, why in reasons)

    paying.top_up(commands.TopUp("gus", 100_000, "tok_gus", "fund"), uow=world.uow(), clock=world.clock,
                  gateway=world.gateway)
    held = ordering.place_order(commands.PlaceOrder("gus", builders.movie_offer(), "movie"), uow=world.uow(),
                                clock=world.clock)
    ticket = checkout.pay_order(commands.PayOrder("gus", held.id, "pay"), uow=world.uow(), clock=world.clock)
    refunding.refund_order(commands.RefundOrder("gus", ticket.id, "r"), uow=world.uow(), clock=world.clock)
    board = reporting.dashboard(world.engine, now=world.clock.now(), days=7, campaign=world.campaign)
    movie = next(d for d in board["by_domain"] if d["domain"] == "movie")
    o = tables.orders.c
    with world.engine.connect() as conn:
        rows = conn.execute(select(o.status, o.total_fen, o.refunded_fen, o.discount_fen)
                            .where(o.domain == "movie", o.status.not_in(["held", "cancelled", "failed"]))).all()
    gross = sum(r.total_fen for r in rows)
    assert movie["gross_gmv_fen"] == gross
    assert movie["gmv_fen"] == gross - sum(r.refunded_fen + r.discount_fen for r in rows if r.status == "refunded")
    assert movie["gmv_fen"] == gross - ticket.total_fen and movie["refunded_orders"] == 1
