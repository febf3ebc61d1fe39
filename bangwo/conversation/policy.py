"""The dialogue as a policy: from the state and the message to the one action a turn takes. Pure, no I/O.

The engine (dialogue.py) loads the state, asks ``decide`` what to do, carries the action out through the
checkout, the decider or the follow-ups, and commits. Everything about *which* action follows *which*
message lives here and is tested in milliseconds (tests/unit/conversation/test_policy.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bangwo.conversation import context
from bangwo.conversation.state import DialogueState
from bangwo.understanding import classify

_PUNCTUATION = "，,。.!！ "


class Act(StrEnum):
    REFUSE = "refuse"                      # prompt injection or an attempt on other people's things
    DECLINE = "decline"                    # release what is held (or ask whether to keep confirmed legs)
    CONFIRM = "confirm"                    # confirm a leg; on the last one, pay the plan for the consent shown
    SELECT = "select"                      # hold the chosen offer
    ASK_WHICH = "ask_which"                # a yes while several offers are on screen: ask which one
    OTHER = "other"                        # 换一家: offer again without what was shown
    ALREADY_PAID = "already_paid"          # a yes after paying: nothing is charged twice
    NOTHING_TO_CONFIRM = "nothing_to_confirm"
    PAID_NOT_CANCELLED = "paid_not_cancelled"   # 不要了 after paying: it was paid, a refund is the way back
    ASK_AGAIN = "ask_again"                # a bare yes while a question is pending: ask it again
    UNDERSTAND = "understand"              # an answer, a correction or a new request: read it in context


@dataclass(frozen=True)
class Action:
    """What the turn does; ``index``/``rank_by`` say which offer a SELECT takes."""

    act: Act
    index: int | None = None
    rank_by: str | None = None


def decide(state: DialogueState, text: str) -> Action:
    """The action for ``text`` given what the conversation is waiting for."""
    if classify.is_injection(text):
        return Action(Act.REFUSE)
    answer = context.classify(text, awaiting=state.awaiting)
    bare = text.strip(_PUNCTUATION)
    says_yes = bool(context.CONFIRM.match(bare))
    if answer.kind == "decline":
        return Action(Act.DECLINE)
    if answer.kind == "confirm":
        return Action(Act.CONFIRM)
    if state.awaiting == "select" and says_yes:
        return Action(Act.SELECT, index=1) if len(state.cards) == 1 else Action(Act.ASK_WHICH)
    if answer.kind == "select":
        return Action(Act.SELECT, index=answer.index, rank_by=answer.rank_by)
    if answer.kind == "other" and state.task is not None:
        return Action(Act.OTHER)
    suggested = bool(state.task and state.task.suggested)     # 「你是不是想找：A、B？」 is answered by number
    if (state.awaiting or "").startswith("slot:") and (says_yes or (context.ORDINAL.match(bare) and not suggested)):
        return Action(Act.ASK_AGAIN)
    if state.awaiting is None and says_yes:
        return Action(Act.ALREADY_PAID) if state.last_order_id else Action(Act.NOTHING_TO_CONFIRM)
    if state.awaiting is None and state.last_order_id and context.DECLINE.match(bare):
        return Action(Act.PAID_NOT_CANCELLED)
    return Action(Act.UNDERSTAND)
