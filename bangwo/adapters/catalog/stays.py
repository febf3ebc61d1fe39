"""The hotel desk: room types near a landmark, priced night by night for a stay."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from bangwo.adapters.catalog import dates, lookups, timetables
from bangwo.adapters.catalog import records as r
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError, OutOfStockError
from bangwo.domain.listings import GeoPoint, Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer, OfferLine, StockClaim

NEAR_RADIUS_M = 5000
MAX_NIGHTS = 30
MAX_ROOMS = 9
CHECK_IN_MINUTES = 14 * 60
CHECK_OUT_TIME = "12:00"


def room_ref(hotel: r.Hotel, room: r.RoomType, check_in: date | None = None) -> str:
    """``room:{hotel_id}:{room_code}``, with ``:{YYYY-MM-DD}`` when the check-in date is known."""
    base = f"room:{hotel.id}:{room.code}"
    return f"{base}:{check_in.isoformat()}" if check_in else base


def stock_key(hotel: r.Hotel, room: r.RoomType, night: date) -> str:
    return f"hotel:{hotel.id}:{room.code}:{night.isoformat()}"


def nights_of(options: Mapping[str, Any], check_in: date) -> int:
    if options.get("check_out"):
        nights = (dates.parse_day(options["check_out"], what="离店日期") - check_in).days
    else:
        nights = lookups.quantity(lookups.option_or(options, "nights", 1), maximum=MAX_NIGHTS, unit="晚")
    if not 1 <= nights <= MAX_NIGHTS:
        raise InvalidRequestError(f"bad stay of {nights} nights",
                                  user_message=f"入住晚数需在1到{MAX_NIGHTS}晚之间（离店要晚于入住）")
    return nights


def search(ix: lookups.Indexes, query: SearchQuery, *, now: datetime) -> list[Listing]:
    f = query.filters
    city = query.city or (str(f["city"]) if f.get("city") else None)
    near = _near_point(f.get("near"), city) if f.get("near") else query.near
    check_in = query.on or (dates.parse_day(f["check_in"], what="入住日期") if f.get("check_in") else None)
    nights = nights_of(f, check_in) if check_in else 1
    max_fen = lookups.yuan_to_fen(f["max_price"]) if f.get("max_price") is not None else None
    min_star = int(f["star"]) if f.get("star") else 0
    brand = str(f.get("brand") or "")
    text = str(query.text or "")
    ranked: list[tuple[tuple[Any, ...], Listing]] = []
    for hotel in ix.data.hotels:
        if (city and hotel.city != city) or hotel.star < min_star:
            continue
        if (brand and not lookups.text_score(brand, hotel.brand)) or (
                text and not lookups.text_score(text, hotel.name, hotel.brand, hotel.area)):
            continue
        distance = lookups.distance(near, hotel.lat, hotel.lng) if near else None
        if distance is not None and distance > int(f.get("radius_m") or NEAR_RADIUS_M):
            continue
        for room in hotel.rooms:
            item = _listing(hotel, room, check_in, nights, distance)
            if max_fen is None or item.price_fen <= max_fen:
                ranked.append(((distance or 0, item.price_fen, -hotel.rating, item.ref), item))
    ranked.sort(key=lambda pair: pair[0])
    return [listing for _key, listing in ranked[: query.limit]]


def _near_point(value: Any, city: str | None) -> GeoPoint:
    point = lookups.resolve_point(value, city=city, what="地点")
    return GeoPoint(point.lat, point.lng)


def _listing(hotel: r.Hotel, room: r.RoomType, check_in: date | None, nights: int,
             distance: int | None) -> Listing:
    attrs: dict[str, Any] = {
        "hotel": hotel.name, "hotel_id": hotel.id, "room": room.name, "room_code": room.code, "bed": room.bed,
        "breakfast": room.breakfast, "star": hotel.star, "brand": hotel.brand, "rating": hotel.rating,
        "area": hotel.area, "rooms_total": room.count,
    }
    price = room.base_price_fen
    stock: dict[str, int] = {}
    if check_in is not None:
        stay = [check_in + timedelta(days=n) for n in range(nights)]
        nightly = [timetables.nightly_price(hotel, room, night) for night in stay]
        price = round(sum(nightly) / nights)
        attrs |= {"check_in": check_in.isoformat(), "check_out": (check_in + timedelta(days=nights)).isoformat(),
                  "nights": nights, "nightly_fen": nightly, "total_fen": sum(nightly)}
        stock = {stock_key(hotel, room, night): room.count for night in stay}
    if distance is not None:
        attrs["distance_m"] = distance
    return Listing(
        domain=Domain.HOTEL, ref=room_ref(hotel, room, check_in), title=f"{hotel.name} {room.name}",
        merchant_id=hotel.id, merchant_name=hotel.name, city=hotel.city, price_fen=price, attrs=attrs,
        stock_keys=stock,
    )


def _room(ix: lookups.Indexes, ref: str) -> tuple[r.Hotel, r.RoomType, date | None]:
    fields = ref.split(":")
    parts = lookups.split_ref(ref, "room", 3 if len(fields) == 4 else 2)
    hotel = ix.hotels.get(parts[0])
    room = next((x for x in hotel.rooms if x.code == parts[1]), None) if hotel else None
    if hotel is None or room is None:
        raise lookups.not_found(ref)
    check_in = dates.parse_day(parts[2], what="入住日期") if len(parts) == 3 else None
    return hotel, room, check_in


def listing(ix: lookups.Indexes, ref: str, *, now: datetime) -> Listing:
    hotel, room, check_in = _room(ix, ref)
    return _listing(hotel, room, check_in, 1, None)


def quote(ix: lookups.Indexes, request: QuoteRequest, *, now: datetime) -> Offer:
    hotel, room, ref_check_in = _room(ix, request.ref)
    options = request.options
    raw = options.get("check_in") or ref_check_in
    if raw is None:
        raise InvalidRequestError("hotel quote needs check_in", user_message="请告诉我哪天入住")
    check_in = dates.parse_day(raw, what="入住日期")
    if check_in < dates.local(now).date():
        raise InvalidRequestError(f"check-in {check_in} in the past", user_message="入住日期已经过了，请换一天")
    nights = nights_of(options, check_in)
    rooms = lookups.quantity(lookups.option_or(options, "rooms", request.quantity), maximum=MAX_ROOMS, unit="间")
    if rooms > room.count:
        raise OutOfStockError(f"{rooms} rooms wanted, {room.count} exist",
                              user_message=f"{room.name}只有{room.count}间，订不了{rooms}间")
    stay = [check_in + timedelta(days=n) for n in range(nights)]
    check_out = check_in + timedelta(days=nights)
    lines = tuple(OfferLine(title=f"{room.name} {night.month}月{night.day}日", quantity=rooms,
                            unit_price_fen=timetables.nightly_price(hotel, room, night),
                            options={"night": night.isoformat()}) for night in stay)
    return Offer(
        domain=Domain.HOTEL, merchant_id=hotel.id, merchant_name=hotel.name,
        title=f"{hotel.name} {room.name} {check_in.month}月{check_in.day}日入住 {nights}晚",
        lines=lines, policy=policies.for_domain(Domain.HOTEL),
        stock=tuple(StockClaim(stock_key(hotel, room, night), rooms, room.count) for night in stay),
        details={
            "hotel": hotel.name, "hotel_id": hotel.id, "room": room.name, "room_code": room.code,
            "bed": room.bed, "breakfast": room.breakfast, "check_in": check_in.isoformat(),
            "check_out": check_out.isoformat(), "check_out_time": CHECK_OUT_TIME, "nights": nights,
            "rooms": rooms, "guests": options.get("guests"), "area": hotel.area, "city": hotel.city,
            "nightly_fen": [line.unit_price_fen for line in lines],
        },
        starts_at=dates.at(check_in, CHECK_IN_MINUTES),
    )
