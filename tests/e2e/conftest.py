"""Fixtures the web-page modules share: one Chromium per module, and a seeded `bangwo serve` per test.

A module that needs another server (a clock, a funded user) defines its own ``live``; pytest takes the
module's fixture over this one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.live import Live, seeded_settings, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from tests.e2e.page_kit import launch  # imported here: page_kit needs Chromium (it skips without it)

    yield from launch()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    with serving(seeded_settings(tmp_path)) as server:
        yield server
