"""Issue 14, point 2: honest failures. A real `bangwo serve` is stopped, hung (SIGSTOP) and restarted during a
conversation; the page says what happened in Chinese, keeps what was typed, offers 重试, and afterwards either
carries on with the same conversation or says that the login expired."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bangwo.conversation.dialogue import MAX_TEXT
from bangwo.services.tokens import Role, TokenSigner
from tests.e2e.live import Live, seeded_settings
from tests.e2e.page_kit import (
    MARKS,
    MILK_TEA,
    SCREENS,
    Served,
    api_orders,
    in_plain_sight,
    open_as,
    screen_name,
    served_env,
    shot,
    type_and_send,
    wait_turn,
)

pytestmark = [*MARKS, pytest.mark.slow]

from playwright.sync_api import Browser, Page, expect  # noqa: E402

DOWN = "连不上服务器"
EXPIRED = "登录已过期，请重新登录"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    settings = seeded_settings(tmp_path)
    server = Served(served_env(settings.database_url, "first-secret"), tmp_path / "serve.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def no_english_errors(page: Page) -> None:
    text = page.locator("body").inner_text()
    for english in ("Failed to fetch", "NetworkError", "TypeError", "AbortError", "Load failed"):
        assert english not in text


def send_typed(page: Page, text: str) -> None:
    page.get_by_test_id("input").fill(text)
    page.get_by_test_id("input").press("Enter")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_server_stopped_mid_conversation_then_restarted(browser: Browser, served: Served,
                                                          screen: dict[str, Any]) -> None:
    name = screen_name(screen)
    page = open_as(browser, served.url, "alice", screen)
    offers = type_and_send(page, MILK_TEA).get_by_test_id("offer-card")
    expect(offers.first).to_be_visible()
    first_title = offers.first.locator("h3").inner_text().split(". ", 1)[1]

    served.stop()
    users = page.get_by_test_id("msg-user").count()
    send_typed(page, "第一个")
    failed = page.get_by_test_id("msg-bot").last
    expect(failed.locator(".bubble")).to_contain_text(DOWN)
    expect(failed.locator(".bubble")).to_contain_text("没有发出去")
    retry = failed.get_by_test_id("retry")
    expect(retry).to_be_visible()
    expect(page.get_by_test_id("input")).to_have_value("第一个")              # the unsent text is kept
    expect(page.get_by_test_id("offline")).to_be_visible()
    expect(page.get_by_test_id("msg-user")).to_have_count(users + 1)
    assert in_plain_sight(retry)
    no_english_errors(page)
    shot(page, f"failure-server-down-{name}", docs=name == "phone")

    served.start()                                                     # same database, same secret
    retry.click()
    wait_turn(page)
    confirm = page.get_by_test_id("msg-bot").last.get_by_test_id("confirm-card")
    expect(confirm).to_contain_text(first_title)                         # the conversation carried on
    expect(page.get_by_test_id("input")).to_have_value("")              # the retried text is not sent twice
    expect(page.get_by_test_id("offline")).to_be_hidden()
    confirm.get_by_test_id("confirm").click()
    wait_turn(page)
    expect(page.get_by_test_id("msg-bot").last.get_by_test_id("order-chip")).to_contain_text("已支付")
    [order] = api_orders(served, "alice")
    assert order["status"] in ("paid", "fulfilling") and order["title"] in first_title
    shot(page, f"failure-after-restart-{name}")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_restart_with_a_new_secret_says_the_login_expired(browser: Browser, served: Served,
                                                            screen: dict[str, Any]) -> None:
    name = screen_name(screen)
    page = open_as(browser, served.url, "alice", screen)
    expect(type_and_send(page, MILK_TEA).get_by_test_id("offer-card").first).to_be_visible()

    served.stop()
    served.start(BANGWO_AUTH_SECRET="second-secret")                   # every token signed before is void
    send_typed(page, "第一个")
    expect(page.get_by_test_id("login-reason")).to_have_text(EXPIRED)
    expect(page.get_by_test_id("login-alice")).to_be_visible()
    no_english_errors(page)
    shot(page, f"failure-login-expired-{name}", docs=name == "phone")

    page.get_by_test_id("login-alice").click()                          # signing in again picks the thread up
    expect(page.get_by_test_id("offer-card").first).to_be_visible()
    expect(page.get_by_test_id("login-reason")).to_be_hidden()
    type_and_send(page, "第一个")
    expect(page.get_by_test_id("msg-bot").last.get_by_test_id("confirm-card")).to_be_visible()


@pytest.mark.parametrize("screen", SCREENS)
def test_a_hung_server_shows_progress_then_gives_up_with_retry(browser: Browser, served: Served,
                                                               screen: dict[str, Any]) -> None:
    name = screen_name(screen)
    page = open_as(browser, served.url, "alice", screen)
    page.clock.install()                                               # the page's clock, moved by the test
    served.hang()
    send_typed(page, MILK_TEA)
    waiting = page.get_by_test_id("msg-bot").last
    expect(waiting).to_have_attribute("aria-busy", "true")
    page.clock.fast_forward("00:08")
    expect(waiting.locator(".bubble")).to_have_text(re.compile(r"^仍在处理…已等待 \d+ 秒$"))
    shot(page, f"failure-still-working-{name}")

    # while the turn is in flight a second message is not dropped: it stays in the box, and the page says why
    users = page.get_by_test_id("msg-user").count()
    send_typed(page, "要大杯的")
    expect(page.get_by_test_id("composer-note")).to_contain_text("上一句还在处理")
    expect(page.get_by_test_id("input")).to_have_value("要大杯的")
    expect(page.get_by_test_id("msg-user")).to_have_count(users)

    page.clock.fast_forward("00:45")
    expect(waiting.locator(".bubble")).to_contain_text("已停止等待")
    retry = waiting.get_by_test_id("retry")
    expect(retry).to_be_visible()
    expect(waiting).not_to_have_attribute("aria-busy", "true")
    expect(page.get_by_test_id("input")).to_have_value("要大杯的")       # still there, ready to send
    no_english_errors(page)
    shot(page, f"failure-gave-up-{name}", docs=name == "desktop")

    served.wake()
    retry.click()
    wait_turn(page)
    expect(page.get_by_test_id("msg-bot").last.get_by_test_id("offer-card").first).to_be_visible()


@pytest.mark.parametrize("screen", SCREENS)
def test_a_kept_login_that_no_longer_verifies_is_explained(browser: Browser, live: Live,
                                                           screen: dict[str, Any]) -> None:
    page = open_as(browser, live.url, "alice", screen)
    foreign, _ = TokenSigner.from_secret("some-other-secret", ttl_s=3600).issue("alice", Role.USER)
    page.evaluate("(t) => localStorage.setItem('bangwo.token', t)", foreign)
    page.reload()
    expect(page.get_by_test_id("login-reason")).to_have_text(EXPIRED)
    expect(page.get_by_test_id("login-alice")).to_be_visible()
    assert page.evaluate("localStorage.getItem('bangwo.token')") is None


@pytest.mark.parametrize("screen", SCREENS)
def test_an_unreachable_api_on_opening_keeps_the_login_and_offers_retry(browser: Browser, live: Live,
                                                                        screen: dict[str, Any]) -> None:
    page = open_as(browser, live.url, "alice", screen)
    type_and_send(page, "我还有几张免单卡")
    token = page.evaluate("localStorage.getItem('bangwo.token')")
    # the page itself loads, its API calls do not reach the server (a proxy in front of a restarting server)
    page.route("**/api/**", lambda route: route.abort("connectionrefused"))
    page.reload()
    panel = page.get_by_test_id("unreachable")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(DOWN)
    expect(page.get_by_test_id("login-alice")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('bangwo.token')") == token
    no_english_errors(page)
    page.unroute("**/api/**")
    page.get_by_test_id("unreachable-retry").click()
    expect(page.get_by_test_id("msg-user").last).to_have_text("我还有几张免单卡")   # back, history and all


@pytest.mark.parametrize("screen", SCREENS)
def test_a_message_over_the_limit_is_refused_with_a_notice_never_cut(browser: Browser, live: Live,
                                                                     screen: dict[str, Any]) -> None:
    name = screen_name(screen)
    page = open_as(browser, live.url, "alice", screen)
    assert page.get_by_test_id("composer").get_attribute("data-max-chars") == str(MAX_TEXT)   # the server's limit
    users = page.get_by_test_id("msg-user").count()
    too_long = "帮我点一杯少糖少冰的珍珠奶茶，" * 40                       # 600 characters
    box = page.get_by_test_id("input")
    box.fill(too_long)
    note = page.get_by_test_id("composer-note")
    expect(note).to_contain_text(f"超过 {MAX_TEXT} 字的上限")
    page.get_by_test_id("send").click()
    expect(note).to_contain_text(f"这句话有 {len(too_long)} 个字，超过了 {MAX_TEXT} 字的上限，没有发送")
    expect(box).to_have_value(too_long)                                   # nothing cut, nothing lost
    expect(page.get_by_test_id("msg-user")).to_have_count(users)
    shot(page, f"failure-too-long-{name}")

    box.fill("  " + "帮" * (MAX_TEXT - 1) + "好  ")                       # outer spaces do not count, as on the server
    page.get_by_test_id("send").click()
    wait_turn(page)
    expect(page.get_by_test_id("msg-user").last).to_have_text("帮" * (MAX_TEXT - 1) + "好")
    expect(note).to_be_hidden()
