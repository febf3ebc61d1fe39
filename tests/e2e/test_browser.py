"""The web page and the dashboard in Debian's chromium driven by Playwright, against a real uvicorn server."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from bangwo.adapters.db import tables
from bangwo.domain import payments
from tests.e2e.live import ADMIN_PASSWORD, Live, seeded_settings, serving

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() == "true"
TRIP = "初七回成都：订杭州到成都的高铁，再订两晚春熙路附近的酒店"
TRIP_WALLET_FEN = 1_000_000     # the demo's 500 yuan does not cover a train to Chengdu and two hotel nights
PAID = ("paid", "fulfilling", "issued")

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

if not os.path.exists(CHROMIUM):
    if IN_CI:
        raise RuntimeError(f"CI=true but {CHROMIUM} is missing (make browser installs it)")
    pytest.skip(f"no {CHROMIUM}: `make browser` installs Debian's chromium", allow_module_level=True)

from playwright.sync_api import Browser, Locator, Page, expect  # noqa: E402


@pytest.fixture
def funded(tmp_path: Path) -> Iterator[Live]:
    with serving(seeded_settings(tmp_path, starting_wallet_fen=TRIP_WALLET_FEN)) as server:
        yield server


def shot(page: Page, name: str, *, docs: bool = False, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    if docs and os.environ.get("BANGWO_UPDATE_SCREENSHOTS") == "1":   # refresh docs/ only on purpose
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS / f"{name}.png")


def open_as(browser: Browser, live: Live, user: str, **context: Any) -> Page:
    page = browser.new_context(locale="zh-CN", **context).new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live.url + "/")
    page.get_by_test_id(f"login-{user}").click()
    expect(page.get_by_test_id("who")).not_to_be_empty()
    return page


def type_and_send(page: Page, text: str) -> None:
    bots = page.get_by_test_id("msg-bot").count()
    page.get_by_test_id("input").fill(text)
    page.get_by_test_id("send").click()
    last = page.get_by_test_id("msg-bot").nth(bots)
    expect(last).not_to_have_attribute("aria-busy", "true", timeout=20_000)


def wait_turn(page: Page) -> None:
    expect(page.get_by_test_id("msg-bot").last).not_to_have_attribute("aria-busy", "true", timeout=20_000)


def api_orders(live: Live, user: str) -> list[dict[str, Any]]:
    r = httpx.get(f"{live.url}/api/orders", headers=live.headers(user), timeout=10)
    orders: list[dict[str, Any]] = r.json()
    return orders


def wallet_fen(live: Live, user: str) -> int:
    """The balance the API reports, checked against the ledger in the live server's database."""
    reported: int = httpx.get(f"{live.url}/api/cards", headers=live.headers(user), timeout=10).json()["wallet_fen"]
    engine = create_engine(live.settings.database_url)
    try:
        with engine.connect() as conn:
            ledger = conn.execute(select(func.coalesce(func.sum(tables.ledger_entries.c.amount_fen), 0))
                                  .where(tables.ledger_entries.c.account == payments.wallet_account(user))).scalar_one()
    finally:
        engine.dispose()
    assert reported == int(ledger)
    return reported


def payments_fen(live: Live, user: str) -> list[int]:
    """What the database holds as payments for the user's orders."""
    p, o = tables.payments.c, tables.orders.c
    engine = create_engine(live.settings.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(p.amount_fen).join_from(tables.payments, tables.orders, p.order_id == o.id)
                                .where(o.user_id == user, p.kind == "pay")).scalars().all()
    finally:
        engine.dispose()
    return sorted(int(r) for r in rows)


def fen_of(label: str) -> int:
    """The amount in a label such as 「确认支付 ¥3678.00」, in fen."""
    found = re.search(r"¥(\d+)\.(\d{2})", label)
    assert found is not None, label
    return int(found[1]) * 100 + int(found[2])


def in_plain_sight(target: Locator) -> bool:
    """The element lies inside the viewport and nothing (the composer, a toast) covers it, corners to centre."""
    seen: bool = target.evaluate("""(el) => {
      const r = el.getBoundingClientRect();
      if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) return false;
      const at = (fx, fy) => document.elementFromPoint(r.left + fx * r.width, r.top + fy * r.height);
      return [[.1, .25], [.9, .25], [.5, .5], [.1, .75], [.9, .75]].every(([fx, fy]) => el.contains(at(fx, fy)));
    }""")
    return seen


def test_a_person_orders_milk_tea_by_typing_and_clicking_cards(browser: Browser, live: Live) -> None:
    page = open_as(browser, live, "alice", viewport={"width": 1280, "height": 900})
    type_and_send(page, "帮我点一杯少糖少冰的珍珠奶茶")
    offers = page.get_by_test_id("offer-card")
    expect(offers.first).to_be_visible()
    assert offers.count() >= 2
    first = offers.first
    expect(first.get_by_test_id("policy")).to_contain_text("退改：")
    pay_text = first.get_by_test_id("pay").inner_text()
    shot(page, "chat-offers-desktop", docs=True)
    first.get_by_test_id("select").click()
    wait_turn(page)
    confirm = page.get_by_test_id("confirm-card").last
    expect(confirm).to_be_visible()
    expect(confirm.get_by_test_id("confirm")).to_contain_text("确认支付")
    shot(page, "chat-confirm-desktop", docs=True)
    confirm.get_by_test_id("confirm").click()
    wait_turn(page)
    chip = page.get_by_test_id("order-chip").last
    expect(chip).to_contain_text("已支付")
    [order] = api_orders(live, "alice")
    assert order["status"] in ("paid", "fulfilling") and order["title"] in page.content()
    assert pay_text.startswith("¥")
    page.get_by_test_id("tab-orders").click()
    page.get_by_test_id("order-row").first.click()
    expect(page.get_by_test_id("order-status")).to_contain_text("状态")
    shot(page, "order-tracking-desktop", docs=True)
    page.get_by_test_id("tab-wallet").click()
    expect(page.get_by_test_id("balance")).to_contain_text("钱包余额")
    expect(page.get_by_test_id("card-row").first).to_be_visible()
    shot(page, "card-wallet-desktop")
    page.get_by_test_id("tab-invite").click()
    expect(page.get_by_test_id("invite-link")).to_have_value(re.compile(r"/\?invite=[A-Za-z0-9_-]{16}$"))


def test_a_person_buys_cinema_seats_and_refunds_them(browser: Browser, live: Live) -> None:
    page = open_as(browser, live, "alice", viewport={"width": 1280, "height": 900})
    type_and_send(page, "帮我买两张《惊蛰无声》首映日的票，最后一排，晚上8点左右")
    offers = page.get_by_test_id("offer-card")
    expect(offers.first).to_be_visible()
    expect(offers.first).to_contain_text("座位")
    offers.first.get_by_test_id("select").click()
    wait_turn(page)
    page.get_by_test_id("confirm-card").last.get_by_test_id("confirm").click()
    wait_turn(page)
    expect(page.get_by_test_id("order-chip").last).to_contain_text("电影订单")
    shot(page, "cinema-paid-desktop")
    [order] = api_orders(live, "alice")
    assert order["domain"] == "movie" and order["paid_fen"] > 0
    page.get_by_test_id("tab-orders").click()
    page.get_by_test_id("order-row").first.click()
    page.get_by_test_id("refund").click()
    expect(page.get_by_test_id("order-status")).to_contain_text("已退款")
    shot(page, "cinema-refunded-desktop", docs=True)
    [refunded] = api_orders(live, "alice")
    assert refunded["status"] == "refunded" and refunded["refunded_fen"] > 0


def test_care_mode_on_a_phone_one_tap_orders_with_large_text(browser: Browser, live: Live) -> None:
    page = open_as(browser, live, "alice", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                   device_scale_factor=2)
    page.get_by_test_id("care-toggle").click()
    expect(page.get_by_test_id("care-toggle")).to_have_attribute("aria-pressed", "true")
    font_px = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_px >= 22
    type_and_send(page, "帮我点一杯少糖少冰的珍珠奶茶")
    first = page.get_by_test_id("offer-card").first
    one_tap = first.get_by_test_id("one-tap")
    expect(one_tap).to_be_visible()
    expect(first.get_by_test_id("select")).to_be_hidden()
    box = one_tap.bounding_box()
    assert box is not None and box["height"] >= 56 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "care-mode-phone-offers", docs=True)
    one_tap.click()
    expect(page.get_by_test_id("pay-total")).to_have_text(first.get_by_test_id("pay").inner_text())   # 2nd step
    page.get_by_test_id("pay-yes").click()
    expect(page.get_by_test_id("order-chip").last).to_contain_text("已支付", timeout=20_000)
    shot(page, "care-mode-phone-paid", docs=True)
    assert [o["status"] for o in api_orders(live, "alice")] in (["paid"], ["fulfilling"])


def test_the_dashboard_shows_what_the_database_holds(browser: Browser, live: Live) -> None:
    alice = live.headers("alice")
    for line in ("帮我点一杯少糖少冰的珍珠奶茶", "第一个", "确认", "asdfgh"):
        assert httpx.post(f"{live.url}/api/chat", json={"text": line}, headers=alice, timeout=30).status_code == 200
    figures = httpx.get(f"{live.url}/api/dashboard", headers=live.admin_headers(), timeout=10).json()
    page = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(live.url + "/dashboard")
    page.get_by_test_id("admin-password").fill(ADMIN_PASSWORD)
    page.get_by_test_id("admin-login").click()
    expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    for key in ("requests", "understood", "offered", "confirmed", "paid"):
        expect(page.get_by_test_id(f"k-{key}")).to_have_text(str(figures["funnel"][key]))
    assert figures["funnel"] == {"requests": 2, "understood": 1, "offered": 1, "confirmed": 1, "paid": 1}
    gmv = sum(d["gmv_fen"] for d in figures["by_domain"])
    expect(page.get_by_test_id("k-gmv")).to_have_text(f"¥{gmv / 100:.2f}")
    expect(page.get_by_test_id("t-fail")).to_contain_text("没听懂")
    expect(page.get_by_test_id("cards-summary")).to_contain_text(f"已发 {figures['cards']['issued']} 张")
    page.wait_for_timeout(300)   # charts drawn (animation is off)
    expect(page.get_by_test_id("admin-password")).to_be_hidden()
    shot(page, "dashboard", docs=True, full_page=True)


def test_a_trip_on_desktop_pays_exactly_the_total_on_the_button(browser: Browser, funded: Live) -> None:
    page = open_as(browser, funded, "alice", viewport={"width": 1280, "height": 800})
    before = wallet_fen(funded, "alice")
    type_and_send(page, TRIP)
    trains = page.get_by_test_id("msg-bot").last.get_by_test_id("offer-card")
    expect(trains.first).to_be_visible()
    train_title = trains.first.locator("h3").inner_text().split(". ", 1)[1]
    expect(trains.first.locator("tr.discount")).to_have_count(1)     # the one free-order card goes on the train
    trains.first.get_by_test_id("select").click()
    wait_turn(page)
    step = page.get_by_test_id("confirm-card").last.get_by_test_id("confirm")
    expect(step).to_have_text("确认这一项（最后一起支付）")
    expect(step).to_have_attribute("data-pay", "0")
    step.click()
    wait_turn(page)
    assert wallet_fen(funded, "alice") == before and payments_fen(funded, "alice") == []
    assert [o["status"] for o in api_orders(funded, "alice")] == ["held"]

    hotels = page.get_by_test_id("msg-bot").last.get_by_test_id("offer-card")
    expect(hotels.first).to_be_visible()
    expect(hotels.locator("tr.discount")).to_have_count(0)           # no card left for the hotel
    for i in range(hotels.count()):
        assert "免单卡" not in hotels.nth(i).inner_text()
    hotel_title = hotels.first.locator("h3").inner_text().split(". ", 1)[1]
    hotels.first.get_by_test_id("select").click()
    wait_turn(page)
    expect(page.get_by_test_id("msg-bot").last.get_by_test_id("leg-card").get_by_role("button")).to_have_count(0)
    final = page.get_by_test_id("plan-card").last                      # one 确认 pays both legs: the plan card
    legs = final.locator("tr.leg")
    expect(legs).to_have_count(2)
    assert in_plain_sight(final.get_by_test_id("confirm"))              # not hidden under the composer
    expect(legs.nth(0)).to_contain_text(train_title)
    expect(legs.nth(1)).to_contain_text(hotel_title)
    button = final.get_by_test_id("confirm")
    label = button.inner_text()
    assert re.fullmatch(r"确认支付 ¥\d+\.\d{2}", label), label
    on_button = fen_of(label)
    assert int(button.get_attribute("data-pay") or "-1") == on_button
    assert fen_of(final.get_by_test_id("total").inner_text()) == on_button
    assert sum(fen_of(legs.nth(i).locator("td").last.inner_text()) for i in range(2)) == on_button
    shot(page, "trip-confirm-desktop")

    button.click()
    wait_turn(page)
    chips = page.get_by_test_id("msg-bot").last.get_by_test_id("order-chip")
    expect(chips).to_have_count(2)
    orders = api_orders(funded, "alice")
    assert sorted(o["domain"] for o in orders) == ["hotel", "train"]
    assert all(o["status"] in PAID for o in orders), [o["status"] for o in orders]
    assert before - wallet_fen(funded, "alice") == on_button == sum(payments_fen(funded, "alice")) == \
        sum(o["paid_fen"] for o in orders)


def test_a_trip_in_care_mode_on_a_phone_pays_only_the_total_shown(browser: Browser, funded: Live) -> None:
    page = open_as(browser, funded, "alice", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                   device_scale_factor=2)
    page.get_by_test_id("care-toggle").click()
    expect(page.get_by_test_id("care-toggle")).to_have_attribute("aria-pressed", "true")
    before = wallet_fen(funded, "alice")
    type_and_send(page, TRIP)
    bots = page.get_by_test_id("msg-bot")
    sent = bots.count()
    bots.last.get_by_test_id("offer-card").first.get_by_test_id("one-tap").click()
    expect(bots).to_have_count(sent + 2, timeout=20_000)              # the pick, then the step's confirmation
    wait_turn(page)
    expect(bots.nth(sent).get_by_test_id("confirm-card").get_by_test_id("confirm")).to_have_attribute("data-pay", "0")
    assert wallet_fen(funded, "alice") == before and payments_fen(funded, "alice") == []

    hotel = bots.last.get_by_test_id("offer-card").first
    one_tap = hotel.get_by_test_id("one-tap")
    expect(one_tap).to_be_visible()
    tapped = fen_of(one_tap.inner_text())
    assert tapped == fen_of(hotel.get_by_test_id("pay").inner_text())
    one_tap.click()
    expect(bots).to_have_count(sent + 3, timeout=20_000)
    wait_turn(page)
    final = bots.last.get_by_test_id("plan-card")
    button = final.get_by_test_id("confirm")
    total = fen_of(button.inner_text())
    assert total != tapped and int(button.get_attribute("data-pay") or "-1") == total
    toast = page.locator("#toast")
    expect(toast).to_be_visible()
    expect(toast).to_contain_text(f"合计需付¥{total // 100}.{total % 100:02d}")
    assert wallet_fen(funded, "alice") == before and payments_fen(funded, "alice") == []
    assert bots.count() == sent + 3                                    # the one tap stopped at the confirm card
    expect(final.locator("tr.leg")).to_have_count(2)
    assert in_plain_sight(button) and in_plain_sight(final.get_by_test_id("total"))   # the toast hides neither
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "care-mode-phone-trip-total")

    button.click()
    expect(page.get_by_test_id("pay-total")).to_have_text(f"¥{total // 100}.{total % 100:02d}")   # 2nd step
    page.get_by_test_id("pay-yes").click()
    expect(bots.last.get_by_test_id("order-chip")).to_have_count(2, timeout=20_000)
    orders = api_orders(funded, "alice")
    assert all(o["status"] in PAID for o in orders) and len(orders) == 2
    assert before - wallet_fen(funded, "alice") == total == sum(payments_fen(funded, "alice")) == \
        sum(o["paid_fen"] for o in orders)


def test_the_address_book_on_the_page_is_used_when_ordering_to_a_named_place(browser: Browser, live: Live) -> None:
    page = open_as(browser, live, "alice", viewport={"width": 1280, "height": 800})
    page.get_by_test_id("tab-wallet").click()
    page.locator("#place-label").fill("公司")
    page.locator("#place-text").fill("西湖区天目山路200号")
    page.locator("#place-form button[type=submit]").click()
    row = page.get_by_test_id("place-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("杭州市西湖区")
    page.get_by_test_id("tab-chat").click()
    type_and_send(page, "帮我点一杯珍珠奶茶送到公司")
    wait_turn(page)
    cards = page.get_by_test_id("msg-bot").last.get_by_test_id("offer-card")
    expect(cards.first).to_contain_text("送到：杭州市西湖区 天目山路200号")
    shot(page, "address-book-order")
    page.get_by_test_id("tab-wallet").click()
    page.get_by_role("button", name="删除常用地址“公司”").click()
    expect(page.get_by_test_id("place-row")).to_have_count(0)


def test_a_new_person_signs_up_by_phone_through_an_invite_and_orders_milk_tea(browser: Browser,
                                                                             tmp_path: Path) -> None:
    with serving(seeded_settings(tmp_path, new_user_wallet_fen=5000)) as live:
        alice = live.headers("alice")
        code = httpx.get(f"{live.url}/api/invites", headers=alice, timeout=10).json()["code"]
        cards_before = httpx.get(f"{live.url}/api/cards", headers=alice, timeout=10).json()["cards_usable"]
        page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
        page.goto(f"{live.url}/?invite={code}")
        expect(page.get_by_test_id("invite-note")).to_be_visible()
        page.get_by_test_id("phone").fill("13700137000")
        page.get_by_test_id("send-code").click()
        expect(page.get_by_test_id("code-hint")).to_contain_text("验证码已发送")
        page.get_by_test_id("code").fill(live.last_code("13700137000"))
        page.get_by_test_id("city").fill("杭州")
        shot(page, "sign-up-phone-code", docs=True)
        page.get_by_test_id("sign-in").click()
        expect(page.get_by_test_id("who")).to_have_text("用户7000")
        # The inviter got the card; the new person has their own first-use card.
        invited = httpx.get(f"{live.url}/api/invites", headers=alice, timeout=10).json()["invited"]
        assert len(invited) == 1 and invited[0]["invitee"].startswith("u")
        assert httpx.get(f"{live.url}/api/cards", headers=alice, timeout=10).json()["cards_usable"] == cards_before + 1
        page.get_by_test_id("tab-wallet").click()
        expect(page.get_by_test_id("card-row")).to_have_count(1)
        page.get_by_test_id("tab-chat").click()
        type_and_send(page, "帮我点一杯少糖少冰的珍珠奶茶，送到文三路100号")
        offers = page.get_by_test_id("offer-card")
        expect(offers.first).to_be_visible()
        offers.first.get_by_test_id("select").click()
        wait_turn(page)
        confirm = page.get_by_test_id("confirm-card").last
        expect(confirm.get_by_test_id("confirm")).to_contain_text("确认支付")
        confirm.get_by_test_id("confirm").click()
        wait_turn(page)
        expect(page.get_by_test_id("order-chip").last).to_contain_text("已支付")
        shot(page, "sign-up-first-order")
        token = page.evaluate("localStorage.getItem('bangwo.token')")
        [order] = httpx.get(f"{live.url}/api/orders", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
        assert order["status"] in ("paid", "fulfilling") and order["paid_fen"] == 1   # the card paid all but 1 fen
