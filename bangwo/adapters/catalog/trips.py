"""The flight and train desk: departures on any date from daily schedules, quoted per cabin or seat class."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bangwo.adapters.catalog import dates, lookups, timetables, towns, transport
from bangwo.adapters.catalog import records as r
from bangwo.domain import places, policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError, NotFoundError, OutOfStockError
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer, OfferLine, StockClaim

CLASS_LABELS: dict[str, dict[str, str]] = {"flight": dict(transport.CABINS), "train": dict(transport.SEAT_CLASSES)}
DEFAULT_CLASS_ORDER = ("economy", "second", "hard_sleeper", "hard_seat", "soft_sleeper", "first", "business")
AIRPORT_FEE_FEN = 5000
FUEL_SURCHARGE_FEN = 2000
SORTS = ("cheapest", "earliest", "fastest")


def dep_ref(schedule: r.Schedule, day: date) -> str:
    return f"dep:{schedule.id}:{day.isoformat()}"


def stock_key(schedule: r.Schedule, day: date, seat_class: str) -> str:
    return f"{schedule.domain}:{schedule.id}:{day.isoformat()}:{seat_class}"


def _class_option(domain: Domain) -> str:
    return "cabin" if domain is Domain.FLIGHT else "seat_class"


def _city(value: Any) -> str:
    """The standard name of a city, or of the city of an airport or station, the text names."""
    city = places.city_by_name(str(value))
    if city is None:
        airport = places.airport_by_name(str(value))
        station = places.station_by_name(str(value))
        found = airport.city if airport else station.city if station else towns.city_named(str(value))
        if found is None:
            spot = towns.spot(str(value), city=None)
            found = spot.city if spot is not None and spot.name.endswith(("站", "机场")) else None
        if found is None:
            raise NotFoundError(f"unknown city {value!r}", user_message=f"不认识城市“{value}”")
        return found
    return city.name


def search(ix: lookups.Indexes, query: SearchQuery, *, now: datetime) -> list[Listing]:
    f = query.filters
    origin = f.get("from_city") or query.city
    if not origin:
        return []
    from_city = _city(origin)
    to_city = _city(f["to_city"]) if f.get("to_city") else None
    day = query.on or (dates.parse_day(f["date"]) if f.get("date") else dates.local(now).date())
    wanted_class = f.get(_class_option(query.domain))
    kinds = {str(k).upper() for k in ([f["train_type"]] if isinstance(f.get("train_type"), str)
                                      else f.get("train_type") or ())}
    max_fen = lookups.yuan_to_fen(f["max_price"]) if f.get("max_price") is not None else None
    pool = (ix.routes[(query.domain.value, from_city, to_city)] if to_city
            else ix.from_city[(query.domain.value, from_city)])
    found: list[Listing] = []
    for schedule in pool:
        depart, _arrive = timetables.departure_times(schedule, day)
        if not timetables.runs_on(schedule, day) or depart <= now or (kinds and schedule.kind not in kinds):
            continue
        if wanted_class and wanted_class not in schedule.fares:
            continue
        if f.get("time_window") and not dates.in_window(dates.minutes_of(schedule.depart), str(f["time_window"])):
            continue
        item = _listing(schedule, day, str(wanted_class) if wanted_class else None)
        if max_fen is None or item.price_fen <= max_fen:
            found.append(item)
    sort = str(f.get("sort") or "earliest")
    keys = {"cheapest": lambda x: (x.price_fen, x.attrs["depart"]),
            "fastest": lambda x: (x.attrs["duration_minutes"], x.attrs["depart"]),
            "earliest": lambda x: (x.attrs["depart"], x.price_fen)}
    found.sort(key=keys.get(sort, keys["earliest"]))
    return found[: query.limit]


def _listing(schedule: r.Schedule, day: date, seat_class: str | None) -> Listing:
    depart, arrive = timetables.departure_times(schedule, day)
    fares = {c: timetables.fare(schedule, c, day) for c in schedule.fares}
    price = fares[seat_class] if seat_class in fares else min(fares.values())
    names = _place_names(schedule)
    attrs: dict[str, Any] = {
        "number": schedule.id, "kind": schedule.kind, "carrier": schedule.carrier, "date": day.isoformat(),
        "from_city": schedule.from_city, "to_city": schedule.to_city, "from_place": names[0], "to_place": names[1],
        "depart": depart.isoformat(), "arrive": arrive.isoformat(), "depart_time": schedule.depart,
        "arrive_time": f"{arrive:%H:%M}", "arrive_next_day": arrive.date() > depart.date(),
        "duration_minutes": schedule.duration_minutes, "fares": fares,
        "class_labels": {c: CLASS_LABELS[schedule.domain][c] for c in fares}, "capacity": dict(schedule.capacity),
    }
    return Listing(
        domain=Domain(schedule.domain), ref=dep_ref(schedule, day),
        title=f"{schedule.id} {names[0]}→{names[1]} {schedule.depart}-{attrs['arrive_time']}",
        merchant_id=schedule.carrier_id, merchant_name=schedule.carrier, city=schedule.from_city,
        price_fen=price, attrs=attrs,
        stock_keys={stock_key(schedule, day, c): n for c, n in schedule.capacity.items()},
    )


def _place_names(schedule: r.Schedule) -> tuple[str, str]:
    if schedule.domain == "train":
        return schedule.from_place, schedule.to_place
    return _airport_name(schedule.from_place), _airport_name(schedule.to_place)


def _airport_name(code: str) -> str:
    """虹桥机场 -> 上海虹桥机场; 南阳机场 stays (its name already says its city)."""
    airport = places.airport_by_name(code) or towns.airport(code)
    if airport is None:
        return code
    return airport.name if airport.name.startswith(airport.city) else f"{airport.city}{airport.name}"


def _departure(ix: lookups.Indexes, ref: str, domain: Domain) -> tuple[r.Schedule, date]:
    code, day_text = lookups.split_ref(ref, "dep", 2)
    schedule = ix.schedules.get(code)
    if schedule is None or schedule.domain != domain.value:
        raise lookups.not_found(ref)
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise lookups.not_found(ref) from None
    if not timetables.runs_on(schedule, day):
        raise NotFoundError(f"{code} does not run on {day}", user_message=f"{code}在{day.isoformat()}不运行")
    return schedule, day


def listing(ix: lookups.Indexes, ref: str, domain: Domain, *, now: datetime) -> Listing:
    schedule, day = _departure(ix, ref, domain)
    return _listing(schedule, day, None)


def quote(ix: lookups.Indexes, request: QuoteRequest, *, now: datetime) -> Offer:
    schedule, day = _departure(ix, request.ref, request.domain)
    depart, arrive = timetables.departure_times(schedule, day)
    if depart <= now:
        verb = "起飞" if schedule.domain == "flight" else "发车"
        raise InvalidRequestError(f"{schedule.id} on {day} already left", user_message=f"{schedule.id}已经{verb}了")
    count = lookups.quantity(lookups.option_or(request.options, "passengers", request.quantity),
                             maximum=lookups.MAX_TICKETS, unit="张")
    seat_class = _seat_class(schedule, request.options.get(_class_option(request.domain)))
    capacity = schedule.capacity[seat_class]
    if count > capacity:
        raise OutOfStockError("more passengers than seats", user_message=f"{CLASS_LABELS[schedule.domain][seat_class]}余票不足")
    price = timetables.fare(schedule, seat_class, day)
    fees = (AIRPORT_FEE_FEN + FUEL_SURCHARGE_FEN) * count if schedule.domain == "flight" else 0
    names = _place_names(schedule)
    label = CLASS_LABELS[schedule.domain][seat_class]
    return Offer(
        domain=request.domain, merchant_id=schedule.carrier_id, merchant_name=schedule.carrier,
        title=f"{schedule.id} {names[0]}→{names[1]} {day.month}月{day.day}日 {schedule.depart} {label}",
        lines=(OfferLine(title=f"{schedule.id} {label}", quantity=count, unit_price_fen=price,
                         options={_class_option(request.domain): seat_class}),),
        policy=policies.for_domain(request.domain), fees_fen=fees,
        stock=(StockClaim(stock_key(schedule, day, seat_class), count, capacity),),
        details={
            "number": schedule.id, "kind": schedule.kind, "carrier": schedule.carrier, "from_place": names[0],
            "to_place": names[1], "from_city": schedule.from_city, "to_city": schedule.to_city,
            "depart": depart.isoformat(), "arrive": arrive.isoformat(), "date": day.isoformat(),
            "duration_minutes": schedule.duration_minutes, "seat_class": seat_class, "seat_class_zh": label,
            "passengers": count, "taxes_fen": fees,
        },
        starts_at=depart,
    )


def _seat_class(schedule: r.Schedule, wanted: Any) -> str:
    if wanted is None:
        return next(c for c in DEFAULT_CLASS_ORDER if c in schedule.fares)
    valid = {c: CLASS_LABELS[schedule.domain][c] for c in schedule.fares}
    return lookups.choice(wanted, valid, what=f"{schedule.id}的席别")
