"""The dialogue as a policy: from the state and the message to the one action a turn takes. Pure, no I/O.

The engine (dialogue.py) loads the state, asks ``decide`` what to do, carries the action out through the
checkout, the decider or the follow-ups, and commits. Everything about *which* action follows *which*
message lives here and is tested in milliseconds (tests/unit/conversation/test_policy.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bangwo.conversation import context
from bangwo.conversation.state import DialogueState
from bangwo.understanding import classify, seats, wallet

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
    RESEAT = "reseat"                      # 换个座位 / 换到10排5座和6座 while showings are offered or seats held
    TOP_UP = "top_up"                      # a yes to the wallet top-up just offered: charge the bank card
    DECLINE_TOP_UP = "decline_top_up"      # 不要了 after a wallet top-up offer: only the top-up is declined
    TOP_UP_AMOUNT = "top_up_amount"        # the sum answering 「要给钱包充多少钱？」
    UNDERSTAND = "understand"              # an answer, a correction or a new request: read it in context


@dataclass(frozen=True)
class Action:
    """What the turn does; ``index``/``rank_by`` say which offer a SELECT takes."""

    act: Act
    index: int | None = None
    rank_by: str | None = None


# Slots that say how many (a bare number answers the question for one of them).
COUNT_SLOTS = frozenset({"quantity", "count", "passengers", "rooms", "guests"})


def decide(state: DialogueState, text: str) -> Action:
    """The action for ``text`` given what the conversation is waiting for."""
    if classify.is_injection(text):
        return Action(Act.REFUSE)
    if state.topup is not None:
        topup = _top_up_answer(state.topup, text.strip(_PUNCTUATION))
        if topup is not None:
            return Action(topup)
    answer = context.classify(text, awaiting=state.awaiting)
    bare = text.strip(_PUNCTUATION)
    says_yes = bool(context.CONFIRM.match(bare))
    if answer.kind == "decline":
        return Action(Act.DECLINE)
    if answer.kind == "confirm":
        return Action(Act.CONFIRM)
    if _reseats(state, text):
        return Action(Act.RESEAT)
    if state.awaiting == "select" and says_yes:
        return Action(Act.SELECT, index=1) if len(state.cards) == 1 else Action(Act.ASK_WHICH)
    if answer.kind == "select":
        return Action(Act.SELECT, index=answer.index, rank_by=answer.rank_by)
    if answer.kind == "other" and state.task is not None:
        return Action(Act.OTHER)
    suggested = bool(state.task and state.task.suggested)     # 「你是不是想找：A、B？」 is answered by number
    counted = (state.awaiting or "").removeprefix("slot:") in COUNT_SLOTS   # 「要几杯？」 is answered by number too
    if (state.awaiting or "").startswith("slot:") and (says_yes or (context.ORDINAL.match(bare) and not suggested
                                                                    and not counted)):
        return Action(Act.ASK_AGAIN)
    if state.awaiting is None and says_yes:
        return Action(Act.ALREADY_PAID) if state.last_order_id else Action(Act.NOTHING_TO_CONFIRM)
    if state.awaiting is None and state.last_order_id and context.DECLINE.match(bare):
        return Action(Act.PAID_NOT_CANCELLED)
    return Action(Act.UNDERSTAND)


def _reseats(state: DialogueState, text: str) -> bool:
    """A seat wish while cinema showings are offered, or while the current task holds seats to confirm (a wish
    taken back, 不要最后一排了, is a correction of the task's slots instead)."""
    task = state.task
    if task is None or task.domain != "movie":
        return False
    offered = state.awaiting == "select" and bool(state.cards)
    held = state.awaiting == "confirm" and task.order_id is not None
    return (offered or held) and context.negated(text) is None and seats.read(text) is not None


TOP_UP_ACTS = frozenset({Act.TOP_UP, Act.DECLINE_TOP_UP, Act.TOP_UP_AMOUNT})


def _top_up_answer(topup: dict[str, Any], bare: str) -> Act | None:
    """A wallet top-up is pending: its yes, its no, or its amount; None when the message is about something else
    (the offer then lapses and the message is read as usual; a held order is never touched by it)."""
    if context.DECLINE.match(bare):
        return Act.DECLINE_TOP_UP
    if topup.get("amount_fen") is None:
        return Act.TOP_UP_AMOUNT if wallet.answer_yuan(bare) is not None else None
    return Act.TOP_UP if context.CONFIRM.match(bare) else None
