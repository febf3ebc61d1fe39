from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bangwo.adapters.catalog import InMemoryCatalog
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError, NotFoundError
from bangwo.domain.listings import QuoteRequest, SearchQuery

from .conftest import NOW, TZ


def test_hotels_near_the_bund_with_stay_prices(catalog: InMemoryCatalog) -> None:
    found = catalog.search(SearchQuery(Domain.HOTEL, city="上海", filters={
        "near": "外滩", "check_in": "2026-02-10", "nights": 2}), now=NOW)
    assert found
    assert all(x.city == "上海" and x.attrs["distance_m"] <= 5000 for x in found)
    assert [x.attrs["distance_m"] for x in found] == sorted(x.attrs["distance_m"] for x in found)
    first = found[0]
    assert first.attrs["check_out"] == "2026-02-12" and first.attrs["total_fen"] == sum(first.attrs["nightly_fen"])
    assert first.ref.endswith(":2026-02-10")
    assert len(first.stock_keys) == 2


def test_hotel_filters(catalog: InMemoryCatalog) -> None:
    five = catalog.search(SearchQuery(Domain.HOTEL, city="杭州", filters={"star": 5}, limit=100), now=NOW)
    assert five and all(x.attrs["star"] == 5 for x in five)
    cheap = catalog.search(SearchQuery(Domain.HOTEL, city="杭州", filters={"max_price": 300}, limit=100), now=NOW)
    assert cheap and all(x.price_fen <= 30000 for x in cheap)
    quanji = catalog.search(SearchQuery(Domain.HOTEL, filters={"brand": "全季"}, limit=100), now=NOW)
    assert quanji and all(x.attrs["brand"] == "全季" for x in quanji)


def test_hotel_quote_sums_the_nights(catalog: InMemoryCatalog) -> None:
    listing = catalog.search(SearchQuery(Domain.HOTEL, city="重庆", filters={"near": "解放碑"}), now=NOW)[0]
    offer = catalog.quote(QuoteRequest(Domain.HOTEL, listing.ref, 2, {"check_in": "2026-02-14", "nights": 3}),
                          now=NOW)
    assert [line.options["night"] for line in offer.lines] == ["2026-02-14", "2026-02-15", "2026-02-16"]
    assert offer.total_fen == 2 * sum(line.unit_price_fen for line in offer.lines)
    assert offer.details["check_out"] == "2026-02-17" and offer.details["rooms"] == 2
    assert offer.starts_at == datetime(2026, 2, 14, 14, 0, tzinfo=TZ)
    hotel_id, room = listing.ref.split(":")[1:3]
    assert [c.key for c in offer.stock] == [f"hotel:{hotel_id}:{room}:2026-02-1{d}" for d in (4, 5, 6)]
    assert offer.policy == policies.HOTEL
    one = catalog.quote(QuoteRequest(Domain.HOTEL, listing.ref, 1, {"check_in": "2026-02-14"}), now=NOW)
    assert one.total_fen == offer.lines[0].unit_price_fen


def test_spring_festival_and_weekend_nights_cost_more(catalog: InMemoryCatalog) -> None:
    listing = catalog.search(SearchQuery(Domain.HOTEL, city="杭州"), now=NOW)[0]
    def night(day: str) -> int:
        return catalog.quote(QuoteRequest(Domain.HOTEL, listing.ref, 1, {"check_in": day}), now=NOW).total_fen
    assert night("2026-02-17") > night("2026-03-03") * 1.3
    assert night("2026-03-06") > night("2026-03-03")


def test_hotel_errors(catalog: InMemoryCatalog) -> None:
    listing = catalog.search(SearchQuery(Domain.HOTEL, city="杭州"), now=NOW)[0]
    with pytest.raises(InvalidRequestError, match="check_in"):
        catalog.quote(QuoteRequest(Domain.HOTEL, listing.ref), now=NOW)
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.HOTEL, listing.ref, 1, {"check_in": "2026-02-01"}), now=NOW)
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.HOTEL, listing.ref, 1, {"check_in": "2026-02-10", "nights": 0}), now=NOW)
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.HOTEL, listing.ref, 1, {"check_in": "2026-02-10",
                                                                  "check_out": "2026-02-09"}), now=NOW)
    with pytest.raises(NotFoundError):
        catalog.quote(QuoteRequest(Domain.HOTEL, "room:ht-999:king", 1, {"check_in": "2026-02-10"}), now=NOW)


def test_attraction_tickets_by_type_and_date(catalog: InMemoryCatalog) -> None:
    found = catalog.search(SearchQuery(Domain.ATTRACTION, filters={"name": "迪士尼", "ticket_type": "child"},
                                       on=date(2026, 2, 18)), now=NOW)
    assert [x.attrs["ticket_label"] for x in found] == ["儿童票"]
    adult = catalog.search(SearchQuery(Domain.ATTRACTION, filters={"name": "迪士尼", "ticket_type": "adult"}),
                           now=NOW)[0]
    assert found[0].price_fen == adult.price_fen // 2 // 100 * 100
    offer = catalog.quote(QuoteRequest(Domain.ATTRACTION, found[0].ref, 2), now=NOW)
    assert offer.total_fen == 2 * found[0].price_fen
    assert offer.starts_at == datetime(2026, 2, 18, 9, 0, tzinfo=TZ)
    sight_id = found[0].ref.split(":")[1]
    assert offer.stock[0].key == f"attraction:{sight_id}:child:2026-02-18"
    assert offer.policy == policies.ATTRACTION
    undated = catalog.search(SearchQuery(Domain.ATTRACTION, text="兵马俑"), now=NOW)[0]
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.ATTRACTION, undated.ref), now=NOW)
    yesterday = (NOW - timedelta(days=1)).date().isoformat()
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.ATTRACTION, undated.ref, 1, {"date": yesterday}), now=NOW)
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.ATTRACTION, undated.ref, 10, {"date": "2026-02-10"}), now=NOW)


def test_attraction_quota_is_enforced(catalog: InMemoryCatalog) -> None:
    palace = catalog.search(SearchQuery(Domain.ATTRACTION, text="布达拉宫", on=date(2026, 3, 1)), now=NOW)[0]
    key = f"attraction:{palace.ref.split(':')[1]}:adult:2026-03-01"
    assert 200 <= palace.stock_keys[key] <= 400
    offer = catalog.quote(QuoteRequest(Domain.ATTRACTION, palace.ref, 3), now=NOW)
    assert offer.stock[0].key == key and offer.stock[0].capacity == palace.stock_keys[key]
