"""换座位 in the policy: a seat wish is a seat change only while cinema seats are held and shown for confirming."""

from __future__ import annotations

import pytest

from bangwo.conversation import policy
from bangwo.conversation.policy import Act, Action
from bangwo.conversation.state import DialogueState, Task


def holding(domain: str, *, awaiting: str = "confirm", order_id: str | None = "BW1") -> DialogueState:
    return DialogueState(tasks=[Task(domain, "order", {}, status="confirming", order_id=order_id)],
                         awaiting=awaiting, cards=[{"ref": 1, "kind": "confirm"}])


@pytest.mark.parametrize("text", ["换个座位", "我想换个座位，要10排5座和6座", "我想换到10排5座和6座", "换到最后一排中间",
                                  "要情侣座"])
def test_seat_wishes_while_cinema_seats_are_held_change_seats(text: str) -> None:
    assert policy.decide(holding("movie"), text) == Action(Act.RESEAT)


@pytest.mark.parametrize(("state", "text", "expected"), [
    (holding("movie"), "确认", Action(Act.CONFIRM)),
    (holding("movie"), "不要了", Action(Act.DECLINE)),
    (holding("movie"), "换一家", Action(Act.OTHER)),
    (holding("movie"), "不要最后一排了", Action(Act.UNDERSTAND)),       # a wish taken back: the slots' correction
    (holding("train"), "换个座位", Action(Act.UNDERSTAND)),             # no seat map: read as a correction
    (holding("train"), "换成一等座", Action(Act.UNDERSTAND)),
    (holding("movie", awaiting="select", order_id=None), "换到最后一排中间", Action(Act.RESEAT)),   # searched again
    (holding("takeout", awaiting="select", order_id=None), "要情侣座", Action(Act.UNDERSTAND)),
    (holding("movie", order_id=None), "换个座位", Action(Act.UNDERSTAND)),
])
def test_other_answers_keep_their_meaning(state: DialogueState, text: str, expected: Action) -> None:
    assert policy.decide(state, text) == expected
