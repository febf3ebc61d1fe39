"""The hot routes' orjson answers are byte for byte what FastAPI would send for the same dict."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from bangwo.adapters.db.engine import json_text
from bangwo.api import fast_json
from bangwo.domain.clocks import SHANGHAI


@dataclass
class _Point:
    lat: float
    lng: float


TURN: dict[str, Any] = {
    "reply": "已下单并支付0.01元（免单卡抵扣16.99元），订单号BW1", "awaiting": None,
    "frames": [{"domain": "takeout", "slots": {"item": "珍珠奶茶", "sugar": "少糖", "ice": "少冰"}, "confidence": 0.93}],
    "cards": [{"title": "书香茶·珍珠奶茶(中杯)", "subtotal_fen": 1700, "rating": 4.7, "eta": 28, "tags": ["招牌"],
               "distance_km": 1.25, "left": 10**9, "flags": {"open": True, "sold_out": False}}],
    "orders": [{"id": "BW1", "status": "paid", "total_fen": 1, "quote\"d": "a\\b\n\t\u2028"}],
}
ODD: list[Any] = [
    {"at": datetime(2026, 2, 6, 12, 0, 0, 123456, tzinfo=SHANGHAI)},   # a datetime: FastAPI's isoformat
    {"where": _Point(30.25, 120.16)},                                   # a dataclass
    {1: "a non-str key"},
    {"big": 2**70},
]


@pytest.mark.parametrize("body", [TURN, [TURN, TURN], *ODD])
def test_the_answer_is_the_bytes_fastapi_would_send(body: Any) -> None:
    expected = JSONResponse(jsonable_encoder(body))
    got = fast_json.response(body)
    assert got.body == expected.body
    assert got.media_type == "application/json"
    assert got.status_code == 200


def test_a_json_column_reads_back_the_same_value_and_refuses_what_json_refuses() -> None:
    assert json.loads(json_text(TURN)) == json.loads(json.dumps(TURN))
    assert "珍珠奶茶" in json_text(TURN)   # stored as is, not \\u-escaped
    assert json.loads(json_text({1: "x", "big": 2**70})) == {"1": "x", "big": 2**70}
    with pytest.raises(TypeError):
        json_text({"at": datetime(2026, 2, 6, tzinfo=SHANGHAI)})
