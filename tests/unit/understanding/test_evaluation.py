"""The evaluation report counts what it should."""

from __future__ import annotations

from bangwo.understanding.evaluation import evaluate, score_item
from bangwo.understanding.parse import Engine


def test_score_item_counts_slots_by_name_and_value() -> None:
    expected = [{"domain": "takeout", "intent": "order", "slots": {"item": "美式", "quantity": 1}}]
    got = [{"domain": "takeout", "intent": "order", "slots": {"item": "美式", "quantity": 2}}]
    score = score_item(expected, got)
    assert (score.domain_ok, score.intent_ok, score.exact_ok) == (1, 1, 0)
    assert (score.slot_tp, score.slot_fp, score.slot_fn) == (1, 1, 1)


def test_evaluate_reports_per_domain_and_failures(engine: Engine) -> None:
    items = [
        {"id": "t-1", "text": "充100话费", "now": "2026-02-06T12:00:00+08:00",
         "frames": [{"domain": "recharge", "intent": "order", "slots": {"amount": 100}}]},
        {"id": "t-2", "text": "你好", "now": "2026-02-06T12:00:00+08:00",
         "frames": [{"domain": "takeout", "intent": "order", "slots": {}}]},
    ]
    report = evaluate(engine, items)
    assert report.per_domain["recharge"].exact_ok == 1
    assert report.per_domain["takeout"].domain_ok == 0
    assert [f.id for f in report.failures] == ["t-2"]
    assert report.overall.items == 2
