"""Shared fixtures of the understanding tests: one engine, a fixed Friday noon."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bangwo.understanding.parse import Engine, build_engine

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY_NOON = datetime(2026, 2, 6, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return build_engine()


def read(engine: Engine, text: str, now: datetime = FRIDAY_NOON) -> list[tuple[str, str, dict[str, Any]]]:
    """Every frame of ``text`` as (domain, intent, slots)."""
    return [(f.domain, f.intent, dict(f.slots)) for f in engine.understand(text, now=now).frames]


def read_one(engine: Engine, text: str, now: datetime = FRIDAY_NOON) -> tuple[str, str, dict[str, Any]]:
    """The only frame of ``text`` (fails when there is not exactly one)."""
    frames = read(engine, text, now)
    assert len(frames) == 1, frames
    return frames[0]


def read_slots(engine: Engine, text: str, now: datetime = FRIDAY_NOON) -> list[tuple[str, dict[str, Any]]]:
    """Every frame of ``text`` as (domain, slots)."""
    return [(f.domain, dict(f.slots)) for f in engine.understand(text, now=now).frames]


def read_one_slots(engine: Engine, text: str, now: datetime = FRIDAY_NOON) -> tuple[str, dict[str, Any]]:
    """The only frame of ``text`` as (domain, slots)."""
    frames = read_slots(engine, text, now)
    assert len(frames) == 1, frames
    return frames[0]


def one_slots(engine: Engine, text: str, now: datetime = FRIDAY_NOON) -> dict[str, Any]:
    """The slots of the only frame of ``text``."""
    return read_one_slots(engine, text, now)[1]
