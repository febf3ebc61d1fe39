"""The Supplier port over HTTP (docs/catalog.md, "Supplier protocol"): JSON, a bearer key, idempotency keys."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx

from bangwo.domain.errors import (
    BangwoError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    OutOfStockError,
)
from bangwo.services.ports import SupplierHold, SupplierQuote, SupplierStatus, SupplierUnavailableError


class HttpSupplier:
    """A supplier that speaks the protocol at ``base_url`` (the reference server in examples/supplier/)."""

    def __init__(self, name: str, base_url: str, api_key: str, *, timeout_s: float = 5.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self._name = name
        self._client = httpx.Client(base_url=base_url.rstrip("/"), timeout=httpx.Timeout(timeout_s),
                                    headers={"Authorization": f"Bearer {api_key}"}, transport=transport)

    @property
    def name(self) -> str:
        return self._name

    def close(self) -> None:
        self._client.close()

    def quote(self, *, item: str, quantity: int, options: Mapping[str, Any] | None = None) -> SupplierQuote:
        body = self._call("POST", "/v1/quotes", _with_options({"item": item, "quantity": quantity}, options))
        try:
            return SupplierQuote(quote_id=str(body["quote_id"]), item=str(body["item"]),
                                 quantity=_int(body["quantity"]), unit_price_fen=_int(body["unit_price_fen"]),
                                 total_fen=_int(body["total_fen"]), available=_int(body["available"]),
                                 expires_at=_moment(body["expires_at"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise self._nonsense(f"quote answer lacks {exc}") from None

    def hold(self, *, item: str, quantity: int, total_fen: int, order_id: str, idempotency_key: str,
             options: Mapping[str, Any] | None = None) -> SupplierHold:
        body = _with_options({"item": item, "quantity": quantity, "total_fen": total_fen, "order_id": order_id},
                             options)
        return self._hold(self._call("POST", "/v1/holds", body, key=idempotency_key))

    def confirm(self, *, hold_id: str, idempotency_key: str) -> SupplierHold:
        return self._hold(self._call("POST", f"/v1/holds/{hold_id}/confirm", {}, key=idempotency_key))

    def cancel(self, *, hold_id: str, idempotency_key: str) -> SupplierHold:
        return self._hold(self._call("POST", f"/v1/holds/{hold_id}/cancel", {}, key=idempotency_key))

    def _hold(self, body: dict[str, Any]) -> SupplierHold:
        try:
            return SupplierHold(hold_id=str(body["hold_id"]), order_id=str(body["order_id"]), item=str(body["item"]),
                                quantity=_int(body["quantity"]), total_fen=_int(body["total_fen"]),
                                status=SupplierStatus(body["status"]), expires_at=_moment(body["expires_at"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise self._nonsense(f"hold answer lacks or mistypes {exc}") from None

    def _call(self, method: str, path: str, body: dict[str, Any], *, key: str | None = None) -> dict[str, Any]:
        headers = {"Idempotency-Key": key} if key else {}
        try:
            response = self._client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise SupplierUnavailableError(f"supplier {self._name}: {type(exc).__name__}: {exc}") from None
        try:
            answer = response.json()
        except ValueError:
            raise self._nonsense(f"HTTP {response.status_code} without JSON") from None
        if not isinstance(answer, dict):
            raise self._nonsense(f"HTTP {response.status_code} answered {type(answer).__name__}")
        if response.is_success:
            return answer
        raise self._refusal(response.status_code, answer)

    def _refusal(self, status: int, answer: dict[str, Any]) -> BangwoError:
        found = answer.get("error")
        error: dict[str, Any] = found if isinstance(found, dict) else {}
        code, message = str(error.get("code", "")), f"supplier {self._name}: {error.get('message', status)}"
        if code == "out_of_stock":
            return OutOfStockError(message, user_message="商家那边已经卖完了")
        if status == 404:
            return NotFoundError(message, user_message="商家那边没有这个商品或订单")
        if status in (409, 410):
            return ConflictError(message, user_message="商家那边的订单状态已经变了，请重新下单")
        if status in (400, 422):
            return InvalidRequestError(message, user_message="商家拒绝了这个请求")
        return SupplierUnavailableError(f"{message} (HTTP {status})")

    def _nonsense(self, detail: str) -> SupplierUnavailableError:
        return SupplierUnavailableError(f"supplier {self._name} answered outside the protocol: {detail}")


def _with_options(body: dict[str, Any], options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The chosen options ({"size": "large", "toppings": ["珍珠"]}) ride along only when there are some."""
    return {**body, "options": dict(options)} if options else body


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{value!r} is not an integer")
    return value


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset")
    return moment
