"""The database schema (SQLAlchemy Core). Alembic migrations are generated from this metadata."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from bangwo.adapters.db.engine import AwareDateTime

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

Money = BigInteger
Moment = AwareDateTime()

users = Table(
    "users", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("phone", String(20), nullable=False),
    Column("home_city", String(32), nullable=False),
    Column("created_at", Moment, nullable=False),
    Column("payment_token", String(64), nullable=True),   # the saved bank card, a gateway token
)

addresses = Table(
    "addresses", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(64), ForeignKey("users.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("text", String(200), nullable=False),
    Column("city", String(32), nullable=False),
    Column("lat", Float),
    Column("lng", Float),
)

invites = Table(
    "invites", metadata,
    Column("invitee_id", String(64), primary_key=True),
    Column("inviter_id", String(64), nullable=False, index=True),
    Column("created_at", Moment, nullable=False),
)

catalog_entries = Table(
    "catalog_entries", metadata,
    Column("id", String(96), primary_key=True),
    Column("domain", String(16), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("city", String(32), nullable=False),
    Column("merchant_id", String(96)),
    Column("payload", JSON, nullable=False),
)

orders = Table(
    "orders", metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", String(64), nullable=False),
    Column("domain", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("merchant_id", String(96), nullable=False),
    Column("merchant_name", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    Column("lines", JSON, nullable=False),
    Column("details", JSON, nullable=False),
    Column("policy_code", String(32), nullable=False),
    Column("total_fen", Money, nullable=False),
    Column("discount_fen", Money, nullable=False, default=0),
    Column("paid_fen", Money, nullable=False, default=0),
    Column("refunded_fen", Money, nullable=False, default=0),
    Column("card_id", String(40)),
    Column("hold_expires_at", Moment),
    Column("starts_at", Moment),
    Column("created_at", Moment, nullable=False),
    Column("updated_at", Moment, nullable=False),
    Column("idempotency_key", String(128)),
    Column("request_hash", String(64), nullable=False),
    UniqueConstraint("user_id", "idempotency_key", name="uq_orders_user_key"),
    Index("ix_orders_user_created", "user_id", "created_at"),
    Index("ix_orders_status", "status"),
)

order_events = Table(
    "order_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_id", String(32), ForeignKey("orders.id"), nullable=False, index=True),
    Column("at", Moment, nullable=False),
    Column("from_status", String(16)),
    Column("to_status", String(16), nullable=False),
    Column("reason", String(200), nullable=False),
    Column("actor", String(64), nullable=False),
)

stock_units = Table(
    "stock_units", metadata,
    Column("key", String(160), primary_key=True),
    Column("capacity", Integer, nullable=False),
    Column("reserved", Integer, nullable=False),
)

order_stock = Table(
    "order_stock", metadata,
    Column("order_id", String(32), primary_key=True),
    Column("key", String(160), primary_key=True),
    Column("quantity", Integer, nullable=False),
)

seat_claims = Table(
    "seat_claims", metadata,
    Column("seat_key", String(200), primary_key=True),
    Column("showtime_ref", String(160), nullable=False, index=True),
    Column("order_id", String(32), nullable=False, index=True),
)

payments = Table(
    "payments", metadata,
    Column("key", String(160), primary_key=True),
    Column("order_id", String(32), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("amount_fen", Money, nullable=False),
    Column("created_at", Moment, nullable=False),
)

accounts = Table(
    "accounts", metadata,
    Column("id", String(120), primary_key=True),
    Column("balance_fen", Money, nullable=False),
)

ledger_entries = Table(
    "ledger_entries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("txn_id", String(40), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("order_id", String(32)),
    Column("account", String(120), nullable=False, index=True),
    Column("amount_fen", Money, nullable=False),
    Column("at", Moment, nullable=False),
)

campaigns = Table(
    "campaigns", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("settings", JSON, nullable=False),
)

campaign_stock = Table(
    "campaign_stock", metadata,
    Column("campaign_id", String(64), primary_key=True),
    Column("bucket", String(64), primary_key=True),   # 'total', a window key, or 'user:{id}'
    Column("taken", Integer, nullable=False),
)

cards = Table(
    "cards", metadata,
    Column("id", String(40), primary_key=True),
    Column("campaign_id", String(64), nullable=False),
    Column("user_id", String(64), nullable=False, index=True),
    Column("value_fen", Money, nullable=False),
    Column("min_spend_fen", Money, nullable=False),
    Column("min_pay_fen", Money, nullable=False),
    Column("expires_at", Moment, nullable=False),
    Column("used_order_id", String(32)),
    Column("source", String(16), nullable=False),
    Column("request_id", String(160), nullable=False, unique=True),
    Column("created_at", Moment, nullable=False),
)

conversations = Table(
    "conversations", metadata,
    Column("user_id", String(64), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("state", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", Moment, nullable=False),
    Column("last_turn", JSON, nullable=True),   # with the Redis turn log: the last turn, until the log has it
)

turns = Table(
    "turns", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(64), nullable=False),
    Column("conversation_id", String(64), nullable=False),
    Column("at", Moment, nullable=False),
    Column("text", Text, nullable=False),
    Column("domains", String(200), nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("reply", JSON, nullable=False),
    Column("seq", Integer, nullable=True),      # the conversation's version after the turn: logged once
    Index("ix_turns_conversation", "user_id", "conversation_id", "id"),
    Index("uq_turns_seq", "user_id", "conversation_id", "seq", unique=True),
    Index("ix_turns_at", "at"),
)

plans = Table(
    "plans", metadata,
    Column("id", String(40), primary_key=True),
    Column("user_id", String(64), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("body", JSON, nullable=False),          # domain.plans.Plan.to_json()
    Column("created_at", Moment, nullable=False),
    Column("updated_at", Moment, nullable=False),
)

app_secrets = Table(
    "app_secrets", metadata,
    Column("name", String(32), primary_key=True),
    Column("value", String(128), nullable=False),    # generated once when no secret is configured
    Column("created_at", Moment, nullable=False),
)

geocode_cache = Table(
    "geocode_cache", metadata,
    Column("key", String(64), primary_key=True),       # sha256 of provider, operation, text and city
    Column("provider", String(16), nullable=False),    # amap
    Column("operation", String(16), nullable=False),   # resolve | search
    Column("query", String(400), nullable=False),      # the text and city asked, for people reading the table
    Column("places", JSON, nullable=False),            # [domain.geo.Place.to_json()]; [] when nothing was found
    Column("created_at", Moment, nullable=False),
)

saved_places = Table(
    "saved_places", metadata,
    Column("user_id", String(64), primary_key=True),
    Column("label", String(16), primary_key=True),      # 家, 公司, 学校, 宿舍...
    Column("text", String(200), nullable=False),
    Column("city", String(32), nullable=False),
    Column("lat", Float),
    Column("lng", Float),
    Column("updated_at", Moment, nullable=False),
)

login_codes = Table(
    "login_codes", metadata,
    Column("phone", String(20), primary_key=True),     # one live code per phone: a new one replaces it
    Column("code_hash", String(64), nullable=False),   # HMAC-SHA256 of phone and code (never the code)
    Column("created_at", Moment, nullable=False),
    Column("expires_at", Moment, nullable=False),
    Column("attempts", Integer, nullable=False),       # wrong codes tried against it
    Column("used_at", Moment, nullable=True),          # single use
)

phone_accounts = Table(
    "phone_accounts", metadata,
    Column("phone", String(20), primary_key=True),
    Column("user_id", String(64), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=True),   # argon2id, optional
    Column("invite_code", String(32), nullable=True),      # the invite this account signed up through
    Column("created_at", Moment, nullable=False),
)

invite_codes = Table(
    "invite_codes", metadata,
    Column("code", String(32), primary_key=True),          # random; the link carries it, never a user id
    Column("inviter_id", String(64), nullable=False, unique=True),
    Column("created_at", Moment, nullable=False),
)

supply_entries = Table(
    "supply_entries", metadata,                            # imported supply (docs/catalog.md), one row per record
    Column("kind", String(16), primary_key=True),           # shop, cinema, movie, schedule, hotel, sight
    Column("id", String(64), primary_key=True),
    Column("payload", JSON, nullable=False),                # the record as the import file gave it (validated)
    Column("digest", String(64), nullable=False),           # SHA-256 of the canonical payload: re-imports compare
    Column("updated_at", Moment, nullable=False),
)

supplier_orders = Table(
    "supplier_orders", metadata,                           # an order placed with an outside supplier
    Column("order_id", String(32), primary_key=True),
    Column("supplier", String(64), nullable=False),
    Column("supplier_ref", String(96), nullable=False),     # the supplier's id of the hold / booking
    Column("status", String(16), nullable=False),           # held, confirmed, cancelled, or a webhook's status
    Column("updated_at", Moment, nullable=False),
    UniqueConstraint("supplier", "supplier_ref"),
)

supplier_webhooks = Table(
    "supplier_webhooks", metadata,                         # every accepted webhook, once per supplier and id
    Column("supplier", String(64), primary_key=True),
    Column("webhook_id", String(128), primary_key=True),
    Column("order_id", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("received_at", Moment, nullable=False),
)

topups = Table(
    "topups", metadata,                                    # wallet top-ups asked of the payment provider
    Column("reference", String(64), primary_key=True),     # out_trade_no (services.ports.trade_reference)
    Column("user_id", String(64), nullable=False, index=True),
    Column("amount_fen", Money, nullable=False),
    Column("ledger_key", String(160), nullable=False, unique=True),   # the payments key of the credit
    Column("channel", String(16), nullable=False),         # charge (payment code / agreement) or qr
    Column("status", String(16), nullable=False),          # open, paid, failed
    Column("provider_id", String(64), nullable=False),     # the provider's trade_no ("" until known)
    Column("qr_code", String(512), nullable=False),
    Column("refunded_fen", Money, nullable=False),         # sent back to the card so far (<= amount_fen)
    Column("created_at", Moment, nullable=False),
    Column("updated_at", Moment, nullable=False),
)

topup_refunds = Table(
    "topup_refunds", metadata,                             # wallet money sent back to a top-up's card
    Column("request_id", String(64), primary_key=True),    # out_request_no (services.ports.refund_reference)
    Column("reference", String(64), nullable=False, index=True),
    Column("user_id", String(64), nullable=False),
    Column("amount_fen", Money, nullable=False),
    Column("status", String(16), nullable=False),          # pending, done, failed
    Column("created_at", Moment, nullable=False),
    Column("updated_at", Moment, nullable=False),
)
