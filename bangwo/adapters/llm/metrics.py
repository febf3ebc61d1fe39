"""Token figures as Prometheus metrics (the HTTP service exposes the registry)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram

from bangwo.domain.completions import Usage

TOKEN_BUCKETS = (0, 100, 500, 1000, 2000, 4000, 8000, 16000, 32000)


@dataclass(frozen=True)
class PrometheusMeter:
    """Counts turns per route, tokens per route and kind, and observes tokens per paid order."""

    turns: Counter
    tokens: Counter
    per_order: Histogram

    def turn(self, *, route: str, usage: Usage) -> None:
        self.turns.labels(route=route).inc()
        if usage.prompt_tokens:
            self.tokens.labels(route=route, kind="prompt").inc(usage.prompt_tokens)
        if usage.completion_tokens:
            self.tokens.labels(route=route, kind="completion").inc(usage.completion_tokens)

    def order(self, *, tokens: int) -> None:
        self.per_order.observe(tokens)


_meters: dict[int, PrometheusMeter] = {}
_lock = threading.Lock()


def meter(registry: CollectorRegistry = REGISTRY) -> PrometheusMeter:
    """The meter of a registry, created on first use (metrics may be registered once per registry)."""
    with _lock:
        found = _meters.get(id(registry))
        if found is None:
            found = PrometheusMeter(
                turns=Counter("bangwo_turns", "Conversation requests by route (embedded, planner, fallback)",
                              ["route"], registry=registry),
                tokens=Counter("bangwo_llm_tokens", "LLM tokens spent, by route and kind (prompt, completion)",
                               ["route", "kind"], registry=registry),
                per_order=Histogram("bangwo_llm_tokens_per_order", "LLM tokens spent per paid order",
                                    buckets=TOKEN_BUCKETS, registry=registry))
            _meters[id(registry)] = found
        return found
