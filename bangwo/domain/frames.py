"""Frames: what a sentence asks for (domain, intent, slots) and which required slots are still unknown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bangwo.domain import specs

SlotValue = Any

# The business domains (domain/specs.py), then the two that are not errands.
DOMAINS: tuple[str, ...] = (*specs.slugs(), "account", "chat")
ACCOUNT_INTENTS: tuple[str, ...] = (
    "track_order", "cancel_order", "refund", "list_orders", "claim_card", "list_cards", "invite",
)

# Derived from SPECS (domain/specs.py); the names stay for the modules that read them.
# Required slots of the intent ``order`` per domain (spec/frames.md, the starred slots).
REQUIRED_SLOTS: Mapping[str, tuple[str, ...]] = {
    **{d.value: s.required for d, s in specs.SPECS.items()}, "account": (), "chat": (),
}
# A required slot counts as known when one of these slots is present instead.
ALTERNATIVE_SLOTS: Mapping[tuple[str, str], str] = {
    (d.value, slot): alternative
    for d, s in specs.SPECS.items() for slot, alternative in s.alternatives.items()
}
# Required slots the contract defaults without asking (movie date: today).
STATIC_DEFAULTS: frozenset[tuple[str, str]] = frozenset(
    (d.value, slot) for d, s in specs.SPECS.items() for slot in s.defaulted)
# Slots a saved profile fills: (domain, slot) -> ProfileDefaults attribute.
PROFILE_SLOTS: Mapping[tuple[str, str], str] = {
    (d.value, slot): attribute for d, s in specs.SPECS.items() for slot, attribute in s.profile_slots.items()
}


@dataclass(frozen=True)
class ProfileDefaults:
    """A user's saved defaults: delivery address, home city, own phone number."""

    address: str | None = None
    home_city: str | None = None
    phone: str | None = None


@dataclass
class Frame:
    """One task of a sentence: a domain, an intent, normalized slots and the required slots missing.

    ``needs`` lists extra required slots the sentence itself implies (a top-up for someone else
    needs their phone number); it is not part of the JSON contract.
    """

    domain: str
    intent: str
    slots: dict[str, SlotValue] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    needs: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the contract's JSON object of this frame."""
        return {"domain": self.domain, "intent": self.intent, "slots": dict(self.slots),
                "missing": list(self.missing)}


def profile_value(profile: ProfileDefaults | None, domain: str, slot: str) -> str | None:
    """Return the profile's default for a slot of a domain, or None."""
    attribute = PROFILE_SLOTS.get((domain, slot))
    if profile is None or attribute is None:
        return None
    value: str | None = getattr(profile, attribute)
    return value


def missing_slots(frame: Frame, profile_defaults: ProfileDefaults | None = None) -> list[str]:
    """Return the required slots of ``frame`` still unknown after the profile defaults, in order."""
    if frame.intent != "order":
        return []
    required = [*REQUIRED_SLOTS.get(frame.domain, ()), *frame.needs]
    missing: list[str] = []
    for slot in required:
        if slot in frame.slots or (frame.domain, slot) in STATIC_DEFAULTS:
            continue
        alternative = ALTERNATIVE_SLOTS.get((frame.domain, slot))
        if alternative is not None and alternative in frame.slots:
            continue
        if slot not in frame.needs and profile_value(profile_defaults, frame.domain, slot):
            continue
        if slot not in missing:
            missing.append(slot)
    return missing


def next_missing_slot(frame: Frame, profile_defaults: ProfileDefaults | None = None) -> str | None:
    """Return the first required slot still unknown, or None when the frame is complete."""
    missing = missing_slots(frame, profile_defaults)
    return missing[0] if missing else None
