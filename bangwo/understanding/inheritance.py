"""What a later frame takes from an earlier one: a stay or sight after a trip, an item re-ordered after a
cancel, the thing asked about when an order follows the question (还有票吗？有的话订两张)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from bangwo.domain.frames import Frame
from bangwo.understanding.products import GENERIC_ITEMS


def inherit(frames: Sequence[Frame]) -> None:
    """A hotel or sight after a trip inherits its city and date; 重新点 after a cancel inherits the item;
    an order after a question about a thing of its domain orders that thing."""
    trip: Frame | None = None
    for before, after in itertools.pairwise(frames):
        trip = before if before.domain in ("train", "flight") else trip
        if before.intent == "info" and after.intent == "order" and before.domain == after.domain:
            after.slots = {**{k: v for k, v in before.slots.items() if k != "ask"}, **after.slots}
        if trip is not None and after.domain in ("hotel", "attraction") and before.domain in (
                "train", "flight", "hotel", "attraction"):  # 飞成都，订酒店，再买熊猫基地门票: the trip's city
            city, day = trip.slots.get("to_city"), trip.slots.get("date")
            date_slot = "check_in" if after.domain == "hotel" else "date"
            if city and "city" not in after.slots:
                after.slots["city"] = city
            if day and date_slot not in after.slots:
                after.slots[date_slot] = day
        if before.intent == after.intent == "order" and {before.domain, after.domain} <= _PRODUCTS:
            _one_order(before, after)
        if before.domain == "account" and after.domain == "takeout" and "item" not in after.slots:
            ref = before.slots.get("order_ref")
            if ref and ref != "最近":
                after.slots = {"item": ref, **after.slots}


_PRODUCTS = frozenset({"takeout", "grocery"})
# 份, 碗, 杯 count dishes and drinks: 来份小龙虾 再要一份毛豆 orders both from the same takeout order.
_SERVINGS = frozenset({"份", "碗", "杯", "盘", "串", "笼"})


def _one_order(before: Frame, after: Frame) -> None:
    """再来一杯可乐，送到公司: products said clause by clause are one order: where it goes, when, and the
    shop said once are shared, and a serving after a takeout dish is takeout too."""
    dish = str(before.slots.get("item", ""))
    if before.domain == "takeout" and after.domain == "grocery" and after.slots.get("unit") in _SERVINGS and (
            "brand" not in after.slots) and dish and dish not in GENERIC_ITEMS:  # 想吃火锅，买一份肥牛卷: groceries
        after.domain = "takeout"
        after.slots.pop("unit")
    if before.domain != after.domain:
        return
    for key in ("address", "deliver_at"):
        if key in after.slots and key not in before.slots:
            before.slots[key] = after.slots[key]
        elif key in before.slots and key not in after.slots:
            after.slots[key] = before.slots[key]
    if before.domain == "takeout" and "shop" in before.slots and "shop" not in after.slots and "item" in after.slots:
        after.slots = {"shop": before.slots["shop"], **after.slots}
