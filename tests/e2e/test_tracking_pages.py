"""The order detail tracks like a delivery app, 申请退款 shows only where the policy allows, and the wallet is
topped up on the page: Debian's chromium on a 1280x800 desktop and a 390x844 phone, screenshots in var/screenshots/.

The server's clock is a FixedClock the test moves (the rider travels); the browser's clock is Playwright's, paused
while the countdown is read, so a tick is exactly one second."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import create_engine, select

from bangwo.adapters.db import tables
from bangwo.api.app import create_app
from bangwo.config import Settings
from bangwo.domain.clocks import FixedClock, parse_now
from tests.e2e.live import NOW, Live, free_port
from tests.e2e.page_kit import (
    MILK_TEA,
    SCREENS,
    axe_serious,
    new_page,
    screen_name,
    shot,
    type_and_send,
)
from tests.e2e.test_tracking_api import settings_with_carol
from tests.threaded import serve_in_thread

pytestmark = [pytest.mark.browser]


@contextmanager
def serving_at(settings: Settings, clock: FixedClock) -> Iterator[Live]:
    """uvicorn in a thread serving create_app(settings) with ``clock`` (the test moves it)."""
    with serve_in_thread(create_app(settings, clock=clock), free_port(), name="uvicorn-tracking",
                         lifespan="on") as port:
        yield Live(f"http://127.0.0.1:{port}", settings)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(parse_now(NOW))


@pytest.fixture
def live(tmp_path: Path, clock: FixedClock) -> Iterator[Live]:
    settings = settings_with_carol(tmp_path, clock)
    with serving_at(settings, clock) as server:
        yield server


def sign_in(browser: Browser, live: Live, user: str, screen: dict[str, Any]) -> Page:
    page = new_page(browser, screen, bypass_csp=True)      # axe-core is added to the page by the test
    page.goto(live.url + "/")
    page.locator("#login-id").fill(user)
    page.locator("#login-form button[type=submit]").click()
    expect(page.get_by_test_id("who")).not_to_be_empty()
    expect(page.get_by_test_id("msg-bot").first).to_be_visible()      # the history (or the greeting) is in
    return page


def open_order(page: Page, order_id: str) -> None:
    page.get_by_test_id("tab-orders").click()
    row = page.locator(f'[data-testid="order-row"][data-order="{order_id}"]')
    expect(row).to_be_visible()
    listed = row.locator(".status").evaluate("(e) => e.firstChild.textContent")   # the label, not the hint
    row.click()
    expect(page.get_by_test_id("order-status")).to_have_text("状态：" + listed)   # the list and the detail agree


def order_from_chat(page: Page, *lines: str) -> str:
    for line in lines:
        type_and_send(page, line)
    chip = page.get_by_test_id("order-chip").last
    expect(chip).to_be_visible()
    order_id = chip.get_attribute("data-order")
    assert order_id
    return order_id


@pytest.mark.parametrize("screen", SCREENS)
def test_the_detail_shows_steps_a_countdown_and_the_rider_in_words(browser: Browser, live: Live, clock: FixedClock,
                                                                   screen: dict[str, Any]) -> None:
    page = sign_in(browser, live, "alice", screen)
    order_id = order_from_chat(page, MILK_TEA, "第一个", "确认")
    clock.advance(timedelta(minutes=15))                                # the rider has left the shop
    detail = httpx.get(f"{live.url}/api/orders/{order_id}", headers=live.headers("alice"), timeout=10).json()
    page.clock.install()                        # timers made from here on run on Playwright's clock,
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)             # paused: from here a tick is one second
    open_order(page, order_id)
    steps = page.get_by_test_id("step")
    expect(steps).to_have_count(4)
    expect(steps.nth(0)).to_have_attribute("data-state", "done")
    expect(steps.nth(2)).to_have_attribute("aria-current", "step")
    expect(steps.nth(2)).to_contain_text("骑手配送中")
    expect(steps.nth(3)).to_have_attribute("data-state", "todo")

    seconds = detail["countdown"]["seconds"]
    countdown = page.get_by_test_id("countdown")
    expect(countdown).to_have_attribute("data-seconds", str(seconds))
    page.clock.run_for(3000)
    expect(countdown).to_have_attribute("data-seconds", str(seconds - 3))
    left = seconds - 3
    expect(page.get_by_test_id("countdown-value")).to_have_text(f"{left // 60:02d}:{left % 60:02d}")

    for mark in ("shop", "rider", "you"):
        expect(page.get_by_test_id(f"mark-{mark}")).to_have_count(1)
    caption = page.get_by_test_id("tracking-text")
    expect(caption).to_have_text(re.compile(r"^骑手距你 \d+(\.\d)? (米|公里)，约 \d+ 分钟$"))
    expect(caption).to_have_text(detail["tracking"]["text"])
    body = page.get_by_test_id("order-detail").inner_text()
    assert not re.search(r"\d+\.\d{4}", body) and "座位" not in body   # no raw coordinates, no empty seat line
    expect(page.get_by_test_id("refund")).to_have_count(0)              # 商家开始制作后不可退
    expect(page.get_by_test_id("refund-note")).to_have_text(detail["refund"]["reason"])
    page.get_by_test_id("order-detail").scroll_into_view_if_needed()
    shot(page, f"tracking-{screen_name(screen)}", docs=True)
    page.clock.resume()                                                 # axe-core waits on timers of its own
    assert axe_serious(page) == []


@pytest.mark.parametrize("screen", SCREENS)
def test_refund_is_offered_where_the_policy_allows_it(browser: Browser, live: Live, screen: dict[str, Any]) -> None:
    page = sign_in(browser, live, "alice", screen)
    train = order_from_chat(page, "帮我订一张明天杭州到上海的高铁票", "第一个", "确认")
    open_order(page, train)
    refund = page.get_by_test_id("refund")
    expect(refund).to_be_visible()
    expect(page.get_by_test_id("refund-note")).to_have_text(re.compile(r"^可以退款，按退改规则扣手续费\d+\.\d\d元$"))
    shot(page, f"refund-offered-{screen_name(screen)}")
    refund.click()                                                      # the confirm() is accepted by new_page
    expect(page.get_by_test_id("order-status")).to_have_text("状态：已退款")
    expect(page.get_by_test_id("refund")).to_have_count(0)
    [row] = [o for o in httpx.get(f"{live.url}/api/orders", headers=live.headers("alice"), timeout=10).json()
             if o["id"] == train]
    assert row["status"] == "refunded" and row["refunded_fen"] == row["paid_fen"] - row["details"]["refund_fee_fen"]


def topups(live: Live, user: str) -> list[int]:
    p = tables.payments.c
    engine = create_engine(live.settings.database_url)
    try:
        with engine.connect() as conn:
            return [int(n) for n in conn.execute(select(p.amount_fen).where(
                p.kind == "topup", p.key.like(f"topup:{user}:%"))).scalars()]
    finally:
        engine.dispose()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_wallet_is_topped_up_on_the_page_once(browser: Browser, live: Live, screen: dict[str, Any]) -> None:
    page = sign_in(browser, live, "carol", screen)
    page.get_by_test_id("tab-wallet").click()
    page.get_by_test_id("topup-open").click()
    page.get_by_test_id("topup-amount-10000").click()
    expect(page.get_by_test_id("topup-summary")).to_have_text(
        "从绑定的银行卡扣款 ¥100.00，充值到帮我钱包；充值后余额 ¥100.00。")
    assert topups(live, "carol") == []                                   # shown, nothing charged yet
    shot(page, f"wallet-topup-confirm-{screen_name(screen)}")
    assert axe_serious(page) == []
    page.get_by_test_id("topup-yes").dblclick()
    expect(page.get_by_test_id("topup-result")).to_have_text("已给钱包充值100.00元，现在钱包余额100.00元。")
    expect(page.get_by_test_id("balance")).to_contain_text("¥100.00")
    assert topups(live, "carol") == [10_000]                             # a double click charged once
    shot(page, f"wallet-topup-done-{screen_name(screen)}")

    alice = sign_in(browser, live, "alice", screen)                      # no saved card: no top-up offered
    alice.get_by_test_id("tab-wallet").click()
    expect(alice.get_by_test_id("topup-open")).to_be_disabled()
    expect(alice.locator("#topup-policy")).to_have_text("还没有绑定银行卡，暂时不能给钱包充值。")
    seeded = topups(live, "alice")                                        # the demo's starting wallet
    alice.get_by_test_id("topup-bind").click()                           # the sandbox's test card, then 充值
    expect(alice.get_by_test_id("topup-result")).to_contain_text("已绑定测试银行卡")
    expect(alice.get_by_test_id("topup-open")).to_be_enabled()
    expect(alice.get_by_test_id("topup-bind")).to_be_hidden()
    alice.get_by_test_id("topup-open").click()
    alice.get_by_test_id("topup-amount-5000").click()
    alice.get_by_test_id("topup-yes").click()
    expect(alice.get_by_test_id("topup-result")).to_contain_text("已给钱包充值50.00元")
    assert topups(live, "alice") == [*seeded, 5_000]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_wallet_top_up_said_in_chat_shows_the_amount_then_charges_once(browser: Browser, live: Live,
                                                                        screen: dict[str, Any]) -> None:
    page = sign_in(browser, live, "carol", screen)
    reply = type_and_send(page, "给我的钱包充值200元")
    card = reply.get_by_test_id("confirm-card")
    expect(card).to_contain_text("钱包充值")
    expect(card.get_by_test_id("pay")).to_have_text("¥200.00")
    assert topups(live, "carol") == []                                   # shown, nothing charged yet
    shot(page, f"wallet-topup-chat-{screen_name(screen)}")
    card.get_by_test_id("confirm").click()
    done = page.get_by_test_id("msg-bot").last
    expect(done).to_contain_text("已给钱包充值200.00元，现在钱包余额200.00元。")
    assert topups(live, "carol") == [20_000]
    phone = type_and_send(page, "给我手机充100话费")                    # a phone top-up stays one
    expect(phone.get_by_test_id("offer-card").first).to_contain_text("话费")
