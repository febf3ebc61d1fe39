"""The turn log through Redis: complete, once per turn, and saying what the replies said, even when a
publication is lost between the commit and the stream."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import Engine, select

from bangwo import bootstrap as boot
from bangwo.adapters.cache.redis_turns import RedisTurnJournal, TurnLogWriter, stream_key
from bangwo.adapters.db import tables as t
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.config import Settings
from bangwo.conversation.dialogue import Conversation
from bangwo.domain.clocks import FixedClock
from tests import builders
from tests.conftest import fresh_schema

SCRIPT = ["帮我点一杯少糖少冰的珍珠奶茶", "第一个", "确认", "你好", "确认"]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(request: pytest.FixtureRequest, tmp_path: Path, redis_url: str, prefix: str) -> Iterator[boot.App]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bangwo.db'}"
    else:
        url = fresh_schema(request.getfixturevalue("pg_engine"), "turn_log")
    settings = Settings(database_url=url, redis_url=redis_url, redis_prefix=prefix)
    application = boot.bootstrap(settings, clock=FixedClock(builders.NOW))
    boot.seed_demo(application)
    yield application
    application.close()


def _logged(engine: Engine, conversation_id: str) -> list[tuple[int, str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.turns.c.seq, t.turns.c.text, t.turns.c.reply).where(
            t.turns.c.conversation_id == conversation_id).order_by(t.turns.c.seq)).all()
    return [(seq, text, reply["reply"]) for seq, text, reply in rows]


def _depth(client: redis.Redis, prefix: str) -> int:
    depth: Any = client.xlen(stream_key(prefix))
    return int(depth)


def _talk(engine: Conversation, conversation_id: str, lines: list[str]) -> list[str]:
    return [engine.handle("alice", line, conversation_id=conversation_id).reply for line in lines]


def test_turns_reach_the_log_once_and_say_what_the_replies_said(app: boot.App, client: redis.Redis,
                                                                prefix: str) -> None:
    writer = boot.turn_log_writer(app)
    assert writer is not None
    replies = _talk(app.conversation(), "c1", SCRIPT)
    assert _logged(app.engine, "c1") == []                       # off the request path: nothing inline
    assert _depth(client, prefix) > 0
    writer.drain()
    writer.drain()                                               # a second drain logs nothing twice
    assert _logged(app.engine, "c1") == [(n + 1, line, reply) for n, (line, reply) in
                                         enumerate(zip(SCRIPT, replies, strict=True))]
    assert _depth(client, prefix) == 0


def test_a_turn_whose_publication_was_lost_is_logged_by_the_next_turn(app: boot.App, prefix: str) -> None:
    """The process dies between the commit and the stream: here the turn goes to a stream nobody reads."""
    assert app.redis is not None
    lost = SqlUnitOfWorkFactory(app.engine, journal=RedisTurnJournal(app.redis, app.engine,
                                                                      prefix=f"{prefix}:nowhere"))
    first = _talk(_with_uow(app, lost), "c2", SCRIPT[:1])
    writer = boot.turn_log_writer(app)
    assert writer is not None
    writer.drain()
    assert _logged(app.engine, "c2") == []                       # lost for now; the row still holds it
    second = _talk(app.conversation(), "c2", SCRIPT[1:2])
    writer.drain()
    assert _logged(app.engine, "c2") == [(1, SCRIPT[0], first[0]), (2, SCRIPT[1], second[0])]


def test_the_sweep_logs_a_lost_last_turn(app: boot.App, prefix: str) -> None:
    assert app.redis is not None
    lost = SqlUnitOfWorkFactory(app.engine, journal=RedisTurnJournal(app.redis, app.engine,
                                                                      prefix=f"{prefix}:nowhere"))
    replies = _talk(_with_uow(app, lost), "c3", SCRIPT[:1])
    writer = TurnLogWriter(app.redis, app.engine, prefix=prefix, grace_s=30)
    writer.sweep(builders.NOW + timedelta(seconds=10))          # too recent: its publication may still come
    assert _logged(app.engine, "c3") == []
    writer.sweep(builders.NOW + timedelta(seconds=31))
    writer.sweep(builders.NOW + timedelta(seconds=90))          # nothing new, nothing twice
    assert _logged(app.engine, "c3") == [(1, SCRIPT[0], replies[0])]


def test_without_redis_the_turn_is_logged_in_its_transaction(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'inline.db'}", redis_url=None)
    application = boot.bootstrap(settings, clock=FixedClock(builders.NOW))
    try:
        boot.seed_demo(application)
        replies = _talk(application.conversation(), "c4", SCRIPT[:2])
        assert _logged(application.engine, "c4") == [(1, SCRIPT[0], replies[0]), (2, SCRIPT[1], replies[1])]
        assert boot.turn_log_writer(application) is None
    finally:
        application.close()


def _with_uow(app: boot.App, uow: SqlUnitOfWorkFactory) -> Conversation:
    """The app's conversation engine over other units of work."""
    return replace(app.conversation(), uow=uow)
