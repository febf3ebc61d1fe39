"""Frames proposed by a language model, parsed into typed models and checked in code (names, forms, grounding).

A value passes only if its form is the one of spec/frames.md and it is *grounded*: said by the user (or
read from their text by the embedded engine), in their saved profile, or returned by a tool. Everything
else is reported back to the model, and dropped if it insists, so the dialogue asks the user instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bangwo.domain import specs
from bangwo.domain.frames import ACCOUNT_INTENTS, REQUIRED_SLOTS, Frame, ProfileDefaults

# Derived from the domain specs (domain/specs.py).
ORDER_DOMAINS: tuple[str, ...] = specs.slugs()
# Slot name -> form: "text", "date", "time", "int", "money", "bool", "list", "city" or a tuple of enum values.
SLOT_FORMS: Mapping[str, Mapping[str, specs.SlotForm]] = {
    d.value: s.slot_forms for d, s in specs.SPECS.items()
}

# Words that must be in the text for the model to set an enum or flag the embedded engine did not read.
CUES: Mapping[str, tuple[str, ...]] = {
    "sugar": ("糖", "甜"), "ice": ("冰", "温", "热"), "size": ("杯", "大", "中", "小"), "seat": ("排", "座", "过道"),
    "time_window": ("早", "上午", "中午", "下午", "晚", "凌晨", "夜"), "cabin": ("舱",), "seat_class": ("座", "卧"),
    "train_type": ("高铁", "动车", "特快", "直达", "快车"), "sort": ("便宜", "最早", "最快", "早点"),
    "car_type": ("快车", "专车", "舒适", "商务", "六座"), "format": ("D", "IMAX", "杜比"),
    "ticket_type": ("成人", "儿童", "老人", "学生"), "direct": ("直飞",), "premiere": ("首映",),
    "time_flex": ("左右", "差不多", "大概"), "any": ("都行", "随便", "都可以"),
}
NUMERALS = {1: "一", 2: "两二俩", 3: "三仨", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class ProposedFrame(BaseModel):
    """One frame as the model must write it."""

    model_config = ConfigDict(extra="forbid")

    domain: str
    intent: str = "order"
    slots: dict[str, Any] = Field(default_factory=dict)


class Proposal(BaseModel):
    """The arguments of ``propose_frames``."""

    model_config = ConfigDict(extra="forbid")

    frames: list[ProposedFrame] = Field(min_length=1, max_length=5)


@dataclass
class Evidence:
    """What values may be grounded in: the user's words, their profile, the embedded reading, tool results."""

    text: str
    profile: ProfileDefaults | None = None
    embedded: list[Frame] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)        # strings from tool results (titles, shops, cities)

    def remember(self, values: Iterable[Any]) -> None:
        self.seen.update(str(v) for v in values if isinstance(v, str) and v)

    def said(self, value: str) -> bool:
        profile = [self.profile.address, self.profile.home_city, self.profile.phone] if self.profile else []
        return bool(value) and (value in self.text or any(p and (value in p) for p in profile))

    def read(self, domain: str, slot: str, value: Any) -> bool:
        return any(f.slots.get(slot) == value for f in self.embedded if f.domain == domain) or \
            any(value in (f.slots.get(slot) or ()) for f in self.embedded if isinstance(f.slots.get(slot), list))


@dataclass
class Checked:
    """The frames that passed, and what was wrong (names and forms) or unfounded (not grounded)."""

    frames: list[Frame]
    errors: list[str]
    unfounded: list[str]

    @property
    def clean(self) -> bool:
        return not self.errors and not self.unfounded


def parse(arguments: str) -> Proposal:
    """Parse the raw JSON arguments (raises ValueError with a message meant for the model)."""
    try:
        return Proposal.model_validate_json(arguments)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        raise ValueError(f"arguments do not match the schema: {problems}") from None


def check(proposal: Proposal, evidence: Evidence) -> Checked:
    """Keep the frames and values that follow spec/frames.md and are grounded; list the rest."""
    result = Checked([], [], [])
    for index, proposed in enumerate(proposal.frames):
        where = f"frames[{index}]"
        if proposed.domain == "account":
            if proposed.intent not in ACCOUNT_INTENTS:
                result.errors.append(f"{where}: account intent must be one of {', '.join(ACCOUNT_INTENTS)}")
                continue
            result.frames.append(Frame("account", proposed.intent, _text_slots(proposed.slots, evidence)))
            continue
        if proposed.domain not in ORDER_DOMAINS:
            result.errors.append(f"{where}: unknown domain {proposed.domain!r}; use one of {', '.join(ORDER_DOMAINS)}")
            continue
        if proposed.intent != "order":
            result.errors.append(f"{where}: intent of {proposed.domain} must be 'order'")
            continue
        slots: dict[str, Any] = {}
        for name, value in proposed.slots.items():
            if value is None or value == "" or value == []:
                continue
            problem = _form_problem(proposed.domain, name, value)
            if problem:
                result.errors.append(f"{where}.slots.{name}: {problem}")
            elif not _grounded(proposed.domain, name, value, evidence):
                result.unfounded.append(f"{where}.slots.{name}={value!r} is not in the user's words, profile or "
                                        "tool results: leave it out or ask_user")
            else:
                slots[name] = value
        result.frames.append(Frame(proposed.domain, "order", slots))
    return result


def _text_slots(slots: Mapping[str, Any], evidence: Evidence) -> dict[str, Any]:
    ref = slots.get("order_ref")
    return {"order_ref": ref} if isinstance(ref, str) and evidence.said(ref) else {}


def _form_problem(domain: str, name: str, value: Any) -> str | None:
    form = SLOT_FORMS[domain].get(name)
    if form is None:
        return f"no slot {name!r} in {domain}; slots are {', '.join(SLOT_FORMS[domain])}"
    if isinstance(form, tuple):
        return None if value in form else f"must be one of {', '.join(form)}"
    if form in ("text", "said", "city"):
        if not isinstance(value, str):
            return "must be a string"
        return "a city is written without 市 (北京, not 北京市)" if form == "city" and value.endswith("市") else None
    if form == "date":
        return None if isinstance(value, str) and DATE_RE.match(value) and _is_date(value) else "must be YYYY-MM-DD"
    if form == "time":
        return None if isinstance(value, str) and TIME_RE.match(value) else "must be HH:MM (24 h)"
    if form == "int":
        return None if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100 else \
            "must be a whole number from 1 to 99"
    if form == "money":
        return None if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else \
            "must be a positive number of yuan"
    if form == "bool":
        return None if value is True else "must be true (leave it out otherwise)"
    if form == "list":
        return None if isinstance(value, list) and all(isinstance(v, str) for v in value) else "must be a list of strings"
    return None


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _grounded(domain: str, name: str, value: Any, evidence: Evidence) -> bool:
    if evidence.read(domain, name, value):
        return True
    form = SLOT_FORMS[domain][name]
    if form == "said":
        return isinstance(value, str) and evidence.said(value)
    if form in ("text", "city"):
        return isinstance(value, str) and (evidence.said(value) or value in evidence.seen)
    if form == "list":
        return all(evidence.said(v) or v in evidence.seen for v in value)
    if form in ("int", "money"):
        number = int(value) if float(value).is_integer() else value
        return str(number) in evidence.text or any(ch in evidence.text for ch in NUMERALS.get(number, ""))
    if form in ("date", "time"):
        return value in evidence.text
    return any(cue in evidence.text for cue in CUES.get(name, ()))


def required(domain: str) -> tuple[str, ...]:
    return REQUIRED_SLOTS.get(domain, ())


def slot_guide() -> str:
    """The domains and slots of spec/frames.md, compact, for the model's instructions."""
    lines = []
    for domain, forms in SLOT_FORMS.items():
        needed = set(required(domain))
        parts = [f"{name}{'*' if name in needed else ''}" + (f"({'|'.join(form)})" if isinstance(form, tuple) else
                                                             "" if form in ("text", "said") else f":{form}")
                 for name, form in forms.items()]
        lines.append(f"{domain}: {' '.join(parts)}")
    lines.append(f"account (intent instead of order): {' '.join(ACCOUNT_INTENTS)}; slot order_ref")
    return "\n".join(lines)
