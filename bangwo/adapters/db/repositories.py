"""Repositories over SQLAlchemy Core: domain objects in, domain objects out, atomic updates."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time
from typing import Any, NoReturn, Protocol

from sqlalchemy import (
    JSON,
    Connection,
    Engine,
    Executable,
    Integer,
    RowMapping,
    String,
    Table,
    and_,
    bindparam,
    exists,
    func,
    insert,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from bangwo.adapters.db import tables as t
from bangwo.domain.cards import Campaign, Card, Window
from bangwo.domain.clocks import SHANGHAI
from bangwo.domain.domains import Domain
from bangwo.domain.errors import ConflictError, DuplicateRequestError, InsufficientBalanceError, NotFoundError
from bangwo.domain.listings import Address, GeoPoint
from bangwo.domain.offers import StockClaim
from bangwo.domain.orders import Order, OrderEvent, OrderStatus
from bangwo.domain.payments import Transaction
from bangwo.domain.plans import Plan
from bangwo.domain.users import User
from bangwo.services.ports import Account, LoginCode

# Statements are built once and executed with parameters: SQLAlchemy memoises their cache key and
# compiled form, so a hot-path call costs a dictionary lookup instead of building and hashing a tree.
_INSERT_IGNORE: dict[tuple[str, str], Executable] = {}


def insert_ignore(conn: Connection, table: Table, values: Mapping[str, Any]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL; returns rows inserted."""
    name = "postgresql" if conn.dialect.name == "postgresql" else "sqlite"
    stmt = _INSERT_IGNORE.get((name, table.name))
    if stmt is None:
        dialect = postgresql if name == "postgresql" else sqlite
        first_pk = next(iter(table.primary_key.columns))
        stmt = _INSERT_IGNORE[(name, table.name)] = \
            dialect.insert(table).on_conflict_do_nothing().returning(first_pk)
    return len(conn.execute(stmt, dict(values)).all())


_o = t.orders.c
_ORDER_UPDATE = update(t.orders).where(_o.id == bindparam("b_id"))
_ORDER_BY_ID = select(t.orders).where(_o.id == bindparam("b_id"))
_ORDER_BY_ID_FOR_UPDATE = _ORDER_BY_ID.with_for_update()
_ORDER_BY_KEY = select(t.orders).where(and_(_o.user_id == bindparam("b_user"),
                                            _o.idempotency_key == bindparam("b_key")))
_EVENT_INSERT = insert(t.order_events)
_e = t.order_events.c
# PostgreSQL: an order's row and its one new event in one statement (a data-modifying CTE). The order's columns are
# bound as ``o_<column>``, the event's as ``e_*``; the statement returns the order's id only if the row was written.
_ORDER_COLUMNS = ("user_id", "domain", "status", "merchant_id", "merchant_name", "title", "lines", "details",
                  "policy_code", "total_fen", "discount_fen", "paid_fen", "refunded_fen", "card_id", "hold_expires_at",
                  "starts_at", "updated_at")
_NEW_ORDER_COLUMNS = ("id", *_ORDER_COLUMNS, "created_at", "idempotency_key", "request_hash")


def _with_its_event(written: Any) -> Executable:
    """INSERT the event of each order row ``written`` (a CTE returning ``id``), returning the order ids."""
    return insert(t.order_events).from_select(
        [_e.order_id, _e.at, _e.from_status, _e.to_status, _e.reason, _e.actor],
        select(written.c.id, bindparam("e_at", type_=t.Moment), bindparam("e_from", type_=String),
               bindparam("e_to", type_=String), bindparam("e_reason", type_=String),
               bindparam("e_actor", type_=String))).add_cte(written).returning(_e.order_id)


# A second order under the same (user, key) writes nothing (the caller reads the twin), and neither does an order of
# an unknown user: the row is selected FROM users, so the user's existence costs no statement of its own (users are
# never deleted). No row back: ``SqlOrders.add`` tells the two apart, off the hot path.
_ORDER_ADD_ONCE = {
    name: dialect.insert(t.orders).from_select(list(_NEW_ORDER_COLUMNS), select(
        *[bindparam(f"o_{c}", type_=t.orders.c[c].type).label(c) for c in _NEW_ORDER_COLUMNS]
    ).where(t.users.c.id == bindparam("o_user_id"))).on_conflict_do_nothing(
        index_elements=[_o.user_id, _o.idempotency_key]).returning(_o.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))}
_PG_ORDER_ADD_WITH_EVENT = _with_its_event(_ORDER_ADD_ONCE["postgresql"].cte("placed"))
_PG_ORDER_SAVE_WITH_EVENT = _with_its_event(
    update(t.orders).where(_o.id == bindparam("o_key")).values({c: bindparam(f"o_{c}") for c in _ORDER_COLUMNS})
    .returning(_o.id).cte("saved"))
_su = t.stock_units.c
_STOCK_TAKE = update(t.stock_units).where(
    and_(_su.key == bindparam("b_key"), _su.reserved + bindparam("b_qty") <= _su.capacity)
).values(reserved=_su.reserved + bindparam("b_qty"))
_ORDER_STOCK_INSERT = insert(t.order_stock)
_os = t.order_stock.c
# PostgreSQL: take the stock and record what the order holds in one statement (a row only if the stock was taken).
_taken = _STOCK_TAKE.returning(_su.key).cte("taken")
_PG_STOCK_TAKE_FOR_ORDER = insert(t.order_stock).from_select(
    [_os.order_id, _os.key, _os.quantity],
    select(bindparam("b_order", type_=String), _taken.c.key, bindparam("b_qty", type_=Integer))).add_cte(_taken) \
    .returning(_os.key)
_ORDER_EXISTS = select(_o.id).where(_o.id == bindparam("b_id"))


def _pg_order_add_holding() -> Executable:
    """PostgreSQL: the order row (written once, only for a known user, as ``_ORDER_ADD_ONCE``), its one event, and
    only if the row was written the stock take (never beyond the capacity) and the order's record of it, in one
    statement; returns the stock key when all of it was written."""
    placed = _ORDER_ADD_ONCE["postgresql"].cte("placed")
    logged = insert(t.order_events).from_select(
        [_e.order_id, _e.at, _e.from_status, _e.to_status, _e.reason, _e.actor],
        select(placed.c.id, bindparam("e_at", type_=t.Moment), bindparam("e_from", type_=String),
               bindparam("e_to", type_=String), bindparam("e_reason", type_=String),
               bindparam("e_actor", type_=String))).returning(_e.order_id).cte("logged")
    took = _STOCK_TAKE.where(exists(select(placed.c.id))).returning(_su.key).cte("took")
    return insert(t.order_stock).from_select(
        [_os.order_id, _os.key, _os.quantity],
        select(bindparam("b_order", type_=String), took.c.key, bindparam("b_qty", type_=Integer))) \
        .add_cte(placed, logged, took).returning(_os.key)


_PG_ORDER_ADD_HOLDING = _pg_order_add_holding()
_a = t.accounts.c
_WALLET_MOVE = update(t.accounts).where(
    and_(_a.id == bindparam("b_id"), _a.balance_fen + bindparam("b_amount") >= 0)
).values(balance_fen=_a.balance_fen + bindparam("b_amount"))
_LEDGER_INSERT = insert(t.ledger_entries)
_le = t.ledger_entries.c
_PG_WALLET_POSTS: dict[int, Executable] = {}


def _pg_wallet_post(postings: int) -> Executable:
    """PostgreSQL: move one wallet's cached balance (never below zero) and write the transaction's ``postings``
    ledger entries in one statement; entries are written only if the wallet moved (they return their ids)."""
    stmt = _PG_WALLET_POSTS.get(postings)
    if stmt is None:
        moved = _WALLET_MOVE.returning(_a.id).cte("moved")
        rows = [select(bindparam("b_txn", type_=String), bindparam("b_kind", type_=String),
                       bindparam("b_order", type_=String), bindparam(f"b_account_{i}", type_=String),
                       bindparam(f"b_fen_{i}", type_=t.ledger_entries.c.amount_fen.type),
                       bindparam("b_at", type_=t.Moment)).select_from(moved) for i in range(postings)]
        stmt = _PG_WALLET_POSTS[postings] = insert(t.ledger_entries).from_select(
            [_le.txn_id, _le.kind, _le.order_id, _le.account, _le.amount_fen, _le.at],
            union_all(*rows) if postings > 1 else rows[0]).add_cte(moved).returning(_le.id)
    return stmt
_PAYMENT_BY_KEY = select(t.payments.c.order_id, t.payments.c.kind).where(t.payments.c.key == bindparam("b_key"))
_PAYMENT_INSERT = insert(t.payments)
_PG_PAYS: dict[int, Executable] = {}


def _pg_pay(postings: int) -> Executable:
    """PostgreSQL: a wallet pays an order in one statement. The wallet's cached balance moves (never below zero) and
    only if it moved are the ``postings`` ledger entries, the payment row (``p_*``), the order's new state
    (``o_*``) and its one new event (``e_*``) written: every later part selects FROM the wallet move's row, so no
    move writes nothing. Returns the order's id only when all of it was written."""
    stmt = _PG_PAYS.get(postings)
    if stmt is None:
        moved = _WALLET_MOVE.where(exists(select(_o.id).where(and_(   # and the order is still in its old state
            _o.id == bindparam("o_key"), _o.status == bindparam("e_from", type_=String))))).returning(_a.id).cte("moved")
        rows = [select(bindparam("b_txn", type_=String), bindparam("b_kind", type_=String),
                       bindparam("b_order", type_=String), bindparam(f"b_account_{i}", type_=String),
                       bindparam(f"b_fen_{i}", type_=t.ledger_entries.c.amount_fen.type),
                       bindparam("b_at", type_=t.Moment)).select_from(moved) for i in range(postings)]
        entries = insert(t.ledger_entries).from_select(
            [_le.txn_id, _le.kind, _le.order_id, _le.account, _le.amount_fen, _le.at],
            union_all(*rows) if postings > 1 else rows[0]).returning(_le.id).cte("entries")
        _p = t.payments.c
        paid = insert(t.payments).from_select(
            [_p.key, _p.order_id, _p.kind, _p.amount_fen, _p.created_at],
            select(bindparam("p_key", type_=String), bindparam("b_order", type_=String),
                   bindparam("p_kind", type_=String), bindparam("p_amount", type_=_p.amount_fen.type),
                   bindparam("b_at", type_=t.Moment)).select_from(moved)).returning(_p.key).cte("paid")
        saved = update(t.orders).where(and_(_o.id == bindparam("o_key"), exists(select(moved.c.id)))) \
            .values({c: bindparam(f"o_{c}") for c in _ORDER_COLUMNS}).returning(_o.id).cte("saved")
        stmt = _PG_PAYS[postings] = insert(t.order_events).from_select(
            [_e.order_id, _e.at, _e.from_status, _e.to_status, _e.reason, _e.actor],
            select(saved.c.id, bindparam("e_at", type_=t.Moment), bindparam("e_from", type_=String),
                   bindparam("e_to", type_=String), bindparam("e_reason", type_=String),
                   bindparam("e_actor", type_=String))).add_cte(moved, entries, paid, saved).returning(_e.order_id)
    return stmt


_c = t.cards.c
_USABLE_CARDS = select(t.cards).where(and_(
    _c.user_id == bindparam("b_user"), _c.used_order_id.is_(None), _c.expires_at > bindparam("b_now", type_=t.Moment)
)).order_by(_c.created_at, _c.id)
_CARD_USE = update(t.cards).where(and_(_c.id == bindparam("b_id"), _c.used_order_id.is_(None))) \
    .values(used_order_id=bindparam("b_order"))
_USER_EXISTS = select(t.users.c.id).where(t.users.c.id == bindparam("b_id"))
_ua = t.addresses.c
_USER_WITH_ADDRESSES = select(   # the user and its addresses in one round trip: one row per address (or one)
    t.users.c.id, t.users.c.name, t.users.c.phone, t.users.c.home_city, t.users.c.payment_token,
    _ua.text.label("a_text"), _ua.city.label("a_city"), _ua.lat.label("a_lat"), _ua.lng.label("a_lng"),
).select_from(t.users.outerjoin(t.addresses, _ua.user_id == t.users.c.id)) \
    .where(t.users.c.id == bindparam("b_id")).order_by(_ua.position)
_CARDS_OF = select(t.cards).where(_c.user_id == bindparam("b_user")).order_by(_c.created_at, _c.id)
_ORDERS_OF = select(t.orders).where(_o.user_id == bindparam("b_user")) \
    .order_by(_o.created_at.desc(), _o.id.desc()).limit(bindparam("b_limit"))
_CONV_LOAD = select(t.conversations.c.state, t.conversations.c.version).where(
    and_(t.conversations.c.user_id == bindparam("b_user"), t.conversations.c.id == bindparam("b_id")))
_CONV_SAVE = update(t.conversations).where(and_(
    t.conversations.c.user_id == bindparam("b_user"), t.conversations.c.id == bindparam("b_id"),
    t.conversations.c.version == bindparam("b_version"))) \
    .values(state=bindparam("b_state"), version=bindparam("b_next"), updated_at=bindparam("b_at"))
_TURN_INSERT = insert(t.turns)
_CONV_SAVE_KEEPING_TURN = _CONV_SAVE.values(last_turn=bindparam("b_last"))
_cv = t.conversations.c
_CONV_UPSERT_RETURNING = {   # creates the row or locks the existing one, and returns the state: one statement
    name: dialect.insert(t.conversations).values(
        user_id=bindparam("b_user"), id=bindparam("b_id"), state={}, version=0, updated_at=bindparam("b_at"))
    .on_conflict_do_update(index_elements=[_cv.user_id, _cv.id], set_={"version": _cv.version})
    .returning(_cv.state, _cv.version, _cv.last_turn)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))}
# PostgreSQL, one round trip per turn at each end. Start: the user (with addresses) and the conversation row,
# created or locked (ON CONFLICT DO UPDATE locks it like FOR UPDATE; INSERT ... SELECT FROM users creates no row
# for an unknown user, so the result is empty), and the user's unused cards (what the checkout allots from; kept
# for this transaction only, see SqlCards). End: the state saved under its version check and the turn logged
# (only if saved: a stale version logs nothing and returns no row).
_PG_OPEN_TURN = text("""
WITH conv AS (
    INSERT INTO conversations (user_id, id, state, version, updated_at)
    SELECT users.id, CAST(:b_id AS VARCHAR), CAST('{}' AS JSON), 0, :b_at FROM users WHERE users.id = :b_user
    ON CONFLICT (user_id, id) DO UPDATE SET version = conversations.version
    RETURNING conversations.state, conversations.version, conversations.last_turn
)
SELECT users.id, users.name, users.phone, users.home_city, users.payment_token, conv.state, conv.version,
       conv.last_turn,
       (SELECT json_agg(json_build_object('id', cards.id, 'campaign_id', cards.campaign_id,
                                          'value_fen', cards.value_fen, 'min_spend_fen', cards.min_spend_fen,
                                          'min_pay_fen', cards.min_pay_fen, 'expires_at', cards.expires_at)
                        ORDER BY cards.created_at, cards.id)
        FROM cards WHERE cards.user_id = :b_user AND cards.used_order_id IS NULL AND cards.expires_at > :b_at
       ) AS unused_cards,
       addresses.text AS a_text, addresses.city AS a_city, addresses.lat AS a_lat, addresses.lng AS a_lng
FROM users CROSS JOIN conv LEFT OUTER JOIN addresses ON addresses.user_id = users.id
WHERE users.id = :b_user
ORDER BY addresses.position
""").bindparams(bindparam("b_at", type_=t.Moment)).columns(state=JSON, last_turn=JSON, unused_cards=JSON)
_PG_CLOSE_TURN = text("""
WITH saved AS (
    UPDATE conversations SET state = :b_state, version = :b_next, updated_at = :b_at
    WHERE user_id = :b_user AND id = :b_id AND version = :b_version
    RETURNING version
)
INSERT INTO turns (user_id, conversation_id, at, text, domains, outcome, reply, seq)
SELECT CAST(:b_user AS VARCHAR), CAST(:b_id AS VARCHAR), :b_at, CAST(:b_text AS TEXT), CAST(:b_domains AS VARCHAR),
       CAST(:b_outcome AS VARCHAR), :b_reply, saved.version FROM saved
RETURNING turns.seq
""").bindparams(bindparam("b_at", type_=t.Moment), bindparam("b_state", type_=JSON),
                bindparam("b_reply", type_=JSON))
_PLACES_OF = select(t.saved_places).where(t.saved_places.c.user_id == bindparam("b_user")) \
    .order_by(t.saved_places.c.label)
_PLACE_DELETE = t.saved_places.delete().where(and_(t.saved_places.c.user_id == bindparam("b_user"),
                                                   t.saved_places.c.label == bindparam("b_label")))
_p = t.plans.c
_PLAN_INSERT = insert(t.plans)
_PLAN_BY_ID = select(t.plans.c.body).where(_p.id == bindparam("b_id"))
_PLAN_BY_ID_FOR_UPDATE = _PLAN_BY_ID.with_for_update()
_PLAN_UPDATE = update(t.plans).where(_p.id == bindparam("b_id")) \
    .values(status=bindparam("b_status"), body=bindparam("b_body"), updated_at=bindparam("b_at"))


# The order to pay, locked, and the payer's unused cards in the same statement (a JSON array, oldest first): the
# checkout allots a card from them (``SqlCards.usable_cards`` answers from this read within the transaction).
_CARD_FIELDS = ("id", "campaign_id", "value_fen", "min_spend_fen", "min_pay_fen", "expires_at")
_UNUSED_CARDS_WHERE = "cards.user_id = :b_user AND cards.used_order_id IS NULL AND cards.expires_at > :b_now"
_ORDER_TO_PAY_SQL = {
    "postgresql": text(f"""
SELECT orders.*, (SELECT json_agg(json_build_object({", ".join(f"'{f}', cards.{f}" for f in _CARD_FIELDS)})
                                  ORDER BY cards.created_at, cards.id)
                  FROM cards WHERE {_UNUSED_CARDS_WHERE}) AS usable_cards
FROM orders WHERE orders.id = :b_id FOR UPDATE OF orders"""),
    "sqlite": text(f"""
SELECT orders.*, (SELECT json_group_array(json_object({", ".join(f"'{f}', c.{f}" for f in _CARD_FIELDS)}))
                  FROM (SELECT * FROM cards WHERE {_UNUSED_CARDS_WHERE} ORDER BY cards.created_at, cards.id) AS c
                 ) AS usable_cards
FROM orders WHERE orders.id = :b_id"""),
}
_ORDER_TO_PAY = {name: stmt.bindparams(bindparam("b_now", type_=t.Moment)).columns(
    *[c._copy() for c in t.orders.columns], usable_cards=JSON) for name, stmt in _ORDER_TO_PAY_SQL.items()}


def _moment(value: str) -> datetime:
    """A timestamp as a JSON value carries it: ISO with an offset (PostgreSQL) or naive UTC (SQLite)."""
    moment = datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(SHANGHAI)


class SqlOrders:
    def __init__(self, conn: Connection, cards: SqlCards | None = None) -> None:
        self.conn = conn
        self.cards = cards if cards is not None else SqlCards(conn)

    def add(self, order: Order) -> None:
        """Insert the order and its events; DuplicateRequestError (nothing written, the transaction still usable)
        when the user already has an order under its idempotency key, committed or by a transaction that
        commits while this one waits; NotFoundError (nothing written) when the user does not exist. One statement
        on PostgreSQL for an order with one event, two on SQLite."""
        row = {**self._row(order), "created_at": order.created_at, "idempotency_key": order.idempotency_key,
               "request_hash": order.request_hash}
        params = {f"o_{k}": v for k, v in row.items()}
        pg = self.conn.dialect.name == "postgresql"
        if pg and len(order.events) == 1:
            written = self.conn.execute(_PG_ORDER_ADD_WITH_EVENT, {**params, **self._event(order.events[0])}).all()
            if written:
                order.events.clear()
        else:
            written = self.conn.execute(_ORDER_ADD_ONCE["postgresql" if pg else "sqlite"], params).all()
            if written:
                self._write_events(order)
        if not written:
            self._not_written(order)

    def add_holding(self, order: Order, claim: StockClaim) -> bool:
        """``add(order)`` and, with it, take ``claim`` for the order if it fits (PostgreSQL, an order with one event:
        one statement). True when the claim was taken; False when it was not tried or did not fit (or its stock
        unit does not exist yet): the order is written either way and the caller reserves the claim as usual."""
        if self.conn.dialect.name != "postgresql" or len(order.events) != 1:
            self.add(order)
            return False
        row = {**self._row(order), "created_at": order.created_at, "idempotency_key": order.idempotency_key,
               "request_hash": order.request_hash}
        params = {**{f"o_{k}": v for k, v in row.items()}, **self._event(order.events[0]), "b_key": claim.key,
                  "b_qty": claim.quantity, "b_order": order.id}
        if self.conn.execute(_PG_ORDER_ADD_HOLDING, params).all():
            order.events.clear()
            return True
        if self.conn.execute(_ORDER_EXISTS, {"b_id": order.id}).first() is None:
            self._not_written(order)
        order.events.clear()   # written with the order; the stock was short or its unit is new
        return False

    def _not_written(self, order: Order) -> NoReturn:
        if self.conn.execute(_USER_EXISTS, {"b_id": order.user_id}).first() is None:
            raise NotFoundError(f"no user {order.user_id!r}", user_message=f"没有找到用户 {order.user_id}")
        raise DuplicateRequestError(f"order key {order.idempotency_key!r} taken")

    def save(self, order: Order) -> None:
        row = self._row(order)
        if self.conn.dialect.name == "postgresql" and len(order.events) == 1:
            params = {f"o_{k}": v for k, v in row.items() if k != "id"}
            self.conn.execute(_PG_ORDER_SAVE_WITH_EVENT, {**params, "o_key": row["id"],
                                                          **self._event(order.events[0])})
            order.events.clear()
            return
        row["b_id"] = row.pop("id")
        self.conn.execute(_ORDER_UPDATE, row)
        self._write_events(order)

    def save_paid(self, order: Order, txn: Transaction, *, payment_key: str, at: datetime) -> None:
        """Write a payment of ``order`` (already moved out of HELD in memory) all or nothing: the ledger transaction
        ``txn``, the payment row under ``payment_key``, the order's new state and its events. Nothing is written and
        InsufficientBalanceError is raised when the wallet cannot pay; DuplicateRequestError when the key is taken.
        PostgreSQL: one statement for a transaction that moves one wallet and an order with one new event."""
        wallets = [p for p in txn.postings if p.account.startswith("wallet:")]
        if self.conn.dialect.name != "postgresql" or len(wallets) != 1 or len(order.events) != 1:
            SqlLedger(self.conn).post(txn, at=at)   # raises before anything is written when the wallet cannot pay
            SqlPayments(self.conn).add(key=payment_key, order_id=order.id, kind=txn.kind, amount_fen=order.paid_fen,
                                       at=at)
            self.save(order)
            return
        wallet, row = wallets[0], self._row(order)
        params: dict[str, Any] = {f"o_{k}": v for k, v in row.items() if k != "id"}
        params.update(self._event(order.events[0]), o_key=order.id, b_id=wallet.account, b_amount=wallet.amount_fen,
                      b_txn=uuid.uuid4().hex, b_kind=txn.kind, b_order=txn.order_id, b_at=at, p_key=payment_key,
                      p_kind=txn.kind, p_amount=order.paid_fen)
        for i, p in enumerate(txn.postings):
            params[f"b_account_{i}"], params[f"b_fen_{i}"] = p.account, p.amount_fen
        stmt = _pg_pay(len(txn.postings))
        try:
            written = bool(self.conn.execute(stmt, params).all()) or (
                bool(insert_ignore(self.conn, t.accounts, {"id": wallet.account, "balance_fen": 0}))
                and bool(self.conn.execute(stmt, params).all()))   # the wallet's first posting
        except IntegrityError as exc:
            raise DuplicateRequestError(f"payment key {payment_key!r} taken concurrently") from exc
        if not written:
            status = self.conn.execute(select(_o.status).where(_o.id == order.id)).scalar()
            if status != params["e_from"]:   # never under the caller's lock; the SQL guards the state machine anyway
                raise ConflictError(f"order {order.id} is {status}, not {params['e_from']}: not paid")
            raise InsufficientBalanceError(f"{wallet.account} cannot pay {-wallet.amount_fen} fen")
        order.events.clear()

    @staticmethod
    def _event(e: OrderEvent) -> dict[str, Any]:
        return {"e_at": e.at, "e_from": e.from_status.value if e.from_status else None, "e_to": e.to_status.value,
                "e_reason": e.reason, "e_actor": e.actor}

    def _row(self, o: Order) -> dict[str, Any]:
        return {
            "id": o.id, "user_id": o.user_id, "domain": o.domain.value, "status": o.status.value,
            "merchant_id": o.merchant_id, "merchant_name": o.merchant_name, "title": o.title,
            "lines": o.lines, "details": o.details, "policy_code": o.policy_code,
            "total_fen": o.total_fen, "discount_fen": o.discount_fen, "paid_fen": o.paid_fen,
            "refunded_fen": o.refunded_fen, "card_id": o.card_id, "hold_expires_at": o.hold_expires_at,
            "starts_at": o.starts_at, "updated_at": o.events[-1].at if o.events else o.created_at,
        }

    def _write_events(self, order: Order) -> None:
        rows = [{"order_id": order.id, "at": e.at, "from_status": e.from_status.value if e.from_status else None,
                 "to_status": e.to_status.value, "reason": e.reason, "actor": e.actor} for e in order.events]
        if rows:   # one event (the usual case) as a plain execute: executemany costs more per call
            self.conn.execute(_EVENT_INSERT, rows[0] if len(rows) == 1 else rows)
            order.events.clear()

    def get(self, order_id: str, *, lock: bool = False) -> Order:
        stmt = _ORDER_BY_ID_FOR_UPDATE if lock and self.conn.dialect.name == "postgresql" else _ORDER_BY_ID
        row = self.conn.execute(stmt, {"b_id": order_id}).mappings().first()
        if row is None:
            raise NotFoundError(f"no order {order_id!r}", user_message="没有找到这笔订单")
        return self._order(row)

    def get_to_pay(self, order_id: str, *, user_id: str, now: datetime) -> Order:
        """The order, locked, with ``user_id``'s usable cards at ``now`` (one statement; see ``_ORDER_TO_PAY``)."""
        stmt = _ORDER_TO_PAY["postgresql" if self.conn.dialect.name == "postgresql" else "sqlite"]
        row = self.conn.execute(stmt, {"b_id": order_id, "b_user": user_id, "b_now": now}).mappings().first()
        if row is None:
            raise NotFoundError(f"no order {order_id!r}", user_message="没有找到这笔订单")
        self.cards.remember_usable(user_id, now, [Card(
            id=c["id"], campaign_id=c["campaign_id"], user_id=user_id, value_fen=c["value_fen"],
            min_spend_fen=c["min_spend_fen"], min_pay_fen=c["min_pay_fen"], expires_at=_moment(c["expires_at"]),
            used_order_id=None) for c in row["usable_cards"] or ()])
        return self._order(row)

    def by_idempotency_key(self, user_id: str, key: str) -> Order | None:
        row = self.conn.execute(_ORDER_BY_KEY, {"b_user": user_id, "b_key": key}).mappings().first()
        return self._order(row) if row else None

    def list_for_user(self, user_id: str, *, limit: int = 20) -> list[Order]:
        rows = self.conn.execute(_ORDERS_OF, {"b_user": user_id, "b_limit": limit}).mappings()
        return [self._order(r) for r in rows]

    def ids_in_status(self, statuses: Sequence[OrderStatus], *, limit: int = 500) -> list[str]:
        rows = self.conn.execute(select(t.orders.c.id).where(
            t.orders.c.status.in_([s.value for s in statuses])).order_by(t.orders.c.created_at).limit(limit))
        return [r[0] for r in rows]

    def expired_hold_ids(self, now: datetime, *, limit: int = 500) -> list[str]:
        rows = self.conn.execute(select(t.orders.c.id).where(and_(
            t.orders.c.status == OrderStatus.HELD.value, t.orders.c.hold_expires_at <= now)).limit(limit))
        return [r[0] for r in rows]

    def history(self, order_id: str) -> list[OrderEvent]:
        rows = self.conn.execute(select(t.order_events).where(t.order_events.c.order_id == order_id)
                                 .order_by(t.order_events.c.id)).mappings()
        return [OrderEvent(at=r["at"], from_status=OrderStatus(r["from_status"]) if r["from_status"] else None,
                           to_status=OrderStatus(r["to_status"]), reason=r["reason"], actor=r["actor"])
                for r in rows]

    @staticmethod
    def _order(r: RowMapping) -> Order:
        return Order(
            id=r["id"], user_id=r["user_id"], domain=Domain(r["domain"]), merchant_id=r["merchant_id"],
            merchant_name=r["merchant_name"], title=r["title"], lines=list(r["lines"]),
            details=dict(r["details"]), policy_code=r["policy_code"], total_fen=r["total_fen"],
            status=OrderStatus(r["status"]), created_at=r["created_at"], hold_expires_at=r["hold_expires_at"],
            starts_at=r["starts_at"], discount_fen=r["discount_fen"], paid_fen=r["paid_fen"],
            refunded_fen=r["refunded_fen"], card_id=r["card_id"], idempotency_key=r["idempotency_key"],
            request_hash=r["request_hash"],
        )


class SqlStock:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def reserve(self, claim: StockClaim, *, order_id: str) -> bool:
        """Atomically take ``claim.quantity`` if it fits; the unit is created (at its capacity) on first use."""
        if self.conn.dialect.name == "postgresql":   # the take and the order's record of it: one statement
            params = {"b_key": claim.key, "b_qty": claim.quantity, "b_order": order_id}
            if self.conn.execute(_PG_STOCK_TAKE_FOR_ORDER, params).all():
                return True
            insert_ignore(self.conn, t.stock_units, {"key": claim.key, "capacity": claim.capacity, "reserved": 0})
            return bool(self.conn.execute(_PG_STOCK_TAKE_FOR_ORDER, params).all())
        params = {"b_key": claim.key, "b_qty": claim.quantity}
        done = self.conn.execute(_STOCK_TAKE, params).rowcount
        if not done:   # created here, or by a concurrent first use that committed meanwhile: take again
            insert_ignore(self.conn, t.stock_units, {"key": claim.key, "capacity": claim.capacity, "reserved": 0})
            done = self.conn.execute(_STOCK_TAKE, params).rowcount
        if done:
            self.conn.execute(_ORDER_STOCK_INSERT, {"order_id": order_id, "key": claim.key,
                                                    "quantity": claim.quantity})
        return bool(done)

    def claim_seats(self, seat_keys: Sequence[str], *, order_id: str) -> bool:
        for key in seat_keys:
            showtime = key.rsplit("/", 1)[0]
            if not insert_ignore(self.conn, t.seat_claims,
                                 {"seat_key": key, "showtime_ref": showtime, "order_id": order_id}):
                return False
        return True

    def release_order(self, order_id: str) -> None:
        c = t.stock_units.c
        held = self.conn.execute(select(t.order_stock.c.key, t.order_stock.c.quantity)
                                 .where(t.order_stock.c.order_id == order_id)).all()
        for key, quantity in held:
            self.conn.execute(update(t.stock_units).where(c.key == key).values(reserved=c.reserved - quantity))
        self.conn.execute(t.order_stock.delete().where(t.order_stock.c.order_id == order_id))
        self.conn.execute(t.seat_claims.delete().where(t.seat_claims.c.order_id == order_id))

    def available(self, capacities: Mapping[str, int]) -> dict[str, int]:
        result = dict(capacities)
        if capacities:
            rows = self.conn.execute(select(t.stock_units.c.key, t.stock_units.c.capacity,
                                            t.stock_units.c.reserved)
                                     .where(t.stock_units.c.key.in_(list(capacities))))
            for key, capacity, reserved in rows:
                result[key] = capacity - reserved
        return result

    def taken_seats(self, showtime_ref: str) -> set[str]:
        rows = self.conn.execute(select(t.seat_claims.c.seat_key)
                                 .where(t.seat_claims.c.showtime_ref == showtime_ref))
        return {r[0].rsplit("/", 1)[1] for r in rows}


class SqlLedger:
    """Entries for every account; a cached, never-negative balance for wallets."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def post(self, txn: Transaction, *, at: datetime) -> None:
        wallets = [p for p in txn.postings if p.account.startswith("wallet:")]
        if self.conn.dialect.name == "postgresql" and len(wallets) == 1:
            self._post_moving(txn, wallets[0].account, wallets[0].amount_fen, at=at)
            return
        for p in txn.postings:
            if not p.account.startswith("wallet:"):
                continue
            params = {"b_id": p.account, "b_amount": p.amount_fen}
            done = self.conn.execute(_WALLET_MOVE, params).rowcount
            if not done and insert_ignore(self.conn, t.accounts, {"id": p.account, "balance_fen": 0}):
                done = self.conn.execute(_WALLET_MOVE, params).rowcount   # a wallet's first posting
            if not done:
                raise InsufficientBalanceError(f"{p.account} cannot pay {-p.amount_fen} fen")
        txn_id = uuid.uuid4().hex
        self.conn.execute(_LEDGER_INSERT, [
            {"txn_id": txn_id, "kind": txn.kind, "order_id": txn.order_id, "account": p.account,
             "amount_fen": p.amount_fen, "at": at} for p in txn.postings])

    def _post_moving(self, txn: Transaction, wallet: str, amount_fen: int, *, at: datetime) -> None:
        """One wallet posting: the balance move and every entry in one statement (PostgreSQL)."""
        params: dict[str, Any] = {"b_id": wallet, "b_amount": amount_fen, "b_txn": uuid.uuid4().hex,
                                  "b_kind": txn.kind, "b_order": txn.order_id, "b_at": at}
        for i, p in enumerate(txn.postings):
            params[f"b_account_{i}"], params[f"b_fen_{i}"] = p.account, p.amount_fen
        stmt = _pg_wallet_post(len(txn.postings))
        if self.conn.execute(stmt, params).all():
            return
        if insert_ignore(self.conn, t.accounts, {"id": wallet, "balance_fen": 0}) and \
                self.conn.execute(stmt, params).all():   # the wallet's first posting
            return
        raise InsufficientBalanceError(f"{wallet} cannot pay {-amount_fen} fen")

    def balance(self, account: str) -> int:
        value = self.conn.execute(select(func.coalesce(func.sum(t.ledger_entries.c.amount_fen), 0))
                                  .where(t.ledger_entries.c.account == account)).scalar_one()
        return int(value)

    def balances(self) -> dict[str, int]:
        rows = self.conn.execute(select(t.ledger_entries.c.account, func.sum(t.ledger_entries.c.amount_fen))
                                 .group_by(t.ledger_entries.c.account))
        return {account: int(total) for account, total in rows}

    def wallet_cache(self, account: str) -> int:
        value = self.conn.execute(select(t.accounts.c.balance_fen).where(t.accounts.c.id == account)).scalar()
        return int(value or 0)


class SqlPayments:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def by_key(self, key: str) -> tuple[str, str] | None:
        row = self.conn.execute(_PAYMENT_BY_KEY, {"b_key": key}).first()
        return (row[0], row[1]) if row else None

    def add(self, *, key: str, order_id: str, kind: str, amount_fen: int, at: datetime) -> None:
        try:
            self.conn.execute(_PAYMENT_INSERT, {"key": key, "order_id": order_id, "kind": kind,
                                                "amount_fen": amount_fen, "created_at": at})
        except IntegrityError as exc:
            raise DuplicateRequestError(f"payment key {key!r} taken concurrently") from exc


def _campaign_settings(c: Campaign) -> dict[str, Any]:
    return {
        "starts_at": c.starts_at.isoformat(), "ends_at": c.ends_at.isoformat(), "value_fen": c.value_fen,
        "min_spend_fen": c.min_spend_fen, "min_pay_fen": c.min_pay_fen, "first_use_grant": c.first_use_grant,
        "invite_reward": c.invite_reward, "cap_per_user": c.cap_per_user, "total_stock": c.total_stock,
        "windows": [{"start": w.start.isoformat(), "end": w.end.isoformat(), "stock": w.stock}
                    for w in c.windows],
        "paused": c.paused,
    }


def _campaign(cid: str, name: str, s: Mapping[str, Any]) -> Campaign:
    return Campaign(
        id=cid, name=name, starts_at=datetime.fromisoformat(s["starts_at"]),
        ends_at=datetime.fromisoformat(s["ends_at"]), value_fen=s["value_fen"], min_spend_fen=s["min_spend_fen"],
        min_pay_fen=s["min_pay_fen"], first_use_grant=s["first_use_grant"], invite_reward=s["invite_reward"],
        cap_per_user=s["cap_per_user"], total_stock=s["total_stock"],
        windows=tuple(Window(time.fromisoformat(w["start"]), time.fromisoformat(w["end"]), w["stock"])
                      for w in s["windows"]),
        paused=bool(s.get("paused", False)),
    )


class SqlCards:
    """Cards and campaigns. The user's unused cards are read once per transaction: ``usable_cards`` answers again
    from that read (filtered by expiry at the time asked) until this transaction writes a card or ends, or a
    savepoint is rolled back to (``forget``). The read takes no lock, so a second read could not promise more:
    a card used meanwhile by another transaction is refused when it is used (``use`` is a conditional UPDATE)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._unused: dict[str, tuple[datetime, list[Card]]] = {}   # user -> (as of, unused cards unexpired then)

    def forget(self) -> None:
        self._unused.clear()

    def remember_usable(self, user_id: str, as_of: datetime, cards: Sequence[Card]) -> None:
        """The user's unused cards not expired at ``as_of``, read by this transaction in another statement."""
        self._unused[user_id] = (as_of, list(cards))

    def add_campaign(self, campaign: Campaign) -> None:
        self.conn.execute(t.campaigns.delete().where(t.campaigns.c.id == campaign.id))
        self.conn.execute(insert(t.campaigns).values(id=campaign.id, name=campaign.name,
                                                     settings=_campaign_settings(campaign)))

    def campaign(self, campaign_id: str) -> Campaign:
        row = self.conn.execute(select(t.campaigns).where(t.campaigns.c.id == campaign_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no campaign {campaign_id!r}", user_message="没有这个活动")
        return _campaign(row["id"], row["name"], row["settings"])

    def campaigns(self) -> list[Campaign]:
        rows = self.conn.execute(select(t.campaigns).order_by(t.campaigns.c.id)).mappings()
        return [_campaign(r["id"], r["name"], r["settings"]) for r in rows]

    def cards_of(self, user_id: str) -> list[Card]:
        rows = self.conn.execute(_CARDS_OF, {"b_user": user_id}).mappings()
        return [self._card(r) for r in rows]

    def usable_cards(self, user_id: str, now: datetime) -> list[Card]:
        """The user's cards that are unused and not expired at ``now`` (what ``best_card`` chooses from)."""
        known = self._unused.get(user_id)
        if known is not None and known[0] <= now:
            return [c for c in known[1] if c.expires_at > now]
        rows = self.conn.execute(_USABLE_CARDS, {"b_user": user_id, "b_now": now}).mappings()
        cards = [self._card(r) for r in rows]
        self._unused[user_id] = (now, cards)
        return list(cards)

    def get(self, card_id: str) -> Card:
        row = self.conn.execute(select(t.cards).where(t.cards.c.id == card_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no card {card_id!r}", user_message="没有找到这张免单卡")
        return self._card(row)

    def by_request_id(self, request_id: str) -> Card | None:
        row = self.conn.execute(select(t.cards).where(t.cards.c.request_id == request_id)).mappings().first()
        return self._card(row) if row else None

    def _take(self, campaign_id: str, bucket: str, limit: int | None) -> bool:
        insert_ignore(self.conn, t.campaign_stock, {"campaign_id": campaign_id, "bucket": bucket, "taken": 0})
        c = t.campaign_stock.c
        cond = and_(c.campaign_id == campaign_id, c.bucket == bucket)
        if limit is not None:
            cond = and_(cond, c.taken < limit)
        return bool(self.conn.execute(update(t.campaign_stock).where(cond).values(taken=c.taken + 1)).rowcount)

    def take_user_quota(self, campaign: Campaign, user_id: str) -> bool:
        return self._take(campaign.id, f"user:{user_id}", campaign.cap_per_user)

    def take_window_stock(self, campaign: Campaign, window_key: str, stock: int | None) -> bool:
        if not self._take(campaign.id, "total", campaign.total_stock):
            return False
        return self._take(campaign.id, f"window:{window_key}", stock)

    def issue(self, card: Card, *, request_id: str, source: str, at: datetime) -> None:
        self._unused.clear()
        try:
            self.conn.execute(insert(t.cards).values(
                id=card.id, campaign_id=card.campaign_id, user_id=card.user_id, value_fen=card.value_fen,
                min_spend_fen=card.min_spend_fen, min_pay_fen=card.min_pay_fen, expires_at=card.expires_at,
                used_order_id=None, source=source, request_id=request_id, created_at=at))
        except IntegrityError as exc:
            raise DuplicateRequestError(f"card request {request_id!r} taken concurrently") from exc

    def use(self, card_id: str, *, order_id: str) -> bool:
        self._unused.clear()
        return bool(self.conn.execute(_CARD_USE, {"b_id": card_id, "b_order": order_id}).rowcount)

    def give_back(self, card_id: str, *, order_id: str) -> None:
        self._unused.clear()
        c = t.cards.c
        self.conn.execute(update(t.cards).where(and_(c.id == card_id, c.used_order_id == order_id))
                          .values(used_order_id=None))

    def issued_count(self, campaign_id: str) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.cards)
                                     .where(t.cards.c.campaign_id == campaign_id)).scalar_one())

    @staticmethod
    def _card(r: RowMapping) -> Card:
        return Card(id=r["id"], campaign_id=r["campaign_id"], user_id=r["user_id"], value_fen=r["value_fen"],
                    min_spend_fen=r["min_spend_fen"], min_pay_fen=r["min_pay_fen"], expires_at=r["expires_at"],
                    used_order_id=r["used_order_id"])


class SqlUsers:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.known: set[str] = set()   # ids read from the database through this repository (users are never deleted)

    def add(self, user: User) -> None:
        self.conn.execute(insert(t.users).values(id=user.id, name=user.name, phone=user.phone,
                                                 home_city=user.home_city, created_at=func.now(),
                                                 payment_token=user.payment_token))
        if user.addresses:
            self.conn.execute(insert(t.addresses), [
                {"user_id": user.id, "position": i, "text": a.text, "city": a.city,
                 "lat": a.point.lat if a.point else None, "lng": a.point.lng if a.point else None}
                for i, a in enumerate(user.addresses)])

    def find(self, user_id: str) -> User | None:
        return self.from_rows(self.conn.execute(_USER_WITH_ADDRESSES, {"b_id": user_id}).mappings().all())

    def from_rows(self, rows: Sequence[RowMapping]) -> User | None:
        """The user of rows holding its columns and one address each (``a_*``, NULL when it has none)."""
        if not rows:
            return None
        row = rows[0]
        addrs = tuple(Address(text=a["a_text"], city=a["a_city"],
                              point=GeoPoint(a["a_lat"], a["a_lng"]) if a["a_lat"] is not None else None)
                      for a in rows if a["a_text"] is not None)
        self.known.add(row["id"])
        return User(id=row["id"], name=row["name"], phone=row["phone"], home_city=row["home_city"],
                    addresses=addrs, payment_token=row["payment_token"])

    def get(self, user_id: str) -> User:
        user = self.find(user_id)
        if user is None:
            raise NotFoundError(f"no user {user_id!r}", user_message=f"没有找到用户 {user_id}")
        return user

    def set_payment_token(self, user_id: str, token: str | None) -> None:
        """Save (or forget, with None) the user's bank card: a token of the payment gateway."""
        if not self.conn.execute(update(t.users).where(t.users.c.id == user_id)
                                 .values(payment_token=token)).rowcount:
            raise NotFoundError(f"no user {user_id!r}", user_message=f"没有找到用户 {user_id}")

    def lock(self, user_id: str) -> None:
        """Lock the user's row until the transaction ends (PostgreSQL; SQLite's write transactions are already
        one at a time): per-user rules that count rows, such as the cap on open holds, see no concurrent twin."""
        found = self.conn.execute(select(t.users.c.id).where(t.users.c.id == user_id).with_for_update()).first()
        if found is None:
            raise NotFoundError(f"no user {user_id!r}", user_message=f"没有找到用户 {user_id}")

    def require(self, user_id: str) -> None:
        """Raise NotFoundError unless the user exists (without loading the user; no statement at all when this
        repository has already read the user, e.g. at the start of the turn: users are never deleted)."""
        if user_id in self.known:
            return
        if self.conn.execute(_USER_EXISTS, {"b_id": user_id}).first() is None:
            raise NotFoundError(f"no user {user_id!r}", user_message=f"没有找到用户 {user_id}")
        self.known.add(user_id)

    def add_invite(self, *, inviter_id: str, invitee_id: str, at: datetime) -> bool:
        return bool(insert_ignore(self.conn, t.invites,
                                  {"invitee_id": invitee_id, "inviter_id": inviter_id, "created_at": at}))

    def places_of(self, user_id: str) -> dict[str, Address]:
        """The person's own names for places (家, 公司...), label -> address."""
        rows = self.conn.execute(_PLACES_OF, {"b_user": user_id}).mappings()
        return {r["label"]: Address(r["text"], r["city"], GeoPoint(r["lat"], r["lng"]) if r["lat"] is not None
                                    else None) for r in rows}

    def save_place(self, user_id: str, label: str, address: Address, *, at: datetime) -> None:
        """Remember (or change) what ``label`` means for the person."""
        self.conn.execute(_PLACE_DELETE, {"b_user": user_id, "b_label": label})
        self.conn.execute(insert(t.saved_places), {
            "user_id": user_id, "label": label, "text": address.text, "city": address.city,
            "lat": address.point.lat if address.point else None, "lng": address.point.lng if address.point else None,
            "updated_at": at})

    def delete_place(self, user_id: str, label: str) -> bool:
        return bool(self.conn.execute(_PLACE_DELETE, {"b_user": user_id, "b_label": label}).rowcount)


class TurnJournal(Protocol):
    """Where committed turns go when the turn log is batched off the request path (a Redis stream)."""

    def publish(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Hand over turn records (``turn_record``) of committed transactions; never raises: on trouble the
        records are written to the turns table directly."""
        ...


def turn_record(user_id: str, conversation_id: str, *, seq: int, at: datetime, text: str, domains: str,
                outcome: str, reply: dict[str, Any]) -> dict[str, Any]:
    """One turn of the log as JSON (``seq``: the conversation's version after the turn, unique per conversation)."""
    return {"user_id": user_id, "conversation_id": conversation_id, "seq": seq, "at": at.isoformat(),
            "text": text[:2000], "domains": domains[:200], "outcome": outcome, "reply": reply}


_TURNS_LOG_ONCE = {
    name: dialect.insert(t.turns).on_conflict_do_nothing(index_elements=[t.turns.c.user_id,
                                                                         t.turns.c.conversation_id, t.turns.c.seq])
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))}


def insert_turns(conn: Connection, records: Sequence[Mapping[str, Any]]) -> None:
    """Log turn records; a record already logged (same conversation and ``seq``) is skipped."""
    if records:
        conn.execute(_TURNS_LOG_ONCE["postgresql" if conn.dialect.name == "postgresql" else "sqlite"], [
            {**r, "at": datetime.fromisoformat(r["at"])} for r in records])


class SqlConversations:
    """Dialogue state per (user, conversation), saved with an optimistic version check.

    With a ``journal`` the turn log leaves the request path: ``close_turn`` keeps the turn in the conversation row
    (``last_turn``, in the same UPDATE as the state) and the unit of work publishes it once the transaction has
    committed (``take_committed``). A turn whose publication was lost (the process died right after the commit) is
    published again by the conversation's next turn, or by the writer's sweep of ``last_turn``; the writer logs
    each (conversation, seq) once. Without a journal the turn is logged in the transaction itself.
    """

    def __init__(self, conn: Connection, users: SqlUsers | None = None, journal: TurnJournal | None = None,
                 cards: SqlCards | None = None) -> None:
        self.conn = conn
        self.users = users if users is not None else SqlUsers(conn)
        self.cards = cards if cards is not None else SqlCards(conn)
        self.journal = journal
        self._last: dict[tuple[str, str], dict[str, Any]] = {}   # last_turn as this transaction found it
        self._pending: list[dict[str, Any]] = []                 # to publish once the transaction commits

    def load(self, user_id: str, conversation_id: str) -> tuple[dict[str, Any], int] | None:
        row = self.conn.execute(_CONV_LOAD, {"b_user": user_id, "b_id": conversation_id}).first()
        return (dict(row[0]), int(row[1])) if row else None

    def save(self, user_id: str, conversation_id: str, state: dict[str, Any], *, version: int,
             at: datetime) -> None:
        params = {"b_user": user_id, "b_id": conversation_id, "b_version": version, "b_state": state,
                  "b_next": version + 1, "b_at": at}
        done = self.conn.execute(_CONV_SAVE, params).rowcount   # the row exists once lock() or a turn made it
        if not done and version == 0:
            if insert_ignore(self.conn, t.conversations, {
                    "user_id": user_id, "id": conversation_id, "state": state, "version": 1, "updated_at": at}):
                return
            done = self.conn.execute(_CONV_SAVE, params).rowcount   # made concurrently, still at version 0
        if not done:
            raise ConflictError(f"conversation {conversation_id} changed concurrently",
                                user_message="同一个对话在别处也有消息，请再说一次")

    def lock(self, user_id: str, conversation_id: str, *, at: datetime) -> tuple[dict[str, Any], int]:
        """The state, locked for this transaction: turns of one conversation run one after another (created at
        version 0 the first time; one upsert that returns the row on PostgreSQL and SQLite)."""
        stmt = _CONV_UPSERT_RETURNING["postgresql" if self.conn.dialect.name == "postgresql" else "sqlite"]
        row = self.conn.execute(stmt, {"b_user": user_id, "b_id": conversation_id, "b_at": at}).one()
        self._remember_last(user_id, conversation_id, row[2])
        return dict(row[0]), int(row[1])

    def _remember_last(self, user_id: str, conversation_id: str, last: Any) -> None:
        if last:
            self._last[(user_id, conversation_id)] = dict(last)
        else:
            self._last.pop((user_id, conversation_id), None)

    def open_turn(self, user_id: str, conversation_id: str, *, at: datetime) -> tuple[User, dict[str, Any], int]:
        """The user and the conversation's state and version, the row locked (or created) for this transaction;
        one statement on PostgreSQL. NotFoundError for an unknown user (and no row is written)."""
        if self.conn.dialect.name == "postgresql":
            rows = self.conn.execute(_PG_OPEN_TURN, {"b_user": user_id, "b_id": conversation_id, "b_at": at})
            found = rows.mappings().all()
            user = self.users.from_rows(found)
            if user is None:
                raise NotFoundError(f"no user {user_id!r}", user_message=f"没有找到用户 {user_id}")
            self._remember_last(user_id, conversation_id, found[0]["last_turn"])
            self.cards.remember_usable(user_id, at, [Card(
                id=c["id"], campaign_id=c["campaign_id"], user_id=user_id, value_fen=c["value_fen"],
                min_spend_fen=c["min_spend_fen"], min_pay_fen=c["min_pay_fen"],
                expires_at=datetime.fromisoformat(c["expires_at"]).astimezone(SHANGHAI), used_order_id=None)
                for c in found[0]["unused_cards"] or ()])
            return user, dict(found[0]["state"]), int(found[0]["version"])
        user = self.users.get(user_id)
        state, version = self.lock(user_id, conversation_id, at=at)
        return user, state, version

    def close_turn(self, user_id: str, conversation_id: str, state: dict[str, Any], *, version: int, at: datetime,
                   text: str, domains: str, outcome: str, reply: dict[str, Any]) -> None:
        """Save the state (``version`` from ``open_turn``) and log the turn: one statement on PostgreSQL."""
        record = turn_record(user_id, conversation_id, seq=version + 1, at=at, text=text, domains=domains,
                             outcome=outcome, reply=reply)
        if self.journal is not None:
            saved = bool(self.conn.execute(_CONV_SAVE_KEEPING_TURN, {
                "b_user": user_id, "b_id": conversation_id, "b_version": version, "b_state": state,
                "b_next": version + 1, "b_at": at, "b_last": record}).rowcount)
            if saved:
                previous = self._last.pop((user_id, conversation_id), None)
                self._pending.extend([previous, record] if previous else [record])
        elif self.conn.dialect.name == "postgresql":
            saved = self.conn.execute(_PG_CLOSE_TURN, {
                "b_user": user_id, "b_id": conversation_id, "b_version": version, "b_state": state,
                "b_next": version + 1, "b_at": at, "b_text": record["text"], "b_domains": record["domains"],
                "b_outcome": outcome, "b_reply": reply}).scalar() is not None   # no row: the version check failed
        else:
            self.save(user_id, conversation_id, state, version=version, at=at)
            insert_turns(self.conn, [record])
            saved = True
        if not saved:
            raise ConflictError(f"conversation {conversation_id} changed concurrently",
                                user_message="同一个对话在别处也有消息，请再说一次")

    def take_committed(self) -> list[dict[str, Any]]:
        """The turn records of the transaction that just committed (the unit of work publishes them)."""
        records, self._pending = self._pending, []
        return records

    def forget_uncommitted(self) -> None:
        self._pending.clear()
        self._last.clear()

    def log_turn(self, *, user_id: str, conversation_id: str, at: datetime, text: str, domains: str,
                 outcome: str, reply: dict[str, Any]) -> None:
        self.conn.execute(_TURN_INSERT, {"user_id": user_id, "conversation_id": conversation_id, "at": at,
                                         "text": text[:2000], "domains": domains[:200], "outcome": outcome,
                                         "reply": reply})


class SqlPlans:
    """Plans as typed records (``Plan.to_json``), locked while paid.

    A plan row this transaction has locked (``get(lock=True)``), inserted or updated cannot change under it
    until the transaction ends: no other transaction may write or lock it meanwhile. Such a plan is read again
    from what this transaction last wrote or read (no statement); the unit of work forgets it all when the
    transaction ends and when a savepoint is rolled back to (``forget``), since that may undo the write or release
    the lock."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._held: dict[str, dict[str, Any]] = {}   # plan id -> body, for rows this transaction locked or wrote

    def add(self, plan: Plan, *, at: datetime) -> None:
        body = plan.to_json()
        self.conn.execute(_PLAN_INSERT, {"id": plan.id, "user_id": plan.user_id, "status": plan.status.value,
                                         "body": body, "created_at": plan.created_at, "updated_at": at})
        self._held[plan.id] = body

    def get(self, plan_id: str, *, lock: bool = False) -> Plan:
        held = self._held.get(plan_id)
        if held is not None:
            return Plan.from_json(held)   # builds new objects: the caller may change them freely
        stmt = _PLAN_BY_ID_FOR_UPDATE if lock and self.conn.dialect.name == "postgresql" else _PLAN_BY_ID
        row = self.conn.execute(stmt, {"b_id": plan_id}).first()
        if row is None:
            raise NotFoundError(f"plan {plan_id} not found", user_message="没有找到这笔待确认的订单")
        body = dict(row[0])
        if lock:
            self._held[plan_id] = body
        return Plan.from_json(body)

    def save(self, plan: Plan, *, at: datetime) -> None:
        body = plan.to_json()
        done = self.conn.execute(_PLAN_UPDATE, {"b_id": plan.id, "b_status": plan.status.value, "b_body": body,
                                                "b_at": at}).rowcount
        if done:
            self._held[plan.id] = body   # the UPDATE locked the row: it stays as written until the end
        else:
            self._held.pop(plan.id, None)

    def forget(self) -> None:
        self._held.clear()


def stored_secret(engine: Engine, name: str, *, at: datetime) -> str:
    """A secret generated once and kept in the database, so every process and server signs alike."""
    with engine.begin() as conn:
        insert_ignore(conn, t.app_secrets, {"name": name, "value": secrets.token_hex(32), "created_at": at})
        return str(conn.execute(select(t.app_secrets.c.value).where(t.app_secrets.c.name == name)).scalar_one())


class SqlAccounts:
    """The AccountStore port: phone accounts, hashed login codes and invite codes, each call its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save_code(self, phone: str, code_hash: str, *, at: datetime, expires_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(t.login_codes.delete().where(t.login_codes.c.phone == phone))
            conn.execute(insert(t.login_codes).values(phone=phone, code_hash=code_hash, created_at=at,
                                                      expires_at=expires_at, attempts=0, used_at=None))

    def code_of(self, phone: str) -> LoginCode | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.login_codes).where(t.login_codes.c.phone == phone)).mappings().first()
        if row is None:
            return None
        return LoginCode(phone=row["phone"], code_hash=row["code_hash"], created_at=row["created_at"],
                         expires_at=row["expires_at"], attempts=row["attempts"], used=row["used_at"] is not None)

    def count_attempt(self, phone: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(t.login_codes).where(t.login_codes.c.phone == phone)
                         .values(attempts=t.login_codes.c.attempts + 1))

    def use_code(self, phone: str, code_hash: str, *, at: datetime, max_attempts: int) -> bool:
        """Mark the code used if it matches, is unused, unexpired and not locked: one atomic conditional UPDATE,
        so two concurrent sign-ins with one code cannot both succeed."""
        c = t.login_codes.c
        with self.engine.begin() as conn:
            done = conn.execute(update(t.login_codes).where(
                c.phone == phone, c.code_hash == code_hash, c.used_at.is_(None), c.expires_at > at,
                c.attempts < max_attempts).values(used_at=at))
        return done.rowcount == 1

    def account_of_phone(self, phone: str) -> Account | None:
        return self._account(t.phone_accounts.c.phone == phone)

    def account_of_user(self, user_id: str) -> Account | None:
        return self._account(t.phone_accounts.c.user_id == user_id)

    def _account(self, where: Any) -> Account | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.phone_accounts).where(where)).mappings().first()
        if row is None:
            return None
        return Account(phone=row["phone"], user_id=row["user_id"], password_hash=row["password_hash"],
                       invite_code=row["invite_code"])

    def add_account(self, account: Account, *, at: datetime) -> bool:
        """Insert unless the phone already has an account (a concurrent twin): True when inserted."""
        with self.engine.begin() as conn:
            return bool(insert_ignore(conn, t.phone_accounts, {
                "phone": account.phone, "user_id": account.user_id, "password_hash": account.password_hash,
                "invite_code": account.invite_code, "created_at": at}))

    def set_password(self, user_id: str, password_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(t.phone_accounts).where(t.phone_accounts.c.user_id == user_id)
                         .values(password_hash=password_hash))

    def invite_code_of(self, inviter_id: str, *, new_code: str, at: datetime) -> str:
        """The inviter's code, ``new_code`` stored the first time."""
        with self.engine.begin() as conn:
            insert_ignore(conn, t.invite_codes, {"code": new_code, "inviter_id": inviter_id, "created_at": at})
            return str(conn.execute(select(t.invite_codes.c.code)
                                    .where(t.invite_codes.c.inviter_id == inviter_id)).scalar_one())

    def inviter_of_code(self, code: str) -> str | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(t.invite_codes.c.inviter_id).where(t.invite_codes.c.code == code)).scalar()
        return None if found is None else str(found)
