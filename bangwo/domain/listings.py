"""Search queries, listings and quote requests: how services talk to a catalog."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bangwo.domain.domains import Domain


@dataclass(frozen=True)
class GeoPoint:
    """A WGS-84 coordinate (degrees)."""

    lat: float
    lng: float


@dataclass(frozen=True)
class Address:
    """A delivery or pick-up address as the user saved or said it."""

    text: str
    city: str
    point: GeoPoint | None = None


@dataclass(frozen=True)
class SearchQuery:
    """A search in one domain. ``filters`` uses the slot names of spec/frames.md."""

    domain: Domain
    text: str | None = None
    city: str | None = None
    on: date | None = None
    near: GeoPoint | None = None
    filters: Mapping[str, Any] = field(default_factory=dict)
    limit: int = 20


@dataclass(frozen=True)
class Listing:
    """One thing that can be quoted: a menu item, a showtime, a departure, a room type...

    ``ref`` is what ``Catalog.quote`` takes back. ``stock_keys`` maps each counted stock the
    listing draws on to its capacity, so a service can read what is left from the database.
    """

    domain: Domain
    ref: str
    title: str
    merchant_id: str
    merchant_name: str
    city: str
    price_fen: int
    attrs: Mapping[str, Any] = field(default_factory=dict)
    stock_keys: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class QuoteRequest:
    """Ask a catalog to price ``ref`` with options (slot names of spec/frames.md where they exist)."""

    domain: Domain
    ref: str
    quantity: int = 1
    options: Mapping[str, Any] = field(default_factory=dict)
    address: Address | None = None
