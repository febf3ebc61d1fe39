"""The records of the embedded catalog: plain frozen dataclasses, one per kind of thing sold."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class OptionChoice:
    """One value of an option group, with its surcharge."""

    code: str
    label: str
    price_fen: int = 0


@dataclass(frozen=True)
class OptionGroup:
    """size / sugar / ice / toppings / spice...; ``multi`` groups take a list (toppings)."""

    name: str
    label: str
    choices: tuple[OptionChoice, ...]
    default: str | None = None
    multi: bool = False


@dataclass(frozen=True)
class Shop:
    """A takeout shop; ``closes`` <= ``opens`` means it closes after midnight, 00:00-24:00 is 24h."""

    id: str
    name: str
    brand: str
    city: str
    area: str
    lat: float
    lng: float
    category: str
    opens: str
    closes: str
    radius_m: int
    prep_minutes: int
    rating: float
    delivery_fee_fen: int
    monthly_sales: int


@dataclass(frozen=True)
class MenuItem:
    """A dish or drink of a shop; ``daily_stock`` units can be sold per day."""

    id: str
    shop_id: str
    name: str
    category: str
    price_fen: int
    options: tuple[OptionGroup, ...]
    daily_stock: int
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Store:
    """A grocery store delivering within ``radius_m``."""

    id: str
    name: str
    brand: str
    city: str
    area: str
    lat: float
    lng: float
    radius_m: int
    delivery_fee_fen: int
    free_delivery_over_fen: int
    eta_minutes: int


@dataclass(frozen=True)
class Sku:
    """A grocery article of a store, sold by ``unit``."""

    id: str
    store_id: str
    name: str
    category: str
    brand: str
    unit: str
    spec: str
    price_fen: int
    stock: int


@dataclass(frozen=True)
class Hall:
    """A cinema hall: its format and seat map dimensions."""

    id: str
    name: str
    format: str
    rows: int
    seats_per_row: int
    couple_rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class Cinema:
    id: str
    name: str
    brand: str
    city: str
    area: str
    lat: float
    lng: float
    base_price_fen: int
    halls: tuple[Hall, ...]


@dataclass(frozen=True)
class Movie:
    """A film; it is shown on any date >= ``release`` and sold from ``presale_from``."""

    id: str
    title: str
    genres: tuple[str, ...]
    runtime_minutes: int
    release: date
    presale_from: date
    rating: float
    featured: bool
    language: str


@dataclass(frozen=True)
class Schedule:
    """A daily flight or train; ``weekdays`` (Monday = 0) it runs, fares and seats per class."""

    id: str
    domain: str
    kind: str
    carrier: str
    carrier_id: str
    from_city: str
    to_city: str
    from_place: str
    to_place: str
    depart: str
    duration_minutes: int
    fares: dict[str, int]
    capacity: dict[str, int]
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class RoomType:
    code: str
    name: str
    bed: str
    base_price_fen: int
    count: int
    breakfast: bool


@dataclass(frozen=True)
class Hotel:
    id: str
    name: str
    brand: str
    city: str
    area: str
    lat: float
    lng: float
    star: int
    rating: float
    rooms: tuple[RoomType, ...]


@dataclass(frozen=True)
class TicketType:
    kind: str
    label: str
    price_fen: int
    daily_quota: int


@dataclass(frozen=True)
class Sight:
    id: str
    name: str
    city: str
    lat: float
    lng: float
    opens: str
    closes: str
    tickets: tuple[TicketType, ...]
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CarType:
    """A taxi fare model: flag fare covers ``included_km``, then per km and per minute."""

    id: str
    code: str
    label: str
    flag_fen: int
    included_km: float
    per_km_fen: int
    per_min_fen: int
    night_surcharge_bp: int
    seats: int


@dataclass(frozen=True)
class Denomination:
    amount_yuan: int
    price_fen: int


@dataclass(frozen=True)
class Carrier:
    id: str
    name: str
    prefixes: tuple[str, ...]
    denominations: tuple[Denomination, ...]


@dataclass(frozen=True)
class SpecValue:
    label: str
    price_fen: int = 0


@dataclass(frozen=True)
class SpecGroup:
    name: str
    label: str
    values: tuple[SpecValue, ...]


@dataclass(frozen=True)
class Product:
    id: str
    title: str
    brand: str
    category: str
    shop_id: str
    price_fen: int
    stock: int
    specs: tuple[SpecGroup, ...]
    ships_from: str


@dataclass(frozen=True)
class Merchant:
    """Who sells: a shop, cinema, hotel... or an airline, the railway, a taxi fleet, a carrier, an online shop."""

    id: str
    name: str
    domain: str
    city: str


@dataclass(frozen=True)
class Screening:
    """A showtime an operator listed (docs/catalog.md): a film in a hall of a cinema at ``start`` on ``day``."""

    cinema_id: str
    hall_id: str
    movie_id: str
    day: date
    start: str
    price_fen: int


@dataclass(frozen=True)
class CatalogData:
    """Everything the embedded ecosystem sells, as generated from one seed."""

    seed: int
    shops: tuple[Shop, ...]
    items: tuple[MenuItem, ...]
    stores: tuple[Store, ...]
    skus: tuple[Sku, ...]
    cinemas: tuple[Cinema, ...]
    movies: tuple[Movie, ...]
    schedules: tuple[Schedule, ...]
    hotels: tuple[Hotel, ...]
    sights: tuple[Sight, ...]
    car_types: tuple[CarType, ...]
    carriers: tuple[Carrier, ...]
    products: tuple[Product, ...]
    merchants: tuple[Merchant, ...]
    # Imported supply (docs/catalog.md); the generated world leaves these empty.
    screenings: tuple[Screening, ...] = ()
    listed_cinemas: frozenset[str] = frozenset()   # cinemas that show exactly their screenings
    listed_movies: frozenset[str] = frozenset()    # films shown only where a screening lists them
    refund_policies: dict[str, str] = field(default_factory=dict)   # merchant id -> policy code, if not its domain's
