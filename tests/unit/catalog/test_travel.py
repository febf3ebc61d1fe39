from __future__ import annotations

from datetime import date, datetime

import pytest

from bangwo.adapters.catalog import InMemoryCatalog
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError, NotFoundError
from bangwo.domain.listings import QuoteRequest, SearchQuery

from .conftest import NOW, TZ

MONDAY = date(2026, 2, 9)


def trains(catalog: InMemoryCatalog, **filters: object) -> list:  # type: ignore[type-arg]
    return catalog.search(SearchQuery(Domain.TRAIN, on=MONDAY, filters=filters, limit=100), now=NOW)


def test_hangzhou_to_beijing_second_class_g_trains(catalog: InMemoryCatalog) -> None:
    found = trains(catalog, from_city="杭州", to_city="北京", seat_class="second")
    assert found
    assert all(x.attrs["kind"] in ("G", "D") for x in found)
    assert [x.attrs["depart"] for x in found] == sorted(x.attrs["depart"] for x in found)
    assert found[0].price_fen == found[0].attrs["fares"]["second"]
    assert found[0].attrs["from_place"].startswith("杭州") and found[0].attrs["to_place"].startswith("北京")
    code = found[0].attrs["number"]
    assert found[0].stock_keys[f"train:{code}:2026-02-09:second"] > 0


def test_required_routes_exist_by_train_and_plane(catalog: InMemoryCatalog) -> None:
    for origin, dest in (("杭州", "北京"), ("杭州", "成都"), ("上海", "成都"), ("北京", "上海")):
        assert trains(catalog, from_city=origin, to_city=dest, train_type="G"), (origin, dest)
        assert catalog.search(SearchQuery(Domain.FLIGHT, on=MONDAY, filters={"from_city": origin, "to_city": dest}),
                              now=NOW), (origin, dest)
    sleepers = [x for x in trains(catalog, from_city="上海", to_city="成都") if "hard_sleeper" in x.attrs["fares"]]
    assert sleepers and sleepers[0].attrs["kind"] in ("K", "Z", "T")


def test_aliases_filters_and_sorting(catalog: InMemoryCatalog) -> None:
    by_alias = trains(catalog, from_city="魔都", to_city="帝都")
    assert by_alias == trains(catalog, from_city="上海", to_city="北京")
    mornings = trains(catalog, from_city="上海", to_city="北京", time_window="morning")
    assert mornings and all("06:00" <= x.attrs["depart_time"] < "12:00" for x in mornings)
    cheapest = catalog.search(SearchQuery(Domain.FLIGHT, on=MONDAY, filters={
        "from_city": "北京", "to_city": "上海", "sort": "cheapest"}), now=NOW)
    assert [x.price_fen for x in cheapest] == sorted(x.price_fen for x in cheapest)


def test_departures_exist_for_any_date_and_past_ones_are_hidden(catalog: InMemoryCatalog) -> None:
    late = datetime(2026, 11, 23, 21, 0, tzinfo=TZ)
    found = catalog.search(SearchQuery(Domain.TRAIN, filters={"from_city": "杭州", "to_city": "上海"}), now=late)
    assert all(x.attrs["depart"] > late.isoformat() for x in found)
    assert catalog.search(SearchQuery(Domain.TRAIN, on=date(2030, 1, 1), filters={
        "from_city": "杭州", "to_city": "上海"}), now=late)


def test_train_quote_by_seat_class(catalog: InMemoryCatalog) -> None:
    listing = trains(catalog, from_city="杭州", to_city="北京", seat_class="first")[0]
    offer = catalog.quote(QuoteRequest(Domain.TRAIN, listing.ref, 2, {"seat_class": "first"}), now=NOW)
    assert offer.lines[0].unit_price_fen == listing.attrs["fares"]["first"]
    assert offer.total_fen == 2 * listing.attrs["fares"]["first"]
    assert offer.stock[0].key == f"train:{listing.attrs['number']}:2026-02-09:first"
    assert offer.starts_at == datetime.fromisoformat(listing.attrs["depart"])
    assert offer.details["from_place"] == listing.attrs["from_place"]
    assert offer.policy == policies.TRAIN
    with pytest.raises(InvalidRequestError) as caught:
        catalog.quote(QuoteRequest(Domain.TRAIN, listing.ref, 1, {"seat_class": "hard_sleeper"}), now=NOW)
    assert "二等座(second)" in caught.value.user_message


def test_flight_quote_by_cabin_with_taxes(catalog: InMemoryCatalog) -> None:
    listing = catalog.search(SearchQuery(Domain.FLIGHT, on=MONDAY, filters={
        "from_city": "杭州", "to_city": "北京", "cabin": "business"}), now=NOW)[0]
    offer = catalog.quote(QuoteRequest(Domain.FLIGHT, listing.ref, 1, {"cabin": "business"}), now=NOW)
    assert offer.lines[0].unit_price_fen == listing.attrs["fares"]["business"]
    assert offer.fees_fen == 7000
    assert offer.details["number"] == listing.attrs["number"]


def test_bad_departures(catalog: InMemoryCatalog) -> None:
    listing = trains(catalog, from_city="杭州", to_city="北京")[0]
    code = listing.attrs["number"]
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.TRAIN, f"dep:{code}:2026-02-01"), now=NOW)
    with pytest.raises(NotFoundError):
        catalog.quote(QuoteRequest(Domain.TRAIN, "dep:G0:2026-02-09"), now=NOW)
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.FLIGHT, listing.ref), now=NOW)
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.TRAIN, listing.ref, 10), now=NOW)
