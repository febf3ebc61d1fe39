"""Issue 14, point 6: 关怀模式. Everything scales, cards included (at least 24 px, like the bubbles); the header
never wraps; paying takes a large second step that shows the total; a paid card's button is gone; voice input
where the browser offers speech recognition, typing otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.live import Live
from tests.e2e.page_kit import (
    MARKS,
    MILK_TEA,
    SCREENS,
    api_orders,
    in_plain_sight,
    is_focused,
    no_sideways_scroll,
    open_as,
    screen_name,
    shot,
    type_and_send,
    wait_turn,
    wallet_fen,
)

pytestmark = MARKS

from playwright.sync_api import Browser, Locator, Page, expect  # noqa: E402

CARE_MIN_PX = 24
# The browser's speech service is an outside party: this stands in for it with the Web Speech API's own shape.
SPEECH = """
(() => {
  class Recognition {
    start() {
      window.__recognition = { lang: this.lang };
      setTimeout(() => {
        if (window.__speechError) this.onerror && this.onerror({ error: window.__speechError });
        else {
          const result = Object.assign([{ transcript: window.__say, confidence: 0.93 }], { isFinal: true });
          this.onresult && this.onresult({ resultIndex: 0, results: [result] });
        }
        this.onend && this.onend();
      }, 30);
    }
    stop() { this.onend && this.onend(); }
  }
  window.SpeechRecognition = Recognition;
  window.webkitSpeechRecognition = Recognition;
})();
"""
NO_SPEECH = "delete window.SpeechRecognition; delete window.webkitSpeechRecognition;"


def care_on(page: Page) -> None:
    page.get_by_test_id("care-toggle").click()
    expect(page.get_by_test_id("care-toggle")).to_have_attribute("aria-pressed", "true")


def smallest_text_px(scope: Locator) -> float:
    """The smallest computed font size of any element in ``scope`` that shows text of its own."""
    px: float = scope.evaluate("""(root) => {
      const sizes = [root, ...root.querySelectorAll("*")].filter((el) => el.offsetParent !== null &&
          [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
        .map((el) => parseFloat(getComputedStyle(el).fontSize));
      return sizes.length ? Math.min(...sizes) : 0;
    }""")
    return px


def lines_of(target: Locator) -> int:
    """How many lines the element's text takes."""
    n: int = target.evaluate("""(el) => {
      const range = document.createRange(); range.selectNodeContents(el);
      return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    }""")
    return n


@pytest.mark.parametrize("screen", SCREENS)
def test_care_mode_scales_cards_keeps_the_header_on_one_line_and_pays_in_two_steps(
        browser: Browser, live: Live, screen: dict[str, Any]) -> None:
    name = screen_name(screen)
    page = open_as(browser, live.url, "alice", screen)
    care_on(page)
    header = page.locator(".top")
    for part in header.locator(":scope > :not([hidden])").all():
        assert lines_of(part) == 1, part.inner_text()
    assert header.evaluate("(el) => el.scrollWidth <= el.clientWidth")
    for tab in page.get_by_role("tab").all():
        assert lines_of(tab) == 1
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == f"{CARE_MIN_PX}px"

    before = wallet_fen(live, "alice")
    reply = type_and_send(page, MILK_TEA)
    first = reply.get_by_test_id("offer-card").first
    expect(first).to_be_visible()
    assert smallest_text_px(reply.locator(".bubble")) >= CARE_MIN_PX
    assert smallest_text_px(first) >= CARE_MIN_PX                      # the card's text is as large as the bubble
    one_tap = first.get_by_test_id("one-tap")
    assert in_plain_sight(one_tap) and is_focused(one_tap)             # the big button in sight, not under the box
    assert no_sideways_scroll(page)
    shot(page, f"care-cards-{name}", docs=name == "phone")

    pay_fen = first.get_by_test_id("pay").inner_text()
    first.get_by_test_id("one-tap").click()                            # picks, then asks before any money moves
    dialog = page.get_by_test_id("pay-dialog")
    expect(dialog).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("pay-total")).to_have_text(pay_fen)
    yes = page.get_by_test_id("pay-yes")
    expect(yes).to_have_text(f"确认支付 {pay_fen}")
    box = yes.bounding_box()
    assert box is not None and box["height"] >= 64
    assert smallest_text_px(dialog) >= CARE_MIN_PX and in_plain_sight(yes)
    assert is_focused(page.get_by_test_id("pay-no"))                   # the safe choice has the focus
    shot(page, f"care-pay-second-step-{name}", docs=name == "phone")
    page.get_by_test_id("pay-no").click()                              # 再想想: nothing is paid
    expect(dialog).to_be_hidden()
    assert [o["status"] for o in api_orders(live, "alice")] == ["held"] and wallet_fen(live, "alice") == before

    bots = page.get_by_test_id("msg-bot")
    confirm = bots.nth(bots.count() - 1).get_by_test_id("confirm-card")
    pay = confirm.get_by_test_id("confirm")
    total = int(pay.get_attribute("data-pay") or "-1")
    assert smallest_text_px(confirm) >= CARE_MIN_PX
    pay.click()
    expect(dialog).to_be_visible()
    expect(page.get_by_test_id("pay-total")).to_have_text(f"¥{total / 100:.2f}")
    page.get_by_test_id("pay-yes").click()
    wait_turn(page)
    chip = bots.last.get_by_test_id("order-chip")
    expect(chip).to_contain_text("已支付")
    assert smallest_text_px(chip) >= CARE_MIN_PX
    expect(pay).to_be_disabled()
    expect(pay).to_have_text("已支付 ✓")                                 # the old pay button pays no more
    [order] = api_orders(live, "alice")
    assert order["status"] in ("paid", "fulfilling") and before - wallet_fen(live, "alice") == total == order["paid_fen"]
    assert no_sideways_scroll(page)
    shot(page, f"care-paid-{name}")


@pytest.mark.parametrize("screen", SCREENS)
def test_voice_input_fills_the_box_where_the_browser_recognises_speech(browser: Browser, live: Live,
                                                                      screen: dict[str, Any]) -> None:
    page = open_as(browser, live.url, "alice", screen)
    page.context.add_init_script(SPEECH)
    page.reload()
    expect(page.get_by_test_id("msg-bot").first).to_be_visible()
    care_on(page)
    voice = page.get_by_test_id("voice")
    expect(voice).to_be_visible()
    page.evaluate("(t) => { window.__say = t; }", MILK_TEA)
    voice.click()
    expect(page.get_by_test_id("input")).to_have_value(MILK_TEA)
    expect(page.get_by_test_id("composer-note")).to_contain_text("听到了")
    assert page.evaluate("window.__recognition.lang") == "zh-CN"
    assert no_sideways_scroll(page)
    shot(page, f"care-voice-{screen_name(screen)}")
    page.get_by_test_id("send").click()                                # a person checks the words, then sends
    wait_turn(page)
    expect(page.get_by_test_id("msg-bot").last.get_by_test_id("offer-card").first).to_be_visible()

    page.evaluate("() => { window.__speechError = 'not-allowed'; }")  # no microphone permission: type instead
    voice.click()
    expect(page.get_by_test_id("composer-note")).to_contain_text("请直接打字")
    assert is_focused(page.get_by_test_id("input"))


@pytest.mark.parametrize("screen", SCREENS)
def test_without_speech_recognition_typing_is_the_way(browser: Browser, live: Live, screen: dict[str, Any]) -> None:
    page = open_as(browser, live.url, "alice", screen)
    page.context.add_init_script(NO_SPEECH)
    page.reload()
    expect(page.get_by_test_id("msg-bot").first).to_be_visible()
    care_on(page)
    expect(page.get_by_test_id("voice")).to_be_hidden()
    reply = type_and_send(page, MILK_TEA)
    expect(reply.get_by_test_id("offer-card").first).to_be_visible()
