"""The evaluation report counts what it should."""

from __future__ import annotations

from bangwo.understanding.evaluation import (
    differences,
    evaluate,
    evaluate_domains,
    evaluate_slots,
    score_item,
)
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
    assert report.differences == {"domain takeout->chat": 1}
    assert report.to_json()["differences"] == {"domain takeout->chat": 1}


def test_differences_name_classes_per_slot_intent_and_frame_count() -> None:
    expected = [{"domain": "takeout", "intent": "order", "slots": {"item": "奶茶", "sugar": "少糖", "quantity": 1}},
                {"domain": "taxi", "intent": "order", "slots": {"to": "公司"}}]
    got = [{"domain": "takeout", "intent": "info", "slots": {"item": "珍珠奶茶", "quantity": 1, "ice": "少冰"}}]
    assert differences(expected, got) == [
        "frames 2->1", "intent takeout.order->info", "slot takeout.ice extra", "slot takeout.item wrong",
        "slot takeout.sugar missing"]
    assert differences(expected[:1], expected[:1]) == []


def test_evaluate_domains_counts_per_kind_and_split_and_lists_confusions(engine: Engine) -> None:
    items = [
        {"split": "val", "kind": "first", "domain": "taxi", "text": "帮我叫辆车去虹桥火车站"},
        {"split": "val", "kind": "context", "domain": "hotel", "text": "你好"},
        {"split": "test", "kind": "first", "domain": "hotel", "text": "订一间如家的大床房"},
    ]
    report = evaluate_domains(engine, items, split="val")
    assert report["items"] == 2
    assert report["per_kind"] == {"context": {"items": 1, "accuracy": 0.0}, "first": {"items": 1, "accuracy": 1.0}}
    assert report["confusions"] == {"hotel -> chat": 1}
    assert evaluate_domains(engine, items)["items"] == 3


def test_evaluate_domains_keeps_only_the_kinds_asked_and_lists_the_misses_asked(engine: Engine) -> None:
    items = [
        {"id": "a", "split": "val", "kind": "first", "domain": "taxi", "text": "帮我叫辆车去虹桥火车站"},
        {"id": "b", "split": "val", "kind": "context", "domain": "hotel", "text": "你好"},
        {"id": "c", "split": "val", "kind": "standalone", "domain": "hotel", "text": "嗯"},
    ]
    report = evaluate_domains(engine, items, only_kinds=["first", "standalone"], failures=5)
    assert report["items"] == 2
    assert set(report["per_kind"]) == {"first", "standalone"}
    assert report["failures"] == [{"id": "c", "kind": "standalone", "text": "嗯", "expected": "hotel", "got": "chat"}]
    assert evaluate_domains(engine, items)["failures"] == []
    assert len(evaluate_domains(engine, items, failures=1)["failures"]) == 1


def test_evaluate_slots_reads_values_per_slot_and_counts_a_name_read_as_near(engine: Engine) -> None:
    items = [
        {"id": "s-1", "split": "val", "kind": "first", "domain": "taxi", "text": "帮我叫辆车，从西湖文化广场到杭州东站",
         "slots": {"from": "西湖文化广场", "to": "杭州东站"}},
        {"id": "s-2", "split": "val", "kind": "around", "domain": "attraction", "text": "颐和园附近有什么酒店？",
         "slots": {"name": "颐和园"}},
        {"id": "s-3", "split": "val", "kind": "standalone", "domain": "attraction", "text": "你好",
         "slots": {"name": "天坛"}},
        {"id": "s-4", "split": "test", "kind": "first", "domain": "taxi", "text": "你好", "slots": {"to": "天坛"}},
    ]
    report = evaluate_slots(engine, items, split="val", failures=5)
    assert report["values"] == 4
    assert report["per_slot"]["taxi.from"] == {"items": 1, "accuracy": 1.0}
    assert report["per_slot"]["attraction.name"] == {"items": 2, "accuracy": 0.5}
    assert report["as_near"] == 1
    assert [(m["id"], m["slot"]) for m in report["failures"]] == [("s-3", "name")]
    assert evaluate_slots(engine, items, split="val", only_kinds=["around"])["values"] == 1
