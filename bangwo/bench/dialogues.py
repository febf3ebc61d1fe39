"""`bangwo eval dialogue`: play each labelled utterance as a new person's first turn; count the dead ends.

A new person: an account of its own, home city 杭州, no saved address, a funded wallet, the item's
`now`. The first turn ends in one of four ways:

- ``offers``: something to choose (offer or confirmation cards);
- ``question``: one question asked back (a missing slot, or the planner's question);
- ``answer``: a question or an account request answered (cards, orders, tracking, small talk), or one
  concrete next step when nothing can be offered now (every shop closed: the opening hours);
- ``dead_end``: none of these (「抱歉，暂时没找到…」, 「这个我帮不上忙」, an error).

Dead ends are counted against *order requests* (items whose labelled frames order something).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bangwo import bootstrap as boot
from bangwo.config import Settings
from bangwo.conversation.turns import Turn
from bangwo.domain import commands
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.users import User
from bangwo.services import paying, registering

OUTCOMES = ("offers", "question", "answer", "dead_end")
ANSWERED = frozenset({"account", "refunded", "info", "chat", "refused"})
NEXT_STEP = frozenset({"next_step"})     # no offer, but one concrete next step (e.g. the opening hours)
HOME_CITY = "杭州"
WALLET_FEN = 500_000


@dataclass(frozen=True)
class DeadEnd:
    id: str
    domain: str
    text: str
    reply: str


@dataclass
class DialogueReport:
    """Per domain: how many first turns ended in offers, a question, an answer or a dead end."""

    per_domain: dict[str, Counter[str]] = field(default_factory=dict)
    dead_ends: list[DeadEnd] = field(default_factory=list)
    order_requests: int = 0
    order_dead_ends: int = 0

    @property
    def dead_end_rate(self) -> float:
        return self.order_dead_ends / self.order_requests if self.order_requests else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"order_requests": self.order_requests, "order_dead_ends": self.order_dead_ends,
                "dead_end_rate": round(self.dead_end_rate, 4),
                "per_domain": {d: {o: c[o] for o in OUTCOMES} for d, c in sorted(self.per_domain.items())},
                "dead_ends": [vars(d) for d in self.dead_ends]}


def outcome_of(turn: Turn, *, ordering: bool) -> str:
    """Which of the four ways a first turn ended."""
    if turn.cards:
        return "offers"
    if (turn.awaiting or "").startswith("slot:") or turn.outcome in ("clarify", "planner"):
        return "question"
    if not ordering and (turn.outcome in ANSWERED or turn.orders):
        return "answer"
    if turn.outcome in NEXT_STEP:
        return "answer"
    return "dead_end"


def _domain(item: dict[str, Any]) -> str:
    frames = item.get("frames") or []
    orders = [f for f in frames if f.get("intent") == "order"]
    return str((orders or frames or [{"domain": "chat"}])[0]["domain"])


def _new_person(app: boot.App, number: int, clock: FixedClock) -> str:
    user_id = f"ev{number:05d}"
    registering.register_user(User(id=user_id, name="新用户", phone="13600000000", home_city=HOME_CITY),
                              uow=app.uow(), clock=clock, campaign_id=app.settings.campaign_id)
    paying.top_up(commands.TopUp(user_id, WALLET_FEN, "eval-card", f"eval:{user_id}"), uow=app.uow(), clock=clock,
                  gateway=app.gateway)
    return user_id


def evaluate(app: boot.App, clock: FixedClock, items: Sequence[dict[str, Any]]) -> DialogueReport:
    """Play every item as a new person's first turn on ``app`` (whose clock is ``clock``)."""
    report = DialogueReport()
    engine = app.conversation()
    for number, item in enumerate(items):
        clock.moment = parse_now(str(item.get("now") or clock.moment.isoformat()))
        user_id = _new_person(app, number, clock)
        ordering = any(f.get("intent") == "order" for f in item.get("frames") or [])
        turn = engine.handle(user_id, str(item["text"]), conversation_id="eval")
        outcome = outcome_of(turn, ordering=ordering)
        domain = _domain(item)
        report.per_domain.setdefault(domain, Counter())[outcome] += 1
        if ordering:
            report.order_requests += 1
            report.order_dead_ends += outcome == "dead_end"
        if outcome == "dead_end":
            report.dead_ends.append(DeadEnd(str(item.get("id", number)), domain, str(item["text"]), turn.reply))
    return report


def run(path: Path, *, now: datetime, database: Path | None = None) -> DialogueReport:
    """Seed a fresh database (a temporary one unless given) and evaluate the labelled file at ``path``."""
    from bangwo.understanding.evaluation import load_items

    items = load_items(path)
    with tempfile.TemporaryDirectory(prefix="bangwo-eval-") as scratch:
        target = database or Path(scratch) / "eval.db"
        clock = FixedClock(now)
        app = boot.bootstrap(Settings(database_url=f"sqlite:///{target}", starting_wallet_fen=0), clock=clock)
        try:
            boot.seed_catalog(app)
            return evaluate(app, clock, items)
        finally:
            app.close()


def print_report(console: Console, report: DialogueReport, *, dead_ends: int) -> None:
    """Per domain: first turns ending in offers, a question, an answer or a dead end; then the dead ends."""
    table = Table(title="first turns of new people")
    for column in ("domain", "offers", "question", "answer", "dead end"):
        table.add_column(column, justify="left" if column == "domain" else "right")
    for domain, counts in sorted(report.per_domain.items()):
        table.add_row(domain, *(str(counts[o]) for o in ("offers", "question", "answer", "dead_end")))
    console.print(table)
    console.print(f"order requests {report.order_requests}, dead ends {report.order_dead_ends} "
                  f"({report.dead_end_rate:.1%})")
    for item in report.dead_ends[:dead_ends]:
        console.print(f"[bold]{item.id}[/bold] [{item.domain}] {item.text}\n  → {item.reply}", highlight=False)
    if len(report.dead_ends) > dead_ends:
        console.print(f"... {len(report.dead_ends) - dead_ends} more dead ends")
