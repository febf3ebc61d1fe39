"""Admission control: rate limits by the clock, a bounded priority queue, optional work shed first."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bangwo.api import admission
from bangwo.api.admission import Admission, Limits, Priority, TokenBucket, classify


@dataclass
class FakeTime:
    now: float = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_user_over_the_rate_is_told_when_to_come_back() -> None:
    clock = FakeTime()
    gate = Admission(Limits(user_rps=2.0, user_burst=2), clock=clock)
    assert gate.check_rate("alice") is None and gate.check_rate("alice") is None
    refusal = gate.check_rate("alice")
    assert refusal is not None and (refusal.status, refusal.reason, refusal.retry_after_s) == (429, "rate_limited", 1)
    assert gate.check_rate("bob") is None           # others are not held back
    clock.now += 0.5
    assert gate.check_rate("alice") is None


def test_the_global_rate_limits_everyone() -> None:
    gate = Admission(Limits(global_rps=3.0), clock=FakeTime())
    assert [gate.check_rate(f"u{i}") is None for i in range(4)] == [True, True, True, False]


def test_a_token_bucket_refills_at_its_rate_up_to_its_burst() -> None:
    bucket = TokenBucket(rate=10.0, burst=2.0, tokens=0.0, stamp=0.0)
    assert bucket.take(0.05) == 0.05
    assert bucket.take(0.1) == 0.0
    assert bucket.take(10.0) == 0.0 and bucket.take(10.0) == 0.0 and bucket.take(10.0) > 0


def test_a_full_queue_answers_with_an_estimate_instead_of_waiting() -> None:
    async def scenario() -> list[object]:
        gate = Admission(Limits(max_inflight=1, max_queue=1, queue_timeout_s=30, shed_optional_at=5))
        assert await gate.enter(Priority.NORMAL) is None
        queued = asyncio.create_task(gate.enter(Priority.NORMAL))
        await asyncio.sleep(0)
        refused = await gate.enter(Priority.NORMAL)
        gate.leave(0.01)
        return [await queued, refused, gate.inflight, gate.queued]
    admitted, refused, inflight, queued = asyncio.run(scenario())
    assert admitted is None and (inflight, queued) == (1, 0)
    assert refused is not None and refused.status == 503 and refused.message.startswith("排队中，预计 ")  # type: ignore[attr-defined]
    assert refused.body().decode().count("retry_after") == 1  # type: ignore[attr-defined]


def test_optional_work_is_shed_before_payments_and_payments_jump_the_queue() -> None:
    async def scenario() -> tuple[object, list[str]]:
        shed: list[str] = []
        gate = Admission(Limits(max_inflight=1, max_queue=4, queue_timeout_s=30, shed_optional_at=1),
                         on_shed=lambda p, reason: shed.append(f"{p.name}:{reason}"))
        await gate.enter(Priority.NORMAL)
        order: list[str] = []

        async def wait(priority: Priority, name: str) -> None:
            assert await gate.enter(priority) is None
            order.append(name)
            gate.leave(0.01)
        normal = asyncio.create_task(wait(Priority.NORMAL, "chat"))
        await asyncio.sleep(0)
        optional = await gate.enter(Priority.OPTIONAL)
        critical = asyncio.create_task(wait(Priority.CRITICAL, "pay"))
        await asyncio.sleep(0)
        gate.leave(0.01)
        await asyncio.gather(normal, critical)
        return optional, order + shed
    optional, events = asyncio.run(scenario())
    assert optional is not None and optional.reason == "shed"  # type: ignore[attr-defined]
    assert events == ["pay", "chat", "OPTIONAL:shed"]


def test_confirmations_and_payments_are_critical_recommendations_optional() -> None:
    assert classify("POST", "/api/chat", confirming=True) is Priority.CRITICAL
    assert classify("POST", "/v1/chat", confirming=False) is Priority.NORMAL
    assert classify("POST", "/v1/orders/BW1/pay") is Priority.CRITICAL
    assert classify("GET", "/v1/recommendations") is Priority.OPTIONAL


def test_a_message_answering_a_pending_confirmation_is_critical_by_state_not_words() -> None:
    gate = Admission(Limits())
    web = admission._chat_body(b'{"text": "\\u597d\\u561e", "conversation_id": "web"}', default="web")
    button = admission._chat_body(b'{"text": "x", "consent": "ab12"}', default="web")
    other = admission._chat_body(b'{"text": "\\u786e\\u8ba4", "conversation_id": "other"}', default="web")
    caller = admission.caller_key("Bearer abc", None)
    assert not gate.answers_confirmation(caller, web)              # nothing pending yet
    assert gate.answers_confirmation(caller, button)               # a confirmation card's consent token
    gate.awaiting_confirmation(caller, "web", True)                # the turn showed a confirmation card
    assert gate.answers_confirmation(caller, web)                  # any reply to it, whatever the words
    assert not gate.answers_confirmation(caller, other)            # 确认 in another conversation is not
    assert not gate.answers_confirmation("token:someone-else", web)
    gate.awaiting_confirmation(caller, "web", False)               # paid or declined: no longer pending
    assert not gate.answers_confirmation(caller, web)
    assert admission._chat_body(b"not json", default="web") is None
