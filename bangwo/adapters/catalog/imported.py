"""Imported supply as catalog records, merged into the generated world the app serves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta

from bangwo.adapters.catalog import records as r
from bangwo.adapters.catalog import supply as s
from bangwo.adapters.catalog import venues
from bangwo.domain.errors import InvalidRequestError


@dataclass(frozen=True)
class Supply:
    """Every imported record, validated (what the ``supply_entries`` table holds)."""

    shops: tuple[s.Shop, ...] = ()
    cinemas: tuple[s.Cinema, ...] = ()
    movies: tuple[s.Movie, ...] = ()
    schedules: tuple[s.Schedule, ...] = ()
    hotels: tuple[s.Hotel, ...] = ()
    sights: tuple[s.Sight, ...] = ()

    @classmethod
    def of(cls, records: Iterable[s._Record]) -> Supply:
        parts: dict[str, list[s._Record]] = {section: [] for section, _kind, _model in s.SECTIONS}
        for record in records:
            section = next(name for name, _kind, model in s.SECTIONS if isinstance(record, model))
            parts[section].append(record)
        return cls(**{name: tuple(sorted(rows, key=lambda x: str(getattr(x, "id", ""))))  # type: ignore[arg-type]
                      for name, rows in parts.items()})

    def __bool__(self) -> bool:
        return any((self.shops, self.cinemas, self.movies, self.schedules, self.hotels, self.sights))


def merge(data: r.CatalogData, supply: Supply) -> r.CatalogData:
    """The generated catalog plus the imported records (the generated world stays as it was)."""
    if not supply:
        return data
    items = tuple(_item(shop, item) for shop in supply.shops for item in shop.menu)
    merchants: tuple[s.Shop | s.Cinema | s.Hotel | s.Sight, ...] = (*supply.shops, *supply.cinemas, *supply.hotels,
                                                                     *supply.sights)
    policies = {x.id: x.refund_policy for x in merchants if x.refund_policy}
    return replace(
        data,
        shops=data.shops + tuple(_shop(x) for x in supply.shops), items=data.items + items,
        cinemas=data.cinemas + tuple(_cinema(x) for x in supply.cinemas),
        movies=data.movies + tuple(_movie(x) for x in supply.movies),
        screenings=data.screenings + tuple(_screening(cinema.id, show) for cinema in supply.cinemas
                                           for show in cinema.showtimes),
        listed_cinemas=data.listed_cinemas | {x.id for x in supply.cinemas},
        listed_movies=data.listed_movies | {x.id for x in supply.movies},
        schedules=data.schedules + tuple(_schedule(x) for x in supply.schedules),
        hotels=data.hotels + tuple(_hotel(x) for x in supply.hotels),
        sights=data.sights + tuple(_sight(x) for x in supply.sights),
        refund_policies={**data.refund_policies, **policies},
    )


def check_against(data: r.CatalogData, document: s.SupplyDocument, stored: Supply) -> None:
    """Refuse ids the generated world already uses, and showtimes of films nobody knows."""
    merchant_ids = {x.id for x in data.shops} | {x.id for x in data.stores} | {x.id for x in data.cinemas} \
        | {x.id for x in data.hotels} | {x.id for x in data.sights}
    problems = [f"$.{section}[{n}].id: {x.id!r} is already used by the generated catalog"
                for section in ("shops", "cinemas", "hotels", "sights")
                for n, x in enumerate(getattr(document, section)) if x.id in merchant_ids]
    item_ids = {i.id for i in data.items}
    problems += [f"$.shops[{n}].menu[{m}].id: {i.id!r} is already used by the generated catalog"
                 for n, shop in enumerate(document.shops) for m, i in enumerate(shop.menu) if i.id in item_ids]
    schedule_ids = {x.id for x in data.schedules}
    problems += [f"$.schedules[{n}].id: {x.id!r} is already used by the generated catalog"
                 for n, x in enumerate(document.schedules) if x.id in schedule_ids]
    films = {m.id for m in data.movies} | {m.id for m in stored.movies} | {m.id for m in document.movies}
    problems += [f"$.cinemas[{n}].showtimes[{k}].movie: {show.movie!r} is not a known film (add it to movies)"
                 for n, cinema in enumerate(document.cinemas) for k, show in enumerate(cinema.showtimes)
                 if show.movie not in films]
    if problems:
        raise InvalidRequestError("invalid catalog file:\n  " + "\n  ".join(problems[:20]),
                                  user_message="导入文件有误：" + "；".join(problems[:20]))


def _shop(x: s.Shop) -> r.Shop:
    where = x.location
    return r.Shop(id=x.id, name=x.name, brand=x.brand or x.name, city=where.city, area=where.area or where.address,
                  lat=where.lat, lng=where.lng, category=_shop_category(x.category), opens=x.hours.opens,
                  closes=x.hours.closes, radius_m=x.delivery.radius_m, prep_minutes=x.delivery.prep_minutes,
                  rating=x.rating, delivery_fee_fen=x.delivery.fee_fen, monthly_sales=x.monthly_sales)


def _shop_category(category: str) -> str:
    """Generated shops say ``drink`` for every tea and coffee shop (what 随便来一杯 looks for)."""
    return "drink" if category in ("drink", "coffee") else category


def _item(shop: s.Shop, x: s.MenuItem) -> r.MenuItem:
    groups = tuple(r.OptionGroup(g.name, g.label, tuple(r.OptionChoice(c.code, c.label, c.price_fen)
                                                        for c in g.choices), g.default, g.multi)
                   for g in x.option_groups)
    return r.MenuItem(id=x.id, shop_id=shop.id, name=x.name, category=x.category, price_fen=x.price_fen,
                      options=groups, daily_stock=x.daily_stock, tags=tuple(x.tags))


def _screening(cinema_id: str, show: s.Showtime) -> r.Screening:
    start = show.local_start()
    return r.Screening(cinema_id=cinema_id, hall_id=show.hall, movie_id=show.movie, day=start.date(),
                       start=start.strftime("%H:%M"), price_fen=show.price_fen)


def _cinema(x: s.Cinema) -> r.Cinema:
    where = x.location
    return r.Cinema(id=x.id, name=x.name, brand=x.brand or x.name, city=where.city,
                    area=where.area or where.address, lat=where.lat, lng=where.lng, base_price_fen=x.base_price_fen,
                    halls=tuple(r.Hall(h.id, h.name, h.format, h.rows, h.seats_per_row, tuple(h.couple_rows))
                                for h in x.halls))


def _movie(x: s.Movie) -> r.Movie:
    presale = x.presale_from or x.release - timedelta(days=venues.PRESALE_DAYS)
    return r.Movie(id=x.id, title=x.title, genres=tuple(x.genres), runtime_minutes=x.runtime_minutes,
                   release=x.release, presale_from=presale, rating=x.rating, featured=False, language=x.language)


def _schedule(x: s.Schedule) -> r.Schedule:
    return r.Schedule(id=x.id, domain=x.mode, kind=x.kind, carrier=x.carrier, carrier_id=x.carrier_id,
                      from_city=x.from_city, to_city=x.to_city, from_place=x.from_place, to_place=x.to_place,
                      depart=x.depart, duration_minutes=x.duration_minutes, fares=dict(x.fares_fen),
                      capacity=dict(x.seats), weekdays=tuple(sorted(set(x.weekdays))))


def _hotel(x: s.Hotel) -> r.Hotel:
    where = x.location
    return r.Hotel(id=x.id, name=x.name, brand=x.brand, city=where.city, area=where.area or where.address,
                   lat=where.lat, lng=where.lng, star=x.star, rating=x.rating,
                   rooms=tuple(r.RoomType(room.code, room.name, room.bed, room.price_fen, room.count, room.breakfast)
                               for room in x.rooms))


def _sight(x: s.Sight) -> r.Sight:
    where = x.location
    return r.Sight(id=x.id, name=x.name, city=where.city, lat=where.lat, lng=where.lng, opens=x.hours.opens,
                   closes=x.hours.closes, tickets=tuple(r.TicketType(t.kind, t.label, t.price_fen, t.daily_quota)
                                                         for t in x.tickets), tags=tuple(x.tags))
