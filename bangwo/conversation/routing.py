"""Route a request: the embedded engine when its reading is confident, else the LLM planner.

Confident means: an order frame that has its anchor (the thing to buy, the movie, the destination...),
an account request, or small talk without errand words. Open or composite requests (安排行程, 年货送过去),
frames missing their anchor, and unrecognised text that names an errand go to the planner.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bangwo.conversation.planner import Planner
from bangwo.domain import specs
from bangwo.domain.completions import Usage
from bangwo.domain.errors import LlmError
from bangwo.domain.frames import Frame, ProfileDefaults, missing_slots
from bangwo.domain.users import User
from bangwo.services.ports import UnitOfWorkFactory

EMBEDDED = "embedded"
PLANNER = "planner"

OPEN_WORDS = ("安排", "行程", "计划", "规划", "攻略", "准备", "年货", "礼物", "送过去", "送给", "看着办", "推荐", "一些",
              "什么好", "怎么办")
ERRAND_WORDS = ("买", "订", "点", "叫", "充", "送", "约", "帮我", "预定", "预订", "来一", "要一", "想去", "想吃", "想喝",
                "想看")


@dataclass(frozen=True)
class Route:
    """Where a request goes and why (the reason is logged and counted)."""

    to: str
    reason: str


def route(frames: Sequence[Frame], text: str) -> Route:
    """Decide from the embedded reading of ``text`` alone (pure, microseconds)."""
    if any(word in text for word in OPEN_WORDS):
        return Route(PLANNER, "open_request")
    orders = [f for f in frames if f.intent == "order"]
    for frame in orders:
        if not any(slot in frame.slots for slot in _anchor_slots(frame.domain)):
            return Route(PLANNER, "no_anchor")
    if orders:
        return Route(EMBEDDED, "order")
    if any(f.domain == "account" for f in frames):
        return Route(EMBEDDED, "account")
    if any(word in text for word in ERRAND_WORDS):
        return Route(PLANNER, "unrecognised_errand")
    return Route(EMBEDDED, "chat")


def _anchor_slots(domain: str) -> tuple[str, ...]:
    """The slots that say what an order of the domain is about (its spec's ``anchor_slots``)."""
    found = specs.find(domain)
    return found.anchor_slots if found is not None else ()


class TokenMeter(Protocol):
    """Where token figures go (Prometheus in production)."""

    def turn(self, *, route: str, usage: Usage) -> None: ...
    def order(self, *, tokens: int) -> None: ...


@dataclass
class TokenTally:
    """Tokens spent per conversation since its last paid order; observed per order when one is paid."""

    meter: TokenMeter | None = None
    _open: dict[tuple[str, str], int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def spend(self, key: tuple[str, str], *, route: str, usage: Usage) -> None:
        with self._lock:
            self._open[key] = self._open.get(key, 0) + usage.total_tokens
        if self.meter is not None:
            self.meter.turn(route=route, usage=usage)

    def settle(self, key: tuple[str, str], *, outcome: str) -> int | None:
        """After a turn: when it paid an order, report and reset the conversation's tokens."""
        if outcome != "paid":
            return None
        with self._lock:
            tokens = self._open.pop(key, 0)
        if self.meter is not None:
            self.meter.order(tokens=tokens)
        return tokens


@dataclass
class Router:
    """Routes each new request and accounts for the tokens it costs.

    ``consult`` is the whole integration: ``None`` lets the embedded reading go on, a list of frames
    replaces it, a string is the reply of the turn.
    """

    planner: Planner
    tally: TokenTally = field(default_factory=TokenTally)

    def consult(self, frames: Sequence[Frame], text: str, *, user: User, profile: ProfileDefaults | None,
                key: tuple[str, str], uow: UnitOfWorkFactory | None = None) -> list[Frame] | str | None:
        decision = route(frames, text)
        if decision.to == EMBEDDED:
            self.tally.spend(key, route=EMBEDDED, usage=Usage())
            return None
        try:
            planned = self.planner.plan(text, user=user, profile=profile, embedded=frames, uow=uow)
        except LlmError:
            self.tally.spend(key, route="fallback", usage=Usage())
            return None                      # the model is down: the embedded reading still serves
        self.tally.spend(key, route=PLANNER, usage=planned.usage)
        if planned.frames:
            for frame in planned.frames:
                frame.missing = missing_slots(frame, profile)
            return planned.frames
        return planned.reply or ""
