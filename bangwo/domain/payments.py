"""A double-entry ledger: every transaction is a set of postings that sum to zero fen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bangwo.domain.errors import InvalidRequestError

PLATFORM_SUBSIDY = "platform:subsidy"   # pays the discount of free-order cards
OUTSIDE_WORLD = "external:funding"      # money entering wallets from bank cards (top-ups)


def wallet_account(user_id: str) -> str:
    return f"wallet:{user_id}"


def merchant_account(merchant_id: str) -> str:
    return f"merchant:{merchant_id}"


@dataclass(frozen=True)
class Posting:
    """Money into (+) or out of (-) one account."""

    account: str
    amount_fen: int


@dataclass(frozen=True)
class Transaction:
    """A balanced set of postings with a kind ('pay', 'refund', 'topup') and the order it concerns."""

    kind: str
    postings: tuple[Posting, ...]
    order_id: str | None = None

    def __post_init__(self) -> None:
        if sum(p.amount_fen for p in self.postings) != 0:
            raise InvalidRequestError(f"unbalanced ledger transaction {self.kind}: {self.postings}")

    def amount_for(self, account: str) -> int:
        return sum(p.amount_fen for p in self.postings if p.account == account)


def _postings(items: Iterable[tuple[str, int]]) -> tuple[Posting, ...]:
    return tuple(Posting(account, amount) for account, amount in items if amount != 0)


def payment(*, order_id: str, user_id: str, merchant_id: str, total_fen: int, discount_fen: int) -> Transaction:
    """The user pays total - discount, the platform subsidy the discount, the merchant gets the total."""
    return Transaction("pay", _postings([
        (wallet_account(user_id), -(total_fen - discount_fen)),
        (PLATFORM_SUBSIDY, -discount_fen),
        (merchant_account(merchant_id), total_fen),
    ]), order_id=order_id)


def refund(*, order_id: str, user_id: str, merchant_id: str, paid_fen: int, discount_fen: int,
           fee_fen: int) -> Transaction:
    """Reverse a payment keeping ``fee_fen`` (taken from what the user paid) with the merchant.

    The discount always goes back to the platform subsidy: the card itself is returned to the
    user separately when it is still valid.
    """
    if not 0 <= fee_fen <= paid_fen:
        raise InvalidRequestError(f"refund fee {fee_fen} outside 0..{paid_fen}")
    return Transaction("refund", _postings([
        (wallet_account(user_id), paid_fen - fee_fen),
        (PLATFORM_SUBSIDY, discount_fen),
        (merchant_account(merchant_id), -(paid_fen + discount_fen - fee_fen)),
    ]), order_id=order_id)


def topup(*, user_id: str, amount_fen: int) -> Transaction:
    """Money enters the user's wallet from outside (a bank card through the payment gateway)."""
    if amount_fen <= 0:
        raise InvalidRequestError("top-up must be positive", user_message="充值金额必须大于0")
    return Transaction("topup", _postings([
        (wallet_account(user_id), amount_fen),
        (OUTSIDE_WORLD, -amount_fen),
    ]))
