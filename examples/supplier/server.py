"""A reference supplier: the other side of bangwo's Supplier protocol (docs/catalog.md), in one small app.

It keeps its stock in memory, answers quote / hold / confirm / cancel with idempotency keys, and tells bangwo
about order status by Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature ``v1,`` + base64
HMAC-SHA256). Run it:

    python -m examples.supplier.server --port 9100 --webhook-url http://127.0.0.1:8000/api/suppliers/demo/webhooks

The supplier's staff move an order with ``POST /v1/holds/{hold_id}/status`` (fulfilling, issued, delivered,
completed, cancelled); every move is signed and delivered to the webhook URL at once, and
``POST /v1/webhooks/{webhook_id}/redeliver`` sends the same message again (a retry, same id and signature).

Options chosen for an item (``{"size": "large", "toppings": ["珍珠"]}``) are priced by the item's ``extras``
("size:large" -> fen per unit). Tests read ``state.calls`` (what bangwo asked, in order) and set ``state.down``
(every call answers 503, as during maintenance).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse
from standardwebhooks.webhooks import Webhook

HOLD_MINUTES = 15
QUOTE_MINUTES = 5
MOVES = {"fulfilling", "issued", "delivered", "completed", "cancelled"}
# the add-ons of examples/catalog/teashop.json's 桂花乌龙奶茶, priced as that file prices them
EXTRAS = {"size:large": 300, "toppings:珍珠": 100, "toppings:芋圆": 200}


@dataclass
class Item:
    price_fen: int
    units: int
    extras: dict[str, int] = field(default_factory=dict)   # "size:large" -> fen added per unit

    def unit_price(self, options: Any) -> int | None:
        """The price of one unit with ``options`` ({"size": "large", "toppings": ["珍珠"]}); None: not valid."""
        if options is None:
            return self.price_fen
        if not isinstance(options, dict):
            return None
        price = self.price_fen
        for group, chosen in options.items():
            for code in chosen if isinstance(chosen, list) else [chosen]:
                price += self.extras.get(f"{group}:{code}", 0)
        return price


@dataclass
class Hold:
    hold_id: str
    order_id: str
    item: str
    quantity: int
    total_fen: int
    status: str
    expires_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"hold_id": self.hold_id, "order_id": self.order_id, "item": self.item, "quantity": self.quantity,
                "total_fen": self.total_fen, "status": self.status, "expires_at": self.expires_at.isoformat()}


@dataclass
class Supplier:
    """Everything the supplier knows; one lock keeps it consistent across the server's threads."""

    items: dict[str, Item]
    clock: Callable[[], datetime]
    holds: dict[str, Hold] = field(default_factory=dict)
    answers: dict[str, tuple[str, int, dict[str, Any]]] = field(default_factory=dict)   # key -> (request, status, body)
    sent: dict[str, tuple[dict[str, str], bytes]] = field(default_factory=dict)          # webhook id -> message
    lock: threading.Lock = field(default_factory=threading.Lock)
    calls: list[tuple[str, str]] = field(default_factory=list)   # (verb, item or hold id), in order received
    down: bool = False                                          # answer 503 to everything (maintenance)


def create_app(*, api_key: str, webhook_secret: str, webhook_url: str | None, items: dict[str, Item],
               clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> FastAPI:
    """The supplier's HTTP API; ``clock`` stamps quotes, holds and webhooks (tests share bangwo's)."""
    state = Supplier(items=items, clock=clock)
    hook = Webhook(webhook_secret)
    api = FastAPI(title="reference supplier")
    api.state.supplier = state

    @api.middleware("http")
    async def bearer(request: Request, call_next: Callable[[Request], Any]) -> Any:
        if request.headers.get("authorization") != f"Bearer {api_key}":
            return _error(401, "unauthorized", "a valid bearer key is required")
        return await call_next(request)

    @api.post("/v1/quotes")
    def quote(body: dict[str, Any]) -> JSONResponse:
        name, quantity = body.get("item"), body.get("quantity")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            return _error(422, "bad_quantity", "quantity must be a whole number from 1")
        with state.lock:
            state.calls.append(("quote", str(name)))
            if state.down:
                return _error(503, "unavailable", "the supplier is down for maintenance")
            item = state.items.get(str(name))
            if item is None:
                return _error(404, "unknown_item", f"no item {name!r}")
            unit = item.unit_price(body.get("options"))
            if unit is None:
                return _error(422, "bad_options", "options must be an object")
            quote_id = "q_" + secrets.token_hex(8)
            expires = state.clock() + timedelta(minutes=QUOTE_MINUTES)
            return JSONResponse({"quote_id": quote_id, "item": name, "quantity": quantity,
                                 "unit_price_fen": unit, "total_fen": unit * quantity,
                                 "available": item.units, "expires_at": expires.isoformat()})

    @api.post("/v1/holds")
    def hold(body: dict[str, Any], key: str = Header("", alias="Idempotency-Key")) -> JSONResponse:
        def act() -> tuple[int, dict[str, Any]]:
            name, quantity, total = body.get("item"), body.get("quantity"), body.get("total_fen")
            item = state.items.get(str(name))
            if item is None:
                return 404, _problem("unknown_item", f"no item {name!r}")
            if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
                return 422, _problem("bad_quantity", "quantity must be a whole number from 1")
            unit = item.unit_price(body.get("options"))
            if unit is None:
                return 422, _problem("bad_options", "options must be an object")
            if total != unit * quantity:
                return 409, _problem("price_changed", f"{quantity} x {name} costs {unit * quantity} fen")
            if item.units < quantity:
                return 409, _problem("out_of_stock", f"only {item.units} left")
            item.units -= quantity
            held = Hold("h_" + secrets.token_hex(8), str(body.get("order_id")), str(name), quantity,
                        unit * quantity, "held", state.clock() + timedelta(minutes=HOLD_MINUTES))
            state.holds[held.hold_id] = held
            return 201, held.to_json()
        return _once(state, key, "hold", body, act)

    @api.post("/v1/holds/{hold_id}/confirm")
    def confirm(hold_id: str, key: str = Header("", alias="Idempotency-Key")) -> JSONResponse:
        def act() -> tuple[int, dict[str, Any]]:
            held = state.holds.get(hold_id)
            if held is None:
                return 404, _problem("unknown_hold", "no such hold")
            if held.status == "held" and state.clock() >= held.expires_at:
                _release(state, held, "expired")
            if held.status != "held":
                return 409, _problem("not_held", f"the hold is {held.status}")
            held.status = "confirmed"
            return 200, held.to_json()
        return _once(state, key, f"confirm:{hold_id}", {}, act)

    @api.post("/v1/holds/{hold_id}/cancel")
    def cancel(hold_id: str, key: str = Header("", alias="Idempotency-Key")) -> JSONResponse:
        def act() -> tuple[int, dict[str, Any]]:
            held = state.holds.get(hold_id)
            if held is None:
                return 404, _problem("unknown_hold", "no such hold")
            if held.status not in ("held", "confirmed", "cancelled"):
                return 409, _problem("too_late", f"the order is already {held.status}")
            if held.status != "cancelled":
                _release(state, held, "cancelled")
            return 200, held.to_json()
        return _once(state, key, f"cancel:{hold_id}", {}, act)

    @api.get("/v1/holds/{hold_id}")
    def read(hold_id: str) -> JSONResponse:
        with state.lock:
            held = state.holds.get(hold_id)
            return JSONResponse(held.to_json()) if held else _error(404, "unknown_hold", "no such hold")

    @api.post("/v1/holds/{hold_id}/status")
    def move(hold_id: str, body: dict[str, Any]) -> JSONResponse:
        """The supplier's staff report progress; bangwo hears it by signed webhook."""
        status = str(body.get("status"))
        with state.lock:
            held = state.holds.get(hold_id)
            if held is None:
                return _error(404, "unknown_hold", "no such hold")
            if status not in MOVES:
                return _error(422, "bad_status", f"status is one of {sorted(MOVES)}")
            if status == "cancelled" and held.status in ("held", "confirmed"):
                _release(state, held, "cancelled")
            else:
                held.status = status
            webhook_id = "msg_" + secrets.token_hex(12)
            message = json.dumps({"type": "order.status", "timestamp": state.clock().isoformat(),
                                  "data": {"hold_id": held.hold_id, "order_id": held.order_id, "status": status}},
                                 separators=(",", ":")).encode()
            at = state.clock()
            headers = {"webhook-id": webhook_id, "webhook-timestamp": str(int(at.timestamp())),
                       "webhook-signature": hook.sign(webhook_id, at, message),
                       "content-type": "application/json"}
            state.sent[webhook_id] = (headers, message)
        return JSONResponse({"webhook_id": webhook_id, "delivery": _deliver(webhook_url, headers, message)})

    @api.post("/v1/webhooks/{webhook_id}/redeliver")
    def redeliver(webhook_id: str) -> JSONResponse:
        with state.lock:
            found = state.sent.get(webhook_id)
        if found is None:
            return _error(404, "unknown_webhook", "no such webhook")
        return JSONResponse({"webhook_id": webhook_id, "delivery": _deliver(webhook_url, *found)})

    return api


def _once(state: Supplier, key: str, scope: str, body: dict[str, Any],
          act: Callable[[], tuple[int, dict[str, Any]]]) -> JSONResponse:
    """Run ``act`` once per idempotency key; a retry gets the first answer, other content under it a 422."""
    if not key:
        return _error(400, "idempotency_key_required", "send an Idempotency-Key header")
    fingerprint = hashlib.sha256(json.dumps([scope, body], sort_keys=True).encode()).hexdigest()
    with state.lock:
        verb, _, target = scope.partition(":")
        state.calls.append((verb, target or str(body.get("item"))))
        if state.down:
            return _error(503, "unavailable", "the supplier is down for maintenance")
        if key in state.answers:
            first, status, answer = state.answers[key]
            if first != fingerprint:
                return _error(422, "idempotency_key_reused", "this key was used for another request")
            return JSONResponse(answer, status_code=status)
        status, answer = act()
        if status < 500:
            state.answers[key] = (fingerprint, status, answer)
        return JSONResponse(answer, status_code=status)


def _release(state: Supplier, held: Hold, status: str) -> None:
    state.items[held.item].units += held.quantity
    held.status = status


def _deliver(url: str | None, headers: dict[str, str], message: bytes) -> dict[str, Any]:
    if url is None:
        return {"status": None, "error": "no webhook URL"}
    try:
        answer = httpx.post(url, content=message, headers=headers, timeout=10)
    except httpx.HTTPError as exc:
        return {"status": None, "error": f"{type(exc).__name__}: {exc}"}
    try:
        body: Any = answer.json()
    except ValueError:
        body = answer.text
    return {"status": answer.status_code, "body": body}


def _problem(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(_problem(code, message), status_code=status)


def new_secret() -> str:
    """A webhook secret in the Standard Webhooks form: ``whsec_`` + base64 of 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--api-key", default="supplier-demo-key")
    parser.add_argument("--webhook-secret", default=None, help="whsec_...; a new one is printed when absent")
    parser.add_argument("--webhook-url", default=None)
    args = parser.parse_args()
    secret = args.webhook_secret or new_secret()
    print(f"webhook secret: {secret}")
    items = {"shancha-osmanthus-oolong": Item(1400, 50, EXTRAS), "shancha-jasmine-lemon": Item(1200, 30)}
    uvicorn.run(create_app(api_key=args.api_key, webhook_secret=secret, webhook_url=args.webhook_url, items=items),
                host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
