"""The CLI as a person and a program use it: seed, demo, search, orders, cards, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

NOW = "2026-02-06T12:00:00+08:00"


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.db'}"


def bangwo(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BANGWO_DATABASE_URL": db_url, "COLUMNS": "160"}
    return subprocess.run([sys.executable, "-m", "bangwo.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def seeded(db_url: str) -> str:
    result = bangwo(db_url, "seed", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["users"] == ["alice", "bob"]
    assert report["catalog"]["takeout"] >= 40 and report["catalog"]["shopping"] >= 500
    return db_url


def test_demo_buys_tea_cinema_rail_hotel_and_refunds(seeded: str) -> None:
    result = bangwo(seeded, "demo", "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert "已支付 0.01元" in result.stdout and "免单卡已退回" in result.stdout
    engine = create_engine(seeded)
    with engine.connect() as conn:
        rows = conn.execute(text("select domain, status, paid_fen, details from orders "
                                 "where user_id = 'xiaoming1' order by created_at, id")).all()
        total = conn.execute(text("select sum(amount_fen) from ledger_entries")).scalar_one()
    by_domain = {r[0]: r for r in rows}
    assert set(by_domain) == {"takeout", "movie", "train", "hotel"}
    assert by_domain["takeout"][2] == 1
    assert by_domain["movie"][1] == "refunded"
    seats = json.loads(by_domain["movie"][3])["seats"]
    assert len(seats) == 2 and len({s.rsplit("/", 1)[1].split("排")[0] for s in seats}) == 1
    assert total == 0
    engine.dispose()


def test_search_prints_listings_with_stock_left(seeded: str) -> None:
    result = bangwo(seeded, "catalog", "search", "train", "--date", "2026-02-09", "-f", "from_city=杭州",
                    "-f", "to_city=北京", "--json", "--now", NOW)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(r["domain"] == "train" for r in rows)
    assert all(isinstance(r["attrs"]["left"], int) and r["attrs"]["left"] > 0 for r in rows)


def test_orders_and_cards_as_json(seeded: str) -> None:
    cards = json.loads(bangwo(seeded, "cards", "--user", "alice", "--json", "--now", NOW).stdout)
    assert cards["wallet_fen"] == 50_000 and cards["cards_usable"] == 1
    assert json.loads(bangwo(seeded, "orders", "--user", "alice", "--json", "--now", NOW).stdout) == []


@pytest.mark.parametrize(("args", "message"), [
    (("catalog", "search", "spaceship"), "'spaceship' is not one of 'takeout'"),
    (("catalog", "search", "movie", "--date", "明天"), "日期"),
    (("orders", "--user", "nobody"), "没有找到用户"),
    (("orders", "--user", "'; drop table orders; --"), "用户名"),
    (("demo", "--now", "yesterday"), "ISO-8601"),
])
def test_bad_input_gets_a_clear_message_and_no_traceback(seeded: str, args: tuple[str, ...], message: str) -> None:
    result = bangwo(seeded, *args)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_places_are_set_listed_and_forgotten_from_the_command_line(db_url: str, seeded: str) -> None:
    done = bangwo(db_url, "places", "--user", "bob", "--set", "学校=复旦大学邯郸路220号", "--json")
    assert done.returncode == 0, done.stderr
    (school,) = json.loads(done.stdout)
    assert school["label"] == "学校" and "邯郸路" in school["text"] and school["city"] == "上海"
    bad = bangwo(db_url, "places", "--user", "bob", "--set", "学校")
    assert bad.returncode == 2 and "格式" in bad.stderr and "Traceback" not in bad.stderr
    gone = bangwo(db_url, "places", "--user", "bob", "--delete", "学校", "--json")
    assert gone.returncode == 0 and json.loads(gone.stdout) == []
