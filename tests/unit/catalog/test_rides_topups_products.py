from __future__ import annotations

from datetime import datetime

import pytest

from bangwo.adapters.catalog import CatalogData, InMemoryCatalog
from bangwo.adapters.catalog.rides import estimate
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError, NotFoundError, OutOfStockError
from bangwo.domain.listings import Address, GeoPoint, QuoteRequest, SearchQuery

from .conftest import NOW, TZ


def test_taxi_fare_grows_with_distance_and_car_class(data: CatalogData) -> None:
    economy, comfort, premium, _xl = sorted(data.car_types, key=lambda c: c.flag_fen)
    fares = [estimate(economy, metres, NOW).fare_fen for metres in (500, 2000, 5000, 10_000, 30_000)]
    assert fares == sorted(fares) and len(set(fares)) == len(fares)
    assert estimate(economy, 10_000, NOW).fare_fen < estimate(comfort, 10_000, NOW).fare_fen \
        < estimate(premium, 10_000, NOW).fare_fen


def test_taxi_night_surcharge(data: CatalogData) -> None:
    economy = next(c for c in data.car_types if c.code == "economy")
    night = datetime(2026, 2, 6, 23, 30, tzinfo=TZ)
    day = datetime(2026, 2, 6, 14, 0, tzinfo=TZ)
    ride = estimate(economy, 8000, night)
    assert ride.night and not estimate(economy, 8000, day).night
    base = economy.flag_fen + round((ride.road_m / 1000 - economy.included_km) * economy.per_km_fen) \
        + ride.minutes * economy.per_min_fen
    assert ride.fare_fen == base + base * 2000 // 10_000


def test_taxi_quote_from_address_to_station(catalog: InMemoryCatalog) -> None:
    home = Address("文三路", "杭州", GeoPoint(30.2780, 120.1300))
    offer = catalog.quote(QuoteRequest(Domain.TAXI, "taxi:comfort", 1, {"to": "杭州东"}, home), now=NOW)
    assert offer.details["dropoff"] == "杭州东站" and offer.details["distance_m"] > 5000
    assert offer.starts_at == NOW and offer.policy == policies.TAXI
    listed = catalog.search(SearchQuery(Domain.TAXI, city="杭州", near=home.point, filters={"to": "杭州东"}),
                            now=NOW)
    assert [x.attrs["car_type"] for x in listed] == ["economy", "comfort", "premium", "xl"]
    assert listed[1].price_fen == offer.total_fen
    later = catalog.quote(QuoteRequest(Domain.TAXI, "taxi:economy", 1, {"from": "西湖", "to": "萧山机场",
                                                                        "when": "2026-02-07T08:00:00+08:00"}),
                          now=NOW)
    assert later.starts_at == datetime(2026, 2, 7, 8, 0, tzinfo=TZ)
    with pytest.raises(NotFoundError):
        catalog.quote(QuoteRequest(Domain.TAXI, "taxi:economy", 1, {"from": "西湖", "to": "不存在的地方"}), now=NOW)
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.TAXI, "taxi:economy", 1, {"from": "西湖", "to": "西湖"}), now=NOW)
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.TAXI, "taxi:economy", 1, {"from": "西湖", "to": "天安门"}), now=NOW)
    with pytest.raises(NotFoundError):
        catalog.quote(QuoteRequest(Domain.TAXI, "taxi:rocket", 1, {"from": "西湖", "to": "湖滨"}), now=NOW)


def test_recharge_carrier_from_prefix(catalog: InMemoryCatalog) -> None:
    found = catalog.search(SearchQuery(Domain.RECHARGE, filters={"phone": "186 1234 5678", "amount": 100}), now=NOW)
    assert [x.ref for x in found] == ["topup:cucc:100"]
    offer = catalog.quote(QuoteRequest(Domain.RECHARGE, "topup:cucc:100", 1, {"phone": "18612345678"}), now=NOW)
    assert offer.details["carrier"] == "中国联通" and offer.details["phone"] == "18612345678"
    assert 9900 <= offer.total_fen <= 10000 and offer.starts_at is None
    with pytest.raises(InvalidRequestError, match="not cmcc"):
        catalog.quote(QuoteRequest(Domain.RECHARGE, "topup:cmcc:100", 1, {"phone": "18612345678"}), now=NOW)
    for phone in ("12345", "10012345678", ""):
        with pytest.raises(InvalidRequestError):
            catalog.quote(QuoteRequest(Domain.RECHARGE, "topup:cucc:100", 1, {"phone": phone}), now=NOW)
    with pytest.raises(NotFoundError):
        catalog.quote(QuoteRequest(Domain.RECHARGE, "topup:cucc:70", 1, {"phone": "18612345678"}), now=NOW)


def test_shopping_specs_and_stock(catalog: InMemoryCatalog, data: CatalogData) -> None:
    phones = catalog.search(SearchQuery(Domain.SHOPPING, text="手机", filters={"spec": "256GB"}), now=NOW)
    assert phones and all("256GB" in x.attrs["specs"]["capacity"] for x in phones)
    in_stock = next(x for x in phones if x.attrs["stock"] > 0)
    offer = catalog.quote(QuoteRequest(Domain.SHOPPING, in_stock.ref, 1, {"spec": "白色 256GB"}), now=NOW)
    assert offer.lines[0].options == {"colour": "白色", "capacity": "256GB"}
    assert offer.lines[0].unit_price_fen == in_stock.price_fen + 50000
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.SHOPPING, in_stock.ref, 1, {"colour": "金色"}), now=NOW)
    defaulted = catalog.quote(QuoteRequest(Domain.SHOPPING, in_stock.ref), now=NOW)
    assert defaulted.details["defaulted_specs"] == ["colour", "capacity"]
    sold_out = next(p for p in data.products if p.stock == 0)
    with pytest.raises(OutOfStockError):
        catalog.quote(QuoteRequest(Domain.SHOPPING, f"product:{sold_out.id}"), now=NOW)


def test_catalog_lookups(catalog: InMemoryCatalog) -> None:
    words = catalog.vocabulary()
    assert "惊蛰无声" in words["movies"] and "珍珠奶茶" in words["items"] and "全季" in words["hotel_brands"]
    assert "一点甜(文三路店)" in words["shops"] and "珍珠" in words["toppings"]
    assert catalog.merchant("railway-12306").name == "中国铁路"
    with pytest.raises(NotFoundError):
        catalog.merchant("nobody")
    with pytest.raises(NotFoundError):
        catalog.get_listing("bogus:1", NOW)
    with pytest.raises(InvalidRequestError):
        catalog.quote(QuoteRequest(Domain.MOVIE, "item:tk-001-01"), now=NOW)
    with pytest.raises(InvalidRequestError):
        catalog.search(SearchQuery(Domain.TAKEOUT), now=datetime(2026, 2, 6, 12, 0))
    for domain in Domain:
        assert isinstance(catalog.search(SearchQuery(domain, limit=3), now=NOW), list)
