"""While a wallet top-up waits for its answer: its yes tops up, 不要了 declines only the top-up, a sum answers
「要充多少？」, and anything else lets the offer lapse (a held order is never the one declined)."""

from __future__ import annotations

import pytest

from bangwo.conversation import policy
from bangwo.conversation.policy import Act
from bangwo.conversation.state import DialogueState, Task


def pending(amount_fen: int | None, *, before: str | None = "confirm") -> DialogueState:
    trip = Task("taxi", "order", {"to": "西湖"}, status="confirming", order_id="BW1")
    return DialogueState(tasks=[trip], awaiting="confirm" if amount_fen else "slot:amount", cards=[{"ref": 1}],
                         plan_id="P1", topup={"amount_fen": amount_fen, "awaiting": before, "key": "k"})


@pytest.mark.parametrize(("amount", "text", "expected"), [
    (20_000, "确认", Act.TOP_UP),
    (20_000, "好的", Act.TOP_UP),
    (20_000, "不要了", Act.DECLINE_TOP_UP),
    (20_000, "算了", Act.DECLINE_TOP_UP),
    (None, "200", Act.TOP_UP_AMOUNT),
    (None, "两百块", Act.TOP_UP_AMOUNT),
    (None, "不要了", Act.DECLINE_TOP_UP),
    (None, "确认", Act.CONFIRM),             # no amount was offered: the yes is the held trip's again
    (20_000, "第二个", Act.SELECT),           # something else: the offer lapses
])
def test_answers_to_a_pending_top_up(amount: int | None, text: str, expected: Act) -> None:
    state = pending(amount)
    act = policy.decide(state, text).act
    if act not in policy.TOP_UP_ACTS:          # the engine lets the offer lapse and decides again
        state.awaiting, state.topup = "confirm", None
        act = policy.decide(state, text).act
    assert act is expected


def test_without_a_pending_top_up_a_decline_is_the_held_orders() -> None:
    state = pending(20_000)
    state.topup = None
    assert policy.decide(state, "不要了").act is Act.DECLINE
