"""Slots of trips: train and flight routes, hotel stays, sights, taxi rides."""

from __future__ import annotations

import re
from typing import Any

from bangwo.understanding import options
from bangwo.understanding.numerals import NUM, parse_int
from bangwo.understanding.pieces import MASK, Piece, max_price, people_count

TO_BEFORE = ("去", "到", "飞", "回", "往", "至", "抵", "→", "-", "~", "—", "飞往", "前往")
FROM_BEFORE = ("从", "由")
TRAIN_NO_RE = re.compile(r"(?<![A-Za-z])([GDKZTCgdkztc])(\d{1,4})(?!\d)")
TICKETS_RE = re.compile(rf"({NUM})\s*(?:张|个人|人|位|个大人|名|个(?:好)?(?:位置|座位|位子))|([一两俩仨三四五六七八九十])(?:个)?(?=人)"
                        r"|(?:买|要|订|来)(俩|仨)|^(俩|仨)$|(单)张")
ELIDED_TICKET_RE = re.compile(r"(?:订|买|抢|来|要|购)\s*张")
NIGHTS_RE = re.compile(rf"(?:住|订|定|开)?\s*({NUM})\s*(?:晚|个晚上|夜)|住\s*({NUM})\s*天")
ROOMS_RE = re.compile(rf"({NUM})\s*间(?:房)?")
STAR_RE = re.compile(r"([三四五3-5])星(?:级)?")
NEAR_RE = re.compile(r"([^\s，,。的在去到住订找]{2,12}?)(?:边上|附近|旁边|那边|周边|边|跟前|一带)")
CHECKOUT_WORDS = ("退房", "离店", "走")


def _places(piece: Piece) -> list[tuple[int, int, str, str | None, str]]:
    """Return (start, end, city, station or airport name, kind) in text order."""
    found = []
    for mention in piece.mentions:
        for kind in ("station", "airport", "city"):
            entry = mention.get(kind)
            if entry is not None and entry.city:
                found.append((mention.start, mention.end, entry.city,
                              entry.value if kind != "city" else None, kind))
                break
    return found


def route(piece: Piece, domain: str) -> dict[str, Any]:
    """Return from_city / to_city (with station or airport names) said in a piece."""
    slots: dict[str, Any] = {}
    found = _places(piece)
    suffix = {"station": "station", "airport": "airport"}
    roles: list[str | None] = []
    for start, end, _city, _name, _kind in found:
        before = piece.text[max(0, start - 2):start].strip()
        after = piece.text[end:end + 3]
        if before.endswith(FROM_BEFORE) or after.startswith("出发"):
            roles.append("from")
        elif before.endswith(TO_BEFORE) or after.startswith(("的机票", "的高铁", "的火车")):
            roles.append("to")
        else:
            roles.append(None)
    if len(found) >= 2 and roles[0] is None:
        roles[0] = "from" if roles[1] != "from" else "to"
    for i, role in enumerate(roles):
        if role is None:
            roles[i] = "to" if "to" not in roles else ("from" if "from" not in roles else None)
    for (start, end, city, name, kind), role in zip(found, roles, strict=False):
        if role is None or f"{role}_city" in slots:
            continue
        slots[f"{role}_city"] = city
        wanted = (domain == "train" and kind == "station") or (domain == "flight" and kind == "airport")
        if name and wanted:
            slots[f"{role}_{suffix[kind]}"] = name
        piece.take(start, end)
    return slots


def tickets(piece: Piece) -> int | None:
    """Return the count of tickets or people said (两张, 俩人, 我和我老婆)."""
    masked = piece.masked(keep_mentions=True)
    m = TICKETS_RE.search(masked)
    if m:
        said = next(g for g in m.groups() if g)
        value = 1 if said == "单" else parse_int(said)
        if value:
            piece.take(m.start(), m.end())
            return value
    people = people_count(piece)
    if people:
        return people
    if ELIDED_TICKET_RE.search(masked):
        return 1
    return None


def trip_slots(piece: Piece, domain: str) -> dict[str, Any]:
    """Slots of a train or flight task (dates and times are added by the caller)."""
    slots = route(piece, domain)
    if domain == "train":
        number = TRAIN_NO_RE.search(piece.text)
        if number:
            slots["train_no"] = number.group(1).upper() + number.group(2)
            slots["train_type"] = number.group(1).upper()
            piece.take(number.start(), number.end())
        for name, table in (("seat_class", options.SEAT_CLASS), ("train_type", options.TRAIN_TYPE)):
            value = options.find_option(piece, table)
            if value and name not in slots:
                slots[name] = value
    else:
        cabin = options.find_option(piece, options.CABIN)
        if cabin:
            slots["cabin"] = cabin
        if re.search(r"直飞|不转机|不要转机|直达航班", piece.text):
            slots["direct"] = True
    sort = options.find_option(piece, options.SORT)
    if sort:
        slots["sort"] = sort
    if re.search(r"往返|来回", piece.text):
        slots["round_trip"] = True
    budget = max_price(piece)
    if budget is not None:
        slots["max_price"] = budget
    count = tickets(piece)
    if count:
        slots["passengers"] = count
    return slots


def hotel_slots(piece: Piece) -> dict[str, Any]:
    """Slots of a hotel stay except dates: city, near, nights, rooms, guests, star, brand, price."""
    slots: dict[str, Any] = {}
    cities = [(m, e) for m, e in piece.entries("city")]
    near = _near(piece)
    if cities:
        slots["city"] = cities[0][1].value
    if near:
        slots["near"] = near
        prefix = piece.city_prefix(near)
        if prefix and "city" not in slots:
            slots["city"] = prefix
    for key, pattern in (("nights", NIGHTS_RE), ("rooms", ROOMS_RE)):
        m = pattern.search(piece.masked(keep_mentions=True))
        if m:
            value = parse_int(next(g for g in m.groups() if g))
            if value:
                slots[key] = value
                piece.take(m.start(), m.end())
    star = STAR_RE.search(piece.text)
    if star:
        slots["star"] = parse_int(star.group(1))
    brands = [(m, e) for m, e in piece.entries("hotel_brand")
              if not (e.value == "7天" and piece.text[m.end:m.end + 2] not in ("酒店", "连锁"))]
    if brands:
        slots["brand"] = brands[0][1].value
    room_type = options.find_option(piece, options.ROOM_TYPE)
    if room_type:
        slots["room_type"] = room_type
    budget = max_price(piece)
    if budget is not None:
        slots["max_price"] = budget
    guests = people_count(piece)
    if guests:
        slots["guests"] = guests
    return slots


def _near(piece: Piece) -> str | None:
    for kind in ("landmark", "station", "airport", "sight"):
        found = piece.entries(kind)
        if found:
            mention, entry = found[0]
            said = mention.surface if kind in ("station", "airport") else entry.value
            return said
    m = NEAR_RE.search(piece.masked(keep_mentions=True).replace(MASK, " "))
    return m.group(1) if m else None


def attraction_slots(piece: Piece) -> list[dict[str, Any]]:
    """Slots of sight tickets; mixed ticket types (两大一小) give one frame per type."""
    base: dict[str, Any] = {}
    sights = piece.entries("sight") or piece.entries("landmark")
    if sights:
        base["name"] = sights[0][1].value
    cities = piece.entries("city")
    if cities:
        base["city"] = cities[0][1].value
    mixed = re.search(rf"({NUM})大({NUM})小", piece.text)
    if mixed:
        adults, children = parse_int(mixed.group(1)), parse_int(mixed.group(2))
        return [{**base, "ticket_type": "adult", "count": adults}, {**base, "ticket_type": "child", "count": children}]
    kind = options.find_option(piece, options.TICKET_TYPE)
    if kind:
        base["ticket_type"] = kind
    count = tickets(piece)
    if count:
        base["count"] = count
    return [base]


def taxi_slots(piece: Piece) -> dict[str, Any]:
    """Slots of a ride: to, from (as said), car type."""
    slots: dict[str, Any] = {}
    car = options.find_option(piece, options.CAR_TYPE)
    if car:
        slots["car_type"] = car
    masked = piece.masked(keep_mentions=True)
    stop = r"(?!打车|叫车|打个车|叫个车)[^\s，,。！!？?吧呢了]"
    frm = re.search(rf"从({stop}{{1,12}}?)(?:到|去|出发)", masked)
    if frm:
        slots["from"] = piece.text[frm.start(1):frm.end(1)]
    to = re.search(rf"(?:去|到|回|送我去|送我到)(?!了)({stop}{{1,14}})", masked[frm.end(1):] if frm else masked)
    if to:
        offset = frm.end(1) if frm else 0
        said = piece.text[offset + to.start(1):offset + to.end(1)]
        said = re.sub(r"(?:那边|那儿|那里|一趟|看看)$", "", said)
        if said and MASK not in said:
            slots["to"] = said
    return slots
