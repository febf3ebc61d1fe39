"""Operator commands and CLI manners: campaigns in the database, users, db, the data directory, exit codes,
JSON errors and --now, each run as `bangwo` runs (``cli.main`` on real SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bangwo import cli
from bangwo.config import Settings

NOW = "2026-02-06T12:00:00+08:00"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new database of the test's own (SQLite, or a PostgreSQL schema), named by BANGWO_DATABASE_URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ops.db'}"
    else:
        from tests.conftest import fresh_schema

        url = fresh_schema(request.getfixturevalue("pg_engine"), "cli_ops")
    for name in [k for k in os.environ if k.startswith("BANGWO_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("BANGWO_DATABASE_URL", url)
    return url


def bangwo(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run one `bangwo` command in this process; its exit code, stdout and stderr."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code, out, err = bangwo(capsys, *args, "--json")
    assert code == 0, out + err
    return json.loads(out)


def test_settings_seed_a_new_database_and_never_rewrite_the_stored_campaign(
        database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BANGWO_CARD_VALUE_FEN", "1800")          # the seed of a new database
    assert as_json(capsys, "campaign", "show")["value_fen"] == 1800    # type: ignore[index]
    monkeypatch.setenv("BANGWO_CARD_VALUE_FEN", "1")             # later runs: settings no longer matter
    monkeypatch.setenv("BANGWO_CARD_CAP_PER_USER", "2")
    assert as_json(capsys, "ledger")["sum_fen"] == 0             # type: ignore[index]
    shown = as_json(capsys, "campaign", "show")
    assert shown["value_fen"] == 1800 and shown["cap_per_user"] == 21   # type: ignore[index]


def test_campaign_update_pause_and_resume_change_what_new_users_get(
        database: str, capsys: pytest.CaptureFixture[str]) -> None:
    updated = as_json(capsys, "campaign", "update", "spring-2026", "--value-fen", "3000", "--windows",
                      "00:00-06:00=500,12:00-14:00", "--total-stock", "9000")
    assert updated["value_fen"] == 3000 and updated["total_stock"] == 9000   # type: ignore[index]
    assert updated["windows"] == [{"start": "00:00", "end": "06:00", "stock": 500},   # type: ignore[index]
                                  {"start": "12:00", "end": "14:00", "stock": None}]
    assert as_json(capsys, "users", "add", "dave", "--name", "大卫", "--phone", "13700137001",
                   "--now", NOW)["cards_granted"] == 1   # type: ignore[index]
    card = as_json(capsys, "cards", "--user", "dave", "--now", NOW)["cards"][0]   # type: ignore[index]
    assert card["value_fen"] == 3000
    assert as_json(capsys, "campaign", "pause", "spring-2026")["paused"] is True   # type: ignore[index]
    assert as_json(capsys, "users", "add", "erin", "--name", "艾琳", "--phone", "13700137002",
                   "--now", NOW)["cards_granted"] == 0   # type: ignore[index]
    assert as_json(capsys, "campaign", "resume", "spring-2026")["paused"] is False   # type: ignore[index]
    assert as_json(capsys, "users", "add", "fay", "--name", "菲", "--phone", "13700137003",
                   "--now", NOW)["cards_granted"] == 1   # type: ignore[index]
    code, out, _ = bangwo(capsys, "campaign", "show")
    assert code == 0 and "面额 3000 分" in out and "00:00-06:00（500张）" in out


def test_campaign_create_lists_and_refuses_bad_or_taken_campaigns(
        database: str, capsys: pytest.CaptureFixture[str]) -> None:
    made = as_json(capsys, "campaign", "create", "summer-2026", "--name", "夏日免单", "--starts-at",
                   "2026-06-01T00:00:00", "--ends-at", "2026-09-01T00:00:00", "--value-fen", "1500")
    assert made["starts_at"] == "2026-06-01T00:00:00+08:00" and made["value_fen"] == 1500   # type: ignore[index]
    listed = as_json(capsys, "campaign", "show", "--all", "--now", NOW)
    assert {c["id"]: c["active"] for c in listed} == {"spring-2026": True, "summer-2026": False}   # type: ignore[union-attr]
    code, out, _ = bangwo(capsys, "campaign", "create", "summer-2026", "--starts-at", "2026-06-01",
                          "--ends-at", "2026-09-01", "--json")
    assert code == 1 and json.loads(out)["error"]["code"] == "conflict"
    code, out, _ = bangwo(capsys, "campaign", "create", "backwards", "--starts-at", "2026-09-01",
                          "--ends-at", "2026-06-01", "--json")
    assert code == 2 and "ends_at must be after starts_at" in json.loads(out)["error"]["detail"]
    code, _, err = bangwo(capsys, "campaign", "update", "spring-2026", "--windows", "lunch")
    assert code == 2 and "--windows" in err and "Traceback" not in err


def test_users_add_list_show(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert as_json(capsys, "users", "add", "gus", "--name", "阿古", "--phone", "13700137004", "--city", "上海",
                   "--now", NOW)["home_city"] == "上海"   # type: ignore[index]
    as_json(capsys, "users", "add", "hal", "--name", "阿哈", "--phone", "13700137005", "--now", NOW)
    assert [u["id"] for u in as_json(capsys, "users", "list")] == ["gus", "hal"]   # type: ignore[union-attr]
    shown = as_json(capsys, "users", "show", "gus", "--now", NOW)
    assert shown == {"id": "gus", "name": "阿古", "phone": "13700137004", "home_city": "上海", "addresses": [],
                     "wallet_fen": 0, "cards_usable": 1, "cards": 1, "orders": 0}
    code, out, _ = bangwo(capsys, "users", "add", "gus", "--name", "x", "--phone", "13700137004", "--json")
    assert code == 1 and json.loads(out)["error"]["code"] == "conflict"
    code, out, _ = bangwo(capsys, "users", "add", "ivy", "--name", "x", "--phone", "123", "--json")
    assert code == 2 and json.loads(out)["error"]["message"] == "手机号格式不对，应为11位数字"


def test_db_current_upgrade_and_history(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    from bangwo.adapters.db import migrating

    before = as_json(capsys, "db", "current")
    assert before["current"] == [] and before["up_to_date"] is False   # type: ignore[index]
    upgraded = as_json(capsys, "db", "upgrade")
    assert upgraded["before"] == [] and upgraded["current"] == sorted(migrating.heads())   # type: ignore[index]
    assert as_json(capsys, "db", "current")["up_to_date"] is True   # type: ignore[index]
    history = as_json(capsys, "db", "history")
    revisions = [h["revision"] for h in history]   # type: ignore[union-attr]
    assert "193db2ffb8f0" in revisions and set(migrating.heads()) <= set(revisions)
    code, out, _ = bangwo(capsys, "db", "history")
    assert code == 0 and "<base> -> 193db2ffb8f0" in out


def test_errors_under_json_are_json_and_exit_codes_tell_usage_from_not_found(
        database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = bangwo(capsys, "orders", "--user", "nobody", "--json")
    assert code == 3 and err == ""
    assert json.loads(out) == {"error": {"code": "not_found", "message": "没有找到用户 nobody",
                                         "detail": "no user 'nobody'"}}
    code, out, _ = bangwo(capsys, "orders", "--no-such-option", "--json")
    assert code == 2 and json.loads(out)["error"]["code"] == "usage"
    code, out, _ = bangwo(capsys, "catalog", "search", "spaceship", "--json")
    assert code == 2 and "'spaceship' is not one of 'takeout'" in json.loads(out)["error"]["message"]
    code, out, _ = bangwo(capsys, "orders", "--now", "yesterday", "--json")
    assert code == 2 and "ISO-8601" in json.loads(out)["error"]["detail"]
    code, out, _ = bangwo(capsys, "understand", "明天", "--now", "yesterday", "--json")
    assert code == 2 and "ISO-8601" in json.loads(out)["error"]["message"]
    code, out, err = bangwo(capsys, "campaign", "show", "nope")
    assert code == 3 and out == "" and err.startswith("错误：没有这个活动")


def test_a_bad_setting_is_a_message_not_a_traceback(database: str, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BANGWO_HOLD_MINUTES", "999")
    code, out, _ = bangwo(capsys, "ledger", "--json")
    assert code == 2 and "hold_minutes" in json.loads(out)["error"]["detail"]


def test_catalog_search_offers_the_domains_as_a_choice(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = bangwo(capsys, "catalog", "search", "--help")
    assert code == 0 and "takeout|grocery|movie" in out.replace(" ", "").replace("\n", "")


def test_now_means_one_instant_in_understand(capsys: pytest.CaptureFixture[str]) -> None:
    """20:00 UTC on the 6th is 04:00 on the 7th in Shanghai: 明天 is the 8th, however the instant is written."""
    frames = []
    for now in ("2026-02-06T20:00:00Z", "2026-02-07T04:00:00+08:00", "2026-02-07T04:00:00",
                "2026-02-06T21:00:00+01:00"):
        printed = as_json(capsys, "understand", "明天下午3点的电影", "--now", now)
        frames.append(printed["frames"][0]["slots"])   # type: ignore[index]
    assert all(f["date"] == "2026-02-08" for f in frames), frames


def test_the_default_database_is_one_absolute_path_from_every_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [k for k in os.environ if k.startswith("BANGWO_") or k == "XDG_DATA_HOME"]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    monkeypatch.chdir(tmp_path / "a")
    as_json(capsys, "users", "add", "zed", "--name", "阿泽", "--phone", "13700137009", "--now", NOW)
    monkeypatch.chdir(tmp_path / "b")
    assert as_json(capsys, "users", "show", "zed", "--now", NOW)["name"] == "阿泽"   # type: ignore[index]
    assert (tmp_path / "home/.local/share/bangwo/bangwo.db").is_file()
    assert not list((tmp_path / "a").iterdir()) and not list((tmp_path / "b").iterdir())


def test_data_dir_settings_are_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [k for k in os.environ if k.startswith("BANGWO_") or k == "XDG_DATA_HOME"]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Settings().database_url == f"sqlite:///{tmp_path / 'xdg/bangwo/bangwo.db'}"
    monkeypatch.setenv("BANGWO_DATA_DIR", "var")
    assert Settings().database_url == f"sqlite:///{tmp_path / 'var/bangwo.db'}"
    monkeypatch.setenv("BANGWO_DATABASE_URL", "postgresql+psycopg://u@db/bangwo")
    assert Settings().database_url == "postgresql+psycopg://u@db/bangwo"


def test_the_installed_entry_point_returns_the_exit_code(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BANGWO_")}
    env["BANGWO_DATABASE_URL"] = f"sqlite:///{tmp_path / 'e.db'}"
    done = subprocess.run([sys.executable, "-m", "bangwo.cli", "users", "show", "nobody", "--json"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 3 and json.loads(done.stdout)["error"]["code"] == "not_found"
    assert "Traceback" not in done.stderr


def test_journal_needs_redis(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = bangwo(capsys, "journal", "--help")
    assert code == 0 and "SIGTERM" in out
    code, _, err = bangwo(capsys, "journal")
    assert code == 2 and "BANGWO_REDIS_URL" in err


@pytest.mark.redis
def test_journal_writer_runs_until_sigterm(tmp_path: Path, redis_url: str) -> None:
    import signal

    import redis

    from tests.conftest import SCHEMA_PREFIX

    prefix = f"{SCHEMA_PREFIX}journal"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BANGWO_")}
    env.update({"BANGWO_DATABASE_URL": f"sqlite:///{tmp_path / 'j.db'}", "BANGWO_REDIS_URL": redis_url,
                "BANGWO_REDIS_PREFIX": prefix})
    with subprocess.Popen([sys.executable, "-m", "bangwo.cli", "journal"], env=env, stderr=subprocess.PIPE,
                          text=True) as proc:
        assert proc.stderr is not None
        started = json.loads(proc.stderr.readline())
        assert started["msg"] == "journal writer running" and started["redis_prefix"] == prefix
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        assert json.loads(proc.stderr.readline())["msg"] == "journal writer stopped"
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.exists(f"{prefix}:{{spring-2026}}:ready")   # reconciled, so claims may be settled
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    finally:
        client.close()


def test_exit_codes_hold_through_typers_own_runner(database: str) -> None:
    from typer.testing import CliRunner

    missing = CliRunner().invoke(cli.app, ["campaign", "pause", "nope", "--json"])
    assert missing.exit_code == 3 and json.loads(missing.stdout)["error"]["code"] == "not_found"
    bad = CliRunner().invoke(cli.app, ["users", "add", "x y", "--name", "n", "--phone", "13700137000"])
    assert bad.exit_code == 2 and "用户名只能包含" in bad.stderr
