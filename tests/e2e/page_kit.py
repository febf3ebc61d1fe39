"""What the page tests share: Debian's chromium, a desktop and a phone, screenshots, axe-core, a `bangwo serve`
process that can be stopped, hung and restarted, and checks of what a person actually sees."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bangwo.bench.serving import free_port, wait_ready
from tests.e2e.live import NOW, Live

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "var" / "screenshots"
DOCS = ROOT / "docs" / "screenshots"
AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").lower() == "true"
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
                         "device_scale_factor": 2}
SCREENS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
MILK_TEA = "帮我点一杯少糖少冰的珍珠奶茶"
BUSY_TIMEOUT_MS = 30_000
MARKS = [pytest.mark.browser, pytest.mark.xdist_group("pages")]


def require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            raise RuntimeError(f"CI=true but {CHROMIUM} is missing (make browser installs it)")
        pytest.skip(f"no {CHROMIUM}: `make browser` installs Debian's chromium", allow_module_level=True)


require_chromium()

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright  # noqa: E402


def launch() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def screen_name(screen: dict[str, Any]) -> str:
    return "phone" if screen.get("is_mobile") else "desktop"


def shot(page: Page, name: str, *, docs: bool = False, full_page: bool = False) -> Path:
    """A screenshot in var/screenshots/; with BANGWO_UPDATE_SCREENSHOTS=1 the key ones are copied to docs/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    if docs and os.environ.get("BANGWO_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS / f"{name}.png")
    return path


def new_page(browser: Browser, screen: dict[str, Any], **extra: Any) -> Page:
    page = browser.new_context(locale="zh-CN", **screen, **extra).new_page()
    page.on("dialog", lambda dialog: dialog.accept())      # the refund's native confirm()
    return page


def open_as(browser: Browser, url: str, user: str, screen: dict[str, Any], **extra: Any) -> Page:
    page = new_page(browser, screen, **extra)
    page.goto(url + "/")
    page.get_by_test_id(f"login-{user}").click()
    expect(page.get_by_test_id("who")).not_to_be_empty()
    expect(page.get_by_test_id("msg-bot").first).to_be_visible()      # the history (or the greeting) is shown
    return page


def wait_turn(page: Page) -> None:
    expect(page.get_by_test_id("msg-bot").last).not_to_have_attribute("aria-busy", "true", timeout=BUSY_TIMEOUT_MS)


def type_and_send(page: Page, text: str) -> Locator:
    """Types ``text``, sends it, waits for the reply; the reply's message."""
    bots = page.get_by_test_id("msg-bot").count()
    page.get_by_test_id("input").fill(text)
    page.get_by_test_id("send").click()
    reply = page.get_by_test_id("msg-bot").nth(bots)
    expect(reply).not_to_have_attribute("aria-busy", "true", timeout=BUSY_TIMEOUT_MS)
    return reply


def in_plain_sight(target: Locator) -> bool:
    """Inside the viewport and covered by nothing (the composer, the sticky header, a toast), corners to centre."""
    seen: bool = target.evaluate("""(el) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) return false;
      const at = (fx, fy) => document.elementFromPoint(r.left + fx * r.width, r.top + fy * r.height);
      return [[.1, .25], [.9, .25], [.5, .5], [.1, .75], [.9, .75]].every(([fx, fy]) => el.contains(at(fx, fy)));
    }""")
    return seen


def is_focused(target: Locator) -> bool:
    focused: bool = target.evaluate("(el) => document.activeElement === el")
    return focused


def no_sideways_scroll(page: Page) -> bool:
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    return fits


def axe_serious(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now (axe is vendored by `make browser`).

    The page's CSP allows no inline script, so the context running this is opened with ``bypass_csp=True``."""
    if not AXE.exists():
        if IN_CI:
            raise RuntimeError(f"CI=true but {AXE} is missing (make browser installs it with npm)")
        pytest.skip("axe-core not installed: `make browser` installs it with npm")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate("""async () => {
      const r = await axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 6).map((n) => n.target.join(" ") + " :: " + (n.failureSummary || "")) }));
    }""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def contrast(page: Page, selector: str) -> float:
    """WCAG contrast of the computed text colour against the computed background of the first match."""
    ratio: float = page.locator(selector).first.evaluate("""(el) => {
      const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92
        : ((v + 0.055) / 1.055) ** 2.4; }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      let back = el;                          // the first ancestor that paints a background
      while (back && getComputedStyle(back).backgroundColor === "rgba(0, 0, 0, 0)") back = back.parentElement;
      const a = lum(rgb(getComputedStyle(el).color));
      const b = lum(rgb(back ? getComputedStyle(back).backgroundColor : "rgb(255, 255, 255)"));
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""")
    return ratio


@dataclass
class Served:
    """`bangwo serve` (one uvicorn worker) in a process group of its own, on a fixed port, over one database:
    stopped, hung (SIGSTOP) and started again like a real deployment."""

    settings_env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, **env: str) -> None:
        self.settings_env.update(env)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bangwo.cli", "serve", "--port", str(self.port), "--workers", "1"],
                env={**os.environ, **self.settings_env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_ready(self.url, deadline_s=60, process=self.process)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGCONT)      # a hung server is woken to be stopped
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def hang(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGSTOP)

    def wake(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGCONT)

    def headers(self, user: str) -> dict[str, str]:
        r = httpx.post(f"{self.url}/api/auth/token", json={"user_id": user}, timeout=10)
        r.raise_for_status()
        return {"Authorization": f"Bearer {r.json()['access_token']}"}


def served_env(live_db_url: str, secret: str) -> dict[str, str]:
    return {"BANGWO_DATABASE_URL": live_db_url, "BANGWO_NOW": NOW, "BANGWO_DEMO_LOGIN": "true",
            "BANGWO_AUTH_SECRET": secret, "BANGWO_USER_RPS": "1000", "BANGWO_USER_BURST": "1000",
            "BANGWO_ENV": "development"}


def api_orders(live: Live | Served, user: str) -> list[dict[str, Any]]:
    orders: list[dict[str, Any]] = httpx.get(f"{live.url}/api/orders", headers=live.headers(user), timeout=10).json()
    return orders


def wallet_fen(live: Live | Served, user: str) -> int:
    fen: int = httpx.get(f"{live.url}/api/cards", headers=live.headers(user), timeout=10).json()["wallet_fen"]
    return fen
