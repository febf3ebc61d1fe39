"""Domain errors. Each carries an English message for logs and a Chinese one for users.

Hierarchy::

    BangwoError
    ├── InvalidRequestError          bad input: quantities, ids, formats
    │   ├── NotFoundError            an id that names nothing
    │   └── ConfirmationError        a payment confirmation not bound to this offer and amount
    ├── ConflictError                the world changed under the request
    │   ├── OutOfStockError          sold out / not enough seats or rooms
    │   ├── SeatTakenError           a chosen seat is held or sold
    │   ├── HoldExpiredError         the hold ran out before payment
    │   ├── IllegalTransitionError   an order cannot move that way
    │   ├── AlreadyPaidError         paying an order twice
    │   ├── IdempotencyConflictError a key reused for a different request
    │   └── DuplicateRequestError    a concurrent twin took the key first (internal)
    ├── PaymentError
    │   ├── InsufficientBalanceError
    │   └── PaymentDeclinedError
    ├── CardError                    a free-order card cannot be claimed or used
    ├── NotRefundableError           the refund policy says no
    ├── ForbiddenError               someone else's order or card
    ├── UnauthenticatedError         no valid sign-in token (HTTP API)
    └── UnavailableError             a store cannot answer right now: retry later (nothing happened)
        └── LlmError                 the language model failed; the embedded engine answers instead
            ├── LlmTimeoutError      no answer within the timeout
            └── LlmProtocolError     an answer that does not speak the chat-completions protocol
"""

from __future__ import annotations


class BangwoError(Exception):
    """Base of every error bangwo raises on purpose."""

    code = "error"
    default_user_message = "出了点问题，请稍后再试"

    def __init__(self, message: str, *, user_message: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.user_message = user_message or self.default_user_message


class InvalidRequestError(BangwoError):
    code = "invalid_request"
    default_user_message = "请求有误，请检查后再试"


class NotFoundError(InvalidRequestError):
    code = "not_found"
    default_user_message = "没有找到对应的记录"


class ConflictError(BangwoError):
    code = "conflict"
    default_user_message = "情况有变化，请重新下单"


class OutOfStockError(ConflictError):
    code = "out_of_stock"
    default_user_message = "已售罄或余量不足"


class SeatTakenError(ConflictError):
    code = "seat_taken"
    default_user_message = "所选座位已被占用，请换个座位"


class HoldExpiredError(ConflictError):
    code = "hold_expired"
    default_user_message = "订单保留时间已过，请重新下单"


class IllegalTransitionError(ConflictError):
    code = "illegal_transition"
    default_user_message = "订单当前状态不支持这个操作"


class AlreadyPaidError(ConflictError):
    code = "already_paid"
    default_user_message = "这笔订单已经支付过了，不会重复扣款"


class IdempotencyConflictError(ConflictError):
    code = "idempotency_conflict"
    default_user_message = "重复的请求编号对应了不同的内容"


class PaymentError(BangwoError):
    code = "payment_error"
    default_user_message = "支付没有成功，未扣款"


class InsufficientBalanceError(PaymentError):
    code = "insufficient_balance"
    default_user_message = "余额不足，未扣款"


class PaymentDeclinedError(PaymentError):
    code = "payment_declined"
    default_user_message = "支付被拒绝，未扣款"


class CardError(BangwoError):
    code = "card_error"
    default_user_message = "免单卡暂不可用"


class NotRefundableError(BangwoError):
    code = "not_refundable"
    default_user_message = "按退改规则，这笔订单不能退款"

    def __init__(self, policy_summary_zh: str) -> None:
        super().__init__("refund not allowed by policy",
                         user_message=f"按退改规则不能退款：{policy_summary_zh}")


class ForbiddenError(BangwoError):
    code = "forbidden"
    default_user_message = "无权操作这笔订单"


class UnauthenticatedError(BangwoError):
    """The caller did not present a valid token (missing, forged or expired)."""

    code = "unauthenticated"
    default_user_message = "请先登录"


class DuplicateRequestError(ConflictError):
    """A unique request key was taken by a concurrent request: re-read its result."""

    code = "duplicate_request"


class UnavailableError(BangwoError):
    """A store (Redis, the database) cannot settle the request now; nothing happened, retry later."""

    code = "unavailable"
    default_user_message = "系统繁忙，请稍后再试"


class LlmError(UnavailableError):
    """The language model could not be used (HTTP error, refused request); nothing was decided."""

    code = "llm_unavailable"
    default_user_message = "智能助手暂时不可用，请换个说法或稍后再试"


class LlmTimeoutError(LlmError):
    code = "llm_timeout"


class LlmProtocolError(LlmError):
    code = "llm_protocol"


class ConfirmationError(InvalidRequestError):
    """A confirmation whose token, offer or amount does not match what the user was shown: nothing paid."""

    code = "confirmation_mismatch"
    default_user_message = "确认信息与订单金额不符，没有扣款，请重新确认"
    actual_fen: int | None = None   # what paying would cost now, when the amount is what changed
