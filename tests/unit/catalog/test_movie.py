from __future__ import annotations

from datetime import date, datetime

import pytest

from bangwo.adapters.catalog import CatalogData, InMemoryCatalog
from bangwo.domain import policies, seating
from bangwo.domain.domains import Domain
from bangwo.domain.errors import ConflictError, InvalidRequestError, NotFoundError
from bangwo.domain.listings import QuoteRequest, SearchQuery

from .conftest import NOW, TZ

PREMIERE = {"movie": "惊蛰无声", "premiere": True, "time": "20:00", "time_flex": True}


def test_jingzhe_premieres_in_the_2026_spring_festival_with_evening_shows(catalog: InMemoryCatalog) -> None:
    found = catalog.search(SearchQuery(Domain.MOVIE, city="杭州", filters=PREMIERE), now=NOW)
    assert found
    starts = {x.attrs["start_time"] for x in found}
    assert starts & {"19:30", "19:45", "20:00", "20:15"}
    first = found[0]
    assert first.attrs["movie"] == "惊蛰无声" and first.attrs["date"] == "2026-02-17"
    assert first.attrs["premiere"] is True and first.attrs["presale"] is True and first.attrs["on_sale"] is True
    assert first.ref.startswith("show:") and first.ref.endswith(":2026-02-17:2000")
    assert all("18:30" <= s <= "21:30" for s in starts)


def test_showtimes_exist_for_any_date_and_only_after_release(catalog: InMemoryCatalog) -> None:
    for day in (date(2026, 2, 6), date(2026, 11, 23), date(2030, 1, 1)):
        now = datetime(day.year, day.month, day.day, 8, 0, tzinfo=TZ)
        found = catalog.search(SearchQuery(Domain.MOVIE, city="杭州", limit=500), now=now)
        assert found, day
        assert all(x.attrs["date"] == day.isoformat() for x in found)
        assert min(x.attrs["start_time"] for x in found) >= "10:00"
        assert max(x.attrs["start_time"] for x in found) <= "23:30"
    early = catalog.search(SearchQuery(Domain.MOVIE, filters={"movie": "惊蛰无声"}, on=date(2026, 2, 16)), now=NOW)
    assert early == []


def test_showtimes_are_a_function_of_cinema_hall_and_date(catalog: InMemoryCatalog, data: CatalogData) -> None:
    again = InMemoryCatalog(data)
    query = SearchQuery(Domain.MOVIE, city="上海", on=date(2026, 3, 1), limit=200)
    assert [x.ref for x in catalog.search(query, now=NOW)] == [x.ref for x in again.search(query, now=NOW)]


def test_quote_with_back_preference_picks_adjacent_last_row_seats(catalog: InMemoryCatalog) -> None:
    ref = catalog.search(SearchQuery(Domain.MOVIE, city="杭州", filters=PREMIERE), now=NOW)[0].ref
    seat_map = catalog.seat_map(ref)
    offer = catalog.quote(QuoteRequest(Domain.MOVIE, ref, 2, {"seat": "back"}), now=NOW)
    codes = offer.details["seats"]
    assert [seating.parse_seat(c)[0] for c in codes] == [seat_map.rows, seat_map.rows]
    assert seating.parse_seat(codes[1])[1] - seating.parse_seat(codes[0])[1] == 1
    assert offer.seats == tuple(f"{ref}/{c}" for c in codes)
    assert offer.starts_at == datetime(2026, 2, 17, 20, 0, tzinfo=TZ)
    assert offer.stock[0].key == f"seats:{ref}" and offer.stock[0].capacity == seat_map.capacity
    assert offer.policy == policies.MOVIE and offer.total_fen == offer.lines[0].unit_price_fen * 2


def test_quote_with_given_seats_and_taken_last_row(catalog: InMemoryCatalog) -> None:
    ref = catalog.search(SearchQuery(Domain.MOVIE, city="杭州", filters=PREMIERE), now=NOW)[0].ref
    seat_map = catalog.seat_map(ref)
    offer = catalog.quote(QuoteRequest(Domain.MOVIE, ref, 2, {"seats": ["5排5座", "5排6座"]}), now=NOW)
    assert offer.details["seats"] == ["5排5座", "5排6座"]
    last = {seating.seat_code(seat_map.rows, s) for s in range(1, seat_map.seats_per_row + 1, 2)}
    with pytest.raises(seating.SeatsNotTogetherError) as caught:
        catalog.quote(QuoteRequest(Domain.MOVIE, ref, 2, {"seat": "back", "taken": sorted(last)}), now=NOW)
    assert caught.value.user_message.startswith("最后一排没有2个连在一起的座位了，可选：")
    assert caught.value.alternatives[0][0].startswith(f"{seat_map.rows - 1}排")
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.MOVIE, ref, 2, {"seats": ["99排1座", "99排2座"]}), now=NOW)
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.MOVIE, ref, 10), now=NOW)


def test_refs_for_any_valid_date_are_quotable_and_bad_refs_are_not(catalog: InMemoryCatalog) -> None:
    now = datetime(2030, 1, 1, 8, 0, tzinfo=TZ)
    listing = catalog.search(SearchQuery(Domain.MOVIE, city="北京"), now=now)[0]
    assert catalog.get_listing(listing.ref, now) == listing
    assert catalog.quote(QuoteRequest(Domain.MOVIE, listing.ref), now=now).lines[0].quantity == 1
    for bad in ("show:cin-01:h1:2026-02-17:1931", "show:cin-99:h1:2026-02-17:1930", "show:cin-01:h1:xx:1930",
                "show:1"):
        with pytest.raises(NotFoundError):
            catalog.quote(QuoteRequest(Domain.MOVIE, bad), now=now)


def test_started_show_and_presale_not_open(catalog: InMemoryCatalog) -> None:
    ref = catalog.search(SearchQuery(Domain.MOVIE, city="杭州", filters=PREMIERE), now=NOW)[0].ref
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.MOVIE, ref), now=datetime(2026, 2, 17, 21, 0, tzinfo=TZ))
    with pytest.raises(ConflictError, match="presale"):
        catalog.quote(QuoteRequest(Domain.MOVIE, ref), now=datetime(2026, 1, 2, 9, 0, tzinfo=TZ))
