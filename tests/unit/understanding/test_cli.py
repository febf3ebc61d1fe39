"""The CLI commands registered by bangwo.cli_understand."""

from __future__ import annotations

import json

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
