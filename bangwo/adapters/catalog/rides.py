"""The taxi desk: a fare model by road distance, minutes, car type and night surcharge."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bangwo.adapters.catalog import dates, lookups, transport
from bangwo.adapters.catalog import records as r
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer, OfferLine

ROAD_FACTOR = 1.3
MIN_RIDE_M = 200
MAX_RIDE_M = 300_000
PAST_GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class Estimate:
    road_m: int
    minutes: int
    fare_fen: int
    night: bool


def is_night(when: datetime) -> bool:
    hour = dates.local(when).hour
    return hour >= 23 or hour < 5


def _speed_kmh(when: datetime) -> float:
    hour = dates.local(when).hour
    if is_night(when):
        return 40.0
    if 7 <= hour < 9 or 17 <= hour < 19:
        return 18.0
    return 28.0


def estimate(car: r.CarType, straight_m: int, when: datetime) -> Estimate:
    """Fare of a ride: flag fare for the first km, then per km and per minute; +20% at night."""
    road_m = round(straight_m * ROAD_FACTOR)
    minutes = max(1, math.ceil(road_m / 1000 / _speed_kmh(when) * 60))
    extra_km = max(0.0, road_m / 1000 - car.included_km)
    fare = car.flag_fen + round(extra_km * car.per_km_fen) + minutes * car.per_min_fen
    night = is_night(when)
    if night:
        fare += fare * car.night_surcharge_bp // 10_000
    return Estimate(road_m, minutes, fare, night)


def _when(value: Any, now: datetime) -> datetime:
    if value is None or value == "now":
        return now
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, str) and len(value.strip()) > 5:
        try:
            when = datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidRequestError(f"bad time {value!r}", user_message=f"用车时间“{value}”看不懂") from None
    else:
        local = dates.local(now)
        when = dates.at(local.date(), dates.parse_clock(value))
        if when < local - PAST_GRACE:
            when += timedelta(days=1)
    when = when if when.tzinfo else when.replace(tzinfo=dates.TZ)
    if when < now - PAST_GRACE:
        raise InvalidRequestError(f"ride at {when} is in the past", user_message="用车时间已经过了")
    return when


def search(ix: lookups.Indexes, query: SearchQuery, *, now: datetime) -> list[Listing]:
    f = query.filters
    origin = f.get("from") or query.near
    when = _when(f.get("when"), now)
    ride = None
    if origin is not None and f.get("to"):
        start = lookups.resolve_point(origin, city=query.city, what="上车点")
        end = lookups.resolve_point(f["to"], city=query.city or start.city or None, what="目的地")
        ride = (start, end)
    result: list[Listing] = []
    for car in sorted(ix.data.car_types, key=lambda c: c.flag_fen):
        if f.get("car_type") and f["car_type"] != car.code:
            continue
        attrs: dict[str, Any] = {"car_type": car.code, "label": car.label, "seats": car.seats,
                                 "when": when.isoformat(), "estimated": ride is not None}
        price = car.flag_fen
        if ride is not None:
            est = estimate(car, lookups.distance(ride[0], ride[1].lat, ride[1].lng), when)
            price = est.fare_fen
            attrs |= {"from": ride[0].name, "to": ride[1].name, "distance_m": est.road_m,
                      "duration_minutes": est.minutes, "night": est.night}
        result.append(Listing(domain=Domain.TAXI, ref=f"taxi:{car.code}", title=car.label,
                              merchant_id=transport.TAXI_FLEET_ID, merchant_name=transport.TAXI_FLEET_NAME,
                              city=query.city or "", price_fen=price, attrs=attrs))
    return result[: query.limit]


def _car(ix: lookups.Indexes, ref: str) -> r.CarType:
    return lookups.by_ref(ix.car_types, ref, "taxi")


def listing(ix: lookups.Indexes, ref: str, *, now: datetime) -> Listing:
    car = _car(ix, ref)
    return Listing(domain=Domain.TAXI, ref=ref, title=car.label, merchant_id=transport.TAXI_FLEET_ID,
                   merchant_name=transport.TAXI_FLEET_NAME, city="", price_fen=car.flag_fen,
                   attrs={"car_type": car.code, "label": car.label, "seats": car.seats, "estimated": False})


def quote(ix: lookups.Indexes, request: QuoteRequest, *, now: datetime) -> Offer:
    car = _car(ix, request.ref)
    if request.quantity != 1:
        raise InvalidRequestError("one car per ride", user_message="一次只能叫一辆车")
    options = request.options
    city = options.get("city") or (request.address.city if request.address else None)
    origin = options.get("from") or (request.address.point or request.address.text if request.address else None)
    if origin is None:
        raise InvalidRequestError("taxi needs a pickup", user_message="请告诉我在哪里上车")
    if not options.get("to"):
        raise InvalidRequestError("taxi needs a destination", user_message="请告诉我要去哪里")
    start = lookups.resolve_point(origin, city=city, what="上车点")
    end = lookups.resolve_point(options["to"], city=city or start.city or None, what="目的地")
    straight = lookups.distance(start, end.lat, end.lng)
    if straight < MIN_RIDE_M:
        raise InvalidRequestError("ride too short", user_message="起点和终点太近了，走过去吧")
    if straight > MAX_RIDE_M:
        raise InvalidRequestError("ride too long", user_message="距离超过300公里，建议改乘火车或飞机")
    when = _when(options.get("when"), now)
    est = estimate(car, straight, when)
    return Offer(
        domain=Domain.TAXI, merchant_id=transport.TAXI_FLEET_ID, merchant_name=transport.TAXI_FLEET_NAME,
        title=f"{car.label} {start.name}→{end.name}",
        lines=(OfferLine(title=f"{car.label}车费(预估)", quantity=1, unit_price_fen=est.fare_fen,
                         options={"car_type": car.code}),),
        policy=policies.for_domain(Domain.TAXI),
        details={
            "pickup": start.name, "dropoff": end.name, "pickup_point": [start.lat, start.lng],
            "dropoff_point": [end.lat, end.lng], "distance_m": est.road_m, "duration_minutes": est.minutes,
            "car_type": car.code, "car_label": car.label, "when": when.isoformat(), "night": est.night,
            "eta_pickup_minutes": 4 if when <= now + PAST_GRACE else 0,
        },
        starts_at=when,
    )
