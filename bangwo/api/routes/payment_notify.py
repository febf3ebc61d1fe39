"""Asynchronous payment notifications: Alipay posts a signed form; a verified one is applied exactly once.

Alipay retries (up to 8 times over about 25 hours) until the answer is exactly ``success``; a notification
that fails verification, names a trade we never opened or another amount is answered ``failure`` and
logged, and changes nothing.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from bangwo.api.deps import ServiceDep
from bangwo.domain.errors import BangwoError
from bangwo.services import paying

log = logging.getLogger("bangwo.payments.notify")

router = APIRouter(prefix="/api/payments", tags=["payments"], include_in_schema=True)


@router.post("/alipay/notify", response_class=PlainTextResponse)
async def alipay_notify(request: Request, svc: ServiceDep) -> PlainTextResponse:
    """Alipay's 异步通知 (application/x-www-form-urlencoded, UTF-8): answers ``success`` once applied."""
    app = svc.app
    if app.settings.payment_gateway != "alipay":
        return PlainTextResponse("not found", status_code=404)
    body = await request.body()
    try:
        form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True))
    except (UnicodeDecodeError, ValueError):
        log.warning("alipay notify: a body that is not a UTF-8 form (%d bytes) refused", len(body))
        return PlainTextResponse("failure", status_code=400)
    try:
        notice = app.gateway.verify_notice(form)
    except BangwoError as exc:
        log.warning("alipay notify refused: %s (from %s)", exc.message, request.client.host if request.client else "?")
        return PlainTextResponse("failure", status_code=400)
    try:
        outcome = await run_in_threadpool(paying.apply_notice, notice, uow=app.uow(), clock=app.clock,
                                          topups=app.topups())
    except BangwoError as exc:
        log.warning("alipay notify %s (notify_id %s) not applied: %s", notice.reference, notice.notify_id,
                    exc.message)
        return PlainTextResponse("failure", status_code=400)
    log.info("alipay notify %s (notify_id %s, %s): %s", notice.reference, notice.notify_id, notice.status.value,
             outcome.value)
    return PlainTextResponse("success")
