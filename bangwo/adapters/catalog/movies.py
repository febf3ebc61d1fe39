"""The cinema desk: showtimes for any date, seat maps, and quoting tickets with chosen seats."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bangwo.adapters.catalog import dates, lookups, timetables
from bangwo.adapters.catalog import records as r
from bangwo.domain import policies, seating
from bangwo.domain.domains import Domain
from bangwo.domain.errors import ConflictError, InvalidRequestError
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer, OfferLine, StockClaim

TIME_TOLERANCE_MINUTES = 90


def seats_key(showtime_ref: str) -> str:
    return f"seats:{showtime_ref}"


def seat_map(hall: r.Hall) -> seating.SeatMap:
    return seating.SeatMap(hall.rows, hall.seats_per_row, hall.couple_rows)


def showtime(ix: lookups.Indexes, ref: str) -> timetables.Showtime:
    """Rebuild the showtime a ref names, for any date."""
    cinema_id, hall_id, day_text, _hhmm = lookups.split_ref(ref, "show", 4)
    hall = ix.halls.get((cinema_id, hall_id))
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise lookups.not_found(ref) from None
    if hall is None:
        raise lookups.not_found(ref)
    for show in day_showtimes(ix, ix.cinemas[cinema_id], hall, day):
        if show.ref == ref:
            return show
    raise lookups.not_found(ref)


def day_showtimes(ix: lookups.Indexes, cinema: r.Cinema, hall: r.Hall, day: date) -> list[timetables.Showtime]:
    """A hall's screenings on a day: those an imported cinema listed, else the generated timetable."""
    if cinema.id in ix.data.listed_cinemas:
        return timetables.listed_showtimes(cinema, hall, day, ix.screenings[cinema.id], movies=ix.movies)
    return timetables.showtimes(cinema, hall, day, movies=ix.house_movies, seed=ix.data.seed)


def _day(ix: lookups.Indexes, query: SearchQuery, now: datetime, movies: Sequence[r.Movie]) -> date:
    f = query.filters
    if query.on is not None:
        return query.on
    if f.get("date"):
        return dates.parse_day(f["date"])
    if f.get("premiere") and len({m.release for m in movies}) == 1:
        return movies[0].release
    return dates.local(now).date()


def search(ix: lookups.Indexes, query: SearchQuery, *, now: datetime) -> list[Listing]:
    f = query.filters
    title = str(f.get("movie") or query.text or "")
    movies = [m for m in ix.data.movies if not title or lookups.text_score(title, m.title) >= 85]
    if not movies:
        return []
    day = _day(ix, query, now, movies)
    wanted = {m.id for m in movies}
    at_minutes = dates.parse_clock(f["time"]) if f.get("time") else None
    max_fen = lookups.yuan_to_fen(f["max_price"]) if f.get("max_price") is not None else None
    ranked: list[tuple[tuple[Any, ...], Listing]] = []
    for cinema in ix.data.cinemas:
        if (query.city and cinema.city != query.city) or (
                f.get("cinema") and not lookups.text_score(str(f["cinema"]), cinema.name, cinema.brand)):
            continue
        distance = lookups.distance(query.near, cinema.lat, cinema.lng) if query.near else None
        for hall in cinema.halls:
            if f.get("format") and str(f["format"]).upper() != hall.format.upper():
                continue
            for show in day_showtimes(ix, cinema, hall, day):
                start = show.start.hour * 60 + show.start.minute
                if show.movie.id not in wanted or show.start <= now:
                    continue
                if f.get("time_window") and not dates.in_window(start, str(f["time_window"])):
                    continue
                if at_minutes is not None and abs(start - at_minutes) > TIME_TOLERANCE_MINUTES:
                    continue
                if max_fen is not None and show.price_fen > max_fen:
                    continue
                closeness = abs(start - at_minutes) if at_minutes is not None else 0
                ranked.append(((closeness, show.start, distance or 0, show.ref), _listing(show, now, distance)))
    ranked.sort(key=lambda pair: pair[0])
    return [listing for _key, listing in ranked[: query.limit]]


def listing(ix: lookups.Indexes, ref: str, *, now: datetime) -> Listing:
    return _listing(showtime(ix, ref), now, None)


def _listing(show: timetables.Showtime, now: datetime, distance: int | None) -> Listing:
    hall = show.hall
    attrs: dict[str, Any] = {
        "movie": show.movie.title, "movie_id": show.movie.id, "cinema": show.cinema.name,
        "cinema_id": show.cinema.id, "hall": hall.id, "hall_name": hall.name, "format": hall.format,
        "date": show.day.isoformat(), "start": show.start.isoformat(), "end": show.end.isoformat(),
        "start_time": show.start.strftime("%H:%M"), "runtime_minutes": show.movie.runtime_minutes,
        "premiere": show.day == show.movie.release, "presale": dates.local(now).date() < show.movie.release,
        "on_sale": dates.local(now).date() >= show.movie.presale_from, "rows": hall.rows,
        "seats_per_row": hall.seats_per_row, "couple_rows": list(hall.couple_rows),
        "seats_total": hall.rows * hall.seats_per_row, "rating": show.movie.rating, "language": show.movie.language,
    }
    if distance is not None:
        attrs["distance_m"] = distance
    return Listing(
        domain=Domain.MOVIE, ref=show.ref,
        title=f"{show.movie.title} {show.day.month}月{show.day.day}日 {attrs['start_time']} {hall.name}({hall.format})",
        merchant_id=show.cinema.id, merchant_name=show.cinema.name, city=show.cinema.city,
        price_fen=show.price_fen, attrs=attrs, stock_keys={seats_key(show.ref): attrs["seats_total"]},
    )


def quote(ix: lookups.Indexes, request: QuoteRequest, *, now: datetime) -> Offer:
    show = showtime(ix, request.ref)
    if show.start <= now:
        raise InvalidRequestError(f"{show.ref} already started", user_message="这场已经开场了，换一场吧")
    today = dates.local(now).date()
    if today < show.movie.presale_from:
        raise ConflictError(f"{show.movie.id} presale opens {show.movie.presale_from}",
                            user_message=f"《{show.movie.title}》{show.movie.presale_from.month}月"
                                         f"{show.movie.presale_from.day}日开始预售")
    codes = _seats(show, request)
    count = len(codes)
    return Offer(
        domain=Domain.MOVIE, merchant_id=show.cinema.id, merchant_name=show.cinema.name,
        title=f"《{show.movie.title}》{show.day.month}月{show.day.day}日 {show.start:%H:%M} {show.cinema.name}",
        lines=_lines(show, codes),
        policy=policies.for_domain(Domain.MOVIE),
        stock=(StockClaim(seats_key(show.ref), count, show.hall.rows * show.hall.seats_per_row),),
        seats=tuple(f"{show.ref}/{code}" for code in codes),
        details={
            "movie": show.movie.title, "cinema": show.cinema.name, "cinema_id": show.cinema.id,
            "hall": show.hall.name, "format": show.hall.format, "showtime": show.start.isoformat(),
            "date": show.day.isoformat(), "time": f"{show.start:%H:%M}", "seats": list(codes),
            "couple_seats": [c for c in codes if seating.is_couple(seat_map(show.hall), c)],
            "premiere": show.day == show.movie.release, "presale": today < show.movie.release,
        },
        starts_at=show.start,
    )


def _lines(show: timetables.Showtime, codes: tuple[str, ...]) -> tuple[OfferLine, ...]:
    """Standard seats at the showtime's price; couple seats (情侣座) at that price plus the couple surcharge."""
    hall_map = seat_map(show.hall)
    couple = tuple(c for c in codes if seating.is_couple(hall_map, c))
    standard = tuple(c for c in codes if c not in couple)
    options = {"hall": show.hall.name, "format": show.hall.format}
    lines = []
    if standard:
        lines.append(OfferLine(title=f"《{show.movie.title}》电影票", quantity=len(standard),
                               unit_price_fen=show.price_fen, options={"seats": list(standard), **options}))
    if couple:
        lines.append(OfferLine(title=f"《{show.movie.title}》情侣座", quantity=len(couple),
                               unit_price_fen=show.price_fen + seating.COUPLE_SURCHARGE_FEN,
                               options={"seats": list(couple), **options}))
    return tuple(lines)


def _seats(show: timetables.Showtime, request: QuoteRequest) -> tuple[str, ...]:
    """The seats asked for, or ``count`` adjacent seats picked by the ``seat`` preference around ``taken``."""
    hall_map = seat_map(show.hall)
    given = request.options.get("seats")
    if given:
        codes = seating.validate_seats(hall_map, [str(c) for c in given])
        if request.quantity not in (1, len(codes)) or len(codes) > lookups.MAX_TICKETS:
            raise InvalidRequestError("seat count differs from quantity",
                                      user_message=f"选了{len(codes)}个座位，但要买{request.quantity}张票")
        return codes
    count = lookups.quantity(request.quantity, maximum=lookups.MAX_TICKETS, unit="张")
    taken = {str(c) for c in request.options.get("taken") or ()}
    preference = request.options.get("seat")
    return seating.pick_seats(hall_map, taken=taken, count=count,
                              preference=str(preference) if preference else None)
