"""Search supply and price offers: the catalog proposes, the database says what is left."""

from __future__ import annotations

from dataclasses import replace

from bangwo.domain import seating
from bangwo.domain.domains import Domain
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer
from bangwo.services.ports import Catalog, Clock, UnitOfWork


def search(query: SearchQuery, *, catalog: Catalog, uow: UnitOfWork, clock: Clock) -> list[Listing]:
    """Listings with ``attrs['left']``: the smallest stock left among what each listing draws on."""
    listings = catalog.search(query, now=clock.now())
    keys = {k: v for listing in listings for k, v in listing.stock_keys.items()}
    with uow:
        left = uow.stock.available(keys)
    return [replace(listing, attrs={**listing.attrs, "left": min((left[k] for k in listing.stock_keys),
                                                                    default=None)})
            for listing in listings]


def quote(request: QuoteRequest, *, catalog: Catalog, clock: Clock) -> Offer:
    """Price a request; the catalog validates options, opening hours and delivery range."""
    return catalog.quote(request, now=clock.now())


def quote_seats(showtime_ref: str, *, count: int, preference: str | None, catalog: Catalog, uow: UnitOfWork,
                clock: Clock) -> Offer:
    """Pick ``count`` adjacent free seats honouring ``preference`` (back, front, middle, aisle, couple)."""
    seat_map = catalog.seat_map(showtime_ref)
    with uow:
        taken = uow.stock.taken_seats(showtime_ref)
    codes = seating.pick_seats(seat_map, taken=taken, count=count, preference=preference)
    return catalog.quote(QuoteRequest(Domain.MOVIE, showtime_ref, quantity=count, options={"seats": list(codes)}),
                         now=clock.now())
