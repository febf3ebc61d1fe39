"""Relax instead of stopping: when nothing matches, drop the least important wish and say what changed.

The order is the domain's ``DomainSpec.relax_order`` (least important first); wishes are dropped one
after another, cumulatively, and at each level the day may move (a film's next showings; a trip a day or
two either way). A trip with no flight also tries nearby airports and then the train. Each step carries
the words that tell the person what changed (「IMAX → 普通厅」, 「2月6日 → 2月17日」).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

from bangwo.conversation import replies
from bangwo.domain import places, specs

# How far a day may move, per domain: the days tried in order (0 is the day asked for).
DAY_SHIFTS: dict[str, tuple[int, ...]] = {
    "movie": tuple(range(1, 15)),
    "flight": (1, -1, 2, -2),
    "train": (1, -1, 2, -2),
    "attraction": (1, 2),
}
DAY_SLOTS: dict[str, str] = {"movie": "date", "flight": "date", "train": "date", "attraction": "date"}
NEARBY_KM = 250
FARTHER_M = 30_000        # a relaxed "near X" reaches this far (the offers still sorted by distance)


@dataclass(frozen=True)
class Step:
    """Slots to search with instead, the domain to search in, and what changed, in words."""

    domain: str
    slots: dict[str, Any]
    changed: tuple[str, ...]
    then: dict[str, Any] | None = None     # a connection: the second leg's slots (this step is the first leg)


def steps(domain: str, slots: dict[str, Any], *, today: date) -> Iterator[Step]:
    """Relaxed searches, least change first; the caller stops at the first that finds something."""
    spec = specs.find(domain)
    if spec is None:
        return
    levels: list[tuple[dict[str, Any], tuple[str, ...]]] = [(dict(slots), ())]
    current: dict[str, Any] = dict(slots)
    changed: tuple[str, ...] = ()
    for name in spec.relax_order:
        if name == "near" and name in current:     # near X: the nearest ones, farther out, with their distance
            changed = (*changed, replies.farther(str(current[name]), FARTHER_M))
            current = {**current, "radius_m": FARTHER_M}
            levels.append((current, changed))
        elif name in current and name not in spec.required:
            changed = (*changed, replies.dropped(domain, name, current[name]))
            current = {k: v for k, v in current.items() if k != name}
            levels.append((current, changed))
    for level_slots, level_changed in levels:
        if level_changed:
            yield Step(domain, level_slots, level_changed)
        yield from _days(domain, level_slots, level_changed, today=today)
    if domain == "flight":
        yield from _nearby_airports(slots, today=today)
        yield from _connections(slots)
        yield from _by_train(slots, today=today)


def _connections(slots: dict[str, Any]) -> Iterator[Step]:
    """A → hub, then hub → B on the same day (a plan of two legs, paid together)."""
    start, end = slots.get("from_city"), slots.get("to_city")
    if not isinstance(start, str) or not isinstance(end, str):
        return
    for hub in sorted(places.BIG_CITIES, key=lambda h: _detour_m(start, h, end)):
        if hub in (start, end):
            continue
        yield Step("flight", {**slots, "to_city": hub}, (replies.connection(hub),),
                   then={**slots, "from_city": hub})


def _days(domain: str, slots: dict[str, Any], changed: tuple[str, ...], *, today: date) -> Iterator[Step]:
    key = DAY_SLOTS.get(domain)
    if key is None:
        return
    asked = _day(slots.get(key), today)
    for shift in DAY_SHIFTS.get(domain, ()):
        day = asked + timedelta(days=shift)
        if day < today:
            continue
        yield Step(domain, {**slots, key: day.isoformat()}, (*changed, replies.moved_day(asked, day)))


def _nearby_airports(slots: dict[str, Any], *, today: date) -> Iterator[Step]:
    for end in ("from_city", "to_city"):
        city = slots.get(end)
        if not isinstance(city, str):
            continue
        for other in nearby_cities(city, need_airport=True):
            moved = {**slots, end: other}
            yield Step("flight", moved, (replies.moved_city(city, other),))
            yield from _days("flight", moved, (replies.moved_city(city, other),), today=today)


def _by_train(slots: dict[str, Any], *, today: date) -> Iterator[Step]:
    train = {k: v for k, v in slots.items() if k in ("from_city", "to_city", "date", "time_window", "passengers")}
    yield Step("train", train, (replies.by_train(),))
    yield from _days("train", train, (replies.by_train(),), today=today)


def nearby_cities(name: str, *, need_airport: bool = False) -> list[str]:
    """Cities within NEARBY_KM of ``name``, nearest first (those with an airport when asked)."""
    home = places.city_by_name(name)
    if home is None:
        return []
    found = []
    for city in places.CITIES:
        if city.name == home.name or (need_airport and not places.airports_in(city.name)):
            continue
        km = places.distance_m(home.lat, home.lng, city.lat, city.lng) / 1000
        if km <= NEARBY_KM:
            found.append((km, city.name))
    return [name for _, name in sorted(found)]


def _day(value: Any, today: date) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return today
    return today


# ---- when even relaxing finds nothing: ask one question, with the closest names ---------------------

VOCABULARY_OF: dict[tuple[str, str], tuple[str, ...]] = {
    ("takeout", "item"): ("items", "item_categories"), ("grocery", "item"): ("grocery_items",),
    ("movie", "movie"): ("movies",), ("attraction", "name"): ("sights",),
    ("shopping", "query"): ("product_categories", "product_brands"), ("hotel", "brand"): ("hotel_brands",),
}
CITY_SLOTS = frozenset({"from_city", "to_city", "city"})
PLACE_SLOTS = frozenset({"address", "from", "to", "near"})


@dataclass(frozen=True)
class Question:
    """The one question to ask instead of a dead end: which slot, and names to choose from."""

    slot: str
    value: str
    names: tuple[str, ...]


def question(domain: str, slots: dict[str, Any], problems: list[str],
             vocabulary: dict[str, tuple[str, ...]]) -> Question | None:
    """The slot whose value the problems name (an unknown city, an address not found), else the anchor."""
    spec = specs.find(domain)
    if spec is None or any(replies.CLOSED_MARK in p for p in problems):
        return None          # shops are closed: the opening hours are the next step, not a question
    if any(replies.OUT_OF_RANGE_MARK in p for p in problems):
        return Question("address", str(slots.get("address") or ""), ())
    said = {k: str(v) for k, v in slots.items() if isinstance(v, str) and v}
    named = next((k for k, v in said.items() if any(f"“{v}”" in p for p in problems)), None)
    slot = named or next((k for k in spec.anchor_slots if k in said), None)
    if slot is None:
        return None
    value = said[slot]
    if slot in CITY_SLOTS:
        names = closest(value, [c.name for c in places.CITIES])
    elif slot in PLACE_SLOTS:
        names = ()
    else:
        pool = [n for kind in VOCABULARY_OF.get((domain, slot), ()) for n in vocabulary.get(kind, ())]
        names = closest(value, pool)
    return Question(slot, value, names)


def closest(text: str, names: list[str], *, limit: int = 3) -> tuple[str, ...]:
    """The names nearest to ``text`` by characters or by sound (pinyin), best first."""
    if not names or not text:
        return ()
    sound = " ".join(lazy_pinyin(text))
    scored = []
    for name, score, _ in process.extract(text, names, scorer=fuzz.WRatio, limit=50):
        heard = fuzz.ratio(sound, " ".join(lazy_pinyin(name)))
        scored.append((max(score, heard), name))
    ranked = sorted((x for x in scored if x[1] != text), key=lambda x: (-x[0], x[1]))
    return tuple(name for score, name in ranked[:limit] if score >= 60)


def _detour_m(start: str, hub: str, end: str) -> int:
    a, h, b = places.city_by_name(start), places.city_by_name(hub), places.city_by_name(end)
    if a is None or h is None or b is None:
        return 10**9
    return places.distance_m(a.lat, a.lng, h.lat, h.lng) + places.distance_m(h.lat, h.lng, b.lat, b.lng)
