"""The order state machine: every move outside TRANSITIONS raises, every legal one is recorded."""

from __future__ import annotations

import itertools

import pytest

from bangwo.domain.domains import Domain
from bangwo.domain.errors import IllegalTransitionError
from bangwo.domain.orders import TRANSITIONS, Order, OrderStatus
from tests.builders import NOW


def order_in(status: OrderStatus) -> Order:
    return Order(id="BW1", user_id="alice", domain=Domain.TAKEOUT, merchant_id="m", merchant_name="M",
                 title="t", lines=[], details={}, policy_code="takeout", total_fen=100, status=status,
                 created_at=NOW)


ILLEGAL = [(a, b) for a, b in itertools.product(OrderStatus, OrderStatus) if b not in TRANSITIONS[a]]
LEGAL = [(a, b) for a in OrderStatus for b in sorted(TRANSITIONS[a])]


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_illegal_transition_raises_and_changes_nothing(source: OrderStatus, target: OrderStatus) -> None:
    order = order_in(source)
    with pytest.raises(IllegalTransitionError):
        order.move(target, at=NOW, reason="test", actor="alice")
    assert order.status is source and order.events == []


@pytest.mark.parametrize(("source", "target"), LEGAL)
def test_legal_transition_records_an_event(source: OrderStatus, target: OrderStatus) -> None:
    order = order_in(source)
    event = order.move(target, at=NOW, reason="why", actor="bob")
    assert order.status is target
    assert (event.from_status, event.to_status, event.reason, event.actor) == (source, target, "why", "bob")


def test_terminal_states_have_no_way_out() -> None:
    assert {s for s, targets in TRANSITIONS.items() if not targets} == {
        OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.REFUNDED, OrderStatus.FAILED}


def test_every_state_is_reachable_from_held() -> None:
    seen, todo = {OrderStatus.HELD}, [OrderStatus.HELD]
    while todo:
        for nxt in TRANSITIONS[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == set(OrderStatus)
