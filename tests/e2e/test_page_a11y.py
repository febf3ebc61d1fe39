"""Issue 14, point 7, and axe-core on every page: order rows reachable by keyboard, buttons named by what they
do, tabs with roles and a selected state, contrast of at least 4.5:1, a favicon; no serious or critical axe-core
violation on the chat, orders, wallet and sign-in screens, on a desktop and a phone, plain and in 关怀模式."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.e2e.live import Live
from tests.e2e.page_kit import (
    MARKS,
    MILK_TEA,
    SCREENS,
    api_orders,
    axe_serious,
    contrast,
    is_focused,
    new_page,
    open_as,
    screen_name,
    shot,
    type_and_send,
    wait_turn,
)

pytestmark = MARKS

from playwright.sync_api import Browser, Page, expect  # noqa: E402

MOVIE = "帮我买两张《惊蛰无声》首映日的票，最后一排，晚上8点左右"


def paid_by_chat(live: Live, user: str, first_line: str) -> None:
    """An order placed and paid through the chat API (the page then lists it)."""
    headers = live.headers(user)
    for line in (first_line, "第一个", "确认"):
        r = httpx.post(f"{live.url}/api/chat", json={"text": line, "conversation_id": "api"}, headers=headers,
                       timeout=30)
        assert r.status_code == 200, r.text


def focus_by_tab(page: Page, testid: str, *, presses: int = 40) -> None:
    """Press Tab until an element with ``data-testid=testid`` has the focus (as a keyboard user would)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(t) => document.activeElement?.dataset?.testid === t", testid):
            return
    raise AssertionError(f"Tab never reached {testid}")


def assert_axe_clean(page: Page, where: str) -> None:
    serious = axe_serious(page)
    assert serious == [], f"{where}: {serious}"


@pytest.mark.parametrize("screen", SCREENS)
def test_a_keyboard_alone_opens_an_order_and_refunds_it(browser: Browser, live: Live, screen: dict[str, Any]) -> None:
    paid_by_chat(live, "alice", MOVIE)
    page = open_as(browser, live.url, "alice", screen)
    page.get_by_test_id("tab-chat").focus()
    page.keyboard.press("ArrowRight")                                   # tabs: arrows move the selection
    expect(page.get_by_test_id("tab-orders")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#view-orders")).to_be_visible()
    focus_by_tab(page, "order-row")
    row = page.get_by_test_id("order-row").first
    expect(row).to_have_accessible_name(re.compile(r"^电影 · .+，查看详情$"))
    page.keyboard.press("Enter")
    detail = page.get_by_test_id("order-detail")
    expect(detail).to_be_visible()
    assert is_focused(detail)                                           # focus follows what was opened
    focus_by_tab(page, "refund")
    shot(page, f"a11y-keyboard-refund-{screen_name(screen)}")
    page.keyboard.press("Enter")                                        # the refund's confirm() is accepted
    expect(page.get_by_test_id("order-status")).to_contain_text("已退款")
    [order] = api_orders(live, "alice")
    assert order["status"] == "refunded"


@pytest.mark.parametrize("screen", SCREENS)
def test_buttons_say_what_they_do_and_tabs_say_where_you_are(browser: Browser, live: Live,
                                                             screen: dict[str, Any]) -> None:
    page = open_as(browser, live.url, "alice", screen)
    reply = type_and_send(page, MILK_TEA)
    offers = reply.get_by_test_id("offer-card")
    expect(offers.first).to_be_visible()
    names = []
    for i, offer in enumerate(offers.all(), start=1):
        title = offer.locator("h3").inner_text().split(". ", 1)[1]
        pay = offer.get_by_test_id("pay").inner_text()
        expected = f"选第{i}个：{title} {pay}"                           # e.g. 「选第2个：一点甜·珍珠奶茶(中杯) ¥0.01」
        expect(offer.get_by_test_id("select")).to_have_accessible_name(expected)
        expect(page.get_by_role("button", name=expected, exact=True)).to_have_count(1)
        names.append(expected)
    assert len(set(names)) == len(names) >= 2

    tablist = page.get_by_role("tablist")
    tabs = tablist.get_by_role("tab")
    expect(tabs).to_have_count(4)
    for tab in tabs.all():
        panel = page.locator(f"#{tab.get_attribute('aria-controls')}")
        expect(panel).to_have_attribute("role", "tabpanel")
        expect(panel).to_have_attribute("aria-labelledby", tab.get_attribute("id") or "")
    expect(page.get_by_role("tab", name="聊天")).to_have_attribute("aria-selected", "true")
    page.get_by_role("tab", name="卡包").click()
    expect(page.get_by_role("tab", name="卡包")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tab", name="聊天")).to_have_attribute("aria-selected", "false")
    expect(page.get_by_role("tabpanel")).to_have_count(1)               # hidden panels are out of the tree
    expect(page.get_by_role("tabpanel")).to_have_attribute("id", "view-wallet")


def test_contrast_and_favicon(browser: Browser, live: Live) -> None:
    page = new_page(browser, {"viewport": {"width": 1280, "height": 800}})
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(live.url + "/")
    page.get_by_test_id("login-alice").click()
    expect(page.get_by_test_id("msg-bot").first).to_be_visible()
    type_and_send(page, "我还有几张免单卡")
    assert contrast(page, ".msg.user .bubble") >= 4.5                   # white on the accent (was 3.58:1)
    assert contrast(page, "#send") >= 4.5
    assert contrast(page, ".top h1") >= 4.5
    page.reload()
    expect(page.get_by_test_id("msg-bot").first).to_be_visible()
    assert failed == []                                                  # no 404, favicon included
    icon = httpx.get(live.url + "/favicon.ico", timeout=10)
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.lstrip().startswith("<svg")
    assert page.locator("link[rel=icon]").get_attribute("href") == "/favicon.svg"


@pytest.mark.parametrize("care", [False, True], ids=["plain", "care"])
@pytest.mark.parametrize("screen", SCREENS)
def test_axe_finds_nothing_serious_on_chat_orders_and_wallet(browser: Browser, live: Live, screen: dict[str, Any],
                                                             care: bool) -> None:
    name = f"{screen_name(screen)}-{'care' if care else 'plain'}"
    paid_by_chat(live, "alice", MILK_TEA)
    page = new_page(browser, screen, bypass_csp=True)                  # axe is injected as a script tag
    page.goto(live.url + "/")
    expect(page.get_by_test_id("login-alice")).to_be_visible()
    assert_axe_clean(page, f"sign-in {name}")
    page.get_by_test_id("login-alice").click()
    expect(page.get_by_test_id("msg-bot").first).to_be_visible()
    if care:
        page.get_by_test_id("care-toggle").click()
    reply = type_and_send(page, MILK_TEA)
    expect(reply.get_by_test_id("offer-card").first).to_be_visible()
    assert_axe_clean(page, f"chat offers {name}")
    reply.get_by_test_id("offer-card").first.get_by_test_id("one-tap" if care else "select").click()
    if care:                                                           # the one tap asks before paying
        expect(page.get_by_test_id("pay-dialog")).to_be_visible(timeout=20_000)
        assert_axe_clean(page, f"pay dialog {name}")
        page.get_by_test_id("pay-yes").click()
    else:
        wait_turn(page)
        expect(page.get_by_test_id("confirm-card").last).to_be_visible()
        assert_axe_clean(page, f"chat confirm {name}")
        page.get_by_test_id("confirm-card").last.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("msg-bot").last.get_by_test_id("order-chip")).to_contain_text("已支付", timeout=20_000)
    assert_axe_clean(page, f"chat paid {name}")
    page.get_by_test_id("tab-orders").click()
    page.get_by_test_id("order-row").first.click()
    expect(page.get_by_test_id("order-status")).to_be_visible()
    assert_axe_clean(page, f"orders {name}")
    page.get_by_test_id("tab-wallet").click()
    expect(page.get_by_test_id("card-row").first).to_be_visible()
    expect(page.get_by_test_id("places")).not_to_be_empty()
    assert_axe_clean(page, f"wallet {name}")
    page.get_by_test_id("tab-invite").click()
    expect(page.get_by_test_id("invite-link")).not_to_have_value("")
    assert_axe_clean(page, f"invite {name}")
