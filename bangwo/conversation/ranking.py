"""Decide: turn a task into searches, keep offers that satisfy every stated constraint, rank them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from bangwo.conversation import replies
from bangwo.domain import seating
from bangwo.domain.domains import Domain
from bangwo.domain.errors import BangwoError
from bangwo.domain.listings import Address, Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer
from bangwo.domain.users import User
from bangwo.services import quoting
from bangwo.services.ports import Catalog, Clock, UnitOfWorkFactory

MAX_CARDS = 4
CLASSES = {"train": ("seat_class", "second"), "flight": ("cabin", "economy")}   # slot, default
PREMIERE_HORIZON = 60
DRINKS = frozenset({"奶茶", "咖啡", "果茶", "茶饮", "饮品", "果汁", "柠檬茶", "纯茶"})


@dataclass
class Option:
    """An offer ready to show: the listing, the exact quote and why it fits."""

    listing: Listing
    offer: Offer
    request: QuoteRequest
    why: str


@dataclass
class Decision:
    """The options found, and the problems met on the way (sold out, full, out of range...)."""

    options: list[Option] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class Decider:
    """Searches supply for a task's slots and prices the best few offers."""

    catalog: Catalog
    uow: UnitOfWorkFactory
    clock: Clock

    def decide(self, domain: str, slots: dict[str, Any], *, user: User, excluded: list[str]) -> Decision:
        plan = PLANS[Domain(domain)]
        if domain == "movie" and slots.get("premiere") and not slots.get("date"):
            premiere = self._premiere_day(slots, user)
            if premiere is not None:
                slots = {**slots, "date": premiere.isoformat()}
        query = plan.query(slots, user, self.clock.now())
        decision = Decision()
        try:
            listings = quoting.search(query, catalog=self.catalog, uow=self.uow(), clock=self.clock)
        except BangwoError as exc:
            decision.problems.append(exc.user_message)
            return decision
        if domain in CLASSES:
            listings = self._class_left(listings, str(slots.get(CLASSES[domain][0]) or CLASSES[domain][1]))
        if not listings and query.near is not None and self._found_far(query):
            decision.problems.append(replies.out_of_range(_place(slots, user)))
        usable = []
        for listing in listings:
            reason = plan.reject(listing, slots)
            if listing.merchant_id in excluded or listing.ref in excluded:
                continue
            if reason is not None:
                if reason:
                    decision.problems.append(reason)
                continue
            usable.append(listing)
        seen: set[str] = set()
        for listing in sorted(usable, key=lambda x: plan.score(x, slots)):
            group = plan.group(listing)
            if group in seen:
                continue
            try:
                request = plan.request(listing, slots, user)
                offer = self._quote(listing, request, slots)
            except seating.SeatsNotTogetherError as exc:
                decision.problems.append(exc.user_message)
                seen.add(group)
                decision.options.extend(self._other_rows(listing, request, exc.alternatives, slots))
                if len(decision.options) >= MAX_CARDS:
                    del decision.options[MAX_CARDS:]
                    break
                continue
            except BangwoError as exc:
                decision.problems.append(exc.user_message)
                continue
            if slots.get("max_price") and offer.subtotal_fen > int(float(slots["max_price"]) * 100) \
                    * max(1, request.quantity if plan.max_price_per_unit else 1):
                decision.problems.append(f"{listing.merchant_name}超出预算")
                continue
            seen.add(group)
            decision.options.append(Option(listing, offer, request, plan.why(listing, slots)))
            if len(decision.options) >= MAX_CARDS:
                break
        return decision

    def _class_left(self, listings: list[Listing], wished: str) -> list[Listing]:
        """Seats left in the wished class (a listing's own 'left' is the smallest over every class)."""
        keys = {k: cap for x in listings for k, cap in x.stock_keys.items() if k.endswith(f":{wished}")}
        with self.uow() as uow:
            left = uow.stock.available(keys)
        return [replace(x, attrs={**x.attrs, "left": next((left[k] for k in x.stock_keys if k in left),
                                                           x.attrs.get("left"))}) for x in listings]

    def _found_far(self, query: SearchQuery) -> bool:
        """Whether the search finds supply once the delivery address is left out (then it is out of range)."""
        far = SearchQuery(query.domain, text=query.text, city=query.city, near=None, on=query.on,
                          filters=query.filters, limit=1)
        return bool(self.catalog.search(far, now=self.clock.now()))

    def _other_rows(self, listing: Listing, request: QuoteRequest, blocks: tuple[tuple[str, ...], ...],
                    slots: dict[str, Any]) -> list[Option]:
        """The same showtime in other rows, when the wished row has no block of seats together."""
        options = []
        for codes in blocks:
            seated = QuoteRequest(request.domain, request.ref, request.quantity, {**request.options, "seats": list(codes)})
            try:
                offer = quoting.quote(seated, catalog=self.catalog, clock=self.clock)
            except BangwoError:
                continue
            row = codes[0].split("排", 1)[0]
            options.append(Option(listing, offer, request, f"{PLANS[Domain.MOVIE].why(listing, slots)}，改坐{row}排"))
        return options

    def _premiere_day(self, slots: dict[str, Any], user: User) -> date | None:
        """首映日: the first day within PREMIERE_HORIZON days on which the movie shows for the first time."""
        today = self.clock.now().date()
        for offset in range(PREMIERE_HORIZON):
            day = today + timedelta(days=offset)
            query = SearchQuery(Domain.MOVIE, city=slots.get("city") or user.home_city, on=day,
                                filters={"movie": slots.get("movie")}, limit=5)
            if any(x.attrs.get("premiere") for x in self.catalog.search(query, now=self.clock.now())):
                return day
        return None

    def _quote(self, listing: Listing, request: QuoteRequest, slots: dict[str, Any]) -> Offer:
        if listing.domain is Domain.MOVIE:
            return quoting.quote_seats(listing.ref, count=request.quantity, preference=slots.get("seat"),
                                       catalog=self.catalog, uow=self.uow(), clock=self.clock)
        return quoting.quote(request, catalog=self.catalog, clock=self.clock)

    def requote(self, request: QuoteRequest, *, seats: list[str] | None) -> Offer:
        """Price a shown card again, exactly (same seats), just before holding it."""
        if seats:
            request = QuoteRequest(request.domain, request.ref, request.quantity,
                                   {**request.options, "seats": seats}, request.address)
        return quoting.quote(request, catalog=self.catalog, clock=self.clock)


# ---- per-domain plans --------------------------------------------------------------------------


def _address(slots: dict[str, Any], user: User) -> Address | None:
    said = slots.get("address")
    if isinstance(said, str) and said:
        default = user.default_address
        if default is not None and said in default.text:
            return default
        return Address(text=said, city=slots.get("city") or user.home_city)
    return user.default_address


def _place(slots: dict[str, Any], user: User) -> str:
    address = _address(slots, user)
    return f"你的地址（{address.text}）" if address is not None else "你的地址"


def _day(slots: dict[str, Any], key: str, now: datetime) -> date:
    value = slots.get(key)
    return date.fromisoformat(value) if isinstance(value, str) else now.date()


def _minutes(value: Any) -> int | None:
    if not isinstance(value, str) or len(value) < 5:
        return None
    text = value[-5:] if "T" not in value else value.split("T", 1)[1][:5]
    try:
        parsed = time.fromisoformat(text)
    except ValueError:
        return None
    return parsed.hour * 60 + parsed.minute


def _count(slots: dict[str, Any], *names: str) -> int:
    for name in names:
        value = slots.get(name)
        if isinstance(value, int) and value > 0:
            return value
    return 1


@dataclass(frozen=True)
class Plan:
    """How one domain searches, filters, ranks and quotes."""

    query: Callable[[dict[str, Any], User, datetime], SearchQuery]
    request: Callable[[Listing, dict[str, Any], User], QuoteRequest]
    score: Callable[[Listing, dict[str, Any]], tuple[Any, ...]]
    why: Callable[[Listing, dict[str, Any]], str]
    reject: Callable[[Listing, dict[str, Any]], str | None] = lambda listing, slots: _sold_out(listing)
    group: Callable[[Listing], str] = lambda listing: listing.ref
    max_price_per_unit: bool = True


def _sold_out(listing: Listing) -> str | None:
    left = listing.attrs.get("left")
    if (isinstance(left, int) and left <= 0) or listing.attrs.get("sold_out"):
        return f"{listing.merchant_name}的{listing.title}已售罄"
    return None


def _takeout_query(slots: dict[str, Any], user: User, now: datetime) -> SearchQuery:
    address = _address(slots, user)
    item = None if slots.get("any") else slots.get("item")
    return SearchQuery(Domain.TAKEOUT, text=item, city=address.city if address else user.home_city,
                       near=address.point if address else None,
                       filters={k: slots[k] for k in ("shop",) if k in slots}, limit=60)


def _takeout_reject(listing: Listing, slots: dict[str, Any]) -> str | None:
    if listing.attrs.get("open") is False:
        return replies.closed(listing.merchant_name, str(listing.attrs.get("hours") or ""))
    if slots.get("any") and listing.attrs.get("category") not in DRINKS:
        return ""   # not what was wished for: skipped silently
    return _sold_out(listing)


def _options(slots: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: slots[k] for k in names if k in slots}


PLANS: dict[Domain, Plan] = {
    Domain.TAKEOUT: Plan(
        query=_takeout_query,
        request=lambda x, s, u: QuoteRequest(Domain.TAKEOUT, x.ref, _count(s, "quantity"),
                                             _options(s, ("size", "sugar", "ice", "toppings")), _address(s, u)),
        score=lambda x, s: (-float(x.attrs.get("rating", 0)), int(x.attrs.get("eta_minutes", 99))),
        why=lambda x, s: f"评分{x.attrs.get('rating')}，约{x.attrs.get('eta_minutes', '?')}分钟送达",
        reject=_takeout_reject, group=lambda x: x.merchant_id,
    ),
    Domain.GROCERY: Plan(
        query=lambda s, u, now: SearchQuery(Domain.GROCERY, text=s.get("item"),
                                            city=(_address(s, u) or Address("", u.home_city)).city,
                                            near=(_address(s, u) or Address("", u.home_city)).point,
                                            filters=_options(s, ("brand",)), limit=40),
        request=lambda x, s, u: QuoteRequest(Domain.GROCERY, x.ref, _count(s, "quantity"), {}, _address(s, u)),
        score=lambda x, s: (x.price_fen, int(x.attrs.get("eta_minutes", 99))),
        why=lambda x, s: f"{x.attrs.get('spec', '')}，约{x.attrs.get('eta_minutes', '?')}分钟送达",
    ),
    Domain.MOVIE: Plan(
        query=lambda s, u, now: SearchQuery(Domain.MOVIE, city=s.get("city") or u.home_city,
                                            on=_day(s, "date", now),
                                            filters=_options(s, ("movie", "cinema", "time_window", "format")),
                                            limit=80),
        request=lambda x, s, u: QuoteRequest(Domain.MOVIE, x.ref, _count(s, "count"), {"seat": s.get("seat")}),
        score=lambda x, s: (abs((_minutes(x.attrs.get("start")) or 0) - (_minutes(s.get("time")) or 0))
                            if s.get("time") else _minutes(x.attrs.get("start")) or 0, -float(x.attrs.get("rating", 0))),
        why=lambda x, s: f"{x.attrs.get('start_time', '')!s}开场，{x.attrs.get('hall_name', '')}"
                         f"{x.attrs.get('format', '')}",
        reject=lambda x, s: None if x.attrs.get("on_sale", True) else f"{x.merchant_name}该场次未开售",
    ),
    Domain.TRAIN: Plan(
        query=lambda s, u, now: SearchQuery(Domain.TRAIN, on=_day(s, "date", now), filters={
            "from_city": s.get("from_city") or u.home_city, **_options(s, ("to_city", "seat_class", "train_type",
                                                                           "time_window"))}, limit=40),
        request=lambda x, s, u: QuoteRequest(Domain.TRAIN, x.ref, _count(s, "passengers", "count"),
                                             _options(s, ("seat_class",))),
        score=lambda x, s: _trip_score(x, s),
        why=lambda x, s: f"{x.attrs.get('depart_time')}出发，{x.attrs.get('arrive_time')}到，"
                         f"历时{int(x.attrs.get('duration_minutes', 0)) // 60}小时{int(x.attrs.get('duration_minutes', 0)) % 60}分",
        reject=lambda x, s: _full(x, s),
    ),
    Domain.FLIGHT: Plan(
        query=lambda s, u, now: SearchQuery(Domain.FLIGHT, on=_day(s, "date", now), filters={
            "from_city": s.get("from_city") or u.home_city, **_options(s, ("to_city", "cabin", "time_window",
                                                                           "direct"))}, limit=40),
        request=lambda x, s, u: QuoteRequest(Domain.FLIGHT, x.ref, _count(s, "passengers", "count"),
                                             _options(s, ("cabin",))),
        score=lambda x, s: _trip_score(x, s),
        why=lambda x, s: f"{x.attrs.get('carrier')} {x.attrs.get('depart_time')}起飞，{x.attrs.get('kind', '')}",
        reject=lambda x, s: _full(x, s),
    ),
    Domain.HOTEL: Plan(
        query=lambda s, u, now: SearchQuery(Domain.HOTEL, city=s.get("city") or u.home_city,
                                            on=_day(s, "check_in", now), filters={
                                                "check_in": _day(s, "check_in", now).isoformat(),
                                                "nights": s.get("nights", 1),
                                                **_options(s, ("near", "star", "brand", "max_price"))}, limit=40),
        request=lambda x, s, u: QuoteRequest(Domain.HOTEL, x.ref, _count(s, "rooms"), {
            "check_in": s.get("check_in") or x.attrs.get("check_in"), "nights": s.get("nights", 1)}),
        score=lambda x, s: (int(x.attrs.get("distance_m", 0)) // 500, -float(x.attrs.get("rating", 0)), x.price_fen),
        why=lambda x, s: f"{x.attrs.get('star')}星，评分{x.attrs.get('rating')}" + (
            f"，距{s['near']}{int(x.attrs.get('distance_m', 0))}米" if s.get("near") else ""),
        group=lambda x: x.merchant_id, max_price_per_unit=False,
    ),
    Domain.ATTRACTION: Plan(
        query=lambda s, u, now: SearchQuery(Domain.ATTRACTION, city=s.get("city"), on=_day(s, "date", now),
                                            filters=_options(s, ("name", "ticket_type")), limit=20),
        request=lambda x, s, u: QuoteRequest(Domain.ATTRACTION, x.ref, _count(s, "count"),
                                             {"date": s.get("date")}),
        score=lambda x, s: (_name_fit(str(x.attrs.get("sight", x.merchant_name)), str(s.get("name") or "")),
                            x.attrs.get("ticket_type") != (s.get("ticket_type") or "adult"), x.price_fen),
        why=lambda x, s: f"{x.attrs.get('ticket_label', '')}，{x.city}",
    ),
    Domain.TAXI: Plan(
        query=lambda s, u, now: SearchQuery(Domain.TAXI, city=u.home_city, filters={
            "to": s.get("to"), "from": _pickup(s, u), **_options(s, ("car_type",))}, limit=4),
        request=lambda x, s, u: QuoteRequest(Domain.TAXI, x.ref, 1, {
            "to": s.get("to"), "from": _pickup(s, u), **({"when": s["when"]} if s.get("when") else {})},
            u.default_address),
        score=lambda x, s: (x.price_fen,),
        why=lambda x, s: f"约{x.attrs.get('duration_minutes', '?')}分钟，{int(x.attrs.get('distance_m', 0)) / 1000:.1f}公里",
    ),
    Domain.RECHARGE: Plan(
        query=lambda s, u, now: SearchQuery(Domain.RECHARGE, filters={"phone": s.get("phone") or u.phone,
                                                                     "amount": s.get("amount")}),
        request=lambda x, s, u: QuoteRequest(Domain.RECHARGE, x.ref, 1, {"phone": s.get("phone") or u.phone}),
        score=lambda x, s: (x.price_fen,),
        why=lambda x, s: f"充值到{s.get('phone') or '本机号码'}",
    ),
    Domain.SHOPPING: Plan(
        query=lambda s, u, now: SearchQuery(Domain.SHOPPING, text=s.get("query"),
                                            filters=_options(s, ("brand", "max_price")), limit=40),
        request=lambda x, s, u: QuoteRequest(Domain.SHOPPING, x.ref, _count(s, "quantity"),
                                             {"spec": s["spec"]} if s.get("spec") else {}),
        score=lambda x, s: (x.price_fen,),
        why=lambda x, s: f"{x.attrs.get('shop', '')}，{x.attrs.get('ships_from', '')}发货",
        reject=lambda x, s: "" if _broader(x, str(s.get("query") or "")) else _sold_out(x),
    ),
}


def _pickup(slots: dict[str, Any], user: User) -> Any:
    """Where a ride starts: the place said, else the user's saved address (its point when known)."""
    if slots.get("from"):
        return slots["from"]
    address = user.default_address
    if address is None:
        return ""
    return {"lat": address.point.lat, "lng": address.point.lng} if address.point else address.text


def _name_fit(name: str, wished: str) -> int:
    """0 for the very name said, 1 for a name starting with it ('故宫博物院'), 2 otherwise ('沈阳故宫')."""
    return 0 if name == wished else 1 if wished and name.startswith(wished) else 2


def _broader(listing: Listing, wished: str) -> bool:
    """A broader kind of thing than what was asked: a phone when a phone case ('手机壳') was asked for."""
    category = str(listing.attrs.get("category") or "")
    if not wished or wished in listing.title or wished in category:
        return False
    return bool(category) and category in wished


def _full(listing: Listing, slots: dict[str, Any]) -> str | None:
    left = listing.attrs.get("left")
    if isinstance(left, int) and left < _count(slots, "passengers", "count"):
        return f"{listing.title.split()[0]}已满" if left <= 0 else f"{listing.title.split()[0]}只剩{left}张"
    return None


def _trip_score(listing: Listing, slots: dict[str, Any]) -> tuple[Any, ...]:
    sort = slots.get("sort")
    depart = _minutes(listing.attrs.get("depart")) or 0
    if sort == "cheapest":
        return (listing.price_fen, depart)
    if sort == "fastest":
        return (int(listing.attrs.get("duration_minutes", 0)), depart)
    return (depart,)

