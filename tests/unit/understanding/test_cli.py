"""The CLI commands registered by bangwo.cli_understand."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from bangwo import cli_understand


def make_app() -> typer.Typer:
    app = typer.Typer()
    cli_understand.register(app)
    return app


def test_understand_prints_the_contract_json() -> None:
    result = CliRunner().invoke(make_app(), ["understand", "充100话费", "--now", "2026-02-06T12:00:00+08:00",
                                             "--json"])
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    confidence = printed["frames"][0].pop("confidence")
    assert printed == {"text": "充100话费", "normalized": "充100话费", "frames": [
        {"domain": "recharge", "intent": "order", "slots": {"amount": 100}, "missing": []}]}
    assert 0.0 <= confidence <= 1.0


def test_unparseable_now_exits_2_with_a_message() -> None:
    result = CliRunner().invoke(make_app(), ["understand", "你好", "--now", "yesterday"])
    assert result.exit_code == 2
    assert "--now must be an ISO-8601 date-time" in result.stderr


def test_eval_domains_filters_kinds_and_prints_the_misses(tmp_path: Path) -> None:
    rows = [{"id": "x1", "split": "val", "kind": "first", "domain": "taxi", "text": "帮我叫辆车去虹桥火车站"},
            {"id": "x2", "split": "val", "kind": "first", "domain": "hotel", "text": "嗯"},
            {"id": "x3", "split": "val", "kind": "context", "domain": "hotel", "text": "电话呢"}]
    file = tmp_path / "turns.jsonl"
    file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(make_app(), ["eval", "domains", str(file), "--kind", "first", "--failures", "5"])
    assert result.exit_code == 0, result.output
    assert "items 2, domain accuracy 50.0 %" in result.stdout
    assert "x2 [first] hotel -> chat: 嗯" in result.stdout
    assert "x3" not in result.stdout


def test_eval_slots_prints_per_slot_figures_and_the_misses(tmp_path: Path) -> None:
    rows = [{"id": "y1", "split": "val", "kind": "first", "domain": "taxi", "text": "帮我叫辆车，从北京南站到798艺术区",
             "slots": {"from": "北京南站"}},
            {"id": "y2", "split": "val", "kind": "standalone", "domain": "attraction", "text": "嗯",
             "slots": {"name": "景山公园"}}]
    file = tmp_path / "slots.jsonl"
    file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(make_app(), ["eval", "slots", str(file), "--failures", "3"])
    assert result.exit_code == 0, result.output
    assert "values 2, read exactly 50.0 %" in result.stdout
    assert "y2 [standalone] name=景山公园: 嗯" in result.stdout
    missing = CliRunner().invoke(make_app(), ["eval", "slots", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2
