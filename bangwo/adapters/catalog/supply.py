"""The catalog import file, schema version 1 (docs/catalog.md): typed, validated, with JSON-path errors."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from bangwo.adapters.catalog import dates, transport
from bangwo.domain import policies
from bangwo.domain.errors import InvalidRequestError

SCHEMA_VERSION = 1
SUPPORTED_VERSIONS = (1,)

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Fen = Annotated[int, Field(ge=0, le=100_000_000, description="Money in integer fen (1 yuan = 100 fen).")]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
HourMinute = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")]
PolicyCode = Literal["takeout", "grocery", "movie", "train", "flight", "hotel", "attraction", "taxi",
                     "recharge", "shopping"]
OptionSlot = Literal["size", "sugar", "ice", "toppings", "spice", "noodle", "combo"]
TicketKind = Literal["adult", "child", "senior", "student"]
SupplierName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]


def _supplier_field() -> Any:
    """Optional in version 1; left out of the stored form when absent (older imports keep their digests)."""
    return Field(None, exclude_if=lambda value: value is None,
                 description="The outside supplier that sells this merchant's goods live (its BANGWO_SUPPLIER_NAME, "
                             "docs/catalog.md); absent: bangwo sells from the stock in this file.")
SEAT_CLASSES = frozenset(code for code, _label in (*transport.SEAT_CLASSES, *transport.CABINS))


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Location(_Record):
    """Where a merchant is: the city (as 杭州, without 市), the street address and its coordinates."""

    city: Text
    address: Text
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    area: str = Field("", max_length=60, description="A district or landmark the merchant is known by.")


class Hours(_Record):
    """Opening hours in Beijing time; ``closes`` at or before ``opens`` runs past midnight."""

    opens: HourMinute = "00:00"
    closes: HourMinute = "24:00"


class OptionChoice(_Record):
    code: Text
    label: Text
    price_fen: Fen = 0


class OptionGroup(_Record):
    """甜度/冰量/加料...: ``name`` is the slot the conversation fills (sugar, ice, toppings...)."""

    name: OptionSlot
    label: Text
    choices: list[OptionChoice] = Field(min_length=1)
    default: str | None = None
    multi: bool = False

    @model_validator(mode="after")
    def _default_is_a_choice(self) -> Self:
        codes = [c.code for c in self.choices]
        if len(set(codes)) != len(codes):
            raise ValueError(f"choice codes repeat in option group {self.name!r}")
        if self.default is not None and self.default not in codes:
            raise ValueError(f"default {self.default!r} is not one of the choices {codes}")
        return self


class MenuItem(_Record):
    id: Id
    name: Text
    category: Text
    price_fen: Fen
    daily_stock: Count = Field(description="Units that can be sold per day (0: sold out).")
    tags: list[Text] = []
    option_groups: list[OptionGroup] = []

    @model_validator(mode="after")
    def _groups_once(self) -> Self:
        names = [g.name for g in self.option_groups]
        if len(set(names)) != len(names):
            raise ValueError(f"option groups repeat: {names}")
        return self


class Delivery(_Record):
    radius_m: int = Field(ge=100, le=50_000)
    fee_fen: Fen = 0
    prep_minutes: int = Field(10, ge=0, le=240)


class Shop(_Record):
    """A takeout merchant (tea shop, restaurant) with its menu."""

    id: Id
    name: Text
    brand: str = ""
    category: Literal["drink", "coffee", "meal", "snack", "dessert"] = "meal"
    location: Location
    hours: Hours = Hours()
    delivery: Delivery
    rating: float = Field(4.5, ge=0, le=5)
    monthly_sales: Count = 0
    refund_policy: PolicyCode | None = None
    supplier: SupplierName | None = _supplier_field()
    menu: list[MenuItem] = Field(min_length=1)


class Hall(_Record):
    id: Id
    name: Text
    format: Text = "2D"
    rows: int = Field(ge=1, le=60)
    seats_per_row: int = Field(ge=1, le=80)
    couple_rows: list[int] = []

    @model_validator(mode="after")
    def _couple_rows_exist(self) -> Self:
        wrong = [row for row in self.couple_rows if not 1 <= row <= self.rows]
        if wrong:
            raise ValueError(f"couple_rows {wrong} are outside rows 1-{self.rows}")
        return self


class Showtime(_Record):
    hall: Id
    movie: Id
    starts_at: datetime = Field(description="ISO-8601 with a UTC offset, e.g. 2026-02-06T19:30:00+08:00.")
    price_fen: Fen

    @model_validator(mode="after")
    def _aware(self) -> Self:
        if self.starts_at.tzinfo is None:
            raise ValueError("starts_at needs a UTC offset, e.g. 2026-02-06T19:30:00+08:00")
        return self

    def local_start(self) -> datetime:
        return self.starts_at.astimezone(dates.TZ)


class Cinema(_Record):
    """A venue with halls (seat maps) and the showtimes it sells; it shows exactly these."""

    id: Id
    name: Text
    brand: str = ""
    location: Location
    base_price_fen: Fen
    refund_policy: PolicyCode | None = None
    supplier: SupplierName | None = _supplier_field()
    halls: list[Hall] = Field(min_length=1)
    showtimes: list[Showtime] = []

    @model_validator(mode="after")
    def _showtimes_in_halls(self) -> Self:
        halls = [h.id for h in self.halls]
        if len(set(halls)) != len(halls):
            raise ValueError(f"hall ids repeat: {halls}")
        slots = set()
        for n, show in enumerate(self.showtimes):
            if show.hall not in halls:
                raise ValueError(f"showtimes[{n}].hall {show.hall!r} is not one of this cinema's halls {halls}")
            slot = (show.hall, show.local_start().strftime("%Y-%m-%d %H:%M"))
            if slot in slots:
                raise ValueError(f"showtimes[{n}] repeats hall {slot[0]} at {slot[1]}")
            slots.add(slot)
        return self


class Movie(_Record):
    id: Id
    title: Text
    genres: list[Text] = []
    runtime_minutes: int = Field(ge=1, le=600)
    release: date
    presale_from: date | None = None
    rating: float = Field(0.0, ge=0, le=10)
    language: Text = "国语"


class Schedule(_Record):
    """A train or flight run every ``weekdays`` (Monday = 0), with fares and seats per class."""

    id: Id = Field(description="The train number (G1234) or flight number (CA1234).")
    mode: Literal["train", "flight"]
    kind: Text = Field(description="Train kind (G, D, K, Z, T) or aircraft for flights.")
    carrier: Text
    carrier_id: Id
    from_city: Text
    to_city: Text
    from_place: Text
    to_place: Text
    depart: HourMinute
    duration_minutes: int = Field(ge=1, le=4 * 24 * 60)
    fares_fen: dict[str, Fen] = Field(min_length=1)
    seats: dict[str, Count] = Field(min_length=1)
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = [0, 1, 2, 3, 4, 5, 6]
    refund_policy: PolicyCode | None = None

    @model_validator(mode="after")
    def _classes_agree(self) -> Self:
        unknown = sorted(set(self.fares_fen) - SEAT_CLASSES)
        if unknown:
            raise ValueError(f"unknown seat classes {unknown}; use {sorted(SEAT_CLASSES)}")
        if set(self.fares_fen) != set(self.seats):
            raise ValueError("fares_fen and seats must name the same classes")
        return self


class RoomType(_Record):
    code: Id
    name: Text
    bed: Text
    price_fen: Fen = Field(description="Base price of one night (weekends and holidays cost more).")
    count: Count
    breakfast: bool = False


class Hotel(_Record):
    id: Id
    name: Text
    brand: str = ""
    star: int = Field(ge=1, le=5)
    rating: float = Field(4.5, ge=0, le=5)
    location: Location
    refund_policy: PolicyCode | None = None
    supplier: SupplierName | None = _supplier_field()
    rooms: list[RoomType] = Field(min_length=1)


class Ticket(_Record):
    kind: TicketKind
    label: Text
    price_fen: Fen
    daily_quota: Count


class Sight(_Record):
    id: Id
    name: Text
    location: Location
    hours: Hours = Hours()
    tags: list[Text] = []
    refund_policy: PolicyCode | None = None
    supplier: SupplierName | None = _supplier_field()
    tickets: list[Ticket] = Field(min_length=1)


class SupplyDocument(_Record):
    """One import file: any of the sections, each record keyed by its ``id``."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True,
                              json_schema_extra={"$id": "https://bangwo.dev/schemas/catalog-v1.json"})

    schema_version: Literal[1]
    shops: list[Shop] = []
    cinemas: list[Cinema] = []
    movies: list[Movie] = []
    schedules: list[Schedule] = []
    hotels: list[Hotel] = []
    sights: list[Sight] = []

    @model_validator(mode="after")
    def _ids_unique(self) -> Self:
        merchants: dict[str, str] = {}
        for section in ("shops", "cinemas", "hotels", "sights"):
            for n, record in enumerate(getattr(self, section)):
                if record.id in merchants:
                    raise ValueError(f"{section}[{n}].id {record.id!r} is already used by {merchants[record.id]}")
                merchants[record.id] = f"{section}[{n}]"
        items: dict[str, str] = {}
        for n, shop in enumerate(self.shops):
            for m, item in enumerate(shop.menu):
                if item.id in items:
                    raise ValueError(f"shops[{n}].menu[{m}].id {item.id!r} is already used by {items[item.id]}")
                items[item.id] = f"shops[{n}].menu[{m}]"
        for section in ("movies", "schedules"):
            ids = [record.id for record in getattr(self, section)]
            if len(set(ids)) != len(ids):
                raise ValueError(f"{section} ids repeat")
        return self


# The sections of a document: section name, the kind stored per record, its model.
SECTIONS: tuple[tuple[str, str, type[_Record]], ...] = (
    ("shops", "shop", Shop), ("cinemas", "cinema", Cinema), ("movies", "movie", Movie),
    ("schedules", "schedule", Schedule), ("hotels", "hotel", Hotel), ("sights", "sight", Sight),
)
assert set(policies.BY_CODE) == set(PolicyCode.__args__)   # type: ignore[attr-defined]


def parse(text: str | bytes) -> SupplyDocument:
    """Validate an import file; raise InvalidRequestError naming the JSON path of every problem."""
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _invalid([f"$: not valid JSON ({exc})"]) from None
    if not isinstance(raw, dict):
        raise _invalid(["$: the document must be a JSON object"])
    version = raw.get("schema_version")
    if version not in SUPPORTED_VERSIONS or isinstance(version, bool):
        raise _invalid([f"$.schema_version: {version!r} is not supported; this bangwo reads "
                        f"{', '.join(map(str, SUPPORTED_VERSIONS))}"])
    try:
        return SupplyDocument.model_validate_json(text)
    except ValidationError as exc:
        raise _invalid([f"{json_path(e['loc'])}: {e['msg']}" for e in exc.errors()[:20]]) from None


def json_path(loc: tuple[int | str, ...]) -> str:
    """('shops', 0, 'menu', 2, 'price_fen') -> '$.shops[0].menu[2].price_fen'."""
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _invalid(problems: list[str]) -> InvalidRequestError:
    return InvalidRequestError("invalid catalog file:\n  " + "\n  ".join(problems),
                               user_message="导入文件有误：" + "；".join(problems))


def json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of version 1, as docs/catalog.schema.json holds it."""
    schema = SupplyDocument.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
