"""Errors as RFC 9457 problem details (application/problem+json) with a Chinese message; never a trace.

The status of each domain error comes from ``problems.status_of``; the /v1 routes keep their plain JSON
content type (their load generators check it), the /api routes answer ``application/problem+json``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from bangwo.api import problems
from bangwo.domain.errors import BangwoError, UnauthenticatedError

PROBLEM_JSON = "application/problem+json"
API_PREFIX = "/api/"
log = logging.getLogger("bangwo.api")

HTTP_MESSAGES_ZH = {400: "请求有误，请检查后再试", 401: "请先登录", 403: "无权访问", 404: "没有找到对应的内容",
                    405: "不支持这个操作", 406: "不支持这种格式", 409: "情况有变化，请刷新后再试",
                    413: "内容太长了", 415: "请用 JSON 发送", 422: "填写的内容有误，请检查后再试",
                    429: "操作太快了，请稍后再试", 500: "系统出了点问题，请稍后再试", 503: "系统繁忙，请稍后再试"}


class Problem(BaseModel):
    """Every error of /api: RFC 9457 members plus ``error`` (the code) and ``message`` (Chinese, for people)."""

    type: str
    title: str
    status: int
    detail: str
    error: str
    message: str
    retry_after: int | None = None


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": HTTP_MESSAGES_ZH[code]}
    for code in (400, 401, 403, 404, 409)
}


def status_of(exc: BangwoError) -> int:
    """``problems.status_of``, plus 401 for a missing or invalid token."""
    return 401 if isinstance(exc, UnauthenticatedError) else problems.status_of(exc)


def problem(status: int, *, code: str, message: str, retry_after: int | None = None,
            legacy: bool = False) -> Response:
    """The response; ``legacy`` keeps the plain JSON content type of the /v1 routes."""
    body: dict[str, Any] = {"type": f"https://bangwo.dev/problems/{code}", "title": code.replace("_", " "),
                            "status": status, "detail": message, "error": code, "message": message}
    headers = {}
    if retry_after is not None:
        body["retry_after"] = retry_after
        headers["Retry-After"] = str(retry_after)
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="bangwo"'
    return JSONResponse(body, status_code=status, headers=headers,
                        media_type="application/json" if legacy else PROBLEM_JSON)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


async def on_bangwo_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BangwoError)
    status = status_of(exc)
    return problem(status, code=exc.code, message=exc.user_message, retry_after=1 if status == 503 else None,
                   legacy=not _is_api(request))


async def on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if not _is_api(request):
        return await request_validation_exception_handler(request, exc)
    where = "、".join(".".join(str(p) for p in e.get("loc", ())[1:]) or "请求" for e in exc.errors()[:3])
    return problem(422, code="invalid_request", message=f"{HTTP_MESSAGES_ZH[422]}（{where}）")


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if not _is_api(request):
        return await http_exception_handler(request, exc)
    return problem(exc.status_code, code=f"http_{exc.status_code}",
                   message=HTTP_MESSAGES_ZH.get(exc.status_code, "请求没有完成"))


async def on_unexpected(request: Request, exc: Exception) -> Response:
    """A bug: logged with its trace on the server, a polite 500 to the caller."""
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, code="internal", message=HTTP_MESSAGES_ZH[500], legacy=not _is_api(request))


def install(api: FastAPI) -> None:
    """Route every error of the app through the handlers above (replacing the plain BangwoError handler)."""
    api.add_exception_handler(BangwoError, on_bangwo_error)
    api.add_exception_handler(RequestValidationError, on_validation_error)
    api.add_exception_handler(HTTPException, on_http_error)
    api.add_exception_handler(Exception, on_unexpected)
