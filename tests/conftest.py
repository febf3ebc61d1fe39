"""Shared fixtures: a fixed clock and a migrated database on SQLite or PostgreSQL (for real)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import Engine, text

from bangwo import bootstrap
from bangwo.adapters.db import migrating, tables
from bangwo.adapters.db.engine import make_engine
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.config import Settings
from bangwo.domain.clocks import FixedClock
from tests import builders

PG_URL = os.environ.get("BANGWO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"
# Schemas of this run on the shared PostgreSQL: two suites running at once on one machine set their own prefix.
SCHEMA_PREFIX = os.environ.get("BANGWO_TEST_SCHEMA_PREFIX", "bangwo_")


def pg_url_for(schema: str) -> str:
    """The test database URL with its own schema, so parallel workers never meet."""
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def _pg_engine(schema: str) -> Engine | None:
    admin = make_engine(PG_URL, pool_size=1)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # any connection failure means: no server here
        if IN_CI:
            raise RuntimeError(f"CI=true but PostgreSQL is unreachable at {PG_URL}: {exc}") from exc
        return None
    finally:
        admin.dispose()
    engine = make_engine(pg_url_for(schema), pool_size=20)
    return engine


@pytest.fixture(scope="session")
def pg_engine(worker_id: str) -> Iterator[Engine]:
    engine = _pg_engine(f"{SCHEMA_PREFIX}test_{worker_id}")
    if engine is None:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    migrating.upgrade(engine)
    yield engine
    engine.dispose()


def _truncate(engine: Engine) -> None:
    names = [t.name for t in reversed(tables.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
        else:
            for name in names:
                conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'bangwo.db'}", pool_size=20)
        migrating.upgrade(eng)
        yield eng
        eng.dispose()
    else:
        eng = request.getfixturevalue("pg_engine")
        _truncate(eng)
        yield eng


@pytest.fixture
def uow(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(engine)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(builders.NOW)


REDIS_URL = os.environ.get("BANGWO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis (each test keeps to its own key prefix); skipped when absent, except under CI."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        if IN_CI:
            raise RuntimeError(f"CI=true but Redis is unreachable at {REDIS_URL}: {exc}") from exc
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    finally:
        client.close()
    return REDIS_URL


def worker_schema(name: str) -> str:
    """``name`` with this run's prefix and the xdist worker's id (gw0, gw1; empty without xdist)."""
    return f"{SCHEMA_PREFIX}{name}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def fresh_schema(pg_engine: Engine, name: str) -> str:
    """An empty PostgreSQL schema of its own for a test that starts servers over it; its URL. The name gets the
    xdist worker's id, so a module's fixture built on both workers never drops the other's schema."""
    name = worker_schema(name)
    with pg_engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {name}"))
    return pg_url_for(name)


@pytest.fixture(scope="module")
def seeded_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bootstrap.App]:
    """A seeded SQLite world (demo users alice and bob) at the fixed clock, shared by a module's tests."""
    path = tmp_path_factory.mktemp("seeded") / "bangwo.db"
    application = bootstrap.bootstrap(Settings(database_url=f"sqlite:///{path}"), clock=FixedClock(builders.NOW))
    bootstrap.seed_demo(application)
    yield application
    application.close()


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    """A client of the test Redis (card-claim tests)."""
    c = redis.Redis.from_url(redis_url)
    yield c
    c.close()


@pytest.fixture
def prefix(client: redis.Redis) -> Iterator[str]:
    """A Redis key prefix of the test's own, deleted afterwards."""
    name = f"t{uuid.uuid4().hex[:10]}"
    yield name
    for key in client.scan_iter(match=f"{name}:*", count=1000):
        client.delete(key)
