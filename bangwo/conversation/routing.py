"""Route a request: the embedded engine when its reading is confident, else the LLM planner.

The engine gives every frame a calibrated confidence (understanding/readings.py); a reading with a frame
below the engine's threshold goes to the planner, and only such a reading. The engine keeps below its
threshold what it cannot carry out alone: orders saying nothing but their domain (帮我订个酒店),
requests to plan, arrange or send things to others (安排行程, 年货送过去), and small talk asking for
something all the same (帮我写副春联). A recommendation or a question about a thing
(推荐一家火锅, 故宫几点开门) is an ordinary reading like any other.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bangwo.conversation.planner import Planner
from bangwo.domain.completions import Usage
from bangwo.domain.errors import LlmError
from bangwo.domain.frames import Frame, ProfileDefaults, missing_slots
from bangwo.domain.users import User
from bangwo.services.ports import UnitOfWorkFactory
from bangwo.understanding import confidence, readings

EMBEDDED = "embedded"
PLANNER = "planner"


@dataclass(frozen=True)
class Route:
    """Where a request goes and why (the reason is logged and counted)."""

    to: str
    reason: str


def route(frames: Sequence[Frame], text: str) -> Route:
    """Decide from the embedded reading of ``text`` alone (pure, microseconds): low confidence -> planner."""
    if any(not readings.confident(f) for f in frames):
        return Route(PLANNER, _why_unsure(frames, text))
    if any(f.intent == "order" for f in frames):
        return Route(EMBEDDED, "order")
    if any(f.intent == "info" for f in frames):
        return Route(EMBEDDED, "info")
    if any(f.domain == "account" for f in frames):
        return Route(EMBEDDED, "account")
    return Route(EMBEDDED, "chat")


def _why_unsure(frames: Sequence[Frame], text: str) -> str:
    """The reason logged for a reading the engine is unsure of."""
    if confidence.is_open(text):
        return "open_request"
    if any(confidence.bare(f, text) for f in frames):
        return "no_anchor"
    if any(confidence.asks_of_chat(f, text) for f in frames):
        return "unrecognised_errand"
    return "low_confidence"


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
