"""An operator imports a tea shop and a cinema with `bangwo catalog import`; a new user orders both in chat."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bangwo import bootstrap
from bangwo.config import Settings
from bangwo.domain import commands, users
from bangwo.domain.clocks import FixedClock
from bangwo.services import paying, registering
from tests import builders
from tests.e2e.conversations import ROOT, run_cli

EXAMPLES = ROOT / "examples" / "catalog"
WALLET = 10_000


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("catalog") / "seeded.db"
    seeded = run_cli(f"sqlite:///{path}", "seed", "--json")
    assert seeded.returncode == 0, seeded.stderr
    return path


def copy_of(base: Path, target: Path) -> str:
    shutil.copyfile(base, target)
    return f"sqlite:///{target}"


@pytest.fixture
def db(base_db: Path, tmp_path: Path) -> str:
    return copy_of(base_db, tmp_path / "bangwo.db")


def operator_imports(url: str, name: str) -> dict[str, Any]:
    result = run_cli(url, "catalog", "import", str(EXAMPLES / name), "--json")
    assert result.returncode == 0, result.stderr + result.stdout
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def rows(url: str, sql: str, **params: Any) -> list[dict[str, Any]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(r) for r in conn.execute(text(sql), params).mappings()]
    finally:
        engine.dispose()


def test_imported_tea_shop_and_cinema_are_ordered_and_paid_in_chat_by_a_new_user(db: str) -> None:
    tea = operator_imports(db, "teashop.json")
    cinema = operator_imports(db, "cinema.json")
    assert tea["added"] == {"shop": ["shancha-wensan"]}
    assert cinema["added"] == {"cinema": ["guangying-xixi"], "movie": ["shanhai-2026"]}

    app = bootstrap.bootstrap(Settings(database_url=db, redis_url=None), clock=FixedClock(builders.NOW))
    try:
        registering.register_user(users.User("dora", "小朵", "13700001234", "杭州", ()), uow=app.uow(),
                                  clock=app.clock, campaign_id=app.settings.campaign_id)
        paying.top_up(commands.TopUp("dora", WALLET, "test-card", "topup:dora"), uow=app.uow(), clock=app.clock,
                      gateway=app.gateway)
        talk = app.conversation()

        def say(conversation: str, *lines: str) -> list[dict[str, Any]]:
            return [talk.handle("dora", line, conversation_id=conversation).to_json() for line in lines]

        asked, offered, held, paid = say("tea", "帮我点一杯少糖少冰的桂花乌龙奶茶", "送到文三路478号", "第一个", "确认")
        assert asked["awaiting"] == "slot:address"
        assert [c["title"] for c in offered["cards"]] == ["山茶小筑·桂花乌龙奶茶(中杯)"]
        card = held["cards"][0]
        assert (card["price_fen"], card["fees_fen"], card["pay_fen"]) == (1400, 300, 1)   # the new user's card
        assert "少糖" in held["reply"] and "制作前可全额退款" in held["reply"]
        (tea_order,) = paid["orders"]
        assert (tea_order["status"], tea_order["paid_fen"]) == ("paid", 1)

        offered, held, paid = say("film", "帮我买两张今晚7点半《山海之约》的票", "1", "确认")
        first = offered["cards"][0]
        assert first["title"] == "《山海之约》2月6日 19:30 光影小剧场(西溪店)" and first["pay_fen"] == 2 * 4200
        assert held["cards"][0]["seats"] == first["seats"] and len(first["seats"]) == 2
        (film_order,) = paid["orders"]
        assert (film_order["status"], film_order["paid_fen"]) == ("paid", 2 * 4200)
    finally:
        app.close()

    stored = {r["merchant_id"]: r for r in rows(db, "SELECT * FROM orders WHERE user_id = 'dora'")}
    assert set(stored) == {"shancha-wensan", "guangying-xixi"}
    assert {r["status"] for r in stored.values()} == {"paid"}
    assert stored["guangying-xixi"]["total_fen"] == 8400
    (stock,) = rows(db, "SELECT * FROM stock_units WHERE key LIKE 'takeout:shancha-osmanthus-oolong:%'")
    assert (stock["key"], stock["reserved"]) == ("takeout:shancha-osmanthus-oolong:2026-02-06", 1)
    seats = rows(db, "SELECT seat_key FROM seat_claims WHERE seat_key LIKE 'show:guangying-xixi:h1:%'")
    assert len(seats) == 2
    (total,) = rows(db, "SELECT COALESCE(SUM(amount_fen), 0) AS s FROM ledger_entries")
    assert total["s"] == 0
    (wallet,) = rows(db, "SELECT COALESCE(SUM(amount_fen), 0) AS s FROM ledger_entries WHERE account = 'wallet:dora'")
    assert wallet["s"] == WALLET - 1 - 8400


def test_reimporting_the_same_file_changes_nothing(db: str) -> None:
    operator_imports(db, "teashop.json")
    before = rows(db, "SELECT kind, id, digest, updated_at FROM supply_entries")
    again = operator_imports(db, "teashop.json")
    assert again == {"schema_version": 1, "changed": False, "added": {}, "updated": {}, "unchanged": {"shop": 1}}
    assert rows(db, "SELECT kind, id, digest, updated_at FROM supply_entries") == before


def test_a_bad_file_is_refused_with_its_json_path_and_no_stack_trace(db: str, tmp_path: Path) -> None:
    document = json.loads((EXAMPLES / "teashop.json").read_text(encoding="utf-8"))
    document["shops"][0]["menu"][1]["price_fen"] = -5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    plain = run_cli(db, "catalog", "import", str(bad))
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    assert "$.shops[0].menu[1].price_fen" in plain.stderr
    as_json = run_cli(db, "catalog", "import", str(bad), "--json")
    assert as_json.returncode == 2
    error = json.loads(as_json.stdout)["error"]
    assert "$.shops[0].menu[1].price_fen" in error["detail"] and error["code"]
    assert rows(db, "SELECT * FROM supply_entries") == []
    missing = run_cli(db, "catalog", "import", str(tmp_path / "nowhere.json"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_export_then_import_into_another_database_gives_the_same_export(db: str, base_db: Path,
                                                                       tmp_path: Path) -> None:
    operator_imports(db, "city-supply.json")
    exported = tmp_path / "exported.json"
    assert run_cli(db, "catalog", "export", "--out", str(exported)).returncode == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["schema_version"] == 1
    assert {k: [r["id"] for r in v] for k, v in document.items() if k != "schema_version"} == {
        "schedules": ["G7777"], "hotels": ["qiantang-inn"], "sights": ["tea-museum-walk"]}

    other = copy_of(base_db, tmp_path / "other.db")
    report = operator_imports(other, str(exported))
    assert report["added"] == {"schedule": ["G7777"], "hotel": ["qiantang-inn"], "sight": ["tea-museum-walk"]}
    again = run_cli(other, "catalog", "export")
    assert json.loads(again.stdout) == document
