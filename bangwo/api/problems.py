"""Domain errors as HTTP answers: the status each error means and the problem body in Chinese."""

from __future__ import annotations

from bangwo.domain.errors import (
    BangwoError,
    ConflictError,
    ForbiddenError,
    InvalidRequestError,
    NotFoundError,
    PaymentError,
    UnavailableError,
)


def status_of(exc: BangwoError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ForbiddenError):
        return 403
    if isinstance(exc, UnavailableError):
        return 503
    if isinstance(exc, PaymentError):
        return 402
    if isinstance(exc, InvalidRequestError):
        return 400
    if isinstance(exc, ConflictError):
        return 409
    return 409   # CardError, NotRefundableError: the request was fine, the rules say no


def problem(exc: BangwoError) -> tuple[int, dict[str, object], dict[str, str]]:
    """Status, body (RFC 9457 members plus ``error`` and the Chinese ``message``), headers; a 503 says when to retry."""
    status = status_of(exc)
    body: dict[str, object] = {"type": f"https://bangwo.dev/problems/{exc.code}", "title": exc.code.replace("_", " "),
                               "status": status, "detail": exc.user_message, "error": exc.code,
                               "message": exc.user_message}
    headers = {}
    if status == 503:
        body["retry_after"] = 1
        headers["Retry-After"] = "1"
    return status, body, headers
