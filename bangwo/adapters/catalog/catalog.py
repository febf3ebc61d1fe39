"""InMemoryCatalog: search, price and look up everything the embedded ecosystem sells."""

from __future__ import annotations

from collections.abc import Mapping
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
from bangwo.domain import seating
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError, NotFoundError
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer

_REF_DOMAINS: dict[str, tuple[Domain, ...]] = {
    "item": (Domain.TAKEOUT,), "sku": (Domain.GROCERY,), "show": (Domain.MOVIE,),
    "dep": (Domain.FLIGHT, Domain.TRAIN), "room": (Domain.HOTEL,), "ticket": (Domain.ATTRACTION,),
    "taxi": (Domain.TAXI,), "topup": (Domain.RECHARGE,), "product": (Domain.SHOPPING,),
}



class _DomainModule(Protocol):
    """What each domain module of the catalog offers (takeout.py, trips.py, ...)."""

    def search(self, ix: lookups.Indexes, query: SearchQuery, *, now: datetime) -> list[Listing]: ...
    def quote(self, ix: lookups.Indexes, request: QuoteRequest, *, now: datetime) -> Offer: ...


_HANDLERS: Mapping[Domain, _DomainModule] = {
    Domain.TAKEOUT: takeout, Domain.GROCERY: grocery, Domain.MOVIE: movies, Domain.FLIGHT: trips,
    Domain.TRAIN: trips, Domain.HOTEL: stays, Domain.ATTRACTION: sightseeing, Domain.TAXI: rides,
    Domain.RECHARGE: topups, Domain.SHOPPING: products,
}


class InMemoryCatalog:
    """The catalog of CatalogData, indexed once; every method is a pure function of its arguments."""

    def __init__(self, data: r.CatalogData) -> None:
        self.data = data
        self._ix = lookups.Indexes(data)

    def search(self, query: SearchQuery, *, now: datetime) -> list[Listing]:
        """Listings of one domain matching the query, best first, at most ``query.limit``."""
        _aware(now)
        return _HANDLERS[query.domain].search(self._ix, query, now=now)

    def quote(self, request: QuoteRequest, *, now: datetime) -> Offer:
        """Price ``request.ref`` with its options, validating everything; raise a domain error otherwise."""
        _aware(now)
        self._check_ref_domain(request.ref, request.domain)
        return _HANDLERS[request.domain].quote(self._ix, request, now=now)

    def get_listing(self, ref: str, now: datetime) -> Listing:
        """The listing a ref names (for any date), or NotFoundError."""
        _aware(now)
        prefix = ref.split(":", 1)[0]
        if prefix == "item":
            return takeout.listing(self._ix, ref, now=now)
        if prefix == "sku":
            return grocery.listing(self._ix, ref, now=now)
        if prefix == "show":
            return movies.listing(self._ix, ref, now=now)
        if prefix == "dep":
            schedule = self._ix.schedules.get(ref.split(":")[1] if ref.count(":") == 2 else "")
            domain = Domain(schedule.domain) if schedule else Domain.TRAIN
            return trips.listing(self._ix, ref, domain, now=now)
        if prefix == "room":
            return stays.listing(self._ix, ref, now=now)
        if prefix == "ticket":
            return sightseeing.listing(self._ix, ref, now=now)
        if prefix == "taxi":
            return rides.listing(self._ix, ref, now=now)
        if prefix == "topup":
            return topups.listing(self._ix, ref, now=now)
        if prefix == "product":
            return products.listing(self._ix, ref, now=now)
        raise lookups.not_found(ref)

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
        }
        return {kind: tuple(sorted(names)) for kind, names in words.items()}

    def _check_ref_domain(self, ref: str, domain: Domain) -> None:
        expected = _REF_DOMAINS.get(ref.split(":", 1)[0])
        if expected is None:
            raise lookups.not_found(ref)
        if domain not in expected:
            raise InvalidRequestError(f"ref {ref!r} is not a {domain.value} ref",
                                      user_message="这个商品不属于当前业务，请重新搜索")


def _aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise InvalidRequestError("now must be timezone-aware")
