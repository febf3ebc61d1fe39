"""What a later frame takes from an earlier one: a stay or sight after a trip, an item re-ordered after a cancel."""

from __future__ import annotations

import itertools

from bangwo.domain.frames import Frame


def inherit(frames: list[Frame]) -> None:
    """A hotel or sight after a trip inherits its city and date; 重新点 after a cancel inherits the item."""
    for before, after in itertools.pairwise(frames):
        if before.domain in ("train", "flight") and after.domain in ("hotel", "attraction"):
            city, day = before.slots.get("to_city"), before.slots.get("date")
            date_slot = "check_in" if after.domain == "hotel" else "date"
            if city and "city" not in after.slots:
                after.slots["city"] = city
            if day and date_slot not in after.slots:
                after.slots[date_slot] = day
        if before.domain == "account" and after.domain == "takeout" and "item" not in after.slots:
            ref = before.slots.get("order_ref")
            if ref and ref != "最近":
                after.slots = {"item": ref, **after.slots}
