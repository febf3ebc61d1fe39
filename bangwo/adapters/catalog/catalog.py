"""InMemoryCatalog: search, price and look up everything the embedded ecosystem sells."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from bangwo.adapters.catalog import (
    grocery,
    lookups,
    movies,
    products,
    rides,
    sightseeing,
    stays,
    takeout,
    topups,
    trips,
)
from bangwo.adapters.catalog import records as r
from bangwo.domain import policies, seating
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError, NotFoundError
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer


class _DomainModule(Protocol):
    """What each domain module of the catalog offers (takeout.py, movies.py, ...)."""

    def search(self, ix: lookups.Indexes, query: SearchQuery, *, now: datetime) -> list[Listing]: ...
    def quote(self, ix: lookups.Indexes, request: QuoteRequest, *, now: datetime) -> Offer: ...
    def listing(self, ix: lookups.Indexes, ref: str, *, now: datetime) -> Listing: ...


class _Departures:
    """trips.py as a domain module: a departure is a flight or a train, as its schedule says."""

    search = staticmethod(trips.search)
    quote = staticmethod(trips.quote)

    @staticmethod
    def listing(ix: lookups.Indexes, ref: str, *, now: datetime) -> Listing:
        schedule = ix.schedules.get(ref.split(":")[1] if ref.count(":") == 2 else "")
        domain = Domain(schedule.domain) if schedule else Domain.TRAIN
        return trips.listing(ix, ref, domain, now=now)


@dataclass(frozen=True)
class _Desk:
    """One domain module: the prefix of the refs it issues and the domains it sells."""

    prefix: str
    domains: tuple[Domain, ...]
    module: _DomainModule


# A new domain adds its module here (and its DomainSpec in domain/specs.py).
_DESKS: tuple[_Desk, ...] = (
    _Desk("item", (Domain.TAKEOUT,), takeout), _Desk("sku", (Domain.GROCERY,), grocery),
    _Desk("show", (Domain.MOVIE,), movies), _Desk("dep", (Domain.FLIGHT, Domain.TRAIN), _Departures()),
    _Desk("room", (Domain.HOTEL,), stays), _Desk("ticket", (Domain.ATTRACTION,), sightseeing),
    _Desk("taxi", (Domain.TAXI,), rides), _Desk("topup", (Domain.RECHARGE,), topups),
    _Desk("product", (Domain.SHOPPING,), products),
)
_BY_PREFIX: Mapping[str, _Desk] = {desk.prefix: desk for desk in _DESKS}
_BY_DOMAIN: Mapping[Domain, _Desk] = {domain: desk for desk in _DESKS for domain in desk.domains}
SOLD: frozenset[Domain] = frozenset(_BY_DOMAIN)   # the domains this catalog sells


class InMemoryCatalog:
    """The catalog of CatalogData, indexed once; every method is a pure function of its arguments."""

    def __init__(self, data: r.CatalogData) -> None:
        self.data = data
        self._ix = lookups.Indexes(data)

    def search(self, query: SearchQuery, *, now: datetime) -> list[Listing]:
        """Listings of one domain matching the query, best first, at most ``query.limit``."""
        _aware(now)
        return _BY_DOMAIN[query.domain].module.search(self._ix, query, now=now)

    def quote(self, request: QuoteRequest, *, now: datetime) -> Offer:
        """Price ``request.ref`` with its options, validating everything; raise a domain error otherwise."""
        _aware(now)
        self._check_ref_domain(request.ref, request.domain)
        offer = _BY_DOMAIN[request.domain].module.quote(self._ix, request, now=now)
        code = self.data.refund_policies.get(offer.merchant_id)      # an imported merchant's own choice
        return replace(offer, policy=policies.by_code(code)) if code else offer

    def get_listing(self, ref: str, now: datetime) -> Listing:
        """The listing a ref names (for any date), or NotFoundError."""
        _aware(now)
        desk = _BY_PREFIX.get(ref.split(":", 1)[0])
        if desk is None:
            raise lookups.not_found(ref)
        return desk.module.listing(self._ix, ref, now=now)

    def seat_map(self, showtime_ref: str) -> seating.SeatMap:
        """The seat map of the hall a showtime ref plays in."""
        return movies.seat_map(movies.showtime(self._ix, showtime_ref).hall)

    def merchant(self, merchant_id: str) -> r.Merchant:
        found = self._ix.merchants.get(merchant_id)
        if found is None:
            raise NotFoundError(f"unknown merchant {merchant_id!r}", user_message="没有找到这个商家")
        return found

    def vocabulary(self) -> dict[str, tuple[str, ...]]:
        """Names the understanding engine's lexicon needs, per kind (sorted, unique)."""
        d = self.data
        words: dict[str, set[str]] = {
            "shops": {s.name for s in d.shops}, "shop_brands": {s.brand for s in d.shops},
            "items": {i.name for i in d.items}, "item_categories": {i.category for i in d.items},
            "toppings": {c.code for i in d.items for g in i.options if g.name == "toppings" for c in g.choices},
            "grocery_items": {s.name for s in d.skus}, "grocery_brands": {s.brand for s in d.skus},
            "grocery_units": {s.unit for s in d.skus}, "stores": {s.name for s in d.stores},
            "movies": {m.title for m in d.movies}, "cinemas": {c.name for c in d.cinemas},
            "cinema_brands": {c.brand for c in d.cinemas}, "sights": {s.name for s in d.sights},
            "hotels": {h.name for h in d.hotels}, "hotel_brands": {h.brand for h in d.hotels if h.brand},
            "airlines": {s.carrier for s in d.schedules if s.domain == "flight"},
            "product_brands": {p.brand for p in d.products}, "product_categories": {p.category for p in d.products},
            "car_types": {c.label for c in d.car_types}, "carriers": {c.name for c in d.carriers},
            "cities": {h.city for h in d.hotels} | {s.from_city for s in d.schedules},
        }
        return {kind: tuple(sorted(names)) for kind, names in words.items()}

    def _check_ref_domain(self, ref: str, domain: Domain) -> None:
        desk = _BY_PREFIX.get(ref.split(":", 1)[0])
        if desk is None:
            raise lookups.not_found(ref)
        if domain not in desk.domains:
            raise InvalidRequestError(f"ref {ref!r} is not a {domain.value} ref",
                                      user_message="这个商品不属于当前业务，请重新搜索")


def _aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise InvalidRequestError("now must be timezone-aware")
