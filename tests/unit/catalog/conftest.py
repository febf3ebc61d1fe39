"""One generated catalog shared by the catalog tests (generation is deterministic)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bangwo.adapters.catalog import CatalogData, InMemoryCatalog, generate

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 2, 6, 12, 0, tzinfo=TZ)


@pytest.fixture(scope="session")
def data() -> CatalogData:
    return generate()


@pytest.fixture(scope="session")
def catalog(data: CatalogData) -> InMemoryCatalog:
    return InMemoryCatalog(data)
