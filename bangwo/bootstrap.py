"""The only place that names concrete adapters: settings in, a wired application out."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import redis
import redis.asyncio as aredis
from sqlalchemy import Engine, func, insert, select

from bangwo.adapters.cache import redis_batches, redis_cards, redis_turns
from bangwo.adapters.catalog import catalog as catalog_mod
from bangwo.adapters.catalog import entries as entries_mod
from bangwo.adapters.catalog import generator, imported, supply
from bangwo.adapters.catalog.records import CatalogData
from bangwo.adapters.db import migrating, repositories, supplier_orders, supply_store, tables
from bangwo.adapters.db.engine import make_engine
from bangwo.adapters.db.topups import topups_of
from bangwo.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from bangwo.adapters.gateways.alipay import AlipayConfig, AlipayGateway
from bangwo.adapters.gateways.sandbox import SandboxGateway
from bangwo.adapters.geo.amap import AmapGeocoder
from bangwo.adapters.geo.cache import GeocodeCache
from bangwo.adapters.geo.embedded import EmbeddedGeocoder
from bangwo.adapters.llm import metrics as llm_metrics
from bangwo.adapters.llm.openai_compat import OpenAICompatLlm
from bangwo.adapters.llm.qwen_tokens import QwenTokenCounter
from bangwo.adapters.sms.log import LogSms
from bangwo.adapters.sms.tencent import TencentSms
from bangwo.adapters.suppliers.http import HttpSupplier
from bangwo.adapters.suppliers.routes import ImportedSupplierRoutes
from bangwo.adapters.suppliers.webhooks import WebhookVerifier
from bangwo.config import Settings
from bangwo.conversation.dialogue import Conversation
from bangwo.conversation.planner import Limits, Planner
from bangwo.conversation.routing import Router, TokenTally
from bangwo.domain import places
from bangwo.domain.cards import Campaign, Window
from bangwo.domain.clocks import SystemClock
from bangwo.domain.commands import TopUp
from bangwo.domain.errors import InvalidRequestError, UnauthenticatedError
from bangwo.domain.listings import Address, GeoPoint
from bangwo.domain.users import User
from bangwo.services import claiming, paying, registering
from bangwo.services.accounts import CodePolicy
from bangwo.services.carding import CardQuota
from bangwo.services.ports import (
    AsyncCardClaims,
    CardClaims,
    Clock,
    Geocoder,
    PaymentGateway,
    SmsSender,
    SupplierOrders,
    TopUps,
)
from bangwo.services.tokens import Principal, Role, TokenSigner
from bangwo.understanding.parse import build_engine
from bangwo.understanding.vocabulary import vocabulary_from_catalog


@dataclass
class App:
    """Everything a surface (CLI, HTTP, tests) needs, built once."""

    settings: Settings
    engine: Engine
    uow: SqlUnitOfWorkFactory
    catalog: catalog_mod.InMemoryCatalog
    clock: Clock
    gateway: PaymentGateway
    campaign: Campaign
    claims: CardClaims
    redis: redis.Redis | None = None
    quota: CardQuota | None = None      # grants count against the Redis claims' per-user cap (one truth)
    _conversation: Conversation | None = None
    _consent_secret: bytes | None = None
    _geocoder: Geocoder | None = None
    _sms: SmsSender | None = None
    _supplier: HttpSupplier | None = None
    _code_secret: bytes | None = None

    @property
    def consent_secret(self) -> bytes:
        """Signs checkout consents: BANGWO_CONFIRM_SECRET, else one generated once and kept in the database."""
        if self._consent_secret is None:
            chosen = self.settings.confirm_secret or repositories.stored_secret(self.engine, "consent",
                                                                                at=self.clock.now())
            self._consent_secret = chosen.encode()
        return self._consent_secret

    def close(self) -> None:
        if self.redis is not None:
            self.redis.close()
        if isinstance(self._geocoder, AmapGeocoder):
            self._geocoder.close()
        if isinstance(self._sms, TencentSms):
            self._sms.close()
        if self._supplier is not None:
            self._supplier.close()
        if isinstance(self.gateway, AlipayGateway):
            self.gateway.close()
        self.engine.dispose()

    def topups(self) -> TopUps:
        """Wallet top-ups at the payment provider and refunds to card (docs/payments.md)."""
        return topups_of

    def conversation(self) -> Conversation:
        """The conversation engine over this app's catalog, database and clock (built on first use)."""
        if self._conversation is None:
            vocabulary = vocabulary_from_catalog(self.catalog.vocabulary())
            self._conversation = Conversation(understanding=build_engine(vocabulary), catalog=self.catalog,
                                              uow=self.uow, clock=self.clock, campaign_id=self.settings.campaign_id,
                                              router=self.router(), gateway=self.gateway, topups=self.topups(),
                                              secret=self.consent_secret, hold_minutes=self.settings.hold_minutes,
                                              max_open_holds=self.settings.max_open_holds,
                                              geocoder=self.geocoder(),
                                              claims=self.claims if self.redis is not None else None,
                                              suppliers=self.supplier_routes(),
                                              supplier_links=self.supplier_orders() if self.supplier() else None)
        return self._conversation

    def router(self) -> Router | None:
        """The LLM planner behind the router, when BANGWO_LLM_BASE_URL is set (issue 7)."""
        settings = self.settings
        if not settings.llm_base_url:
            return None
        llm = OpenAICompatLlm(settings.llm_base_url, settings.llm_model, settings.llm_api_key,
                              timeout_s=settings.llm_timeout_s)
        limits = Limits(max_steps=settings.llm_max_steps, max_tokens_per_turn=settings.llm_max_tokens_per_turn)
        planner = Planner(llm, self.catalog, self.uow, self.clock, limits=limits, counter=QwenTokenCounter())
        return Router(planner, TokenTally(llm_metrics.meter()))

    def geocoder(self) -> Geocoder:
        """Places from text (docs/places.md): the embedded gazetteer, or AMap when BANGWO_GEOCODER=amap
        (its answers cached in the database); built on first use, the gazetteer loaded on first question."""
        if self._geocoder is None:
            settings = self.settings
            if settings.geocoder == "amap":
                assert settings.amap_key is not None        # Settings refuses amap without a key
                cache = GeocodeCache(self.engine, provider="amap", clock=self.clock,
                                     max_age=timedelta(days=settings.amap_cache_days))
                self._geocoder = AmapGeocoder(settings.amap_key, settings.amap_base_url, cache=cache,
                                              timeout_s=settings.amap_timeout_s)
            else:
                self._geocoder = EmbeddedGeocoder()
        return self._geocoder


    def accounts(self) -> repositories.SqlAccounts:
        """Phone accounts, login codes and invite codes (docs/security.md)."""
        return repositories.SqlAccounts(self.engine)

    def supplier(self) -> HttpSupplier | None:
        """The outside supplier over HTTP when BANGWO_SUPPLIER_URL is set (docs/catalog.md); built on first use."""
        settings = self.settings
        if self._supplier is None and settings.supplier_name and settings.supplier_url:
            self._supplier = HttpSupplier(settings.supplier_name, settings.supplier_url,
                                          settings.supplier_api_key or "", timeout_s=settings.supplier_timeout_s)
        return self._supplier

    def supplier_webhooks(self, supplier: str) -> WebhookVerifier | None:
        """Verifies the named supplier's webhooks (None: no such supplier, or no secret configured)."""
        settings = self.settings
        if supplier != settings.supplier_name or not settings.supplier_webhook_secret:
            return None
        return WebhookVerifier(supplier, settings.supplier_webhook_secret)

    def supplier_orders(self) -> SupplierOrders:
        """Which supplier hold stands behind an order, and the webhooks accepted (in a unit of work)."""
        return supplier_orders.supplier_orders

    def supplier_routes(self) -> ImportedSupplierRoutes:
        """The imported merchants an outside supplier sells live (their ``supplier`` in the import file)."""
        found = self.supplier()
        return ImportedSupplierRoutes(supply_store.load(self.engine), {found.name: found} if found else {})

    def sms(self) -> SmsSender:
        """Sends login codes: the development log, or Tencent Cloud SMS when BANGWO_SMS_PROVIDER=tencent."""
        if self._sms is None:
            s = self.settings
            if s.sms_provider == "tencent":
                assert s.tencent_sms_secret_id and s.tencent_sms_secret_key and s.tencent_sms_app_id \
                    and s.tencent_sms_sign_name and s.tencent_sms_template_id   # Settings refuses less
                self._sms = TencentSms(s.tencent_sms_secret_id, s.tencent_sms_secret_key, s.tencent_sms_app_id,
                                       s.tencent_sms_sign_name, s.tencent_sms_template_id,
                                       region=s.tencent_sms_region, endpoint=s.tencent_sms_endpoint,
                                       timeout_s=s.tencent_sms_timeout_s)
            else:
                self._sms = LogSms()
        return self._sms

    @property
    def code_secret(self) -> bytes:
        """Keys the hashes of login codes: generated once and kept in the database."""
        if self._code_secret is None:
            self._code_secret = repositories.stored_secret(self.engine, "login-code", at=self.clock.now()).encode()
        return self._code_secret

    def code_policy(self) -> CodePolicy:
        s = self.settings
        return CodePolicy(ttl_s=s.login_code_ttl_s, max_attempts=s.login_code_max_attempts,
                                   resend_s=s.login_code_resend_s)

    def signer(self) -> TokenSigner:
        """Signs bearer tokens with the configured secret (else the one kept in the database), previous
        secrets still verifying until their tokens expire."""
        return TokenSigner.from_secret(token_secret(self), ttl_s=self.settings.auth_token_ttl_s,
                                       previous=self.settings.auth_previous_secrets)


def bootstrap(settings: Settings | None = None, *, clock: Clock | None = None,
              gateway: PaymentGateway | None = None, pool_size: int = 16) -> App:
    """Connect, migrate, load the catalog (seeded or generated) and ensure the campaign exists."""
    settings = settings or Settings()
    engine = make_engine(settings.database_url, pool_size=pool_size)
    migrating.upgrade(engine)
    engine.dispose()
    app = connect(settings, clock=clock, gateway=gateway, pool_size=pool_size)
    ensure_campaign(app)
    return app


def connect(settings: Settings, *, clock: Clock | None = None, gateway: PaymentGateway | None = None,
            pool_size: int = 16) -> App:
    """Wire an app over a database that bootstrap() has prepared (what each server worker does)."""
    engine = make_engine(settings.database_url, pool_size=pool_size)
    client = redis.Redis.from_url(settings.redis_url) if settings.redis_url else None
    # With Redis the turn log leaves the request path (redis_turns); the journal process writes it.
    uow = SqlUnitOfWorkFactory(engine, journal=redis_turns.RedisTurnJournal(
        client, engine, prefix=settings.redis_prefix) if client is not None else None)
    campaign = stored_campaign(engine, settings)
    claims: CardClaims = (redis_cards.RedisClaims(client, engine, campaign, prefix=settings.redis_prefix)
                          if client is not None else claiming.DatabaseClaims(uow))
    return App(settings=settings, engine=engine, uow=uow,
               catalog=catalog_mod.InMemoryCatalog(imported.merge(_load_catalog(engine, settings.catalog_seed),
                                                                  supply_store.load(engine))),
               clock=clock or SystemClock(), gateway=gateway or payment_gateway(settings, clock or SystemClock()),
               campaign=campaign,
               claims=claims, redis=client,
               quota=redis_cards.RedisCardQuota(client, engine, prefix=settings.redis_prefix) if client else None)


def payment_gateway(settings: Settings, clock: Clock) -> PaymentGateway:
    """The sandbox (default), or the Alipay open platform when BANGWO_PAYMENT_GATEWAY=alipay."""
    if settings.payment_gateway != "alipay":
        return SandboxGateway()
    assert settings.alipay_app_id and settings.alipay_private_key_path and settings.alipay_public_key_path
    notify_url = settings.alipay_notify_url or f"{settings.public_base_url.rstrip('/')}/api/payments/alipay/notify"
    config = AlipayConfig.from_files(settings.alipay_app_id, settings.alipay_private_key_path,
                                     settings.alipay_public_key_path, gateway_url=settings.alipay_gateway_url,
                                     notify_url=notify_url, timeout_s=settings.alipay_timeout_s,
                                     poll_attempts=settings.alipay_poll_attempts,
                                     poll_interval_s=settings.alipay_poll_interval_s)
    return AlipayGateway(config, clock=clock)


def async_claims(app: App) -> tuple[AsyncCardClaims, aredis.Redis] | None:
    """The event-loop card store when Redis is configured (call inside the loop that will use it)."""
    if not app.settings.redis_url:
        return None
    client = aredis.Redis.from_url(app.settings.redis_url)
    return redis_batches.AsyncRedisClaims(client, app.engine, app.campaign, prefix=app.settings.redis_prefix), client


def journal_writer(app: App, on_applied: Callable[[int, int], None] | None = None) -> redis_cards.JournalWriter | None:
    """The batching writer that drains the claim journal into the database (None without Redis)."""
    if app.redis is None:
        return None
    return redis_cards.JournalWriter(app.redis, app.engine, app.campaign, prefix=app.settings.redis_prefix,
                                     batch=app.settings.journal_batch, on_applied=on_applied)


def reconcile_cards(app: App) -> redis_cards.Reconciled | None:
    """Drain the journal, make database counters equal the cards and rebuild Redis from them (None: no Redis)."""
    if app.redis is None:
        return None
    return redis_cards.reconcile(app.redis, app.engine, app.campaign, prefix=app.settings.redis_prefix,
                                 batch=app.settings.journal_batch)


def generator_digest() -> str:
    """A fingerprint of the catalog generator's code and data: same digest and seed, same catalog."""
    digest = hashlib.sha256()
    for source in [*sorted(Path(generator.__file__).parent.glob("*.py")), Path(places.__file__)]:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _load_catalog(engine: Engine, seed: int) -> CatalogData:
    """The seeded catalog; regenerated in memory (fast) when the database holds exactly what it would be."""
    with engine.connect() as conn:
        meta = conn.execute(select(tables.catalog_entries.c.payload)
                            .where(tables.catalog_entries.c.kind == "meta")).scalar()
        if meta is None or (meta.get("seed") == seed and meta.get("generator") == generator_digest()):
            return generator.generate(seed)
        rows = conn.execute(select(tables.catalog_entries)).mappings().all()
    return entries_mod.from_entries([entries_mod.CatalogEntry(
        id=r["id"], domain=r["domain"], kind=r["kind"], name=r["name"], city=r["city"],
        merchant_id=r["merchant_id"], payload=r["payload"]) for r in rows])


def seed_catalog(app: App) -> int:
    """Write the generated catalog into the database (replacing it); returns the entry count."""
    data = generator.generate(app.settings.catalog_seed)
    rows = [{"id": e.id, "domain": e.domain, "kind": e.kind, "name": e.name, "city": e.city,
             "merchant_id": e.merchant_id,
             "payload": {**e.payload, "generator": generator_digest()} if e.kind == "meta" else e.payload}
            for e in entries_mod.to_entries(data)]
    with app.engine.begin() as conn:
        conn.execute(tables.catalog_entries.delete())
        for start in range(0, len(rows), 1000):
            conn.execute(insert(tables.catalog_entries), rows[start:start + 1000])
        count = conn.execute(select(func.count()).select_from(tables.catalog_entries)).scalar_one()
    app.catalog = catalog_mod.InMemoryCatalog(imported.merge(data, supply_store.load(app.engine)))
    app._conversation = None
    return int(count)


def import_supply(app: App, text: str | bytes) -> supply_store.ImportReport:
    """Validate an import file (docs/catalog.md), store it in one transaction and serve it from now on."""
    document = supply.parse(text)
    generated = _load_catalog(app.engine, app.settings.catalog_seed)
    report = supply_store.import_document(app.engine, document, at=app.clock.now(), generated=generated)
    if report.changed:
        reload_catalog(app)
    return report


def export_supply(app: App) -> dict[str, Any]:
    """Every imported record as one import file."""
    return supply_store.export_document(app.engine)


def import_supply_file(settings: Settings, text: str | bytes, *, clock: Clock) -> supply_store.ImportReport:
    """`bangwo catalog import`: validate and store, without building the app (servers load it when they start)."""
    document = supply.parse(text)
    engine = make_engine(settings.database_url, pool_size=2)
    try:
        migrating.upgrade(engine)
        generated = _load_catalog(engine, settings.catalog_seed)
        return supply_store.import_document(engine, document, at=clock.now(), generated=generated)
    finally:
        engine.dispose()


def export_supply_file(settings: Settings) -> dict[str, Any]:
    """`bangwo catalog export`: every imported record as one import file, without building the app."""
    engine = make_engine(settings.database_url, pool_size=2)
    try:
        migrating.upgrade(engine)
        return supply_store.export_document(engine)
    finally:
        engine.dispose()


def reload_catalog(app: App) -> None:
    """Serve the catalog the database holds now (after an import); the conversation is rebuilt on next use."""
    app.catalog = catalog_mod.InMemoryCatalog(imported.merge(_load_catalog(app.engine, app.settings.catalog_seed),
                                                             supply_store.load(app.engine)))
    app._conversation = None


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
    """Seed the running campaign (BANGWO_CAMPAIGN_ID) from the settings when the database has none by that id.
    A stored campaign is never rewritten here: `bangwo campaign update|pause` changes it (docs/operations.md)."""
    seeded = campaign_from_settings(app.settings)
    with app.engine.begin() as conn:
        repositories.insert_ignore(conn, tables.campaigns, {
            "id": seeded.id, "name": seeded.name, "settings": repositories._campaign_settings(seeded)})
    app.campaign = stored_campaign(app.engine, app.settings)


def stored_campaign(engine: Engine, settings: Settings) -> Campaign:
    """The running campaign as stored; the settings' version only before bootstrap() has seeded it."""
    with engine.connect() as conn:
        row = conn.execute(select(tables.campaigns).where(tables.campaigns.c.id == settings.campaign_id)) \
            .mappings().first()
    if row is None:
        return campaign_from_settings(settings)
    return repositories._campaign(row["id"], row["name"], row["settings"])


DEMO_USERS = (
    User(id="alice", name="小艾", phone="13800138000", home_city="杭州",
         addresses=(Address(text="杭州市西湖区文三路478号", city="杭州", point=GeoPoint(30.2799, 120.1376)),)),
    User(id="bob", name="阿博", phone="13900139000", home_city="上海",
         addresses=(Address(text="上海市黄浦区南京东路300号", city="上海", point=GeoPoint(31.2397, 121.4853)),)),
)


def seed_demo(app: App) -> dict[str, Any]:
    """Seed the catalog and the demo users (each with first-use cards and a funded wallet). Repeatable."""
    count = seed_catalog(app)
    reconcile_cards(app)     # with Redis, grants take their place under the cap there: it must mirror the database
    for user in DEMO_USERS:
        registering.register_user(user, uow=app.uow(), clock=app.clock, campaign_id=app.settings.campaign_id,
                                  quota=app.quota)
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


def prepare_serving(settings: Settings) -> dict[str, Any]:
    """Before the workers start: migrate, store the campaign, reconcile card counters (drain, rebuild)."""
    app = bootstrap(settings)
    try:
        report = reconcile_cards(app)
    finally:
        app.close()
    if report is None:
        return {"redis": "off", "claims": "database"}
    return {"redis": "on", "claims": "redis", "journal_drained": report.drained, "cards": report.cards,
            "counters": report.counters, "fixed_buckets": report.fixed_buckets}


def run_journal(settings: Settings, stop: Callable[[], bool]) -> None:
    """Drain the claim journal and the turn log into the database until ``stop()`` (the journal process)."""
    app = connect(settings, pool_size=2)
    writer = journal_writer(app)
    turns = turn_log_writer(app)
    thread = threading.Thread(target=turns.run_until, args=(stop,), name="bangwo-turn-log", daemon=True) \
        if turns is not None else None
    try:
        if thread is not None:
            thread.start()
        if writer is not None:
            writer.run_until(stop)
    finally:
        if thread is not None:
            thread.join(timeout=30)
        app.close()


def turn_log_writer(app: App) -> redis_turns.TurnLogWriter | None:
    """The batching writer of the turn log (None without Redis: turns are then logged in their transaction)."""
    if app.redis is None:
        return None
    return redis_turns.TurnLogWriter(app.redis, app.engine, prefix=app.settings.redis_prefix,
                                     batch=app.settings.journal_batch, now=app.clock.now)


def token_secret(app: App) -> str:
    """BANGWO_AUTH_SECRET; in development without one, a secret kept in the database (tokens survive restarts)."""
    if app.settings.auth_secret:
        return app.settings.auth_secret
    check_serving_secret(app.settings)
    return repositories.stored_secret(app.engine, "auth-token", at=app.clock.now())


def serving_token_secret(settings: Settings) -> str:
    """The secret every `bangwo serve` worker signs with: BANGWO_AUTH_SECRET, else (development only) the one
    kept in the database, so tokens survive restarts and every worker agrees."""
    check_serving_secret(settings)
    if settings.auth_secret:
        return settings.auth_secret
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        return repositories.stored_secret(engine, "auth-token", at=datetime.now(UTC))
    finally:
        engine.dispose()


def check_serving_secret(settings: Settings) -> None:
    """`bangwo serve` in production refuses to start without a configured token secret."""
    if settings.env == "production" and not settings.auth_secret:
        raise InvalidRequestError("BANGWO_ENV=production needs BANGWO_AUTH_SECRET",
                                  user_message="生产环境必须配置 BANGWO_AUTH_SECRET")


def mcp_principal(app: App) -> Principal:
    """Whom `bangwo mcp` acts for: the user BANGWO_MCP_TOKEN names (a token `bangwo token issue` made)."""
    if not app.settings.mcp_token:
        raise UnauthenticatedError("BANGWO_MCP_TOKEN is not set",
                                   user_message="请先用 bangwo token issue --user 生成令牌并设置 BANGWO_MCP_TOKEN")
    who = app.signer().verify(app.settings.mcp_token)
    if who.role is not Role.USER:
        raise UnauthenticatedError(f"{who.subject} is not a user", user_message="MCP 令牌必须属于一个用户")
    with app.uow.reader() as uow:
        uow.users.require(who.subject)
    return who
