"""A wallet top-up (钱包充100, 余额充值) is the person's own wallet, never a phone top-up (话费 stays recharge)."""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON


@pytest.mark.parametrize(("text", "slots"), [
    ("给我的钱包充值200元", {"amount": 200}),
    ("钱包充100", {"amount": 100}),
    ("余额充值", {}),
    ("給我的錢包充值兩百塊", {"amount": 200}),
    ("往余额里存500", {"amount": 500}),
    ("帮我钱包里充五十块钱", {"amount": 50}),
])
def test_wallet_phrases_are_wallet_top_ups(engine: Engine, text: str, slots: dict[str, int]) -> None:
    [frame] = engine.understand(text, now=FRIDAY_NOON).frames
    assert (frame.domain, frame.intent, frame.slots) == ("account", "top_up", slots)


@pytest.mark.parametrize("text", ["给我手机充100话费", "用余额充100话费", "充值100元", "给13800138000充50"])
def test_phone_top_ups_stay_phone_top_ups(engine: Engine, text: str) -> None:
    assert [(f.domain, f.intent) for f in engine.understand(text, now=FRIDAY_NOON).frames] == [("recharge", "order")]


@pytest.mark.parametrize("text", ["买一个能充电的钱包", "我的钱包余额还有多少", "钱包丢了", "钱包里的钱给我充个流量"])
def test_wallet_words_without_a_top_up_are_not_one(engine: Engine, text: str) -> None:
    assert all(f.intent != "top_up" for f in engine.understand(text, now=FRIDAY_NOON).frames)
