"""The only place that names concrete adapters: settings in, a wired application out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlalchemy import Engine, func, insert, select

from bangwo.adapters.catalog import catalog as catalog_mod
from bangwo.adapters.catalog import entries as entries_mod
from bangwo.adapters.catalog import generator
from bangwo.adapters.catalog.records import CatalogData
from bangwo.adapters.db import migrating, tables
from bangwo.adapters.db.engine import make_engine
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.config import Settings
from bangwo.conversation.dialogue import Conversation
from bangwo.domain.cards import Campaign, Window
from bangwo.domain.clocks import SystemClock
from bangwo.domain.commands import TopUp
from bangwo.domain.listings import Address, GeoPoint
from bangwo.domain.users import User
from bangwo.services import paying, registering
from bangwo.services.ports import Clock, PaymentGateway
from bangwo.understanding.vocabulary import vocabulary_from_catalog
from bangwo.understanding.parse import build_engine


@dataclass
class App:
    """Everything a surface (CLI, HTTP, tests) needs, built once."""

    settings: Settings
    engine: Engine
    uow: SqlUnitOfWorkFactory
    catalog: catalog_mod.InMemoryCatalog
    clock: Clock
    gateway: PaymentGateway
    _conversation: Conversation | None = None

    def close(self) -> None:
        self.engine.dispose()

    def conversation(self) -> Conversation:
        """The conversation engine over this app's catalog, database and clock (built on first use)."""
        if self._conversation is None:
            vocabulary = vocabulary_from_catalog(self.catalog.vocabulary())
            self._conversation = Conversation(understanding=build_engine(vocabulary), catalog=self.catalog,
                                              uow=self.uow,
                                              clock=self.clock, campaign_id=self.settings.campaign_id)
        return self._conversation


def bootstrap(settings: Settings | None = None, *, clock: Clock | None = None,
              gateway: PaymentGateway | None = None, pool_size: int = 16) -> App:
    """Connect, migrate, load the catalog (seeded or generated) and ensure the campaign exists."""
    settings = settings or Settings()
    engine = make_engine(settings.database_url, pool_size=pool_size)
    migrating.upgrade(engine)
    app = App(settings=settings, engine=engine, uow=SqlUnitOfWorkFactory(engine),
              catalog=catalog_mod.InMemoryCatalog(_load_catalog(engine, settings.catalog_seed)),
              clock=clock or SystemClock(), gateway=gateway or SandboxGateway())
    ensure_campaign(app)
    return app


def _load_catalog(engine: Engine, seed: int) -> CatalogData:
    with engine.connect() as conn:
        rows = conn.execute(select(tables.catalog_entries)).mappings().all()
    if not rows:
        return generator.generate(seed)
    return entries_mod.from_entries([entries_mod.CatalogEntry(
        id=r["id"], domain=r["domain"], kind=r["kind"], name=r["name"], city=r["city"],
        merchant_id=r["merchant_id"], payload=r["payload"]) for r in rows])


def seed_catalog(app: App) -> int:
    """Write the generated catalog into the database (replacing it); returns the entry count."""
    data = generator.generate(app.settings.catalog_seed)
    rows = [{"id": e.id, "domain": e.domain, "kind": e.kind, "name": e.name, "city": e.city,
             "merchant_id": e.merchant_id, "payload": e.payload} for e in entries_mod.to_entries(data)]
    with app.engine.begin() as conn:
        conn.execute(tables.catalog_entries.delete())
        for start in range(0, len(rows), 1000):
            conn.execute(insert(tables.catalog_entries), rows[start:start + 1000])
        count = conn.execute(select(func.count()).select_from(tables.catalog_entries)).scalar_one()
    app.catalog = catalog_mod.InMemoryCatalog(data)
    return int(count)


def campaign_from_settings(settings: Settings) -> Campaign:
    return Campaign(
        id=settings.campaign_id, name=settings.campaign_name,
        starts_at=datetime.fromisoformat(settings.campaign_starts_at),
        ends_at=datetime.fromisoformat(settings.campaign_ends_at),
        value_fen=settings.card_value_fen, min_spend_fen=settings.card_min_spend_fen,
        min_pay_fen=settings.card_min_pay_fen, first_use_grant=settings.card_first_use_grant,
        invite_reward=settings.card_invite_reward, cap_per_user=settings.card_cap_per_user,
        total_stock=settings.card_total_stock, windows=parse_windows(settings.card_windows),
    )


def parse_windows(text: str) -> tuple[Window, ...]:
    """'00:00-06:00=50000,12:00-14:00' -> windows (stock optional)."""
    windows = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        span, _, stock = part.partition("=")
        start, _, end = span.partition("-")
        windows.append(Window(time.fromisoformat(start), time.fromisoformat(end), int(stock) if stock else None))
    return tuple(windows)


def ensure_campaign(app: App) -> None:
    """Store the configured campaign (settings win over what the database had)."""
    with app.uow() as uow:
        uow.cards.add_campaign(campaign_from_settings(app.settings))
        uow.commit()


DEMO_USERS = (
    User(id="alice", name="小艾", phone="13800138000", home_city="杭州",
         addresses=(Address(text="杭州市西湖区文三路478号", city="杭州", point=GeoPoint(30.2799, 120.1376)),)),
    User(id="bob", name="阿博", phone="13900139000", home_city="上海",
         addresses=(Address(text="上海市黄浦区南京东路300号", city="上海", point=GeoPoint(31.2397, 121.4853)),)),
)


def seed_demo(app: App) -> dict[str, Any]:
    """Seed the catalog and the demo users (each with first-use cards and a funded wallet). Repeatable."""
    count = seed_catalog(app)
    for user in DEMO_USERS:
        registering.register_user(user, uow=app.uow(), clock=app.clock, campaign_id=app.settings.campaign_id)
        if app.settings.starting_wallet_fen:
            paying.top_up(TopUp(user.id, app.settings.starting_wallet_fen, "demo-card", f"seed-topup:{user.id}"),
                          uow=app.uow(), clock=app.clock, gateway=app.gateway)
    by_domain: dict[str, int] = {}
    with app.engine.connect() as conn:
        for domain, n in conn.execute(select(tables.catalog_entries.c.domain, func.count())
                                      .group_by(tables.catalog_entries.c.domain)):
            if domain:
                by_domain[domain] = int(n)
    return {"database": app.engine.url.render_as_string(hide_password=True), "entries": count,
            "catalog": by_domain, "users": [u.id for u in DEMO_USERS]}
