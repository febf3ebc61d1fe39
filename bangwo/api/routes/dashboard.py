"""The operations dashboard's figures (admin): requests, funnel, orders and GMV, failures, cards, latency."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from prometheus_client import CollectorRegistry, multiprocess

from bangwo.adapters.db import reporting
from bangwo.api.auth import AdminDep
from bangwo.api.deps import ServiceDep
from bangwo.api.metrics import Metrics, multiprocess_dir
from bangwo.api.problem_json import PROBLEM_RESPONSES

router = APIRouter(prefix="/api/dashboard", tags=["dashboard"], responses=PROBLEM_RESPONSES)
LATENCY = "bangwo_http_request_seconds"


@router.get("")
def dashboard(_admin: AdminDep, svc: ServiceDep,
              days: Annotated[int, Query(ge=1, le=90)] = 7) -> dict[str, Any]:
    """Figures from the database for the last ``days`` days, and latency from this service's histogram."""
    app = svc.app
    body = reporting.dashboard(app.engine, now=app.clock.now(), days=days, campaign=app.campaign)
    body["latency"] = latency_by_route(svc.metrics)
    body["definitions"] = {
        "requests": "不是选择、确认、取消这些后续步骤的每条消息",
        "understood": "识别出至少一个业务领域的请求",
        "offered": "给出了可选方案卡片的回合",
        "confirmed": "用户选定方案后生成的订单（待支付）",
        "paid": "支付成功的订单",
        "gmv": "支付成功订单的总价，扣除退款（已退款的订单只计商家保留的手续费）",
        "failures": "未能办成的回合，按所属业务归类（付款失败归入待付订单的业务）",
        "latency": "本服务启动以来各路由的耗时分布（直方图分桶上界）",
    }
    return body


def latency_by_route(metrics: Metrics) -> list[dict[str, Any]]:
    """p50 and p99 per route, as the upper bound of the histogram bucket that holds them (all workers)."""
    registry: CollectorRegistry = metrics.registry
    directory = multiprocess_dir()
    if directory is not None:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    buckets: dict[str, list[tuple[float, float]]] = {}
    for family in registry.collect():
        if family.name != LATENCY:
            continue
        for sample in family.samples:
            if sample.name == f"{LATENCY}_bucket":
                buckets.setdefault(sample.labels["route"], []).append((float(sample.labels["le"]), sample.value))
    return [_quantiles(route, sorted(pairs)) for route, pairs in sorted(buckets.items())]


def _quantiles(route: str, cumulative: list[tuple[float, float]]) -> dict[str, Any]:
    count = cumulative[-1][1] if cumulative else 0.0

    def bound(q: float) -> float | None:
        if count == 0:
            return None
        edge = next(le for le, n in cumulative if n >= q * count)
        return None if edge == float("inf") else round(edge * 1000, 1)

    return {"route": route, "count": int(count), "p50_ms": bound(0.5), "p99_ms": bound(0.99)}
