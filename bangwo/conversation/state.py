"""Dialogue state: plain JSON-able dataclasses, persisted per user and conversation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Task:
    """One frame being worked on: what was asked, what was offered, what was held or bought."""

    domain: str
    intent: str
    slots: dict[str, Any]
    status: str = "collecting"          # collecting | choosing | confirming | confirmed | done | dropped
    excluded: list[str] = field(default_factory=list)   # merchants the user turned down (换一家)
    needs: list[str] = field(default_factory=list)      # extra required slots the sentence implied
    order_id: str | None = None
    pay_fen: int | None = None
    card_id: str | None = None          # kept so older saved states load; the plan's leg holds the card
    remember: dict[str, str] = field(default_factory=dict)   # slot -> the person's label asked about (公司)
    suggested: list[str] = field(default_factory=list)       # names offered with the last question (1 = first)


@dataclass
class DialogueState:
    """Everything the engine remembers between turns of one conversation."""

    tasks: list[Task] = field(default_factory=list)
    current: int = 0
    awaiting: str | None = None
    cards: list[dict[str, Any]] = field(default_factory=list)
    turn_no: int = 0
    last_order_id: str | None = None
    plan_id: str | None = None                   # the checkout plan the tasks' held orders belong to
    consent: dict[str, Any] | None = None        # the consent shown with the last paying confirmation card
    # A wallet top-up asked for (钱包充100) and not yet answered: amount_fen (None: the amount is asked),
    # the idempotency key of its 确认, and what the conversation awaited before (a held order stays held).
    topup: dict[str, Any] | None = None
    # The client's id of the last message and the turn it got: the same message sent again (a retry after a
    # timeout or a cut connection) gets that turn back instead of running twice.
    replay: dict[str, Any] | None = None
    # Orders held in this conversation that no outside supplier stands behind: their hold went through no supplier
    # route, and a supplier link is only ever made by such a route. The settlement after a turn skips them.
    plain_orders: list[str] = field(default_factory=list)

    @property
    def task(self) -> Task | None:
        return self.tasks[self.current] if 0 <= self.current < len(self.tasks) else None

    def to_json(self) -> dict[str, Any]:
        """A JSON-able snapshot; cards and slots are already plain JSON, so they are shared, not deep-copied."""
        return {"tasks": [vars(task).copy() for task in self.tasks], "current": self.current,
                "awaiting": self.awaiting, "cards": self.cards, "turn_no": self.turn_no,
                "last_order_id": self.last_order_id, "plan_id": self.plan_id, "consent": self.consent,
                "topup": self.topup, "replay": self.replay, "plain_orders": self.plain_orders}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DialogueState:
        tasks = [Task(**t) for t in data.get("tasks", [])]
        return cls(tasks=tasks, current=int(data.get("current", 0)), awaiting=data.get("awaiting"),
                   cards=list(data.get("cards", [])), turn_no=int(data.get("turn_no", 0)),
                   last_order_id=data.get("last_order_id"), plan_id=data.get("plan_id"),
                   consent=data.get("consent"), topup=data.get("topup"), replay=data.get("replay"),
                   plain_orders=list(data.get("plain_orders", [])))

    def reset(self) -> None:
        self.tasks, self.current, self.awaiting, self.cards = [], 0, None, []
        self.plan_id, self.consent = None, None
