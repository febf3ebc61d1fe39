"""Topping up the person's own wallet (给我的钱包充值200元, 钱包充100, 余额充值): never a phone top-up.

The sentence must name the wallet (钱包, 余额, 零钱) and a top-up verb, and no phone (话费, 流量, 手机, a number of
11 digits): 「给我手机充100话费」 stays a phone top-up (``recharge``). The amount is in yuan, like ``recharge``'s.
"""

from __future__ import annotations

import re

from bangwo.domain.frames import Frame
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.numerals import NUM, parse_number

INTENT = "top_up"
WALLET_RE = lazy_compile(r"钱包|余额|零钱|账户里?的?钱")
TOPUP_RE = lazy_compile(r"充值|充(?!电)|存|转入|储值|加钱|加点钱|打钱|打点钱")
PHONE_RE = lazy_compile(r"话费|流量|手机|电话|号码|(?<!\d)1\d{10}(?!\d)|宽带|电费|水费|燃气|饭卡|油卡|公交卡|交通卡")
ASKS_RE = lazy_compile(r"还有多少|有多少|剩多少|多少钱了|够不够|够吗|查一?下?余额|余额是?多少|怎么充|能不能充|可以充吗")
AMOUNT_RE = lazy_compile(rf"({NUM})\s*(?:块钱|块|元|圆|rmb|RMB)|(?:充|存|转入|储值)(?:值)?\s*(?:个)?\s*({NUM})(?![下点些次])")


def reading(text: str) -> Frame | None:
    """The wallet top-up ``text`` asks for (``account/top_up`` with ``amount`` in yuan when said), or None."""
    if not WALLET_RE.search(text) or not TOPUP_RE.search(text) or PHONE_RE.search(text) or ASKS_RE.search(text):
        return None
    amount = amount_yuan(text)
    return Frame("account", INTENT, {} if amount is None else {"amount": amount})


def amount_yuan(text: str) -> int | float | None:
    """The sum said (200元, 充100, 一百块), or None."""
    for m in AMOUNT_RE.finditer(text):
        value = parse_number(next(g for g in m.groups() if g))
        if value:
            return int(value) if value == int(value) else value
    return None


def answer_yuan(text: str) -> int | float | None:
    """A sum given as the answer to 「要充多少？」: 200, 200元, 充两百, 一百块."""
    said = amount_yuan(text)
    if said is not None:
        return said
    bare = re.fullmatch(rf"\s*({NUM})\s*(?:吧|就行|就好|左右)?\s*", text)
    value = parse_number(bare.group(1)) if bare else None
    return (int(value) if value == int(value) else value) if value else None
