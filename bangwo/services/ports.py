"""What the services need from the outside world, as Protocols: adapters implement them."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import TracebackType
from typing import Any, Protocol, Self

from bangwo.domain.cards import Campaign, Card, ClaimResult, ClaimTicket
from bangwo.domain.completions import Completion, Message, ToolSchema
from bangwo.domain.errors import PaymentError, UnavailableError
from bangwo.domain.geo import Place
from bangwo.domain.listings import Address, GeoPoint, Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer, StockClaim
from bangwo.domain.orders import Order, OrderStatus
from bangwo.domain.payments import Transaction
from bangwo.domain.plans import Plan
from bangwo.domain.seating import SeatMap
from bangwo.domain.users import User


class Clock(Protocol):
    def now(self) -> datetime: ...


class Catalog(Protocol):
    def search(self, query: SearchQuery, *, now: datetime) -> list[Listing]: ...
    def quote(self, request: QuoteRequest, *, now: datetime) -> Offer: ...
    def seat_map(self, showtime_ref: str) -> SeatMap: ...
    def vocabulary(self) -> dict[str, tuple[str, ...]]: ...


# --- Payment gateways (docs/payments.md) -------------------------------------------------------------------


def trade_reference(idempotency_key: str) -> str:
    """Our reference of a payment at the provider (Alipay's out_trade_no) for an idempotency key: 34 letters
    and digits, the same for every retry, so the provider itself recognises a repeated request."""
    return "BW" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]


def refund_reference(refund_key: str) -> str:
    """Our reference of one refund at the provider (Alipay's out_request_no) for an idempotency key."""
    return "RF" + hashlib.sha256(refund_key.encode()).hexdigest()[:32]


class PaymentUnknownError(PaymentError):
    """The provider's outcome is unknown (network, timeout, an answer that fails verification): nothing is
    booked on our side; ask again (query) or retry with the same key, which the provider recognises."""

    code = "payment_pending"
    default_user_message = "支付结果确认中，请稍后查看"


class TradeStatus(StrEnum):
    """A payment's state at the provider (Alipay's trade_status, plus a trade it has never seen)."""

    WAITING = "WAIT_BUYER_PAY"     # created, the person has not paid (yet)
    PAID = "TRADE_SUCCESS"         # paid, refundable
    FINISHED = "TRADE_FINISHED"    # paid, no longer refundable
    CLOSED = "TRADE_CLOSED"        # closed unpaid, or paid and refunded in full
    MISSING = "TRADE_NOT_EXIST"    # the provider has no such trade


@dataclass(frozen=True)
class Trade:
    """A payment as the provider reports it."""

    reference: str        # our out_trade_no
    provider_id: str      # the provider's trade number ("" while it has none)
    status: TradeStatus
    amount_fen: int       # what the trade is for (0 when it does not exist)


@dataclass(frozen=True)
class PendingPayment:
    """A payment the person finishes in the provider's app (a QR code to scan); a notification follows."""

    reference: str
    amount_fen: int
    qr_code: str


@dataclass(frozen=True)
class Refund:
    """A refund the provider accepted (money on its way back to the card or balance it came from)."""

    reference: str        # the trade's out_trade_no
    request_id: str       # our out_request_no
    amount_fen: int
    provider_id: str


@dataclass(frozen=True)
class PaymentNotice:
    """A provider's asynchronous notification, signature and recipient verified."""

    reference: str        # out_trade_no
    provider_id: str      # trade_no
    status: TradeStatus
    amount_fen: int       # total_amount of the trade
    notify_id: str
    refunded_fen: int = 0  # refund_fee, when the notice is about a refund


class PaymentGateway(Protocol):
    """An outside payment network that funds wallets and refunds to the card (docs/payments.md).

    Every call is idempotent on its key (the provider sees ``trade_reference(idempotency_key)`` and
    ``refund_reference(refund_key)``). Raises PaymentDeclinedError (a definitive no), PaymentUnknownError
    (ask again) or PaymentError (refused for another reason, e.g. the merchant's configuration)."""

    def charge(self, *, token: str, amount_fen: int, idempotency_key: str) -> str:
        """Take ``amount_fen`` with the person's payment code or agreement; returns the provider's trade id."""
        ...

    def prepare(self, *, amount_fen: int, idempotency_key: str, subject: str) -> PendingPayment:
        """Open a payment the person completes in the provider's app; the outcome arrives as a notice."""
        ...

    def query(self, *, idempotency_key: str) -> Trade:
        """The trade as the provider knows it now."""
        ...

    def refund(self, *, idempotency_key: str, amount_fen: int, refund_key: str) -> Refund:
        """Send ``amount_fen`` of the trade back to where it came from (part refunds allowed)."""
        ...

    def verify_notice(self, form: Mapping[str, str]) -> PaymentNotice:
        """Parse and verify a notification's form; raises InvalidRequestError when it is not genuine."""
        ...


@dataclass(frozen=True)
class TopUpRecord:
    """A wallet top-up as we asked the provider for it (table ``topups``)."""

    reference: str        # trade_reference(ledger_key)
    user_id: str
    amount_fen: int
    ledger_key: str       # the payments key the credit is booked under (exactly once)
    channel: str          # "charge" (payment code / agreement) or "qr" (the person pays in the app)
    status: str           # "open", "paid", "failed"
    created_at: datetime
    provider_id: str = ""
    qr_code: str = ""
    refunded_fen: int = 0


@dataclass(frozen=True)
class CardRefundRecord:
    """Money sent from a wallet back to the card of one top-up (table ``topup_refunds``)."""

    request_id: str       # refund_reference(ledger key of the refund)
    reference: str        # the top-up's reference
    user_id: str
    amount_fen: int
    status: str           # "pending" (wallet debited, provider not sure yet), "done", "failed" (given back)
    created_at: datetime


class TopUpRepository(Protocol):
    """Top-ups and refunds to card, in the unit of work's transaction."""

    def open(self, record: TopUpRecord) -> TopUpRecord: ...
    def get(self, reference: str, *, lock: bool = False) -> TopUpRecord | None: ...
    def settle(self, reference: str, *, status: str, provider_id: str, at: datetime) -> None: ...
    def set_qr_code(self, reference: str, qr_code: str) -> None: ...
    def take_refund(self, reference: str, amount_fen: int) -> bool: ...
    def give_back_refund(self, reference: str, amount_fen: int) -> None: ...
    def add_refund(self, record: CardRefundRecord) -> None: ...
    def refund(self, request_id: str) -> CardRefundRecord | None: ...
    def set_refund_status(self, request_id: str, status: str, *, at: datetime) -> None: ...


class TopUps(Protocol):
    """The top-up records bound to a unit of work (inside ``with uow:``)."""

    def __call__(self, uow: UnitOfWork) -> TopUpRepository: ...


# ----------------------------------------------------------------------------------------------------------


class OrderRepository(Protocol):
    def add(self, order: Order) -> None: ...
    def add_holding(self, order: Order, claim: StockClaim) -> bool:
        """``add(order)``, taking ``claim`` for it in the same write where the database can; True if it was taken,
        False if not (not tried, short, or a new stock unit): the caller then reserves it as usual."""
        ...
    def get(self, order_id: str, *, lock: bool = False) -> Order: ...
    def get_to_pay(self, order_id: str, *, user_id: str, now: datetime) -> Order:
        """``get(order_id, lock=True)``, and ``user_id``'s usable cards at ``now`` read with it (the cards
        repository answers ``usable_cards(user_id, now)`` from that read in this transaction)."""
        ...
    def by_idempotency_key(self, user_id: str, key: str) -> Order | None: ...
    def save(self, order: Order) -> None: ...
    def save_paid(self, order: Order, txn: Transaction, *, payment_key: str, at: datetime) -> None:
        """Write ``order`` (moved to PAID in memory), the ledger transaction ``txn`` and the ``pay`` payment row under
        ``payment_key`` all or nothing; InsufficientBalanceError (nothing written) when the wallet cannot pay."""
        ...
    def list_for_user(self, user_id: str, *, limit: int = 20) -> list[Order]: ...
    def ids_in_status(self, statuses: Sequence[OrderStatus], *, limit: int = 500) -> list[str]: ...
    def expired_hold_ids(self, now: datetime, *, limit: int = 500) -> list[str]: ...


class StockRepository(Protocol):
    def reserve(self, claim: StockClaim, *, order_id: str) -> bool: ...
    def claim_seats(self, seat_keys: Sequence[str], *, order_id: str) -> bool: ...
    def release_order(self, order_id: str) -> None: ...
    def available(self, capacities: Mapping[str, int]) -> dict[str, int]: ...
    def taken_seats(self, showtime_ref: str) -> set[str]: ...


class LedgerRepository(Protocol):
    def post(self, txn: Transaction, *, at: datetime) -> None: ...
    def balance(self, account: str) -> int: ...
    def balances(self) -> dict[str, int]: ...


class PaymentRepository(Protocol):
    def by_key(self, key: str) -> tuple[str, str] | None: ...
    def add(self, *, key: str, order_id: str, kind: str, amount_fen: int, at: datetime) -> None: ...


class CardRepository(Protocol):
    def add_campaign(self, campaign: Campaign) -> None: ...
    def campaign(self, campaign_id: str) -> Campaign: ...
    def campaigns(self) -> list[Campaign]: ...
    def cards_of(self, user_id: str) -> list[Card]: ...
    def usable_cards(self, user_id: str, now: datetime) -> list[Card]: ...
    def get(self, card_id: str) -> Card: ...
    def by_request_id(self, request_id: str) -> Card | None: ...
    def take_user_quota(self, campaign: Campaign, user_id: str) -> bool: ...
    def take_window_stock(self, campaign: Campaign, window_key: str, stock: int | None) -> bool: ...
    def issue(self, card: Card, *, request_id: str, source: str, at: datetime) -> None: ...
    def use(self, card_id: str, *, order_id: str) -> bool: ...
    def give_back(self, card_id: str, *, order_id: str) -> None: ...
    def issued_count(self, campaign_id: str) -> int: ...


class UserRepository(Protocol):
    def add(self, user: User) -> None: ...
    def get(self, user_id: str) -> User: ...
    def find(self, user_id: str) -> User | None: ...
    def require(self, user_id: str) -> None: ...
    def lock(self, user_id: str) -> None: ...
    def set_payment_token(self, user_id: str, token: str | None) -> None: ...
    def add_invite(self, *, inviter_id: str, invitee_id: str, at: datetime) -> bool: ...
    def places_of(self, user_id: str) -> dict[str, Address]: ...
    def save_place(self, user_id: str, label: str, address: Address, *, at: datetime) -> None: ...
    def delete_place(self, user_id: str, label: str) -> bool: ...


class ConversationRepository(Protocol):
    def load(self, user_id: str, conversation_id: str) -> tuple[dict[str, Any], int] | None: ...
    def save(self, user_id: str, conversation_id: str, state: dict[str, Any], *, version: int,
             at: datetime) -> None: ...
    def lock(self, user_id: str, conversation_id: str, *, at: datetime) -> tuple[dict[str, Any], int]: ...
    def log_turn(self, *, user_id: str, conversation_id: str, at: datetime, text: str, domains: str,
                 outcome: str, reply: dict[str, Any]) -> None: ...
    def open_turn(self, user_id: str, conversation_id: str, *, at: datetime) -> tuple[User, dict[str, Any], int]:
        """The user, and the conversation's state and version locked for the transaction (``lock``)."""
        ...
    def close_turn(self, user_id: str, conversation_id: str, state: dict[str, Any], *, version: int, at: datetime,
                   text: str, domains: str, outcome: str, reply: dict[str, Any]) -> None:
        """``save`` and ``log_turn`` together (one round trip where the database allows)."""
        ...


class PlanRepository(Protocol):
    def add(self, plan: Plan, *, at: datetime) -> None: ...
    def get(self, plan_id: str, *, lock: bool = False) -> Plan: ...
    def save(self, plan: Plan, *, at: datetime) -> None: ...


class CardClaims(Protocol):
    """Settles card claims atomically: window and total stock, the per-user cap, request-id de-duplication."""

    def take(self, ticket: ClaimTicket) -> ClaimResult: ...


class AsyncCardClaims(Protocol):
    """CardClaims for an event loop (the HTTP hot path)."""

    async def take(self, ticket: ClaimTicket) -> ClaimResult: ...


class UnitOfWork(Protocol):
    """One transaction's repositories (read-only members, so adapters may narrow their types)."""

    @property
    def orders(self) -> OrderRepository: ...
    @property
    def stock(self) -> StockRepository: ...
    @property
    def ledger(self) -> LedgerRepository: ...
    @property
    def payments(self) -> PaymentRepository: ...
    @property
    def cards(self) -> CardRepository: ...
    @property
    def users(self) -> UserRepository: ...
    @property
    def conversations(self) -> ConversationRepository: ...
    @property
    def plans(self) -> PlanRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def within(self) -> UnitOfWorkFactory: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Llm(Protocol):
    """A chat model with tool calling (OpenAI chat-completions); raises LlmError and its subclasses."""

    @property
    def model(self) -> str: ...

    def complete(self, messages: Sequence[Message], *, tools: Sequence[ToolSchema],
                 max_tokens: int) -> Completion: ...


class TokenCounter(Protocol):
    """Exact token counts of the prompts a model would see (its tokenizer and chat template)."""

    def count_text(self, text: str) -> int: ...
    def count_prompt(self, messages: Sequence[Message], tools: Sequence[ToolSchema]) -> int: ...
    def count_reply(self, completion: Completion) -> int: ...


class Geocoder(Protocol):
    """A person's place phrase -> places (docs/places.md). ``resolve`` gives the one place meant (a city, a
    station, an airport, an address placed in its district), ``search`` the known places whose name holds
    the text, nearest to ``near`` first. Online providers raise GeocodingError; the embedded one never does."""

    def resolve(self, text: str, *, city_hint: str | None = None) -> Place | None: ...
    def search(self, text: str, *, city: str | None = None, near: GeoPoint | None = None,
               limit: int = 10) -> list[Place]: ...


class SmsSender(Protocol):
    """Sends a one-time login code by SMS; raises UnavailableError when the provider refuses or fails."""

    def send_code(self, phone: str, code: str, *, ttl_minutes: int) -> None: ...


class AccountStore(Protocol):
    """Phone accounts, their one-time login codes (hashed) and invite codes (docs/security.md)."""

    def save_code(self, phone: str, code_hash: str, *, at: datetime, expires_at: datetime) -> None: ...
    def code_of(self, phone: str) -> LoginCode | None: ...
    def count_attempt(self, phone: str) -> None: ...
    def use_code(self, phone: str, code_hash: str, *, at: datetime, max_attempts: int) -> bool: ...
    def account_of_phone(self, phone: str) -> Account | None: ...
    def account_of_user(self, user_id: str) -> Account | None: ...
    def add_account(self, account: Account, *, at: datetime) -> bool: ...
    def set_password(self, user_id: str, password_hash: str) -> None: ...
    def invite_code_of(self, inviter_id: str, *, new_code: str, at: datetime) -> str: ...
    def inviter_of_code(self, code: str) -> str | None: ...


@dataclass(frozen=True)
class LoginCode:
    """The code sent last to a phone, as stored: its hash, expiry, failed attempts, whether it was used."""

    phone: str
    code_hash: str
    created_at: datetime
    expires_at: datetime
    attempts: int
    used: bool


@dataclass(frozen=True)
class Account:
    """A person's sign-in: their phone, the user it names, an optional argon2 password, the invite it came by."""

    phone: str
    user_id: str
    password_hash: str | None = None
    invite_code: str | None = None


# --- Outside suppliers (docs/catalog.md, "Supplier protocol") -----------------------------------------------


class SupplierUnavailableError(UnavailableError):
    """The supplier could not be reached in time, or answered outside its protocol: nothing was booked there
    that we know of; retry with the same idempotency key."""

    code = "supplier_unavailable"
    default_user_message = "商家系统暂时联系不上，请稍后再试"


class SupplierStatus(StrEnum):
    """Where an order stands at its supplier; the last four arrive by signed webhook."""

    HELD = "held"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    FULFILLING = "fulfilling"
    ISSUED = "issued"
    DELIVERED = "delivered"
    COMPLETED = "completed"


@dataclass(frozen=True)
class SupplierQuote:
    """A live price and availability for ``quantity`` of one item, good until ``expires_at``."""

    quote_id: str
    item: str
    quantity: int
    unit_price_fen: int
    total_fen: int
    available: int
    expires_at: datetime


@dataclass(frozen=True)
class SupplierHold:
    """Units the supplier set aside for one of our orders until ``expires_at`` (or confirm / cancel)."""

    hold_id: str
    order_id: str
    item: str
    quantity: int
    total_fen: int
    status: SupplierStatus
    expires_at: datetime


class Supplier(Protocol):
    """An outside merchant system that quotes, holds, confirms and cancels live, over HTTP.

    Every write takes an idempotency key: a retry returns the first answer. A hold names the total the person
    was shown; the supplier refuses it when its price differs. Raises OutOfStockError when the units are gone,
    ConflictError for another price or a hold that can no longer move that way, SupplierUnavailableError
    when the supplier cannot be reached or answers nonsense."""

    @property
    def name(self) -> str: ...

    def quote(self, *, item: str, quantity: int, options: Mapping[str, Any] | None = None) -> SupplierQuote: ...
    def hold(self, *, item: str, quantity: int, total_fen: int, order_id: str, idempotency_key: str,
             options: Mapping[str, Any] | None = None) -> SupplierHold: ...
    def confirm(self, *, hold_id: str, idempotency_key: str) -> SupplierHold: ...
    def cancel(self, *, hold_id: str, idempotency_key: str) -> SupplierHold: ...


@dataclass(frozen=True)
class SupplierEvent:
    """A supplier's order-status webhook, signature and timestamp verified (Standard Webhooks)."""

    webhook_id: str
    supplier: str
    hold_id: str
    order_id: str
    status: SupplierStatus
    at: datetime


@dataclass(frozen=True)
class SupplierLink:
    """Which supplier hold stands behind one of our orders (table ``supplier_orders``)."""

    order_id: str
    supplier: str
    hold_id: str
    status: SupplierStatus


class SupplierOrderRepository(Protocol):
    """Supplier links and accepted webhooks, in the unit of work's transaction."""

    def link(self, link: SupplierLink, *, at: datetime) -> None: ...
    def get(self, order_id: str) -> SupplierLink | None: ...
    def set_status(self, order_id: str, status: SupplierStatus, *, at: datetime) -> None: ...
    def record_webhook(self, event: SupplierEvent, *, at: datetime) -> bool:
        """False when this webhook-id was accepted before (a replay or a retry)."""
        ...


@dataclass(frozen=True)
class SupplyRoute:
    """Who sells an offer live: the supplier, its item code, the quantity and the chosen options."""

    supplier: Supplier
    item: str
    quantity: int
    options: Mapping[str, Any]


class SupplierRoutes(Protocol):
    """Which offers an outside supplier sells (the ``supplier`` an import file names for a merchant)."""

    def route(self, offer: Offer) -> SupplyRoute | None:
        """The supplier behind ``offer``; None for supply we sell ourselves."""
        ...

    def supplier(self, name: str) -> Supplier | None:
        """The configured supplier called ``name`` (None: not configured here)."""
        ...


class SupplierOrders(Protocol):
    """The supplier records bound to a unit of work (inside ``with uow:``)."""

    def __call__(self, uow: UnitOfWork) -> SupplierOrderRepository: ...
