"""A small linear model over named features: softmax over the domains, a logistic for intent ``info``.

Weights live in ``data/weigher.json`` (made by ``bangwo train understand``); a calibration maps the raw
probability of a reading to a confidence (Platt scaling fitted on held-out data as a whole).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

DOMAINS: tuple[str, ...] = ("takeout", "grocery", "shopping", "movie", "flight", "train", "hotel",
                            "attraction", "taxi", "recharge", "account", "chat")
WEIGHTS_FILE = "weigher.json"


@dataclass(frozen=True)
class Calibration:
    """confidence = sigmoid(a * logit(raw) + b); readings below ``threshold`` go to the LLM planner."""

    a: float = 1.0
    b: float = 0.0
    threshold: float = 0.5

    def confidence(self, raw: float) -> float:
        raw = min(max(raw, 1e-6), 1 - 1e-6)
        return _sigmoid(self.a * math.log(raw / (1 - raw)) + self.b)


@dataclass
class LinearModel:
    """Per feature, a weight per domain (softmax) and a weight for ``info`` (logistic)."""

    domain_weights: dict[str, dict[str, float]] = field(default_factory=dict)
    info_weights: dict[str, float] = field(default_factory=dict)
    calibration: Calibration = field(default_factory=Calibration)

    def domain_scores(self, features: Sequence[str]) -> dict[str, float]:
        scores = dict.fromkeys(DOMAINS, 0.0)
        for feature in features:
            for domain, weight in self.domain_weights.get(feature, {}).items():
                scores[domain] += weight
        return scores

    def domain_probabilities(self, features: Sequence[str]) -> dict[str, float]:
        return softmax(self.domain_scores(features))

    def info_probability(self, features: Sequence[str]) -> float:
        return _sigmoid(sum(self.info_weights.get(f, 0.0) for f in features))

    def to_json(self) -> dict[str, object]:
        c = self.calibration
        return {"domains": list(DOMAINS), "calibration": {"a": c.a, "b": c.b, "threshold": c.threshold},
                "domain_weights": {f: {d: round(w, 4) for d, w in ws.items()}
                                   for f, ws in self.domain_weights.items()},
                "info_weights": {f: round(w, 4) for f, w in self.info_weights.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> LinearModel:
        c = _mapping(data.get("calibration"))
        rows = _mapping(data.get("domain_weights"))
        return cls(
            domain_weights={str(f): {str(d): float(w) for d, w in _mapping(ws).items()} for f, ws in rows.items()},
            info_weights={str(f): float(w) for f, w in _mapping(data.get("info_weights")).items()},
            calibration=Calibration(float(c.get("a", 1.0)), float(c.get("b", 0.0)),
                                    float(c.get("threshold", 0.5))))


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def softmax(scores: Mapping[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exps = {d: math.exp(s - top) for d, s in scores.items()}
    total = sum(exps.values())
    return {d: e / total for d, e in exps.items()}


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


def packaged_path() -> Path:
    """Where the shipped weights live (in the package, next to this module)."""
    return Path(str(resources.files("bangwo.understanding").joinpath("data", WEIGHTS_FILE)))


def load(path: Path | None = None) -> LinearModel:
    """Read weights (the shipped ones by default); an absent file gives an empty, uncalibrated model."""
    source = path or packaged_path()
    if not source.is_file():
        return LinearModel()
    with source.open(encoding="utf-8") as handle:
        return LinearModel.from_json(json.load(handle))


def save(model: LinearModel, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        json.dump(model.to_json(), handle, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        handle.write("\n")
