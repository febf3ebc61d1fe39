"""Train the weigher from labelled sentences (the development set and template sentences); calibrate it.

``train`` fits the weights (softmax over domains, logistic for ``info``) by stochastic gradient descent in
a fixed order, so the same data give the same weights. ``calibrate`` fits two numbers (Platt scaling) and
the routing threshold on a held-out file as a whole: only whether each reading was right is used.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bangwo.understanding import asking, evidence, templates
from bangwo.understanding.linear import DOMAINS, Calibration, LinearModel, softmax
from bangwo.understanding.pieces import Piece
from bangwo.understanding.readings import Reading

MIN_COUNT = 3
PRUNE = 0.1
# The share of readings kept on the embedded path with the wrong domain that the threshold allows; when no
# threshold reaches it, a reading kept with the wrong domain costs as much as WRONG_COST readings routed.
TARGET_CONFIDENTLY_WRONG = 0.01
WRONG_COST = 8
BUSINESS = frozenset(DOMAINS) - {"account", "chat"}


class Reads(Protocol):
    """What training needs of the engine: its normalizer and piece builder, and whole readings."""

    def piece_of(self, text: str, now: datetime) -> Piece: ...
    def understand(self, text: str, *, now: datetime) -> Any: ...


@dataclass(frozen=True)
class Example:
    """The features of one sentence, its domain, and whether it asks (None: no evidence for intent)."""

    features: tuple[str, ...]
    domain: str
    info: bool | None


def examples(engine: Reads, items: Iterable[Mapping[str, Any]],
             samples: Iterable[templates.Sample]) -> list[Example]:
    """Labelled items (first frame; items naming several domains are left out) and template samples."""
    out: list[Example] = []
    for item in items:
        frames = item["frames"]
        if len({f["domain"] for f in frames}) != 1:
            continue
        text, first = str(item["text"]), frames[0]
        piece = engine.piece_of(text, datetime.fromisoformat(str(item["now"])))
        info: bool | None = first["intent"] == "info"
        if first["domain"] not in BUSINESS or (not info and asking.ask_of(piece.text) is not None):
            info = None  # labelled before intent info existed: a question then counted as an order
        out.append(Example(tuple(evidence.features(piece)), str(first["domain"]), info))
    now = datetime.fromisoformat("2026-02-06T12:00:00+08:00")
    for sample in samples:
        piece = engine.piece_of(sample.text, now)
        info = sample.intent == "info" if sample.domain in BUSINESS else None
        out.append(Example(tuple(evidence.features(piece)), sample.domain, info))
    return out


def train(data: Sequence[Example], *, epochs: int = 12, rate: float = 0.2, seed: int = 11) -> LinearModel:
    """Fit the weights by SGD (AdaGrad steps) over features seen at least MIN_COUNT times."""
    counts = Counter(f for ex in data for f in set(ex.features))
    kept = [tuple(f for f in ex.features if counts[f] >= MIN_COUNT) for ex in data]
    domain_w: dict[str, dict[str, float]] = {}
    info_w: dict[str, float] = {}
    squares: dict[tuple[str, str], float] = {}
    order = list(range(len(data)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            _step_domain(domain_w, squares, kept[i], data[i].domain, rate)
            if data[i].info is not None:
                _step_info(info_w, squares, kept[i], bool(data[i].info), rate)
    domain_w = {f: _centred(ws) for f, ws in domain_w.items()}
    return LinearModel(domain_weights={f: ws for f, ws in domain_w.items() if ws},
                       info_weights={f: round(w, 3) for f, w in info_w.items() if abs(w) >= PRUNE})


def _centred(weights: Mapping[str, float]) -> dict[str, float]:
    """A feature's weights less their median: the softmax is the same, and most weights become ~0 to prune."""
    full = [weights.get(d, 0.0) for d in DOMAINS]
    middle = statistics.median(full)
    return {d: round(w - middle, 3) for d, w in zip(DOMAINS, full, strict=True) if abs(w - middle) >= PRUNE}


def _step(squares: dict[tuple[str, str], float], key: tuple[str, str], gradient: float, rate: float) -> float:
    squares[key] = squares.get(key, 0.0) + gradient * gradient
    return rate * gradient / math.sqrt(squares[key] + 1e-8)


def _step_domain(weights: dict[str, dict[str, float]], squares: dict[tuple[str, str], float],
                 features: Sequence[str], domain: str, rate: float) -> None:
    scores = dict.fromkeys(DOMAINS, 0.0)
    for f in features:
        for d, w in weights.get(f, {}).items():
            scores[d] += w
    probs = softmax(scores)
    for f in features:
        row = weights.setdefault(f, {})
        for d in DOMAINS:
            gradient = probs[d] - (1.0 if d == domain else 0.0)
            if abs(gradient) > 1e-4:
                row[d] = row.get(d, 0.0) - _step(squares, (f, d), gradient, rate)


def _step_info(weights: dict[str, float], squares: dict[tuple[str, str], float], features: Sequence[str],
               info: bool, rate: float) -> None:
    z = sum(weights.get(f, 0.0) for f in features)
    p = 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))
    gradient = p - (1.0 if info else 0.0)
    for f in features:
        weights[f] = weights.get(f, 0.0) - _step(squares, (f, "info"), gradient, rate)


@dataclass(frozen=True)
class Outcome:
    """One held-out item as read: the raw confidence of its first frame and whether the reading was right."""

    raw: float
    domain_ok: bool
    reading_ok: bool


def outcomes(engine: Reads, items: Iterable[Mapping[str, Any]]) -> list[Outcome]:
    """Read every item; only the first frame's confidence and two right/wrong flags are kept."""
    out = []
    for item in items:
        frames = engine.understand(str(item["text"]), now=datetime.fromisoformat(str(item["now"]))).frames
        expected, got = item["frames"][0], frames[0]
        domain_ok = got.domain == expected["domain"]
        raw = got.raw if isinstance(got, Reading) else 1.0
        out.append(Outcome(raw, domain_ok, domain_ok and got.intent == expected["intent"]))
    return out


def calibrate(found: Sequence[Outcome]) -> Calibration:
    """Platt scaling of the raw confidences on whether the domain was right, then the lowest threshold that
    keeps the readings wrong in domain yet kept at or below TARGET_CONFIDENTLY_WRONG (else the cheapest)."""
    a, b = 1.0, 0.0
    clipped = [min(max(o.raw, 1e-6), 1 - 1e-6) for o in found]
    logits = [math.log(p / (1 - p)) for p in clipped]
    for _ in range(2000):
        ga = gb = 0.0
        for x, o in zip(logits, found, strict=True):
            p = 1 / (1 + math.exp(-max(min(a * x + b, 30.0), -30.0)))
            error = p - (1.0 if o.domain_ok else 0.0)
            ga, gb = ga + error * x, gb + error
        a, b = a - 0.5 * ga / len(found), b - 0.5 * gb / len(found)
    calibration = Calibration(a, b, 0.5)
    steps = {round(0.05 * k, 2) for k in range(2, 20)}
    candidates = sorted(steps | {calibration.confidence(o.raw) for o in found})
    within = [t for t in candidates if _confidently_wrong(found, calibration, t) <= TARGET_CONFIDENTLY_WRONG]
    threshold = min(within) if within else min(candidates, key=lambda t: _cost(found, calibration, t))
    return Calibration(a, b, round(threshold, 4))


def _confidently_wrong(found: Sequence[Outcome], calibration: Calibration, threshold: float) -> float:
    return sum(not o.domain_ok and calibration.confidence(o.raw) >= threshold for o in found) / len(found)


def _cost(found: Sequence[Outcome], calibration: Calibration, threshold: float) -> float:
    """Readings routed to the planner, plus WRONG_COST per reading wrong in domain yet kept."""
    confidences = [calibration.confidence(o.raw) for o in found]
    routed = sum(c < threshold for c in confidences)
    wrong = sum(c >= threshold and not o.domain_ok for c, o in zip(confidences, found, strict=True))
    return (routed + WRONG_COST * wrong) / len(found)
