"""Scripted conversations as `bangwo chat --json` runs them, and what they left in the database.

`World.chat` runs the CLI's chat loop in this process against the same SQLite file (one app per world,
the clock set per call); `CliWorld.chat` starts the real `bangwo chat --json` for the few end-to-end tests.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine, create_engine, text

from bangwo import bootstrap
from bangwo.config import Settings
from bangwo.domain import commands, users
from bangwo.domain.clocks import FixedClock, parse_now
from bangwo.domain.domains import Domain
from bangwo.domain.listings import Address, GeoPoint, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer
from bangwo.domain.orders import Order
from bangwo.services import ordering, paying, quoting, registering

NOW = "2026-02-06T12:00:00+08:00"
NOW_DT = datetime.fromisoformat(NOW)
ROOT = Path(__file__).resolve().parents[2]


def run_cli(url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BANGWO_DATABASE_URL": url, "COLUMNS": "160"}
    env.pop("BANGWO_REDIS_URL", None)
    return subprocess.run([sys.executable, "-m", "bangwo.cli", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=120, check=False, cwd=ROOT)


def seed(path: Path) -> None:
    result = run_cli(f"sqlite:///{path}", "seed", "--json")
    assert result.returncode == 0, result.stderr


@dataclass
class World:
    """One fresh seeded SQLite database: talk to it as the CLI does, arrange it through the services.

    Close it (or use it in a ``with``) so the app that talks is disposed and the file released.
    """

    path: Path
    _clock: FixedClock = field(default_factory=FixedClock, init=False, repr=False)
    _talker: bootstrap.App | None = field(default=None, init=False, repr=False)

    @classmethod
    def copy_of(cls, base: Path, target: Path) -> Self:
        shutil.copyfile(base, target)
        return cls(target)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def close(self) -> None:
        if self._talker is not None:
            self._talker.close()
            self._talker = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # ---- talking ----------------------------------------------------------------------------------

    def chat(self, *lines: str, user: str = "alice", now: str = NOW, conversation: str = "default") -> list[dict[str, Any]]:
        """Send each line as one message; return one turn per line, as `bangwo chat --json` prints them.

        The loop of `bangwo.cli.chat` run in-process: the same checks before the first line, stdin split
        at newlines with only the newline stripped (an empty line is a message; a line that holds a
        newline becomes two, and the count check fails), each turn through the same JSON text.
        """
        app = self.talker(now)
        engine = app.conversation()
        users.check_user_id(user)
        with app.uow.reader() as uow:
            uow.users.get(user)
        stdin = io.StringIO("".join(f"{line}\n" for line in lines))
        stdout = io.StringIO()
        while (line := stdin.readline()) != "":
            turn = engine.handle(user, line.rstrip("\n"), conversation_id=conversation)
            stdout.write(json.dumps(turn.to_json(), ensure_ascii=False, default=str) + "\n")
        turns = [json.loads(row) for row in stdout.getvalue().splitlines() if row.strip()]
        assert len(turns) == len(lines), stdout.getvalue()
        return turns

    def talker(self, now: str) -> bootstrap.App:
        """The app chat talks through, built on first use as the CLI builds it, its clock now at ``now``."""
        self._clock.moment = parse_now(now)
        if self._talker is None:
            self._talker = bootstrap.bootstrap(Settings(database_url=self.url, redis_url=None), clock=self._clock)
        return self._talker

    # ---- reading the database ---------------------------------------------------------------------

    @contextmanager
    def engine(self) -> Iterator[Engine]:
        engine = create_engine(self.url)
        try:
            yield engine
        finally:
            engine.dispose()

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        with self.engine() as engine, engine.connect() as conn:
            return [dict(r) for r in conn.execute(text(sql), params).mappings().all()]

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine() as engine, engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def orders(self, user: str = "alice") -> list[dict[str, Any]]:
        rows = self.rows("select * from orders where user_id = :u order by created_at, id", u=user)
        for row in rows:
            row["details"] = json.loads(row["details"]) if isinstance(row["details"], str) else row["details"]
            row["lines"] = json.loads(row["lines"]) if isinstance(row["lines"], str) else row["lines"]
        return rows

    def payments(self, user: str = "alice", kind: str = "pay") -> list[dict[str, Any]]:
        return self.rows("select p.* from payments p join orders o on o.id = p.order_id "
                         "where o.user_id = :u and p.kind = :k", u=user, k=kind)

    def ledger_txns(self, user: str = "alice", kind: str | None = None) -> list[str]:
        rows = self.rows("select distinct txn_id, kind from ledger_entries where account = :a", a=f"wallet:{user}")
        return [r["txn_id"] for r in rows if kind is None or r["kind"] == kind]

    def wallet(self, user: str = "alice") -> int:
        return int(self.scalar("select coalesce(sum(amount_fen), 0) from ledger_entries where account = :a",
                               a=f"wallet:{user}"))

    def cached_wallet(self, user: str = "alice") -> int:
        return int(self.scalar("select balance_fen from accounts where id = :a", a=f"wallet:{user}"))

    def ledger_sum(self) -> int:
        return int(self.scalar("select coalesce(sum(amount_fen), 0) from ledger_entries"))

    def cards(self, user: str = "alice") -> list[dict[str, Any]]:
        return self.rows("select * from cards where user_id = :u order by created_at, id", u=user)

    def unused_cards(self, user: str = "alice") -> int:
        return sum(1 for c in self.cards(user) if c["used_order_id"] is None)

    def reserved(self) -> int:
        return int(self.scalar("select coalesce(sum(reserved), 0) from stock_units"))

    def seat_claims(self) -> int:
        return int(self.scalar("select count(*) from seat_claims"))

    # ---- arranging the world through the real services --------------------------------------------

    @contextmanager
    def app(self, now: str = NOW) -> Iterator[bootstrap.App]:
        app = bootstrap.connect(Settings(database_url=self.url, redis_url=None), clock=FixedClock(
            datetime.fromisoformat(now)))
        try:
            yield app
        finally:
            app.close()

    def search(self, query: SearchQuery, now: str = NOW) -> list[Any]:
        with self.app(now) as app:
            return quoting.search(query, catalog=app.catalog, uow=app.uow(), clock=app.clock)

    def hold(self, request: QuoteRequest, *, user: str = "bob", key: str = "arranged", now: str = NOW) -> Order:
        """Another user holds ``request`` for an hour (stock or seats stay taken while the test talks)."""
        return self.hold_all(request, request.quantity, user=user, most=request.quantity, now=now)[0]

    def hold_all(self, request: QuoteRequest, left: int, *, user: str = "bob", most: int = 99,
                 now: str = NOW) -> list[Order]:
        """Another user holds ``left`` units of ``request.ref``, in orders of at most ``most``."""
        held = []
        with self.app(now) as app:
            while left > 0:
                part = min(left, most)
                offer = quoting.quote(QuoteRequest(request.domain, request.ref, part, request.options,
                                                   request.address), catalog=app.catalog, clock=app.clock)
                held.append(ordering.place_order(commands.PlaceOrder(user, offer, f"hold:{request.ref}:{left}",
                                                                     hold_minutes=60), uow=app.uow(), clock=app.clock))
                left -= part
        return held

    def top_up(self, user: str, amount_fen: int) -> None:
        """Fund a wallet through the sandbox gateway, as a person adding money would."""
        with self.app() as app:
            paying.top_up(commands.TopUp(user, amount_fen, "test-card", f"test-topup:{user}:{amount_fen}"),
                          uow=app.uow(), clock=app.clock, gateway=app.gateway)

    def hold_offer(self, offer: Offer, *, user: str = "bob", key: str = "arranged", now: str = NOW) -> Order:
        with self.app(now) as app:
            return ordering.place_order(commands.PlaceOrder(user, offer, key, hold_minutes=60),
                                        uow=app.uow(), clock=app.clock)

    def add_user(self, user_id: str, *, address: Address, city: str = "杭州", wallet_fen: int = 50_000,
                 payment_token: str | None = None) -> None:
        """A new user with first-use cards, a funded wallet and maybe a saved bank card, through the services."""
        with self.app() as app:
            registering.register_user(users.User(user_id, user_id, "13700137000", city, (address,), payment_token),
                                      uow=app.uow(), clock=app.clock, campaign_id=app.settings.campaign_id)
            if wallet_fen:
                paying.top_up(commands.TopUp(user_id, wallet_fen, "test-card", f"topup:{user_id}"),
                              uow=app.uow(), clock=app.clock, gateway=app.gateway)

    def execute(self, sql: str, **params: Any) -> None:
        with self.engine() as engine, engine.begin() as conn:
            conn.execute(text(sql), params)


class CliWorld(World):
    """The same world talked to through a real `bangwo chat --json` process per call (end-to-end tests)."""

    def chat(self, *lines: str, user: str = "alice", now: str = NOW, conversation: str = "default") -> list[dict[str, Any]]:
        """Send each line as one message; return one turn per line (the CLI must exit 0)."""
        result = run_cli(self.url, "chat", "--user", user, "--now", now, "--conversation", conversation, "--json",
                         stdin="".join(f"{line}\n" for line in lines))
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        turns = [json.loads(row) for row in result.stdout.splitlines() if row.strip()]
        assert len(turns) == len(lines), result.stdout
        return turns


def later(minutes: int) -> str:
    return (NOW_DT + timedelta(minutes=minutes)).isoformat()


def only(turns: Sequence[dict[str, Any]], domain: str) -> list[dict[str, Any]]:
    return [o for t in turns for o in t["orders"] if o["domain"] == domain]


__all__ = ["NOW", "Address", "CliWorld", "Domain", "GeoPoint", "QuoteRequest", "SearchQuery", "World", "later", "only",
           "run_cli", "seed"]
