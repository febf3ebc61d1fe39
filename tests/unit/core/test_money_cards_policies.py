"""Money parsing, card discounts and refund tiers: pure rules with exact values."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bangwo.domain import money, policies
from bangwo.domain.cards import Campaign, Card, Window, best_card
from bangwo.domain.errors import CardError, InvalidRequestError, NotRefundableError
from bangwo.domain.payments import payment, refund
from tests.builders import NOW


@pytest.mark.parametrize(("text", "fen"), [("18", 1800), ("0.01", 1), ("18.5", 1850), (" 25.00 ", 2500)])
def test_yuan_parses_to_exact_fen(text: str, fen: int) -> None:
    assert money.yuan_to_fen(text) == fen


@pytest.mark.parametrize("text", ["-1", "1.234", "abc", "", "1e3", "9999999999999"])
def test_bad_amounts_are_rejected(text: str) -> None:
    with pytest.raises(InvalidRequestError):
        money.yuan_to_fen(text)


def test_format_fen() -> None:
    assert [money.format_fen(v) for v in (1, 1800, -5)] == ["0.01元", "18.00元", "-0.05元"]


def card(value: int = 2500, *, expires_in: timedelta = timedelta(days=1), min_spend: int = 0,
         cid: str = "c1") -> Card:
    return Card(id=cid, campaign_id="x", user_id="alice", value_fen=value, min_spend_fen=min_spend,
                min_pay_fen=1, expires_at=NOW + expires_in)


@pytest.mark.parametrize(("total", "discount"), [(1800, 1799), (2501, 2500), (5000, 2500), (1, 0), (2, 1)])
def test_card_never_takes_the_payment_below_one_fen(total: int, discount: int) -> None:
    assert card().discount_for(total) == discount


def test_best_card_prefers_bigger_discount_then_earlier_expiry() -> None:
    small, big_late, big_soon = card(1000, cid="s"), card(3000, cid="l", expires_in=timedelta(days=9)), \
        card(3000, cid="e", expires_in=timedelta(hours=1))
    assert best_card([small, big_late, big_soon], total_fen=5000, now=NOW) is big_soon
    assert best_card([small, big_late], total_fen=900, now=NOW) is small  # both give 899: earlier expiry wins


def test_expired_used_and_min_spend_cards_are_never_applied() -> None:
    expired = card(expires_in=timedelta(seconds=-1))
    used = Card(**{**card().__dict__, "used_order_id": "BW1"})
    needs_spend = card(min_spend=10_000)
    assert best_card([expired, used, needs_spend], total_fen=5000, now=NOW) is None


def test_claim_windows_wrap_midnight_and_key_by_start_day() -> None:
    night = Window(time(22, 0), time(6, 0), stock=10)
    campaign = Campaign(id="c", name="c", starts_at=NOW - timedelta(days=1), ends_at=NOW + timedelta(days=5),
                        windows=(night,))
    one_am = NOW.replace(hour=1)
    assert campaign.window_at(one_am) is night
    assert night.key(one_am) == "2026-02-05@2200" == night.key(NOW.replace(day=5, hour=23))
    with pytest.raises(CardError) as err:
        campaign.window_at(NOW)
    assert "22:00-06:00" in err.value.user_message


@pytest.mark.parametrize(("hours", "fee_bp"), [(200, 0), (100, 500), (30, 1000), (5, 2000)])
def test_rail_refund_tiers(hours: int, fee_bp: int) -> None:
    fee = policies.TRAIN.refund_fee_fen(10_000, now=NOW, starts_at=NOW + timedelta(hours=hours),
                                        fulfilment_started=True)
    assert fee == 10_000 * fee_bp // 10_000


def test_no_rail_refund_after_departure() -> None:
    with pytest.raises(NotRefundableError):
        policies.TRAIN.refund_fee_fen(10_000, now=NOW, starts_at=NOW - timedelta(minutes=1),
                                      fulfilment_started=True)


def test_prepared_drinks_are_not_refundable() -> None:
    assert policies.TAKEOUT.refund_fee_fen(1800, now=NOW, starts_at=None, fulfilment_started=False) == 0
    with pytest.raises(NotRefundableError):
        policies.TAKEOUT.refund_fee_fen(1800, now=NOW, starts_at=None, fulfilment_started=True)


def test_payment_and_refund_transactions_balance() -> None:
    pay = payment(order_id="o", user_id="a", merchant_id="m", total_fen=1800, discount_fen=1799)
    back = refund(order_id="o", user_id="a", merchant_id="m", paid_fen=1, discount_fen=1799, fee_fen=0)
    assert pay.amount_for("wallet:a") == -1 and back.amount_for("wallet:a") == 1
    assert pay.amount_for("merchant:m") + back.amount_for("merchant:m") == 0
