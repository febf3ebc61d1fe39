"""Validates the hand-labelled understanding data sets against the frames contract.

It checks the labels (form, vocabulary, value forms), not the engine, of the development, held-out
and shadow sets (the shadow sets are independently written measurement sets; shadow2 imitates
public travel, cinema, taxi and food app requests). Conventions:
tests/data/LABELING.md; contract: shared/spec/frames.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import opencc
import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
FILES = {
    "dev": DATA / "understand_dev.jsonl",
    "ho": DATA / "understand_heldout.jsonl",
    "shadow": DATA / "understand_shadow.jsonl",
    "shadow2": DATA / "understand_shadow2.jsonl",
    "fresh": DATA / "understand_fresh.jsonl",
}
MIN_ITEMS = {"dev": 1200, "ho": 300, "shadow": 250, "shadow2": 250, "fresh": 420}
PREFIX = {"dev": "dev", "ho": "ho", "shadow": "shadow", "shadow2": "shadow2", "fresh": "fr"}
# The fresh set is, like the shadow sets, written independently of the engine (LABELING.md, "Fresh set").
SHADOW_SETS = frozenset({"shadow", "shadow2", "fresh"})
MIN_TRADITIONAL = 0.20
# The shadow sets are written independently of the engine; they are held to the 25 % Traditional target.
MIN_TRADITIONAL_SHADOW = 0.25

_T2S = opencc.OpenCC("t2s")

DATE = "date"
TIME = "time"
BOOL = "bool"
COUNT = "count"
MONEY = "money"
TEXT = "text"
CITY = "city"
LIST = "list"

SLOTS: dict[str, dict[str, Any]] = {
    "takeout": {
        "item": TEXT,
        "any": BOOL,
        "shop": TEXT,
        "quantity": COUNT,
        "size": {"small", "medium", "large"},
        "sugar": {"full", "less", "half", "light", "none"},
        "ice": {"normal", "less", "none", "room", "warm", "hot"},
        "toppings": LIST,
        "max_price": MONEY,
        "address": TEXT,
        "deliver_at": TIME,
        "spice": {"none", "mild", "medium", "hot"},
    },
    "grocery": {
        "item": TEXT,
        "quantity": COUNT,
        "unit": TEXT,
        "brand": TEXT,
        "max_price": MONEY,
        "address": TEXT,
        "deliver_at": TIME,
    },
    "movie": {
        "movie": TEXT,
        "cinema": TEXT,
        "date": DATE,
        "time": TIME,
        "time_flex": BOOL,
        "time_window": {"morning", "noon", "afternoon", "evening", "night"},
        "count": COUNT,
        "seat": {"back", "front", "middle", "aisle", "couple"},
        "format": {"2D", "3D", "IMAX", "杜比"},
        "premiere": BOOL,
        "max_price": MONEY,
    },
    "flight": {
        "from_city": CITY,
        "to_city": CITY,
        "date": DATE,
        "time_window": {"morning", "noon", "afternoon", "evening", "night"},
        "cabin": {"economy", "business", "first"},
        "passengers": COUNT,
        "direct": BOOL,
        "sort": {"cheapest", "earliest", "fastest"},
        "max_price": MONEY,
        "return_date": DATE,
        # added slots (LABELING.md)
        "from_airport": TEXT,
        "to_airport": TEXT,
        "round_trip": BOOL,
        "time": TIME,
        "time_flex": BOOL,
    },
    "train": {
        "from_city": CITY,
        "to_city": CITY,
        "date": DATE,
        "time_window": {"morning", "noon", "afternoon", "evening", "night"},
        "seat_class": {"second", "first", "business", "hard_sleeper", "soft_sleeper", "hard_seat", "no_seat"},
        "train_type": {"G", "D", "K", "Z", "T"},
        "passengers": COUNT,
        "sort": {"cheapest", "earliest", "fastest"},
        # added slots (LABELING.md)
        "from_station": TEXT,
        "to_station": TEXT,
        "train_no": TEXT,
        "time": TIME,
        "time_flex": BOOL,
        "round_trip": BOOL,
        "return_date": DATE,
    },
    "hotel": {
        "city": CITY,
        "near": TEXT,
        "check_in": DATE,
        "nights": COUNT,
        "check_out": DATE,
        "rooms": COUNT,
        "guests": COUNT,
        "star": {1, 2, 3, 4, 5},
        "max_price": MONEY,
        "brand": TEXT,
        "room_type": {"king", "twin", "suite"},
    },
    "attraction": {
        "name": TEXT,
        "city": CITY,
        "date": DATE,
        "count": COUNT,
        "ticket_type": {"adult", "child", "senior", "student"},
    },
    "taxi": {
        "to": TEXT,
        "from": TEXT,
        "when": TIME,
        "date": DATE,
        "car_type": {"economy", "comfort", "premium", "xl"},
    },
    "recharge": {"amount": MONEY, "phone": "phone"},
    "shopping": {"query": TEXT, "quantity": COUNT, "brand": TEXT, "max_price": MONEY, "spec": TEXT},
    "account": {"order_ref": TEXT},
    "chat": {},
}
INTENTS = {d: {"order"} for d in SLOTS}
INTENTS["account"] = {
    "track_order",
    "cancel_order",
    "refund",
    "list_orders",
    "claim_card",
    "list_cards",
    "invite",
}
INTENTS["chat"] = {"chat"}
# Intent `info` (frames.md): a question about a thing of a domain; its frame adds the slot `ask`.
INFO_ASK = {"phone", "address", "rating", "hours", "price", "availability", "duration", "other"}
for _dom in SLOTS:
    if _dom not in ("account", "chat"):
        INTENTS[_dom] = INTENTS[_dom] | {"info"}
REQUIRED_TOP = {"id", "text", "now", "frames", "tags"}


def _load(name: str) -> list[dict[str, Any]]:
    rows = []
    with FILES[name].open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            assert line.strip(), f"{FILES[name].name}:{n}: empty line"
            rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def sets() -> dict[str, list[dict[str, Any]]]:
    return {name: _load(name) for name in FILES}


def _is_simplified(s: str) -> bool:
    return _T2S.convert(s) == s


def _check_value(where: str, slot: str, kind: Any, v: Any) -> None:
    if isinstance(kind, set):
        assert v in kind, f"{where}: {slot}={v!r} not in {sorted(map(str, kind))}"
    elif kind == DATE:
        assert isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v), f"{where}: {slot}={v!r}"
        dt.date.fromisoformat(v)
    elif kind == TIME:
        assert isinstance(v, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", v), f"{where}: {slot}={v!r}"
    elif kind == BOOL:
        assert v is True, f"{where}: {slot} must be true when present, got {v!r}"
    elif kind == COUNT:
        assert type(v) is int and v > 0, f"{where}: {slot}={v!r} is not a positive int"
    elif kind == MONEY:
        assert type(v) in (int, float) and v > 0, f"{where}: {slot}={v!r} is not a positive number"
    elif kind == LIST:
        assert isinstance(v, list) and v, f"{where}: {slot} must be a non-empty list"
        for x in v:
            assert isinstance(x, str) and x.strip() == x and x and _is_simplified(x), (
                f"{where}: {slot} item {x!r}"
            )
    elif kind == "phone":
        assert isinstance(v, str) and re.fullmatch(r"1\d{10}", v), f"{where}: phone={v!r}"
    elif kind in (TEXT, CITY):
        assert isinstance(v, str) and v and v.strip() == v, f"{where}: {slot}={v!r}"
        assert _is_simplified(v), f"{where}: {slot}={v!r} is not Simplified"
        assert "《" not in v and "》" not in v, f"{where}: {slot}={v!r} keeps title marks"
        if kind == CITY:
            assert not v.endswith(("市", "省")), f"{where}: {slot}={v!r} keeps 市/省"
    else:  # pragma: no cover - table error
        raise AssertionError(kind)


@pytest.mark.parametrize("name", list(FILES))
def test_records_are_well_formed(sets: dict[str, list[dict[str, Any]]], name: str) -> None:
    rows = sets[name]
    prefix = PREFIX[name]
    for r in rows:
        where = f"{FILES[name].name}:{r.get('id')}"
        assert set(r) == REQUIRED_TOP, f"{where}: keys {sorted(r)}"
        assert re.fullmatch(prefix + r"-\d{4}", r["id"]), where
        assert isinstance(r["text"], str) and r["text"].strip(), where
        now = dt.datetime.fromisoformat(r["now"])
        assert now.utcoffset() == dt.timedelta(hours=8), f"{where}: now must be +08:00"
        assert isinstance(r["tags"], list) and all(isinstance(t, str) for t in r["tags"]), where
        assert ("traditional" in r["tags"]) == (not _is_simplified(r["text"])), (
            f"{where}: traditional tag does not match the text"
        )
        assert isinstance(r["frames"], list) and r["frames"], f"{where}: no frames"
        for fr in r["frames"]:
            assert set(fr) == {"domain", "intent", "slots"}, (
                f"{where}: frame keys {sorted(fr)} (no 'missing')"
            )
            dom = fr["domain"]
            assert dom in SLOTS, f"{where}: unknown domain {dom!r}"
            assert fr["intent"] in INTENTS[dom], f"{where}: intent {fr['intent']!r} for {dom}"
            assert isinstance(fr["slots"], dict), where
            allowed = dict(SLOTS[dom])
            if fr["intent"] == "info":
                allowed["ask"] = INFO_ASK
                assert "ask" in fr["slots"], f"{where}: info frame without ask"
            for slot, v in fr["slots"].items():
                assert slot in allowed, f"{where}: slot {slot!r} not allowed in {dom}/{fr['intent']}"
                _check_value(where, slot, allowed[slot], v)
            if dom == "chat":
                assert len(r["frames"]) == 1, f"{where}: chat is a single frame"
            if dom == "takeout" and fr["slots"].get("any"):
                assert "item" not in fr["slots"], f"{where}: any and item together"


@pytest.mark.parametrize("name", list(FILES))
def test_enough_items(sets: dict[str, list[dict[str, Any]]], name: str) -> None:
    assert len(sets[name]) >= MIN_ITEMS[name], f"{name}: {len(sets[name])} items < {MIN_ITEMS[name]}"


def test_ids_and_texts_unique_across_files(sets: dict[str, list[dict[str, Any]]]) -> None:
    ids = Counter(r["id"] for rows in sets.values() for r in rows)
    assert not [i for i, c in ids.items() if c > 1], "duplicate ids"
    texts = Counter(r["text"].strip() for rows in sets.values() for r in rows)
    dups = [t for t, c in texts.items() if c > 1]
    assert not dups, f"duplicate texts: {dups[:5]}"


@pytest.mark.parametrize("name", list(FILES))
def test_traditional_share(sets: dict[str, list[dict[str, Any]]], name: str) -> None:
    rows = sets[name]
    assert rows, f"{name}: empty"
    share = sum("traditional" in r["tags"] for r in rows) / len(rows)
    minimum = MIN_TRADITIONAL_SHADOW if name in SHADOW_SETS else MIN_TRADITIONAL
    assert share >= minimum, f"{name}: Traditional share {share:.1%}"


@pytest.mark.parametrize("name", list(FILES))
def test_every_domain_and_account_intent_present(sets: dict[str, list[dict[str, Any]]], name: str) -> None:
    frames = [fr for r in sets[name] for fr in r["frames"]]
    assert {fr["domain"] for fr in frames} == set(SLOTS)
    account = {fr["intent"] for fr in frames if fr["domain"] == "account"}
    assert account == INTENTS["account"]
    assert any(len(r["frames"]) > 1 for r in sets[name]), "no multi-frame item"
