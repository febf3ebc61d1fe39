"""The seat map in Debian's chromium (Playwright) against a real uvicorn server, on a desktop and a phone: a person
picks seats on the cinema confirm card, changes them to a couple pair, pays, and the database paid for exactly
those seats; a train card offers its seat classes. Screenshots are kept in var/screenshots/."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import create_engine, select

from bangwo.adapters.db import tables
from tests.e2e.live import Live
from tests.e2e.page_kit import MARKS, SCREENS, axe_serious, no_sideways_scroll, screen_name, shot
from tests.e2e.page_kit import open_as as open_page

MOVIE = "帮我买两张明晚8点的星河漫游记电影票"

pytestmark = MARKS


def open_as(browser: Browser, live: Live, user: str, screen: dict[str, Any]) -> Page:
    return open_page(browser, live.url, user, screen, bypass_csp=True)   # axe-core is injected as a script tag


def assert_axe_clean(page: Page, where: str) -> None:
    serious = axe_serious(page)
    assert serious == [], f"{where}: {serious}"


def wait_turn(page: Page, bots: int) -> Locator:
    """The bot message after the first ``bots`` ones, once its turn is done."""
    turn = page.get_by_test_id("msg-bot").nth(bots)
    expect(turn).to_be_visible(timeout=20_000)
    expect(turn).not_to_have_attribute("aria-busy", "true", timeout=20_000)
    return turn


def say(page: Page, text: str) -> Locator:
    bots = page.get_by_test_id("msg-bot").count()
    page.get_by_test_id("input").fill(text)
    page.get_by_test_id("send").click()
    return wait_turn(page, bots)


def press(page: Page, button: Locator) -> Locator:
    bots = page.get_by_test_id("msg-bot").count()
    button.click()
    return wait_turn(page, bots)


def open_map(card: Locator) -> Locator:
    card.get_by_test_id("seat-open").click()
    seat_map = card.get_by_test_id("seat-map")
    expect(seat_map).to_be_visible()
    expect(seat_map.locator("button.seat").first).to_be_visible()
    return seat_map


def pick(page: Page, card: Locator, codes: list[str]) -> Locator:
    seat_map = open_map(card)
    for code in codes:
        seat_map.locator(f'button.seat[data-code="{code}"]').click()
    for code in codes:
        expect(seat_map.locator(f'button.seat[data-code="{code}"]')).to_have_attribute("aria-pressed", "true")
    return seat_map


def held_seats(live: Live, user: str) -> dict[str, Any]:
    orders = httpx.get(f"{live.url}/api/orders", headers=live.headers(user), timeout=10).json()
    return next(o for o in orders if o["status"] == "held")


def database_seats(live: Live, user: str) -> tuple[list[tuple[str, str]], set[str]]:
    """(status, seats) of the user's cinema orders that are not cancelled, and the seats they claim."""
    o, c = tables.orders.c, tables.seat_claims.c
    engine = create_engine(live.settings.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(o.status, o.details).where(o.user_id == user, o.status != "cancelled")).all()
            claims = conn.execute(select(c.seat_key).join_from(tables.seat_claims, tables.orders,
                                                              c.order_id == o.id).where(o.user_id == user)).scalars()
            claimed = {str(key).rsplit("/", 1)[1] for key in claims}
    finally:
        engine.dispose()
    found = [(str(status), "、".join(str(k).rsplit("/", 1)[1] for k in details["seats"])) for status, details in rows]
    return found, claimed


@pytest.mark.parametrize("screen", SCREENS)
def test_a_person_picks_seats_on_the_map_changes_them_and_pays_for_exactly_those(
        browser: Browser, live: Live, screen: dict[str, Any]) -> None:
    device = screen_name(screen)
    page = open_as(browser, live, "alice", screen)
    offered = say(page, MOVIE)
    shown = press(page, offered.get_by_test_id("offer-card").first.get_by_test_id("select"))
    card = shown.get_by_test_id("confirm-card")
    expect(card).to_contain_text("座位")
    first_seats = held_seats(live, "alice")["details"]["seats"]
    meta = card.locator(".meta").inner_text()
    assert meta.count(str(first_seats[0]).rsplit("/", 1)[1]) == 1          # the seats are listed once

    seat_map = pick(page, card, ["10排5座", "10排6座"])
    expect(seat_map.get_by_test_id("screen")).to_have_text("银幕")
    expect(seat_map.locator("button.seat.mine")).to_have_count(2)
    expect(seat_map.get_by_test_id("seat-status")).to_contain_text("已选 2/2：10排5座、10排6座")
    shot(page, f"seats-picked-{device}")
    assert no_sideways_scroll(page)                                         # a wide hall scrolls inside the map
    assert_axe_clean(page, f"seat map {device}")
    moved = press(page, seat_map.get_by_test_id("seat-apply"))
    new_card = moved.get_by_test_id("confirm-card")
    expect(moved).to_contain_text("换到10排5-6座")
    expect(new_card.locator(".meta")).to_contain_text("座位 10排5座、10排6座")
    expect(card.get_by_test_id("confirm")).to_be_disabled()                # the old card can no longer pay
    standard_pay = new_card.get_by_test_id("confirm").inner_text()

    couple_map = open_map(new_card)
    couple = couple_map.locator("button.seat.couple:not([disabled])").first
    left = str(couple.get_attribute("data-code"))
    couple.click()                                                          # one tap takes the whole pair
    expect(couple_map.locator("button.seat.picked")).to_have_count(2)
    pair = sorted(str(b.get_attribute("data-code")) for b in couple_map.locator("button.seat.picked").all())
    assert left in pair
    shot(page, f"seats-couple-{device}")
    paired = press(page, couple_map.get_by_test_id("seat-apply"))
    final = paired.get_by_test_id("confirm-card")
    expect(paired).to_contain_text("情侣座")
    expect(final.get_by_test_id("couple-badge")).to_have_text("情侣座")
    pay_label = final.get_by_test_id("confirm").inner_text()
    assert pay_label != standard_pay                                        # re-priced: the couple surcharge
    shot(page, f"seats-changed-{device}")

    paid = press(page, final.get_by_test_id("confirm"))
    expect(paid.get_by_test_id("order-chip")).to_contain_text("已支付")
    shot(page, f"seats-paid-{device}")
    orders, claimed = database_seats(live, "alice")
    assert len(orders) == 1 and orders[0][0] in ("paid", "issued", "fulfilling")
    assert sorted(orders[0][1].split("、")) == sorted(pair) and claimed == set(pair)
    [order] = [o for o in httpx.get(f"{live.url}/api/orders", headers=live.headers("alice"), timeout=10).json()
               if o["status"] != "cancelled"]
    assert f"¥{order['paid_fen'] / 100:.2f}" in pay_label


@pytest.mark.parametrize("screen", SCREENS)
def test_a_train_card_offers_its_seat_classes_and_one_tap_reprices(browser: Browser, live: Live,
                                                                    screen: dict[str, Any]) -> None:
    device = screen_name(screen)
    page = open_as(browser, live, "alice", screen)
    offered = say(page, "订明天杭州到上海的高铁")
    held = press(page, offered.get_by_test_id("offer-card").first.get_by_test_id("select"))
    card = held.get_by_test_id("confirm-card")
    classes = card.get_by_test_id("seat-classes")
    expect(classes.locator("button")).to_have_count(3)
    expect(classes.locator('button[aria-pressed="true"]')).to_contain_text("二等座")
    first_class = classes.locator('button[data-class="first"]')
    price = first_class.inner_text().split(" ")[1]
    upgraded = press(page, first_class)
    new_card = upgraded.get_by_test_id("confirm-card")
    expect(new_card.locator("h3")).to_contain_text("一等座")
    expect(new_card.get_by_test_id("seat-classes").locator('button[aria-pressed="true"]')).to_contain_text("一等座")
    expect(new_card.locator("table")).to_contain_text(price)
    shot(page, f"train-classes-{device}")
    assert_axe_clean(page, f"train classes {device}")
    [order] = [o for o in httpx.get(f"{live.url}/api/orders", headers=live.headers("alice"), timeout=10).json()
               if o["status"] == "held"]
    assert order["details"]["seat_class"] == "first" and f"¥{order['total_fen'] / 100:.2f}" == price


def test_the_seat_map_api_refuses_a_held_seat_in_chinese_with_the_nearest_free(live: Live) -> None:
    headers = live.headers("alice")
    ids = {}
    for conversation in ("other", "web"):   # another of the person's conversations holds seats of the showing first
        for text in (MOVIE, "第一个"):
            r = httpx.post(f"{live.url}/api/chat", json={"text": text, "conversation_id": conversation},
                           headers=headers, timeout=20)
            r.raise_for_status()
        ids[conversation] = r.json()["cards"][0]["order_id"]
    held = {o["id"]: o for o in httpx.get(f"{live.url}/api/orders", headers=headers, timeout=10).json()
            if o["status"] == "held"}
    current, blocker = held[ids["web"]], held[ids["other"]]
    blocked = [str(k).rsplit("/", 1)[1] for k in blocker["details"]["seats"]]
    assert {str(k).rsplit("/", 1)[0] for k in current["details"]["seats"] + blocker["details"]["seats"]} == {
        str(blocker["details"]["seats"][0]).rsplit("/", 1)[0]}                 # the same showing
    shown = httpx.get(f"{live.url}/api/orders/{current['id']}/seats", headers=headers, timeout=10).json()
    states = {s["code"]: s["state"] for row in shown["grid"] for s in row["seats"]}
    assert {states[c] for c in blocked} == {"held"} and shown["screen"] == "front"
    assert shown["mine"] == [str(k).rsplit("/", 1)[1] for k in current["details"]["seats"]]
    refused = httpx.post(f"{live.url}/api/orders/{current['id']}/seats", headers=headers, timeout=10,
                         json={"seats": blocked, "idempotency_key": "try-1"})
    assert refused.status_code == 409
    assert refused.json()["message"].startswith(f"{'、'.join(blocked)}已经有人了，附近还空着：")
    still = {o["id"] for o in httpx.get(f"{live.url}/api/orders", headers=headers, timeout=10).json()
             if o["status"] == "held"}
    assert still == {current["id"], blocker["id"]}


def test_another_persons_order_has_no_seat_map_and_its_seats_cannot_be_changed(live: Live) -> None:
    alice, bob = live.headers("alice"), live.headers("bob")
    for text in (MOVIE, "第一个"):
        httpx.post(f"{live.url}/api/chat", json={"text": text}, headers=alice, timeout=20).raise_for_status()
    order = held_seats(live, "alice")
    before = database_seats(live, "alice")
    seen = httpx.get(f"{live.url}/api/orders/{order['id']}/seats", headers=bob, timeout=10)
    moved = httpx.post(f"{live.url}/api/orders/{order['id']}/seats", headers=bob, timeout=10,
                       json={"seats": ["1排1座", "1排2座"], "idempotency_key": "steal"})
    assert (seen.status_code, moved.status_code) == (404, 404)
    assert seen.json()["message"] == moved.json()["message"] == "没有找到这笔订单"
    assert database_seats(live, "alice") == before and held_seats(live, "alice")["id"] == order["id"]
    bad = httpx.post(f"{live.url}/api/orders/{order['id']}/seats", headers=alice, timeout=10,
                     json={"seats": ["99排1座", "99排2座"], "idempotency_key": "bad"})
    assert bad.status_code == 400 and bad.json()["message"].startswith("没有“99排1座”这个座位")
    public = httpx.get(f"{live.url}/api/showtimes/{order['details']['seats'][0].rsplit('/', 1)[0]}/seats",
                       headers=bob, timeout=10).json()
    assert public["order_id"] is None and public["mine"] == []
    assert {s["state"] for row in public["grid"] for s in row["seats"]} == {"free", "held"}
