"""A few conversations through the real `bangwo chat --json` process, and the in-process harness checked against it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conversations import CliWorld, World, later, run_cli, seed

WALLET = 50_000
TEA = "帮我点一杯少糖少冰的珍珠奶茶"
GENERATED = re.compile(r"(?:BW|PL)[0-9A-F]{26}|[0-9a-f]{40}")   # order and plan ids, consent tokens


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base-cli") / "seeded.db"
    seed(path)
    return path


@pytest.fixture
def cli_world(base_db: Path, tmp_path: Path) -> Iterator[CliWorld]:
    with CliWorld.copy_of(base_db, tmp_path / "bangwo.db") as fresh:
        yield fresh


def without_ids(turns: list[dict[str, Any]]) -> str:
    """The turns as JSON with each generated id replaced by its order of first appearance."""
    seen: dict[str, str] = {}
    return GENERATED.sub(lambda m: seen.setdefault(m.group(), f"<id{len(seen)}>"),
                         json.dumps(turns, ensure_ascii=False))


def assert_nothing_paid(world: World) -> None:
    assert [o["status"] for o in world.orders()] == ["cancelled"]
    assert world.payments() == [] and world.reserved() == 0
    assert world.wallet() == world.cached_wallet() == WALLET and world.unused_cards() == 1


def test_paid_order_through_the_cli_matches_the_in_process_turns(cli_world: CliWorld, base_db: Path,
                                                                 tmp_path: Path) -> None:
    script = (TEA, "第一个", "确认")
    by_cli = cli_world.chat(*script)
    with World.copy_of(base_db, tmp_path / "in-process.db") as world:
        in_process = world.chat(*script)
    assert without_ids(in_process) == without_ids(by_cli)
    (order,) = by_cli[-1]["orders"]
    assert (order["status"], order["paid_fen"]) == ("paid", 1)
    (row,) = cli_world.orders()
    assert (row["id"], row["status"], row["paid_fen"], row["card_id"]) == (order["id"], "paid", 1, order["coupon_id"])
    assert [p["amount_fen"] for p in cli_world.payments()] == [1]
    assert cli_world.wallet() == cli_world.cached_wallet() == WALLET - 1 and cli_world.ledger_sum() == 0


def test_declining_through_the_cli_releases_the_hold_and_pays_nothing(cli_world: CliWorld) -> None:
    _offered, held, declined = cli_world.chat(TEA, "第一个", "不要了")
    assert held["awaiting"] == "confirm" and held["orders"] == []
    assert declined["awaiting"] is None and declined["orders"] == [] and "没有扣款" in declined["reply"]
    assert_nothing_paid(cli_world)


def test_an_order_held_by_one_cli_process_is_paid_by_the_next(cli_world: CliWorld) -> None:
    _offered, held = cli_world.chat(TEA, "第一个")
    assert [o["status"] for o in cli_world.orders()] == ["held"] and cli_world.payments() == []
    (paid,) = cli_world.chat("确认", now=later(3))
    (order,) = paid["orders"]
    assert (order["id"], order["status"], order["paid_fen"]) == (held["cards"][0]["order_id"], "paid", 1)
    assert [p["amount_fen"] for p in cli_world.payments()] == [1]
    assert cli_world.wallet() == WALLET - 1 and cli_world.unused_cards() == 0 and cli_world.ledger_sum() == 0


@pytest.mark.parametrize(("args", "message", "code"), [
    (("--user", "nobody"), "没有找到用户", 3),      # not found (docs/operations.md, exit codes)
    (("--now", "yesterday"), "ISO-8601", 2),        # a usage error
])
def test_bad_chat_arguments_exit_with_a_clear_json_error(cli_world: CliWorld, args: tuple[str, ...],
                                                          message: str, code: int) -> None:
    result = run_cli(cli_world.url, "chat", "--json", *args, stdin=f"{TEA}\n第一个\n确认\n")
    assert result.returncode == code
    error = json.loads(result.stdout)["error"]
    assert message in error["message"] + error.get("detail", "") and "Traceback" not in result.stderr
    assert cli_world.scalar("select count(*) from orders") == 0 and cli_world.payments() == []
    assert cli_world.wallet() == WALLET
