"""`bangwo bench tokens` compares routed and all-LLM tokens per order, counted with the Qwen tokenizer."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bangwo.cli import app

DEV = Path(__file__).resolve().parents[1] / "data" / "understand_dev.jsonl"


def test_bench_tokens_reports_the_routed_design_cheaper_than_all_llm(tmp_path: Path) -> None:
    lines = DEV.read_text(encoding="utf-8").splitlines()
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join([*lines[:20], json.dumps({
        "id": "x-1", "text": "帮我安排春节回家的行程", "now": "2026-02-06T12:00:00+08:00",
        "frames": [{"domain": "train", "intent": "order", "slots": {"date": "2026-02-17"}}]}, ensure_ascii=False)]),
        encoding="utf-8")
    result = CliRunner().invoke(app, ["bench", "tokens", "--file", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["conversations"] == 21
    planner_routes = ("open_request", "no_anchor", "unrecognised_errand")
    assert report["planner_requests"] == sum(report["routes"].get(r, 0) for r in planner_routes) >= 1
    assert report["fixed_prompt_tokens"] > 500
    assert 0 < report["routed"]["tokens"] < report["all_llm"]["tokens"]
    assert report["routed"]["tokens_per_order"] < report["all_llm"]["tokens_per_order"]
