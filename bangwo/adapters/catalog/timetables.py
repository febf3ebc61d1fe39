"""What happens on a given date: showtimes, departures, nightly prices (functions of entity and date)."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bangwo.adapters.catalog import dates, venues
from bangwo.adapters.catalog import records as r

FIRST_SHOW = 10 * 60
LAST_SHOW = 23 * 60 + 30
EVENING_ANCHOR = 19 * 60 + 30
CLEANING_MINUTES = 20
FEATURED_DAYS = 21


@dataclass(frozen=True)
class Showtime:
    """One screening of a film in a hall on a day."""

    ref: str
    cinema: r.Cinema
    hall: r.Hall
    movie: r.Movie
    day: date
    start: datetime
    end: datetime
    price_fen: int


def show_ref(cinema_id: str, hall_id: str, day: date, start_minutes: int) -> str:
    """``show:{cinema_id}:{hall_id}:{YYYY-MM-DD}:{HHMM}``."""
    return f"show:{cinema_id}:{hall_id}:{day.isoformat()}:{dates.hhmm(start_minutes).replace(':', '')}"


def showtimes(cinema: r.Cinema, hall: r.Hall, day: date, *, movies: tuple[r.Movie, ...],
              seed: int) -> list[Showtime]:
    """The day's screenings of a hall: a daytime run from 10:00 and an evening run from 19:30-20:15."""
    showing = [m for m in movies if m.release <= day]
    if not showing:
        return []
    index = int(hall.id.lstrip("h") or 0) - 1
    rng = random.Random(f"{seed}:{cinema.id}:{hall.id}:{day.isoformat()}")
    weights = [_weight(m, day) for m in showing]
    featured = [m for m in showing if m.featured and (day - m.release).days < FEATURED_DAYS]
    anchor = EVENING_ANCHOR + 15 * (index % 4)
    slots: list[tuple[int, r.Movie]] = []
    t = FIRST_SHOW + 10 * (index % 4)
    while True:
        movie = rng.choices(showing, weights)[0]
        if t + movie.runtime_minutes + 10 > anchor:
            break
        slots.append((t, movie))
        t = _next_start(t, movie)
    t = anchor
    first_evening = True
    while t <= LAST_SHOW:
        movie = featured[index % len(featured)] if featured and first_evening else rng.choices(showing, weights)[0]
        slots.append((t, movie))
        t, first_evening = _next_start(t, movie), False
    return [_showtime(cinema, hall, day, start, movie) for start, movie in slots]


def listed_showtimes(cinema: r.Cinema, hall: r.Hall, day: date, screenings: Sequence[r.Screening], *,
                     movies: Mapping[str, r.Movie]) -> list[Showtime]:
    """The screenings an imported cinema listed for a hall on a day, in order of start."""
    found = [(dates.minutes_of(s.start), movies[s.movie_id], s.price_fen) for s in screenings
             if s.hall_id == hall.id and s.day == day and s.movie_id in movies]
    return [replace(_showtime(cinema, hall, day, start, movie), price_fen=price)
            for start, movie, price in sorted(found, key=lambda f: f[0])]


def _weight(movie: r.Movie, day: date) -> float:
    age_weeks = (day - movie.release).days // 7
    return max(1.0, 10.0 - age_weeks) + (10.0 if movie.featured and age_weeks < 3 else 0.0)


def _next_start(start: int, movie: r.Movie) -> int:
    return math.ceil((start + movie.runtime_minutes + CLEANING_MINUTES) / 5) * 5


def _showtime(cinema: r.Cinema, hall: r.Hall, day: date, start: int, movie: r.Movie) -> Showtime:
    begins = dates.at(day, start)
    return Showtime(
        ref=show_ref(cinema.id, hall.id, day, start), cinema=cinema, hall=hall, movie=movie, day=day,
        start=begins, end=begins + timedelta(minutes=movie.runtime_minutes),
        price_fen=ticket_price(cinema, hall, movie, day, start),
    )


def ticket_price(cinema: r.Cinema, hall: r.Hall, movie: r.Movie, day: date, start: int) -> int:
    """Base price of the cinema plus format, prime time, holiday and new-release surcharges."""
    price = cinema.base_price_fen + venues.FORMAT_SURCHARGE_FEN.get(hall.format, 0)
    if start < 12 * 60:
        price -= 500
    elif start >= 18 * 60 or dates.is_weekend(day):
        price += 500
    if dates.is_spring_festival(day):
        price += 1500
    if movie.featured and (day - movie.release).days < 7:
        price += 1000
    return price


def runs_on(schedule: r.Schedule, day: date) -> bool:
    return day.weekday() in schedule.weekdays


def departure_times(schedule: r.Schedule, day: date) -> tuple[datetime, datetime]:
    """(departure, arrival) of a schedule's run on ``day``."""
    depart = dates.at(day, dates.minutes_of(schedule.depart))
    return depart, depart + timedelta(minutes=schedule.duration_minutes)


def fare(schedule: r.Schedule, seat_class: str, day: date) -> int:
    """Train fares are fixed; flight fares move with weekends, holidays and demand of the day."""
    base = schedule.fares[seat_class]
    if schedule.domain == "train":
        return base
    factor = 1.0 + random.Random(f"{schedule.id}:{day.isoformat()}").uniform(-0.2, 0.2)
    if dates.is_spring_festival(day):
        factor += 0.35
    if dates.is_weekend(day):
        factor += 0.1
    return max(1000, round(base * factor / 1000) * 1000)


def nightly_price(hotel: r.Hotel, room: r.RoomType, night: date) -> int:
    """Price of one night starting ``night``: Friday/Saturday +20%, Spring Festival +50%, +-5% a day."""
    factor = 1.0 + random.Random(f"{hotel.id}:{room.code}:{night.isoformat()}").uniform(-0.05, 0.05)
    if night.weekday() in (4, 5):
        factor += 0.2
    if dates.is_spring_festival(night):
        factor += 0.5
    return round(room.base_price_fen * factor / 100) * 100


def is_open(opens: str, closes: str, at_minutes: int) -> bool:
    """Whether a shop with these hours is open at a time of day (handles after-midnight closing)."""
    start, end = dates.minutes_of(opens), dates.minutes_of(closes)
    if start == 0 and end >= 24 * 60:
        return True
    if end <= start:
        return at_minutes >= start or at_minutes < end
    return start <= at_minutes < end
