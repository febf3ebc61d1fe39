"""A supplier's order-status webhooks (Standard Webhooks): verified, applied once per webhook-id.

Answers 2xx to every message it accepted, a replay included (so the sender stops retrying); 401 when the
signature or timestamp does not verify, 400 for a body that is not an order.status message, 404 for an
unknown supplier or an order that supplier does not hold.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from bangwo.api.deps import ServiceDep
from bangwo.domain.errors import BangwoError, InvalidRequestError, NotFoundError, UnauthenticatedError
from bangwo.services import supplying

log = logging.getLogger("bangwo.suppliers.webhooks")

router = APIRouter(prefix="/api/suppliers", tags=["suppliers"])


@router.post("/{supplier}/webhooks")
async def supplier_webhook(supplier: str, request: Request, svc: ServiceDep) -> JSONResponse:
    """Order status from a supplier: fulfilling, issued, delivered, completed, cancelled."""
    app = svc.app
    verifier = app.supplier_webhooks(supplier)
    if verifier is None:
        return _error(404, "unknown_supplier", f"no supplier {supplier!r} takes webhooks here")
    body = await request.body()
    try:
        event = verifier.verify(body, dict(request.headers), now=app.clock.now())
        outcome = await run_in_threadpool(supplying.apply_event, event, uow=app.uow(),
                                          links=app.supplier_orders(), clock=app.clock)
    except UnauthenticatedError as exc:
        log.warning("supplier %s webhook refused: %s", supplier, exc.message)
        return _error(401, exc.code, exc.message)
    except NotFoundError as exc:
        return _error(404, exc.code, exc.message)
    except InvalidRequestError as exc:
        return _error(400, exc.code, exc.message)
    except BangwoError as exc:
        log.warning("supplier %s webhook not applied: %s", supplier, exc.message)
        return _error(409, exc.code, exc.message)
    log.info("supplier %s webhook %s (%s, order %s): %s", supplier, event.webhook_id, event.status.value,
             event.order_id, outcome.value)
    return JSONResponse({"webhook_id": event.webhook_id, "order_id": event.order_id, "outcome": outcome.value})


def _error(status: int, code: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "detail": detail}}, status_code=status)
