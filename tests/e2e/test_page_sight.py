"""Issue 14, point 1: after every reply the newest card's buttons are in sight (never under the sticky composer),
focus is on what to do next, and the header and tabs stay on screen however long the conversation gets."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.live import Live
from tests.e2e.page_kit import (
    MARKS,
    MILK_TEA,
    SCREENS,
    in_plain_sight,
    is_focused,
    open_as,
    screen_name,
    shot,
    type_and_send,
    wait_turn,
)

pytestmark = MARKS

from playwright.sync_api import Browser, Locator, Page, expect  # noqa: E402


def chrome_in_sight(page: Page) -> bool:
    """The header (name, care switch) and every tab are on screen and not covered."""
    return in_plain_sight(page.locator(".top h1")) and in_plain_sight(page.get_by_test_id("care-toggle")) and all(
        in_plain_sight(tab) for tab in page.get_by_role("tab").all())


def clear_of_composer(page: Page, target: Locator) -> bool:
    """The target's bottom edge is above the composer's top edge."""
    box, composer = target.bounding_box(), page.get_by_test_id("composer").bounding_box()
    assert box is not None and composer is not None
    return box["y"] + box["height"] <= composer["y"] + 0.5


@pytest.mark.parametrize("screen", SCREENS)
def test_the_newest_card_is_in_sight_with_focus_and_the_header_stays(browser: Browser, live: Live,
                                                                  screen: dict[str, Any]) -> None:
    page = open_as(browser, live.url, "alice", screen)
    name = screen_name(screen)
    # a long conversation first, so the page scrolls
    for line in ("我还有几张免单卡", "你好", "我的奶茶到哪了", "我还有几张免单卡"):
        type_and_send(page, line)
    reply = type_and_send(page, MILK_TEA)
    offers = reply.get_by_test_id("offer-card")
    expect(offers.first).to_be_visible()
    assert page.evaluate("scrollY") > 0                                   # the page did scroll ...
    assert chrome_in_sight(page)                                          # ... and the header and tabs did not
    first_pick = offers.first.get_by_test_id("select")
    assert in_plain_sight(first_pick) and is_focused(first_pick)          # the first choice, ready for Enter
    assert in_plain_sight(reply.locator(".bubble"))                       # with the reply that explains it
    shot(page, f"sight-offers-{name}")

    # the last card scrolled to its end (what the browser does when focus moves to it) stays clear of the composer
    last = offers.last
    last.evaluate("(el) => el.scrollIntoView({ block: 'end' })")
    assert in_plain_sight(last.get_by_test_id("select")) and clear_of_composer(page, last)
    assert chrome_in_sight(page)

    # keyboard: Enter on the focused choice selects it; the confirmation's pay button comes into sight, focused
    page.keyboard.press("Enter")
    wait_turn(page)
    bots = page.get_by_test_id("msg-bot")
    confirm = bots.nth(bots.count() - 1).get_by_test_id("confirm-card")
    pay = confirm.get_by_test_id("confirm")
    expect(pay).to_contain_text("确认支付")
    assert in_plain_sight(pay) and is_focused(pay) and clear_of_composer(page, confirm)
    assert in_plain_sight(confirm.get_by_test_id("pay")) and chrome_in_sight(page)
    shot(page, f"sight-confirm-{name}", docs=name == "phone")

    # the older list's buttons no longer act on a list the server has moved past
    for button in offers.get_by_test_id("select").all():
        expect(button).to_be_disabled()

    page.keyboard.press("Enter")                                          # pays: the focused 确认支付
    wait_turn(page)
    chip = page.get_by_test_id("msg-bot").last.get_by_test_id("order-chip")
    expect(chip).to_contain_text("已支付")
    assert in_plain_sight(chip) and chrome_in_sight(page)
    expect(pay).to_be_disabled()
    expect(pay).to_have_text("已支付 ✓")                                   # the old pay button cannot pay again
    # the orders view scrolls under the same header and tabs
    page.get_by_test_id("tab-orders").click()
    expect(page.get_by_test_id("order-row")).to_have_count(1)
    assert chrome_in_sight(page)
