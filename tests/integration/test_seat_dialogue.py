"""换座位 in chat: while a cinema order is held, 「换个座位」「我想换到10排5座和6座」「换到最后一排中间」「要情侣座」
move it to other seats through the checkout; the reply names the new seats and total and asks to confirm again,
and what it says agrees with the database. 「换成一等座」 does the same for a train's seat class."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import func, select

from bangwo import bootstrap as boot
from bangwo.adapters.db import tables
from bangwo.domain import commands, seating
from bangwo.domain.errors import ConflictError
from bangwo.domain.users import User
from bangwo.services import paying, registering, seats

MOVIE = "帮我买两张明晚8点的星河漫游记电影票"
_people = itertools.count()


@pytest.fixture(scope="module")
def app(seeded_app: boot.App) -> boot.App:
    return seeded_app


def person(app: boot.App) -> str:
    user_id = f"talk{next(_people)}"
    registering.register_user(User(id=user_id, name=user_id, phone="13800000000", home_city="杭州",
                                   addresses=boot.DEMO_USERS[0].addresses),
                              uow=app.uow(), clock=app.clock, campaign_id=None)
    paying.top_up(commands.TopUp(user_id, 100_000, "tok", f"fund:{user_id}"), uow=app.uow(), clock=app.clock,
                  gateway=app.gateway)
    return user_id


def say(app: boot.App, user_id: str, text: str, *, consent: str | None = None) -> dict[str, Any]:
    return app.conversation().handle(user_id, text, conversation_id="seats", consent=consent).to_json()


def held_movie(app: boot.App) -> tuple[str, dict[str, Any]]:
    user_id = person(app)
    say(app, user_id, MOVIE)
    shown = say(app, user_id, "第一个")
    assert shown["awaiting"] == "confirm" and shown["cards"][0]["domain"] == "movie"
    return user_id, shown["cards"][0]


def order_of(app: boot.App, order_id: str) -> Any:
    with app.uow() as uow:
        return uow.orders.get(order_id)


def hall(app: boot.App, order_id: str) -> seating.SeatMap:
    return app.catalog.seat_map(seats.showtime_of(order_of(app, order_id)))


def paid_count(app: boot.App, user_id: str) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.orders).where(
            tables.orders.c.user_id == user_id, tables.orders.c.status != "held",
            tables.orders.c.status != "cancelled")).scalar_one())


def order_count(app: boot.App, user_id: str) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.orders)
                                .where(tables.orders.c.user_id == user_id)).scalar_one())


def yuan(fen: int) -> str:
    return f"{fen / 100:.2f}元"


def test_exact_seats_said_in_chat_move_the_held_order_and_pay_exactly_those(app: boot.App) -> None:
    user_id, before = held_movie(app)
    turn = say(app, user_id, "我想换个座位，要10排5座和6座")
    card = turn["cards"][0]
    assert turn["awaiting"] == "confirm" and card["seats"] == ["10排5座", "10排6座"]
    assert turn["reply"].startswith(f"已为你从{seating.label(before['seats'])}换到10排5-6座")
    assert f"实付{yuan(card['pay_fen'])}" in turn["reply"] and "回复“确认”支付" in turn["reply"]
    assert card["order_id"] != before["order_id"] and card["consent"] != before["consent"]
    order = order_of(app, card["order_id"])
    assert seats.seats_of(order) == ("10排5座", "10排6座") and order.total_fen - card["discount_fen"] == card["pay_fen"]
    assert order_of(app, before["order_id"]).status.value == "cancelled"
    with app.uow() as uow:
        free = uow.stock.taken_seats(seats.showtime_of(order))
    assert {"10排5座", "10排6座"} <= free and not set(before["seats"]) & free
    paid = say(app, user_id, "确认")
    assert [o["id"] for o in paid["orders"]] == [card["order_id"]]
    assert seats.seats_of(order_of(app, card["order_id"])) == ("10排5座", "10排6座")
    assert order_of(app, card["order_id"]).status.value in ("paid", "fulfilling", "issued")


def test_the_old_cards_button_pays_nothing_after_a_seat_change(app: boot.App) -> None:
    user_id, before = held_movie(app)
    changed = say(app, user_id, "換到最後一排中間")       # Traditional input reads the same
    rows = hall(app, changed["cards"][0]["order_id"]).rows
    assert all(code.startswith(f"{rows}排") for code in changed["cards"][0]["seats"])
    stale = say(app, user_id, "确认", consent=before["consent"])
    assert stale["orders"] == [] and paid_count(app, user_id) == 0
    assert stale["awaiting"] == "confirm" and stale["cards"][0]["consent"] == changed["cards"][0]["consent"]


def test_other_seats_and_couple_seats_are_understood_and_repriced(app: boot.App) -> None:
    user_id, before = held_movie(app)
    other = say(app, user_id, "换个座位")
    assert other["cards"][0]["seats"] and set(other["cards"][0]["seats"]).isdisjoint(before["seats"])
    couple = say(app, user_id, "要情侣座")
    card = couple["cards"][0]
    seat_map = hall(app, card["order_id"])
    assert all(seating.is_couple(seat_map, code) for code in card["seats"])
    assert "情侣座" in couple["reply"]
    assert card["price_fen"] == before["price_fen"] + 2 * seating.COUPLE_SURCHARGE_FEN
    assert f"合计{yuan(card['price_fen'])}" in couple["reply"]


def test_taken_seats_are_refused_with_the_nearest_free_and_the_card_stays(app: boot.App) -> None:
    bob, _ = held_movie(app)
    say(app, bob, "换到9排5座和6座")
    user_id, before = held_movie(app)
    refused = say(app, user_id, "换到9排5座和6座")
    assert refused["reply"].startswith("9排5座、9排6座已经有人了，附近还空着：")
    assert refused["awaiting"] == "confirm" and refused["cards"][0]["order_id"] == before["order_id"]
    assert seats.seats_of(order_of(app, before["order_id"])) == tuple(before["seats"])


def test_the_seat_map_change_is_a_turn_and_its_key_changes_seats_once(app: boot.App) -> None:
    user_id, before = held_movie(app)
    conversation = app.conversation()
    first = conversation.change_seats(user_id, before["order_id"], ["3排1座", "3排2座"], key="map-1",
                                      conversation_id="seats").to_json()
    new_id = first["cards"][0]["order_id"]
    assert first["cards"][0]["seats"] == ["3排1座", "3排2座"] and new_id != before["order_id"]
    again = conversation.change_seats(user_id, before["order_id"], ["3排1座", "3排2座"], key="map-1",
                                      conversation_id="seats").to_json()   # a retry names the order it replaced
    assert again["cards"] == first["cards"] and order_count(app, user_id) == 2
    with pytest.raises(ConflictError, match="is not the held order"):   # that card's order is gone
        conversation.change_seats(user_id, before["order_id"], ["4排1座", "4排2座"], key="map-2",
                                  conversation_id="seats")
    assert seats.seats_of(order_of(app, new_id)) == ("3排1座", "3排2座")


def test_train_seat_classes_are_on_the_card_and_changed_in_chat(app: boot.App) -> None:
    user_id = person(app)
    say(app, user_id, "订明天杭州到上海的高铁")
    held = say(app, user_id, "第一个")
    card = held["cards"][0]
    classes = {c["label"]: c["price_fen"] for c in card["classes"]}
    assert set(classes) == {"二等座", "一等座", "商务座"} and card["seat_class"] == "second"
    assert card["price_fen"] == classes["二等座"]
    first = say(app, user_id, "換成一等座")
    upgraded = first["cards"][0]
    assert upgraded["seat_class"] == "first" and upgraded["price_fen"] == classes["一等座"]
    assert f"合计{yuan(classes['一等座'])}" in first["reply"] and upgraded["consent"] != card["consent"]


def test_a_seat_wish_while_showings_are_offered_searches_again_or_waits_for_a_showing(app: boot.App) -> None:
    user_id = person(app)
    say(app, user_id, MOVIE)
    turn = app.conversation().handle(user_id, "换到最后一排中间", conversation_id="seats")
    assert turn.awaiting == "select" and turn.cards and "最后一排" in turn.reply
    for card in turn.cards:
        rows = app.catalog.seat_map(card["_request"]["ref"]).rows
        assert all(code.startswith(f"{rows}排") for code in card["seats"]), card["seats"]
    exact = say(app, user_id, "我想要10排5座和6座")
    assert exact["awaiting"] == "select" and exact["reply"].startswith("先选一场") and "10排5-6座" in exact["reply"]
    assert len(exact["cards"]) == len(turn.cards)


def test_a_sleeper_class_said_in_the_request_is_quoted_and_changed(app: boot.App) -> None:
    user_id = person(app)
    offered = say(app, user_id, "订明天北京到上海的软卧")
    card = offered["cards"][0]
    classes = {c["code"]: c["price_fen"] for c in card["classes"]}
    assert card["seat_class"] == "soft_sleeper" and "软卧" in card["title"]
    assert {"hard_sleeper", "soft_sleeper"} <= set(classes) and card["price_fen"] == classes["soft_sleeper"]
    say(app, user_id, "第一个")
    cheaper = say(app, user_id, "换成硬卧")["cards"][0]
    assert cheaper["seat_class"] == "hard_sleeper" and cheaper["price_fen"] == classes["hard_sleeper"]
    assert order_of(app, cheaper["order_id"]).details["seat_class"] == "hard_sleeper"
