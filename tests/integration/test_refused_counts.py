"""A count said in a form no order can take (负数, 0, 科学计数法) is refused and asked again, never guessed
(issue 12): nothing is held until the person says a real number."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text

from bangwo import bootstrap as boot


def say(app: boot.App, line: str, conversation: str) -> dict[str, Any]:
    return app.conversation().handle("alice", line, conversation_id=conversation).to_json()


def held(app: boot.App) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM orders WHERE user_id = 'alice' AND status = 'held'"))
                   .scalar_one())


@pytest.mark.parametrize(("line", "said", "slot"), [
    ("麻烦帮我点-2杯芋圆奶茶", "-2杯", "quantity"),
    ("帮我买0张明天的电影票，看逆光飞翔", "0张", "count"),
])
def test_an_impossible_count_is_named_and_asked_again_and_nothing_is_held(seeded_app: boot.App, line: str,
                                                                          said: str, slot: str) -> None:
    before = held(seeded_app)
    turn = say(seeded_app, line, f"refused-{slot}")
    assert f"“{said}”这个数量没法下单" in turn["reply"]
    assert turn["awaiting"] == f"slot:{slot}" and turn["cards"] == []
    assert held(seeded_app) == before


def test_the_number_said_next_answers_the_question(seeded_app: boot.App) -> None:
    say(seeded_app, "给我来1e3杯珍珠奶茶", "refused-then-two")
    turn = say(seeded_app, "两杯", "refused-then-two")
    assert turn["awaiting"] != "slot:quantity"
    assert turn["cards"], turn["reply"]
    chosen = say(seeded_app, "第一个", "refused-then-two")
    assert chosen["awaiting"] == "confirm"
    with seeded_app.engine.connect() as conn:
        lines = conn.execute(text("SELECT lines FROM orders WHERE user_id = 'alice' AND status = 'held' "
                                  "ORDER BY created_at DESC LIMIT 1")).scalar_one()
    first = (lines if isinstance(lines, list) else json.loads(lines))[0]
    assert first["quantity"] == 2


def test_a_bare_number_that_is_still_impossible_asks_again(seeded_app: boot.App) -> None:
    say(seeded_app, "帮我点-5杯奶茶", "refused-twice")
    turn = say(seeded_app, "0", "refused-twice")
    assert turn["awaiting"] == "slot:quantity" and turn["cards"] == []
