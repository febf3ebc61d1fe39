"""Decide: turn a task into searches, keep offers that satisfy every stated constraint, rank them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from bangwo.conversation import relaxing, replies
from bangwo.domain import geo, seating, specs
from bangwo.domain.domains import Domain
from bangwo.domain.errors import BangwoError
from bangwo.domain.geo import GeocodingError
from bangwo.domain.listings import Address, GeoPoint, Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer
from bangwo.domain.users import User
from bangwo.services import quoting
from bangwo.services.ports import Catalog, Clock, Geocoder, UnitOfWorkFactory

MAX_CARDS = 4
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
    changed: tuple[str, ...] = ()            # what was relaxed to find the options, in words
    domain: str | None = None                # the domain searched when relaxing moved it (a flight → the train)
    then: dict[str, Any] | None = None       # a connection: the slots of the leg after this one


# Place slots the geocoder resolves before searching, and where the resolved place goes (docs/places.md).
LOCAL_RADIUS_M = 3000    # an address the gazetteer cannot place lands this close to its city's centre
PLACED = {"address": "_address_place", "from": "_from_place", "to": "_to_place", "near": "_near_place"}


@dataclass
class Decider:
    """Searches supply for a task's slots and prices the best few offers."""

    catalog: Catalog
    uow: UnitOfWorkFactory
    clock: Clock
    geocoder: Geocoder | None = None

    def placed(self, slots: dict[str, Any], user: User) -> dict[str, Any]:
        """The slots with each place phrase resolved (送到天目山路200号 -> 杭州市西湖区, a point inside it)."""
        if self.geocoder is None:
            return slots
        out = dict(slots)
        for slot, key in PLACED.items():
            said = slots.get(slot)
            if not isinstance(said, str) or not said.strip() or key in slots:
                continue
            if slot == "address" and user.default_address is not None and said in user.default_address.text:
                continue
            city = str(slots.get("city") or user.home_city)
            try:
                place = self._place(said, city, local=slot != "near")
            except GeocodingError:
                place = None
            if place is not None:
                out[key] = place
        return out

    def _place(self, said: str, city: str, *, local: bool) -> dict[str, Any] | None:
        """A place phrase as a point; an address naming no other city is placed in the person's city."""
        assert self.geocoder is not None
        place = self.geocoder.resolve(said, city_hint=city)
        elsewhere = place is not None and place.city != city and place.city not in said
        if place is not None and not (local and elsewhere):
            return {"name": place.name, "display": place.display, "city": place.city, "lat": place.lat,
                    "lng": place.lng}
        area = self.geocoder.resolve(city, city_hint=city)
        if area is None:
            return None
        lat, lng = geo.placed_near(said, lat=area.lat, lng=area.lng, radius_m=LOCAL_RADIUS_M)
        return {"name": said, "display": f"{area.display} {said}", "city": area.city, "lat": lat, "lng": lng}

    def decide_or_relax(self, domain: str, slots: dict[str, Any], *, user: User, excluded: list[str]) -> Decision:
        """Search as asked; when nothing matches, relax the least important wishes (relaxing.steps)."""
        decision = self.decide(domain, slots, user=user, excluded=excluded)
        if decision.options:
            return decision
        for step in relaxing.steps(domain, slots, today=self.clock.now().date()):
            relaxed = self.decide(step.domain, step.slots, user=user, excluded=excluded)
            if relaxed.options and step.then is not None and \
                    not self.decide(step.domain, step.then, user=user, excluded=excluded).options:
                continue                        # a connection needs its second leg too
            if relaxed.options:
                relaxed.changed, relaxed.domain, relaxed.then = step.changed, step.domain, step.then
                relaxed.problems = decision.problems
                return relaxed
        return decision

    def decide(self, domain: str, slots: dict[str, Any], *, user: User, excluded: list[str]) -> Decision:
        plan = PLANS[Domain(domain)]
        slots = self.placed(slots, user)
        if domain == "movie" and slots.get("premiere") and not slots.get("date"):
            premiere = self._premiere_day(slots, user)
            if premiere is not None:
                slots = {**slots, "date": premiere.isoformat()}
        query = _with_places(plan.query(slots, user, self.clock.now()), slots)
        decision = Decision()
        try:
            listings = quoting.search(query, catalog=self.catalog, uow=self.uow(), clock=self.clock)
        except BangwoError as exc:
            decision.problems.append(exc.user_message)
            return decision
        if plan.search.class_slot is not None:
            wished = slots.get(plan.search.class_slot) or plan.search.class_default
            listings = self._class_left(listings, str(wished))
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
            why = PLANS[listing.domain].why(listing, slots)
            options.append(Option(listing, offer, request, f"{why}，改坐{row}排"))
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
        if PLANS[listing.domain].search.seats:
            return quoting.quote_seats(listing.ref, count=request.quantity, preference=slots.get("seat"),
                                       catalog=self.catalog, uow=self.uow(), clock=self.clock)
        return quoting.quote(request, catalog=self.catalog, clock=self.clock)

    def requote(self, request: QuoteRequest, *, seats: list[str] | None) -> Offer:
        """Price a shown card again, exactly (same seats), just before holding it."""
        if seats:
            request = QuoteRequest(request.domain, request.ref, request.quantity,
                                   {**request.options, "seats": seats}, request.address)
        return quoting.quote(request, catalog=self.catalog, clock=self.clock)


# ---- search plans: each domain's spec (domain/specs.py) with the behaviours it names -----------


@dataclass(frozen=True)
class SearchPlan:
    """How one domain searches, filters, ranks and quotes: its SearchSpec's data and named behaviours."""

    domain: Domain
    search: specs.SearchSpec

    def query(self, slots: dict[str, Any], user: User, now: datetime) -> SearchQuery:
        s = self.search
        city, near = PLACES[s.place](slots, user)
        filters = {**EXTRA_FILTERS[s.extras](slots, user, now), **_options(slots, s.filters)}
        on = _day(slots, s.day_slot, now) if s.day_slot else None
        return SearchQuery(self.domain, text=self._text(slots), city=city, near=near, on=on, filters=filters,
                           limit=s.limit)

    def _text(self, slots: dict[str, Any]) -> str | None:
        """The free text searched: none when the slot that stands for 'anything' was said (喝啥都行)."""
        s = self.search
        if s.text_slot is None or (s.text_unless is not None and slots.get(s.text_unless)):
            return None
        text: str | None = slots.get(s.text_slot)
        return text

    def request(self, listing: Listing, slots: dict[str, Any], user: User) -> QuoteRequest:
        s = self.search
        options = {**_options(slots, s.options), **{k: slots.get(k) for k in s.fixed_options},
                   **EXTRA_OPTIONS[s.extras](listing, slots, user)}
        return QuoteRequest(self.domain, listing.ref, _count(slots, *s.count_slots), options,
                            ADDRESSES[s.address](slots, user))

    def score(self, listing: Listing, slots: dict[str, Any]) -> tuple[Any, ...]:
        return SCORES[self.search.score](listing, slots)

    def why(self, listing: Listing, slots: dict[str, Any]) -> str:
        return WHYS[self.search.why](listing, slots)

    def reject(self, listing: Listing, slots: dict[str, Any]) -> str | None:
        """Why a listing is not shown ('' to skip it silently), or None to keep it."""
        return REJECTS[self.search.reject](listing, slots)

    def group(self, listing: Listing) -> str:
        """Listings of one group make one option at most (one dish per shop, one room type per hotel)."""
        return listing.merchant_id if self.search.group == "merchant" else listing.ref

    @property
    def max_price_per_unit(self) -> bool:
        return self.search.max_price_per_unit


def _with_places(query: SearchQuery, slots: dict[str, Any]) -> SearchQuery:
    """The search near the place the geocoder found (送到/附近), and how far a relaxed search may reach."""
    filters = dict(query.filters)
    if isinstance(filters.get("near"), str) and isinstance(slots.get("_near_place"), dict):
        filters["near"] = slots["_near_place"]
    if slots.get("radius_m"):
        filters["radius_m"] = slots["radius_m"]
    return replace(query, filters=filters) if filters != query.filters else query


def _address(slots: dict[str, Any], user: User) -> Address | None:
    placed = slots.get("_address_place")
    if isinstance(placed, dict):
        return Address(text=str(placed["display"]), city=str(placed["city"]),
                       point=GeoPoint(float(placed["lat"]), float(placed["lng"])))
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


def _options(slots: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: slots[k] for k in names if k in slots}


# Where to search: (city, near).
def _delivery_place(slots: dict[str, Any], user: User) -> tuple[str | None, GeoPoint | None]:
    address = _address(slots, user)
    return (address.city, address.point) if address is not None else (user.home_city, None)


PLACES: Mapping[specs.Place, Callable[[dict[str, Any], User], tuple[str | None, GeoPoint | None]]] = {
    "delivery": _delivery_place,
    "city_or_home": lambda s, u: (s.get("city") or u.home_city, None),
    "city": lambda s, u: (s.get("city"), None),
    "home": lambda s, u: (u.home_city, None),
    "none": lambda s, u: (None, None),
}

# Filters and quote options computed from several slots and the user (a trip's origin, a stay's nights...).
EXTRA_FILTERS: Mapping[specs.Extras, Callable[[dict[str, Any], User, datetime], dict[str, Any]]] = {
    "none": lambda s, u, now: {},
    "route": lambda s, u, now: {"from_city": s.get("from_city") or u.home_city},
    "stay": lambda s, u, now: {"check_in": _day(s, "check_in", now).isoformat(),
                               "nights": s.get("nights", 1)},
    "ride": lambda s, u, now: {"to": s.get("_to_place") or s.get("to"), "from": _pickup(s, u)},
    "topup": lambda s, u, now: {"phone": s.get("phone") or u.phone, "amount": s.get("amount")},
}
EXTRA_OPTIONS: Mapping[specs.Extras, Callable[[Listing, dict[str, Any], User], dict[str, Any]]] = {
    "none": lambda x, s, u: {},
    "route": lambda x, s, u: {},
    "stay": lambda x, s, u: {"check_in": s.get("check_in") or x.attrs.get("check_in"),
                             "nights": s.get("nights", 1)},
    "ride": lambda x, s, u: {"to": s.get("_to_place") or s.get("to"), "from": _pickup(s, u),
                             **({"when": s["when"]} if s.get("when") else {})},
    "topup": lambda x, s, u: {"phone": s.get("phone") or u.phone},
}
ADDRESSES: Mapping[specs.AddressOf, Callable[[dict[str, Any], User], Address | None]] = {
    "none": lambda s, u: None,
    "delivery": _address,
    "saved": lambda s, u: u.default_address,
}


# Ranking: smaller first.
def _showtime_score(listing: Listing, slots: dict[str, Any]) -> tuple[Any, ...]:
    """Closest to the time said (else earliest), then best rated."""
    start = _minutes(listing.attrs.get("start")) or 0
    return (abs(start - (_minutes(slots.get("time")) or 0)) if slots.get("time") else start,
            -float(listing.attrs.get("rating", 0)))


def _trip_score(listing: Listing, slots: dict[str, Any]) -> tuple[Any, ...]:
    sort = slots.get("sort")
    depart = _minutes(listing.attrs.get("depart")) or 0
    if sort == "cheapest":
        return (listing.price_fen, depart)
    if sort == "fastest":
        return (int(listing.attrs.get("duration_minutes", 0)), depart)
    return (depart,)


def _name_fit(name: str, wished: str) -> int:
    """0 for the very name said, 1 for a name starting with it ('故宫博物院'), 2 otherwise ('沈阳故宫')."""
    return 0 if name == wished else 1 if wished and name.startswith(wished) else 2


SCORES: Mapping[specs.Score, Callable[[Listing, dict[str, Any]], tuple[Any, ...]]] = {
    "price": lambda x, s: (x.price_fen,),
    "rating_eta": lambda x, s: (-float(x.attrs.get("rating", 0)), int(x.attrs.get("eta_minutes", 99))),
    "price_eta": lambda x, s: (x.price_fen, int(x.attrs.get("eta_minutes", 99))),
    "showtime": _showtime_score,
    "departure": _trip_score,
    "nearby": lambda x, s: (int(x.attrs.get("distance_m", 0)) // 500, -float(x.attrs.get("rating", 0)),
                            x.price_fen),
    "sight": lambda x, s: (_name_fit(str(x.attrs.get("sight", x.merchant_name)), str(s.get("name") or "")),
                           x.attrs.get("ticket_type") != (s.get("ticket_type") or "adult"), x.price_fen),
}


# Why an option fits, shown on its card.
def _train_why(listing: Listing, slots: dict[str, Any]) -> str:
    minutes = int(listing.attrs.get("duration_minutes", 0))
    return (f"{listing.attrs.get('depart_time')}出发，{listing.attrs.get('arrive_time')}到，"
            f"历时{minutes // 60}小时{minutes % 60}分")


WHYS: Mapping[specs.Why, Callable[[Listing, dict[str, Any]], str]] = {
    "rating_eta": lambda x, s: f"评分{x.attrs.get('rating')}，约{x.attrs.get('eta_minutes', '?')}分钟送达",
    "spec_eta": lambda x, s: f"{x.attrs.get('spec', '')}，约{x.attrs.get('eta_minutes', '?')}分钟送达",
    "showtime": lambda x, s: f"{x.attrs.get('start_time', '')!s}开场，{x.attrs.get('hall_name', '')}"
                             f"{x.attrs.get('format', '')}",
    "train": _train_why,
    "flight": lambda x, s: f"{x.attrs.get('carrier')} {x.attrs.get('depart_time')}起飞，"
                           f"{x.attrs.get('kind', '')}",
    "stay": lambda x, s: f"{x.attrs.get('star')}星，评分{x.attrs.get('rating')}" + (
        f"，距{s['near']}{int(x.attrs.get('distance_m', 0))}米" if s.get("near") else ""),
    "ticket": lambda x, s: f"{x.attrs.get('ticket_label', '')}，{x.city}",
    "ride": lambda x, s: f"约{x.attrs.get('duration_minutes', '?')}分钟，"
                         f"{int(x.attrs.get('distance_m', 0)) / 1000:.1f}公里",
    "topup": lambda x, s: f"充值到{s.get('phone') or '本机号码'}",
    "shop": lambda x, s: f"{x.attrs.get('shop', '')}，{x.attrs.get('ships_from', '')}发货",
}


# Why a listing is not shown: a message, '' to skip it silently, None to keep it.
def _sold_out(listing: Listing) -> str | None:
    left = listing.attrs.get("left")
    if (isinstance(left, int) and left <= 0) or listing.attrs.get("sold_out"):
        return f"{listing.merchant_name}的{listing.title}已售罄"
    return None


def _takeout_reject(listing: Listing, slots: dict[str, Any]) -> str | None:
    if listing.attrs.get("open") is False:
        return replies.closed(listing.merchant_name, str(listing.attrs.get("hours") or ""))
    if slots.get("any") and listing.attrs.get("category") not in DRINKS:
        return ""   # not what was wished for: skipped silently
    return _sold_out(listing)


def _full(listing: Listing, slots: dict[str, Any]) -> str | None:
    left = listing.attrs.get("left")
    if isinstance(left, int) and left < _count(slots, "passengers", "count"):
        return f"{listing.title.split()[0]}已满" if left <= 0 else f"{listing.title.split()[0]}只剩{left}张"
    return None


def _broader(listing: Listing, wished: str) -> bool:
    """A broader kind of thing than what was asked: a phone when a phone case ('手机壳') was asked for."""
    category = str(listing.attrs.get("category") or "")
    if not wished or wished in listing.title or wished in category:
        return False
    return bool(category) and category in wished


REJECTS: Mapping[specs.Reject, Callable[[Listing, dict[str, Any]], str | None]] = {
    "sold_out": lambda x, s: _sold_out(x),
    "open_shop": _takeout_reject,
    "on_sale": lambda x, s: None if x.attrs.get("on_sale", True) else f"{x.merchant_name}该场次未开售",
    "seats_left": _full,
    "broader": lambda x, s: "" if _broader(x, str(s.get("query") or "")) else _sold_out(x),
}

PLANS: Mapping[Domain, SearchPlan] = {d: SearchPlan(d, s.search) for d, s in specs.SPECS.items()}


def _pickup(slots: dict[str, Any], user: User) -> Any:
    """Where a ride starts: the place said, else the user's saved address (its point when known)."""
    if isinstance(slots.get("_from_place"), dict):
        return slots["_from_place"]
    if slots.get("from"):
        return slots["from"]
    address = user.default_address
    if address is None:
        return ""
    return {"lat": address.point.lat, "lng": address.point.lng} if address.point else address.text
