"""Read a short reply in the context of what the engine is waiting for: pick, confirm, decline, correct."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bangwo.conversation.state import Task
from bangwo.domain import specs

CONFIRM = re.compile(r"^(确认|确定|好的?|就这个|就它|就这家|就要这个|可以|行|没问题|下单|支付|付款|付吧|买吧|嗯+|对|是的?|ok|OK|"
                     r"Ok|yes|好嘞|好滴|要了|确认支付|确认下单|订吧|买|要)[!！。.吧啊呀哈]*$")
DECLINE = re.compile(r"^(不要了|算了|取消|不买了|不用了|再说吧|不需要了|不要|不订了|先不要了|没事了|取消吧|"
                     r"取消订单|不点了|no|No)[!！。.吧啊呀哈了~～]*$")
OTHER = re.compile(r"(换一家|换家|换个别的|换一个|有别的吗|还有别的|其他的|别的店)")
ORDINAL = re.compile(r"^(?:就|选|要)?(?:第)?([1-9一二三四五六七八九两])(?:个|家|张|场|趟|班|号|间|款)?(?:吧|的|那个)?$")
CHEAPEST = re.compile(r"(便宜|最省钱|价格最低|实惠)")
FASTEST = re.compile(r"(最快|快一点|最近|离我近|早一点|最早)")
BEST = re.compile(r"(评分最高|最好|口碑最好|好评)")
CHANGE = re.compile(r"(换成|改成|改为|改到|换到|换个|换为|改一下|改下)")
NEGATION = re.compile(r"^(?:不要|不用|去掉|别要?|取消)(.+?)(?:了)?$")
CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class Reply:
    """What a short answer means: kind is confirm | decline | select | other | correction | remove | text."""

    kind: str
    index: int | None = None
    rank_by: str | None = None
    slots: dict[str, Any] | None = None


def classify(text: str, *, awaiting: str | None) -> Reply:
    """Classify a reply to a question the engine asked (anything else is 'text', read as a request)."""
    t = text.strip().strip("，,。.!！ ")
    if awaiting is not None and DECLINE.match(t):
        return Reply("decline")
    if awaiting == "confirm" and CONFIRM.match(t):
        return Reply("confirm")
    if awaiting in ("select", "confirm"):
        picked = _pick(t)
        if picked is not None:
            return picked
    return Reply("text")


def _pick(t: str) -> Reply | None:
    if OTHER.search(t):
        return Reply("other")
    match = ORDINAL.match(t)
    if match:
        token = match.group(1)
        return Reply("select", index=int(token) if token.isdigit() else CN_DIGITS[token])
    if len(t) <= 12:
        for name, pattern in (("cheapest", CHEAPEST), ("fastest", FASTEST), ("best", BEST)):
            if pattern.search(t):
                return Reply("select", rank_by=name)
    return None


def anchor(task: Task) -> str:
    """Words that put a short correction back in its task's context: '换成半糖' -> '珍珠奶茶 换成半糖'."""
    found = specs.find(task.domain)
    template = found.context_anchor if found is not None else ""   # '{item}外卖', '《{movie}》电影票'...
    return template.format_map(_Said(task.slots)).strip()


class _Said(dict[str, Any]):
    """A task's slots for a template: a slot not said reads as ''."""

    def __missing__(self, key: str) -> str:
        return ""


def negated(text: str) -> str | None:
    """'不要最后一排了' -> '最后一排'; None when the text does not take something back."""
    match = NEGATION.match(text.strip().strip("，,。.!！ "))
    return match.group(1) if match else None


def pick_suggested(text: str, names: list[str]) -> str | None:
    """The suggested name a short answer picks: its number (1, 第二个) or the name itself."""
    if not names:
        return None
    t = text.strip().strip("，,。.!！ ")
    match = ORDINAL.match(t)
    if match:
        token = match.group(1)
        index = int(token) if token.isdigit() else CN_DIGITS[token]
        return names[index - 1] if 1 <= index <= len(names) else None
    return t if t in names else None
