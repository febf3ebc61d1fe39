"""Alipay end to end over real servers: bangwo on uvicorn with BANGWO_PAYMENT_GATEWAY=alipay, the fake Alipay
on another loopback port. A QR top-up is credited by Alipay's signed notification exactly once; forged
notifications are refused and logged; wallet money goes back to the card through a signed refund."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bangwo import bootstrap as boot
from bangwo.api.app import create_app
from bangwo.config import Settings
from tests.e2e.live import free_port, seeded_settings
from tests.fakes import alipay as fake_alipay
from tests.fakes import keys as fake_keys
from tests.fakes.alipay import FakeAlipay
from tests.threaded import serve_in_thread

NOTIFY_PATH = "/api/payments/alipay/notify"


@dataclass(frozen=True)
class World:
    url: str
    settings: Settings
    fake: FakeAlipay
    keys: fake_keys.Keys

    def headers(self, user: str) -> dict[str, str]:
        r = httpx.post(f"{self.url}/api/auth/token", json={"user_id": user}, timeout=10)
        r.raise_for_status()
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def ledger(self) -> dict[str, int]:
        app = boot.connect(self.settings, pool_size=1)
        try:
            with app.uow.reader() as uow:
                return uow.ledger.balances()
        finally:
            app.close()


@contextmanager
def serving_on(settings: Settings, port: int) -> Iterator[str]:
    with serve_in_thread(create_app(settings), port, name="uvicorn-alipay", lifespan="on"):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    directory = tmp_path_factory.mktemp("alipay")
    keys = fake_keys.generate()
    private, public = keys.files(directory)
    fake = FakeAlipay(app_id=fake_keys.APP_ID, merchant_public_key=keys.merchant.public_key(), key=keys.alipay)
    port = free_port()
    with fake_alipay.serving(fake) as gateway_url:
        settings = seeded_settings(directory, payment_gateway="alipay", alipay_app_id=fake_keys.APP_ID,
                                   alipay_private_key_path=str(private), alipay_public_key_path=str(public),
                                   alipay_gateway_url=gateway_url, alipay_timeout_s=10.0,
                                   alipay_notify_url=f"http://127.0.0.1:{port}{NOTIFY_PATH}")
        with serving_on(settings, port) as url:
            yield World(url, settings, fake, keys)


def test_seeding_with_alipay_charged_each_demo_wallet_once(world: World) -> None:
    pays = [params for method, params in world.fake.calls if method == "alipay.trade.pay"]
    assert len(pays) == 2 == len(world.fake.trades)
    balances = world.ledger()
    assert balances["wallet:alice"] == world.settings.starting_wallet_fen
    assert sum(balances.values()) == 0


def test_a_qr_top_up_is_credited_by_alipays_notification_exactly_once(world: World,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    headers = world.headers("alice")
    before = world.ledger()["wallet:alice"]
    r = httpx.post(f"{world.url}/api/wallet/qr-topups", json={"amount_fen": 23_456, "request_id": "qr-e2e-1"},
                   headers=headers, timeout=10)
    assert r.status_code == 200, r.text
    opened = r.json()
    assert opened["status"] == "open" and opened["qr_code"].startswith("https://qr.alipay.com/")
    assert opened["balance_fen"] == before
    reference = opened["reference"]
    assert world.fake.trades[reference].total_fen == 23_456
    assert world.fake.trades[reference].notify_url == f"{world.url}{NOTIFY_PATH}"

    world.fake.buyer_pays(reference)
    with caplog.at_level(logging.INFO, logger="bangwo.payments"), ThreadPoolExecutor(4) as pool:
        # Alipay repeats notifications, sometimes at the same moment
        answers = list(pool.map(lambda _i: world.fake.notify(reference), range(4)))
        answers.append(world.fake.notify(reference))
    assert [(a.status_code, a.text) for a in answers] == [(200, "success")] * 5
    status = httpx.get(f"{world.url}/api/wallet/qr-topups/qr-e2e-1", headers=headers, timeout=10).json()
    assert (status["status"], status["balance_fen"]) == ("paid", before + 23_456)
    balances = world.ledger()
    assert balances["wallet:alice"] == before + 23_456
    assert sum(balances.values()) == 0
    assert sum("credited 23456 fen" in rec.getMessage() for rec in caplog.records) == 1


@pytest.mark.parametrize("forgery", ["stranger's key", "tampered amount", "tampered status", "another app"])
def test_a_forged_notification_is_refused_logged_and_changes_nothing(
        world: World, forgery: str, caplog: pytest.LogCaptureFixture) -> None:
    headers = world.headers("bob")
    request_id = "forged-" + forgery.replace(" ", "-").replace("'", "")
    opened = httpx.post(f"{world.url}/api/wallet/qr-topups", json={"amount_fen": 100, "request_id": request_id},
                        headers=headers, timeout=10).json()
    reference = opened["reference"]
    before = world.ledger()
    if forgery != "tampered status":
        world.fake.buyer_pays(reference)
    form = {
        "stranger's key": lambda: world.fake.notice(reference, key=world.keys.stranger),
        "tampered amount": lambda: world.fake.notice(reference, total_amount="0.99"),
        "tampered status": lambda: world.fake.notice(reference, trade_status="TRADE_SUCCESS"),
        "another app": lambda: FakeAlipay(app_id="2021000000009999", merchant_public_key=world.keys.merchant.public_key(),
                                          key=world.keys.alipay, trades=world.fake.trades).notice(reference),
    }[forgery]()
    with caplog.at_level(logging.WARNING, logger="bangwo.payments"):
        r = httpx.post(f"{world.url}{NOTIFY_PATH}", data=form, timeout=10)
    assert (r.status_code, r.text) == (400, "failure")
    assert any("alipay notify refused" in rec.getMessage() for rec in caplog.records)
    assert world.ledger() == before
    status = httpx.get(f"{world.url}/api/wallet/qr-topups/{request_id}", headers=headers, timeout=10).json()
    # the status route asks Alipay itself: a paid trade is credited from its signed answer, once
    expected = "open" if forgery == "tampered status" else "paid"
    assert status["status"] == expected


def test_a_body_that_is_not_a_form_is_refused(world: World) -> None:
    r = httpx.post(f"{world.url}{NOTIFY_PATH}", content=b"\xff\xfe not a form",
                   headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
    assert (r.status_code, r.text) == (400, "failure")


def test_wallet_money_goes_back_to_the_card_through_a_signed_refund(world: World) -> None:
    headers = world.headers("alice")
    opened = httpx.post(f"{world.url}/api/wallet/qr-topups", json={"amount_fen": 5_000, "request_id": "qr-e2e-2"},
                        headers=headers, timeout=10).json()
    world.fake.buyer_pays(opened["reference"])
    assert world.fake.notify(opened["reference"]).text == "success"
    before = world.ledger()["wallet:alice"]
    body = {"topup_request_id": "qr-e2e-2", "amount_fen": 1_234, "request_id": "back-e2e-1"}
    first = httpx.post(f"{world.url}/api/wallet/card-refunds", json=body, headers=headers, timeout=10)
    again = httpx.post(f"{world.url}/api/wallet/card-refunds", json=body, headers=headers, timeout=10)
    assert first.status_code == 200, first.text
    assert first.json() == again.json()
    assert (first.json()["status"], first.json()["balance_fen"]) == ("done", before - 1_234)
    trade = world.fake.trades[opened["reference"]]
    assert list(trade.refunds.values()) == [1_234]
    # Alipay's notification of the refund (refund_fee) is accepted and moves nothing more
    assert world.fake.notify(opened["reference"]).text == "success"
    balances = world.ledger()
    assert balances["wallet:alice"] == before - 1_234
    assert sum(balances.values()) == 0
    too_much = httpx.post(f"{world.url}/api/wallet/card-refunds", headers=headers, timeout=10,
                          json={"topup_request_id": "qr-e2e-2", "amount_fen": 3_767, "request_id": "back-e2e-2"})
    assert too_much.status_code == 400
    assert too_much.json()["message"] == "退回金额超过这笔充值还能退的部分"


def test_with_the_sandbox_gateway_there_is_no_notify_route(tmp_path: Path) -> None:
    settings = seeded_settings(tmp_path)
    with serving_on(settings, free_port()) as url:
        r = httpx.post(f"{url}{NOTIFY_PATH}", data={"out_trade_no": "x"}, timeout=10)
    assert r.status_code == 404
