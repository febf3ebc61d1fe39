"""JSON answers of the hot routes encoded once by orjson, without FastAPI's jsonable_encoder pass.

A route that returns a dict makes FastAPI walk it with ``jsonable_encoder`` and then ``json.dumps`` it: for a chat
turn (cards, offers, orders) that is about 0.1 ms of CPU per turn, 50 times what orjson takes to encode the same
plain dict (docs/benchmarks.md, "Issue 16, continued: CPU per one-sentence order"). The bodies are plain JSON
(str keys, str/int/float/bool/None, lists, dicts); anything else (a datetime or dataclass, left to FastAPI so its
format stays, a non-str key, an int beyond 64 bits, an unknown type) takes FastAPI's own way, so the answer never
changes shape.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

_PLAIN_ONLY = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS   # these raise TypeError here


def response(body: Any, *, status_code: int = 200) -> Response:
    """``body`` as ``application/json``, the same JSON a dict returned from the route would give."""
    try:
        content = orjson.dumps(body, option=_PLAIN_ONLY)
    except TypeError:
        return JSONResponse(jsonable_encoder(body), status_code=status_code)
    return Response(content, status_code=status_code, media_type="application/json")
