"""Score the engine on labelled utterances: domain, intent, slot P/R/F1 and exact frames, per domain;
and its confidence: the share of readings routed to the LLM planner, the share confidently wrong (wrong
domain while the reading stays on the embedded path) and the calibration error."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from bangwo.domain.frames import ProfileDefaults
from bangwo.understanding.parse import Understanding
from bangwo.understanding.readings import confidence_of

BINS = 10


class Understands(Protocol):
    def understand(self, text: str, *, now: datetime, profile: ProfileDefaults | None = None) -> Understanding: ...

    @property
    def threshold(self) -> float: ...


@dataclass
class DomainScore:
    """Counts for one domain (the domain of an item's first expected frame)."""

    items: int = 0
    domain_ok: int = 0
    intent_ok: int = 0
    exact_ok: int = 0
    slot_tp: int = 0
    slot_fp: int = 0
    slot_fn: int = 0

    @property
    def precision(self) -> float:
        return self.slot_tp / (self.slot_tp + self.slot_fp) if self.slot_tp + self.slot_fp else 1.0

    @property
    def recall(self) -> float:
        return self.slot_tp / (self.slot_tp + self.slot_fn) if self.slot_tp + self.slot_fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: DomainScore) -> None:
        for name in ("items", "domain_ok", "intent_ok", "exact_ok", "slot_tp", "slot_fp", "slot_fn"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_json(self) -> dict[str, Any]:
        n = self.items or 1
        return {"items": self.items, "domain_accuracy": self.domain_ok / n, "intent_accuracy": self.intent_ok / n,
                "exact_frame_accuracy": self.exact_ok / n, "slot_precision": self.precision,
                "slot_recall": self.recall, "slot_f1": self.f1}


@dataclass
class Failure:
    """An item whose frames differ from the labels."""

    id: str
    text: str
    expected: list[dict[str, Any]]
    got: list[dict[str, Any]]


@dataclass
class Routing:
    """How the confidence splits the readings: routed to the planner, or kept and wrong in domain."""

    threshold: float = 0.5
    items: int = 0
    routed: int = 0
    confidently_wrong: int = 0
    bins: list[tuple[int, float, int]] = field(default_factory=lambda: [(0, 0.0, 0) for _ in range(BINS)])

    def add(self, confidences: list[float], *, domain_ok: bool, reading_ok: bool) -> None:
        self.items += 1
        kept = bool(confidences) and min(confidences) >= self.threshold
        self.routed += not kept
        self.confidently_wrong += kept and not domain_ok
        first = confidences[0] if confidences else 0.0
        k = min(BINS - 1, int(first * BINS))
        n, total, right = self.bins[k]
        self.bins[k] = (n + 1, total + first, right + reading_ok)

    @property
    def calibration_error(self) -> float:
        """Expected calibration error of the first frame's confidence (10 bins, weighted by items)."""
        n = self.items or 1
        gaps = (abs(total / count - right / count) * count for count, total, right in self.bins if count)
        return sum(gaps) / n

    def to_json(self) -> dict[str, Any]:
        n = self.items or 1
        return {"threshold": self.threshold, "routed_share": self.routed / n,
                "confidently_wrong_rate": self.confidently_wrong / n,
                "calibration_error": self.calibration_error}


@dataclass
class EvalReport:
    """Scores per domain, the overall score, the routing figures and every failure."""

    per_domain: dict[str, DomainScore] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    routing: Routing = field(default_factory=Routing)
    differences: dict[str, int] = field(default_factory=dict)

    @property
    def overall(self) -> DomainScore:
        total = DomainScore()
        for score in self.per_domain.values():
            total.add(score)
        return total

    def to_json(self) -> dict[str, Any]:
        return {"overall": self.overall.to_json(), "routing": self.routing.to_json(),
                "per_domain": {d: s.to_json() for d, s in sorted(self.per_domain.items())},
                "differences": dict(sorted(self.differences.items(), key=lambda kv: (-kv[1], kv[0]))),
                "failures": [f.__dict__ for f in self.failures]}


def _slot_set(frames: Iterable[Mapping[str, Any]]) -> set[tuple[int, str, str, str]]:
    return {(i, str(f["domain"]), name, json.dumps(value, ensure_ascii=False, sort_keys=True))
            for i, f in enumerate(frames) for name, value in dict(f.get("slots", {})).items()}


def _plain(frames: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"domain": f["domain"], "intent": f["intent"], "slots": dict(f.get("slots", {}))} for f in frames]


def score_item(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> DomainScore:
    """Score one item: first-frame domain and intent, slots matched by frame position, exact frames."""
    score = DomainScore(items=1)
    first_exp, first_got = expected[0], got[0] if got else {"domain": "", "intent": ""}
    score.domain_ok = int(first_exp["domain"] == first_got["domain"])
    score.intent_ok = int(score.domain_ok and first_exp["intent"] == first_got["intent"])
    score.exact_ok = int(_plain(expected) == _plain(got))
    exp_slots, got_slots = _slot_set(expected), _slot_set(got)
    score.slot_tp = len(exp_slots & got_slots)
    score.slot_fp = len(got_slots - exp_slots)
    score.slot_fn = len(exp_slots - got_slots)
    return score


def differences(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[str]:
    """What differs between the labels and the reading, as counts-only keys: ``domain a->b``, ``intent
    a.x->a.y``, ``frames 1->2``, and per slot of frames matched by position ``slot d.name missing|extra|
    wrong``. Safe to report on a held-out set: it names classes, never items."""
    out: list[str] = []
    if len(expected) != len(got):
        out.append(f"frames {len(expected)}->{len(got)}")
    for exp, frame in zip(expected, got, strict=False):  # frames beyond the shorter list: counted above
        if exp["domain"] != frame["domain"]:
            out.append(f"domain {exp['domain']}->{frame['domain']}")
            continue
        if exp["intent"] != frame["intent"]:
            out.append(f"intent {exp['domain']}.{exp['intent']}->{frame['intent']}")
        want, have = exp.get("slots", {}), frame.get("slots", {})
        for name in sorted(set(want) | set(have)):
            if name not in have:
                out.append(f"slot {exp['domain']}.{name} missing")
            elif name not in want:
                out.append(f"slot {exp['domain']}.{name} extra")
            elif want[name] != have[name]:
                out.append(f"slot {exp['domain']}.{name} wrong")
    return out


def evaluate(engine: Understands, items: Iterable[Mapping[str, Any]]) -> EvalReport:
    """Run the engine on labelled items (``text``, ``now``, ``frames``) and score it."""
    report = EvalReport(routing=Routing(threshold=engine.threshold))
    for item in items:
        now = datetime.fromisoformat(str(item["now"]))
        understanding = engine.understand(str(item["text"]), now=now)
        got = _plain(f.to_json() for f in understanding.frames)
        expected = _plain(item["frames"])
        score = score_item(expected, got)
        report.routing.add([confidence_of(f) for f in understanding.frames], domain_ok=bool(score.domain_ok),
                           reading_ok=bool(score.intent_ok))
        report.per_domain.setdefault(expected[0]["domain"], DomainScore()).add(score)
        if not score.exact_ok:
            for key in differences(expected, got):
                report.differences[key] = report.differences.get(key, 0) + 1
            report.failures.append(Failure(str(item.get("id", "")), str(item["text"]), expected, got))
    return report


def load_items(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines file of labelled utterances."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class DomainTally:
    """Right / all of one group of a domain-only file."""

    right: int = 0
    items: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.items if self.items else 0.0


def evaluate_domains(engine: Understands, items: Iterable[Mapping[str, Any]], *, split: str | None = None,
                     now: datetime | None = None, only_kinds: Iterable[str] | None = None,
                     failures: int = 0) -> dict[str, Any]:
    """Domain accuracy of the first frame on domain-only items (``text``, ``domain``, optional ``kind`` and
    ``split``), overall, per kind, per domain, with the most frequent confusions (expected -> got) and, when
    ``failures`` > 0, the first misses (id, kind, text, expected, got) to read classes from (a split meant for
    that, never a test split)."""
    when = now or datetime.fromisoformat("2026-02-06T12:00:00+08:00")
    overall = DomainTally()
    kinds: dict[str, DomainTally] = {}
    domains: dict[str, DomainTally] = {}
    confusions: dict[str, int] = {}
    wanted = set(only_kinds) if only_kinds else None  # none given: every kind
    misses: list[dict[str, str]] = []
    for item in items:
        if split is not None and item.get("split") != split:
            continue
        if wanted is not None and str(item.get("kind", "all")) not in wanted:
            continue
        frames = engine.understand(str(item["text"]), now=when).frames
        got = frames[0].domain if frames else "chat"
        expected = str(item["domain"])
        ok = int(got == expected)
        for tally in (overall, kinds.setdefault(str(item.get("kind", "all")), DomainTally()),
                      domains.setdefault(expected, DomainTally())):
            tally.right += ok
            tally.items += 1
        if not ok:
            key = f"{expected} -> {got}"
            confusions[key] = confusions.get(key, 0) + 1
            if len(misses) < failures:
                misses.append({"id": str(item.get("id", "")), "kind": str(item.get("kind", "all")),
                               "text": str(item["text"]), "expected": expected, "got": got})
    def table(tallies: Mapping[str, DomainTally]) -> dict[str, Any]:
        return {k: {"items": t.items, "accuracy": round(t.accuracy, 4)} for k, t in sorted(tallies.items())}
    return {"items": overall.items, "accuracy": round(overall.accuracy, 4), "per_kind": table(kinds),
            "per_domain": table(domains),
            "confusions": dict(sorted(confusions.items(), key=lambda kv: -kv[1])[:12]), "failures": misses}


def evaluate_slots(engine: Understands, items: Iterable[Mapping[str, Any]], *, split: str | None = None,
                   now: datetime | None = None, only_kinds: Iterable[str] | None = None,
                   failures: int = 0) -> dict[str, Any]:
    """Slot values read from public text (``text``, ``domain``, ``slots``: values said verbatim in the text, e.g.
    a sight's name or a ride's ends), per ``domain.slot``, overall and per kind. A value counts as read when a
    frame of the item's domain holds it under that slot, compared after NFKC (（）and () alike); for a name, also
    when a frame holds it as ``near`` (LABELING.md: 故宫周边有什么酒店 is a hotel search near 故宫), counted apart
    as ``as_near``. ``failures`` > 0 lists the first misses (read them on val only)."""
    when = now or datetime.fromisoformat("2026-02-06T12:00:00+08:00")
    wanted = set(only_kinds) if only_kinds else None
    per_slot: dict[str, DomainTally] = {}
    per_kind: dict[str, DomainTally] = {}
    as_near = 0
    overall = DomainTally()
    misses: list[dict[str, Any]] = []
    for item in items:
        if split is not None and item.get("split") != split:
            continue
        kind = str(item.get("kind", "all"))
        if wanted is not None and kind not in wanted:
            continue
        frames = [f.to_json() for f in engine.understand(str(item["text"]), now=when).frames]
        own = [f["slots"] for f in frames if f["domain"] == item["domain"]]
        for name, value in dict(item["slots"]).items():
            want = _nfkc(value)
            ok = any(_nfkc(s.get(name)) == want for s in own)
            near = not ok and name == "name" and any(_nfkc(f["slots"].get("near")) == want for f in frames)
            as_near += near
            ok = ok or near
            for tally in (overall, per_slot.setdefault(f"{item['domain']}.{name}", DomainTally()),
                          per_kind.setdefault(kind, DomainTally())):
                tally.right += ok
                tally.items += 1
            if not ok and len(misses) < failures:
                misses.append({"id": str(item.get("id", "")), "kind": kind, "text": str(item["text"]),
                               "slot": name, "expected": value, "got": frames})

    def table(tallies: Mapping[str, DomainTally]) -> dict[str, Any]:
        return {k: {"items": t.items, "accuracy": round(t.accuracy, 4)} for k, t in sorted(tallies.items())}
    return {"values": overall.items, "accuracy": round(overall.accuracy, 4), "as_near": as_near,
            "per_slot": table(per_slot), "per_kind": table(per_kind), "failures": misses}


def _nfkc(value: Any) -> str | None:
    return unicodedata.normalize("NFKC", value) if isinstance(value, str) else None
