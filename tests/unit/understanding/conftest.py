"""Shared fixtures of the understanding tests: one engine, a fixed Friday noon."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bangwo.understanding.parse import Engine, build_engine

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY_NOON = datetime(2026, 2, 6, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return build_engine()
