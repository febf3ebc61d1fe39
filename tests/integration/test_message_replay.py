"""A message sent again with the same client id (the page's 重试 after a timeout or a cut connection) gets the
turn it already got: nothing is held, paid or logged twice (issue 14, honest failures)."""

from __future__ import annotations

from sqlalchemy import text

from bangwo import bootstrap as boot


def count(app: boot.App, sql: str) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def test_a_retried_confirmation_pays_once_and_answers_the_same(seeded_app: boot.App) -> None:
    talk = seeded_app.conversation()
    talk.handle("alice", "帮我点一杯少糖少冰的珍珠奶茶", conversation_id="replay", message_id="msg-0001-order")
    talk.handle("alice", "第一个", conversation_id="replay", message_id="msg-0002-pick")
    payments = count(seeded_app, "SELECT count(*) FROM payments")
    turns = count(seeded_app, "SELECT count(*) FROM turns WHERE conversation_id = 'replay'")
    paid = talk.handle("alice", "确认", conversation_id="replay", message_id="msg-0003-yes")
    again = talk.handle("alice", "确认", conversation_id="replay", message_id="msg-0003-yes")
    assert again.to_json() == paid.to_json() and paid.orders and paid.orders[0]["status"] == "paid"
    assert count(seeded_app, "SELECT count(*) FROM payments") == payments + 1
    assert count(seeded_app, "SELECT count(*) FROM turns WHERE conversation_id = 'replay'") == turns + 1
    # The same words as a new message (a new id) are a new turn: after paying, 确认 pays nothing more.
    fresh = talk.handle("alice", "确认", conversation_id="replay", message_id="msg-0004-yes")
    assert fresh.reply != paid.reply
    assert count(seeded_app, "SELECT count(*) FROM payments") == payments + 1


def test_a_retried_order_holds_once(seeded_app: boot.App) -> None:
    talk = seeded_app.conversation()
    talk.handle("alice", "帮我点一杯少糖少冰的珍珠奶茶", conversation_id="replay-hold", message_id="msg-1001-order")
    held = count(seeded_app, "SELECT count(*) FROM orders WHERE user_id = 'alice' AND status = 'held'")
    first = talk.handle("alice", "第一个", conversation_id="replay-hold", message_id="msg-1002-pick")
    second = talk.handle("alice", "第一个", conversation_id="replay-hold", message_id="msg-1002-pick")
    assert first.awaiting == "confirm" and second.to_json() == first.to_json()
    assert count(seeded_app, "SELECT count(*) FROM orders WHERE user_id = 'alice' AND status = 'held'") == held + 1
