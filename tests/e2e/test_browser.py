"""The web page and the dashboard in Debian's chromium driven by Playwright, against a real uvicorn server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.live import ADMIN_PASSWORD, Live, seeded_settings, serving

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

if not os.path.exists(CHROMIUM):
    if IN_CI:
        raise RuntimeError(f"CI=true but {CHROMIUM} is missing (make browser installs it)")
    pytest.skip(f"no {CHROMIUM}: `make browser` installs Debian's chromium", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    with serving(seeded_settings(tmp_path)) as server:
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
    expect(page.get_by_test_id("invite-link")).to_have_value(f"{live.url}/?invite=alice")


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
