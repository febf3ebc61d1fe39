"""Issue 14, point 8 (the page side): the operations dashboard fits a 390 px phone (wide tables scroll inside
their own box, reachable by keyboard), works on a desktop, and axe-core finds nothing serious on it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.live import ADMIN_PASSWORD, Live
from tests.e2e.page_kit import (
    MARKS,
    MILK_TEA,
    SCREENS,
    axe_serious,
    new_page,
    no_sideways_scroll,
    screen_name,
    shot,
)

pytestmark = MARKS

from playwright.sync_api import Browser, expect  # noqa: E402


@pytest.mark.parametrize("screen", SCREENS)
def test_the_dashboard_fits_the_screen_and_passes_axe(browser: Browser, live: Live, screen: dict[str, Any]) -> None:
    alice = live.headers("alice")
    for line in (MILK_TEA, "第一个", "确认", "asdfgh"):
        assert httpx.post(f"{live.url}/api/chat", json={"text": line}, headers=alice, timeout=30).status_code == 200
    page = new_page(browser, screen, bypass_csp=True)                  # axe is injected as a script tag
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(live.url + "/dashboard")
    page.get_by_test_id("admin-password").fill(ADMIN_PASSWORD)
    page.get_by_test_id("admin-login").click()
    expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    expect(page.get_by_test_id("t-domain").locator("tbody tr")).not_to_have_count(0)
    width = screen["viewport"]["width"]
    assert no_sideways_scroll(page)
    for part in page.locator(".kpis > div, figure, .table-wrap").all():
        box = part.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    for wrap in page.locator(".table-wrap").all():
        assert wrap.evaluate("(el) => getComputedStyle(el).overflowX") == "auto"
        expect(wrap).to_have_attribute("tabindex", "0")
        expect(wrap).to_have_attribute("role", "region")
    shot(page, f"dashboard-{screen_name(screen)}", docs=width == 390, full_page=True)
    widest = page.locator(".table-wrap").first                          # the seven-column table
    if widest.evaluate("(el) => el.scrollWidth > el.clientWidth"):      # a phone: it scrolls in its own box
        widest.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.querySelector('.table-wrap').scrollLeft > 0", timeout=5000)
    else:
        assert width > 390
    assert failed == []                                                 # the favicon too
    serious = axe_serious(page)
    assert serious == [], serious

    # the server goes away: the next refresh says so in Chinese and keeps the figures shown
    paid = page.get_by_test_id("k-paid").inner_text()
    page.route("**/api/dashboard*", lambda route: route.abort("connectionrefused"))
    page.get_by_test_id("days").select_option("30")
    expect(page.get_by_test_id("board-error")).to_contain_text("连不上服务器")
    expect(page.get_by_test_id("k-paid")).to_have_text(paid)
    assert "Failed to fetch" not in page.locator("body").inner_text()
    page.unroute("**/api/dashboard*")
    page.get_by_test_id("days").select_option("7")
    expect(page.get_by_test_id("board-error")).to_be_hidden()
