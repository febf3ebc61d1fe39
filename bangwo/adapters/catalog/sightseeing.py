"""The attraction desk: ticket types of sights, with a daily quota per ticket type."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bangwo.adapters.catalog import dates, lookups
from bangwo.adapters.catalog import records as r
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError, OutOfStockError
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer, OfferLine, StockClaim

VISIT_MINUTES = 9 * 60


def ticket_ref(sight: r.Sight, ticket: r.TicketType, day: date | None = None) -> str:
    """``ticket:{sight_id}:{kind}``, with ``:{YYYY-MM-DD}`` when the visit date is known."""
    base = f"ticket:{sight.id}:{ticket.kind}"
    return f"{base}:{day.isoformat()}" if day else base


def stock_key(sight: r.Sight, ticket: r.TicketType, day: date) -> str:
    return f"attraction:{sight.id}:{ticket.kind}:{day.isoformat()}"


def search(ix: lookups.Indexes, query: SearchQuery, *, now: datetime) -> list[Listing]:
    f = query.filters
    name = str(f.get("name") or query.text or "")
    kind = f.get("ticket_type")
    day = query.on or (dates.parse_day(f["date"]) if f.get("date") else None)
    city = query.city or (str(f["city"]) if f.get("city") else None)
    ranked: list[tuple[tuple[Any, ...], Listing]] = []
    for sight in ix.data.sights:
        score = lookups.text_score(name, sight.name, *sight.tags) if name else 100
        if not score or (city and sight.city != city):
            continue
        for ticket in sight.tickets:
            if kind and ticket.kind != kind:
                continue
            ranked.append(((-score, sight.id, ticket.price_fen == 0, ticket.kind != "adult"),
                           _listing(sight, ticket, day)))
    ranked.sort(key=lambda pair: pair[0])
    return [listing for _key, listing in ranked[: query.limit]]


def _listing(sight: r.Sight, ticket: r.TicketType, day: date | None) -> Listing:
    attrs: dict[str, Any] = {
        "sight": sight.name, "sight_id": sight.id, "ticket_type": ticket.kind, "ticket_label": ticket.label,
        "hours": f"{sight.opens}-{sight.closes}", "tags": list(sight.tags), "daily_quota": ticket.daily_quota,
    }
    if day is not None:
        attrs["date"] = day.isoformat()
    return Listing(
        domain=Domain.ATTRACTION, ref=ticket_ref(sight, ticket, day), title=f"{sight.name} {ticket.label}",
        merchant_id=sight.id, merchant_name=sight.name, city=sight.city, price_fen=ticket.price_fen, attrs=attrs,
        stock_keys={stock_key(sight, ticket, day): ticket.daily_quota} if day else {},
    )


def _ticket(ix: lookups.Indexes, ref: str) -> tuple[r.Sight, r.TicketType, date | None]:
    parts = lookups.split_ref(ref, "ticket", 3 if ref.count(":") == 3 else 2)
    sight = ix.sights.get(parts[0])
    ticket = next((t for t in sight.tickets if t.kind == parts[1]), None) if sight else None
    if sight is None or ticket is None:
        raise lookups.not_found(ref)
    return sight, ticket, dates.parse_day(parts[2], what="游玩日期") if len(parts) == 3 else None


def listing(ix: lookups.Indexes, ref: str, *, now: datetime) -> Listing:
    sight, ticket, day = _ticket(ix, ref)
    return _listing(sight, ticket, day)


def quote(ix: lookups.Indexes, request: QuoteRequest, *, now: datetime) -> Offer:
    sight, ticket, ref_day = _ticket(ix, request.ref)
    raw = request.options.get("date") or ref_day
    if raw is None:
        raise InvalidRequestError("attraction quote needs a date", user_message="请告诉我哪天去")
    day = dates.parse_day(raw, what="游玩日期")
    local = dates.local(now)
    if day < local.date() or (day == local.date() and local.hour * 60 + local.minute
                              >= dates.minutes_of(sight.closes) - 60):
        raise InvalidRequestError(f"{sight.id} visit on {day} too late",
                                  user_message=f"{day.month}月{day.day}日的{sight.name}门票已停止售卖，请选以后的日期")
    count = lookups.quantity(lookups.option_or(request.options, "count", request.quantity), maximum=lookups.MAX_TICKETS,
                             unit="张")
    if count > ticket.daily_quota:
        raise OutOfStockError("over the daily quota", user_message=f"{ticket.label}每日限量{ticket.daily_quota}张")
    return Offer(
        domain=Domain.ATTRACTION, merchant_id=sight.id, merchant_name=sight.name,
        title=f"{sight.name} {ticket.label} {day.month}月{day.day}日",
        lines=(OfferLine(title=f"{sight.name}{ticket.label}", quantity=count, unit_price_fen=ticket.price_fen,
                         options={"ticket_type": ticket.kind, "date": day.isoformat()}),),
        policy=policies.for_domain(Domain.ATTRACTION),
        stock=(StockClaim(stock_key(sight, ticket, day), count, ticket.daily_quota),),
        details={"sight": sight.name, "sight_id": sight.id, "city": sight.city, "date": day.isoformat(),
                 "ticket_type": ticket.kind, "ticket_label": ticket.label, "hours": f"{sight.opens}-{sight.closes}"},
        starts_at=dates.at(day, VISIT_MINUTES),
    )
