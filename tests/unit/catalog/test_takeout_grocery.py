from __future__ import annotations

from datetime import datetime

import pytest

from bangwo.adapters.catalog import CatalogData, InMemoryCatalog
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import ConflictError, InvalidRequestError, NotFoundError, OutOfStockError
from bangwo.domain.listings import Address, GeoPoint, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer

from .conftest import NOW, TZ

WENSAN = GeoPoint(30.2780, 120.1300)
HOME = Address("文三路100号", "杭州", WENSAN)


def quote(catalog: InMemoryCatalog, ref: str, quantity: int = 1, now: datetime = NOW,
          address: Address | None = HOME, **options: object) -> Offer:
    return catalog.quote(QuoteRequest(Domain.TAKEOUT, ref, quantity, options, address), now=now)


def test_search_finds_milk_tea_near_the_user_with_eta(catalog: InMemoryCatalog) -> None:
    found = catalog.search(SearchQuery(Domain.TAKEOUT, near=WENSAN, filters={"item": "珍珠奶茶", "size": "large"}),
                           now=NOW)
    assert len(found) >= 3
    assert all(x.attrs["item"] == "珍珠奶茶" for x in found)
    assert found[0].merchant_name == "一点甜(文三路店)"
    assert found[0].title == "一点甜·珍珠奶茶(大杯)"
    assert all(x.attrs["distance_m"] <= 5000 and x.attrs["eta_minutes"] > 0 for x in found)
    assert found[0].attrs["eta_minutes"] <= found[-1].attrs["eta_minutes"] or not found[-1].attrs["open"]
    assert list(found[0].stock_keys) == ["takeout:tk-001-01:2026-02-06"]


def test_closed_shops_are_marked_not_hidden(catalog: InMemoryCatalog) -> None:
    night = datetime(2026, 2, 6, 23, 30, tzinfo=TZ)
    found = catalog.search(SearchQuery(Domain.TAKEOUT, near=WENSAN, filters={"item": "珍珠奶茶"}, limit=50),
                           now=night)
    assert any(x.attrs["open"] is False for x in found)
    with pytest.raises(ConflictError) as caught:
        quote(catalog, "item:tk-001-01", now=night)
    assert caught.value.user_message.startswith("店铺已打烊")


def test_quote_adds_option_surcharges_and_delivery_fee(catalog: InMemoryCatalog) -> None:
    offer = catalog.quote(QuoteRequest(Domain.TAKEOUT, "item:tk-001-01", 2,
                                       {"size": "large", "sugar": "less", "ice": "less", "toppings": ["珍珠", "布丁"]},
                                       HOME), now=NOW)
    shop = catalog.merchant("tk-001")
    base = catalog.get_listing("item:tk-001-01", NOW).attrs["base_price_fen"]
    assert offer.lines[0].unit_price_fen == base + 400 + 100 + 200
    assert offer.lines[0].options == {"size": "large", "sugar": "less", "ice": "less", "toppings": ["珍珠", "布丁"]}
    assert offer.total_fen == offer.lines[0].unit_price_fen * 2 + offer.fees_fen
    assert offer.merchant_name == shop.name == "一点甜(文三路店)"
    assert offer.stock[0].key == "takeout:tk-001-01:2026-02-06" and offer.stock[0].quantity == 2
    assert offer.details["eta_minutes"] > 0 and offer.starts_at is None
    assert offer.policy == policies.TAKEOUT


def test_bad_options_list_the_valid_ones_in_chinese(catalog: InMemoryCatalog) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        quote(catalog, "item:tk-001-01", sugar="extra")
    assert "少糖(less)" in caught.value.user_message
    with pytest.raises(InvalidRequestError):
        quote(catalog, "item:tk-001-01", toppings=["金箔"])
    with pytest.raises(InvalidRequestError):
        quote(catalog, "item:tk-001-01", quantity=0)
    with pytest.raises(InvalidRequestError):
        quote(catalog, "item:tk-001-01", quantity=100)
    with pytest.raises(InvalidRequestError, match="address"):
        quote(catalog, "item:tk-001-01", address=None)
    with pytest.raises(NotFoundError):
        quote(catalog, "item:nope")


def test_address_outside_the_radius_is_refused(catalog: InMemoryCatalog) -> None:
    far = Address("萧山机场", "杭州", GeoPoint(30.2295, 120.4344))
    with pytest.raises(ConflictError) as caught:
        quote(catalog, "item:tk-001-01", address=far)
    assert caught.value.user_message.startswith("超出配送范围")


def test_sold_out_and_limited_items(catalog: InMemoryCatalog, data: CatalogData) -> None:
    sold_out = next(i for i in data.items if i.daily_stock == 0)
    shop = catalog.merchant(sold_out.shop_id)
    spot = next(s for s in data.shops if s.id == shop.id)
    near = Address("店旁", "杭州", GeoPoint(spot.lat, spot.lng))
    evening = datetime(2026, 2, 6, 20, 0, tzinfo=TZ)
    with pytest.raises(OutOfStockError, match="stock 0"):
        quote(catalog, f"item:{sold_out.id}", address=near, now=evening)
    limited = next(i for i in data.items if 0 < i.daily_stock <= 5)
    spot = next(s for s in data.shops if s.id == limited.shop_id)
    near = Address("店旁", "杭州", GeoPoint(spot.lat, spot.lng))
    with pytest.raises(OutOfStockError):
        quote(catalog, f"item:{limited.id}", quantity=limited.daily_stock + 1, address=near)


def test_grocery_search_and_quote(catalog: InMemoryCatalog) -> None:
    found = catalog.search(SearchQuery(Domain.GROCERY, text="砂糖橘", city="杭州", near=WENSAN), now=NOW)
    assert found and all(x.attrs["item"] == "砂糖橘" and x.attrs["unit"] == "斤" for x in found)
    ref = found[0].ref
    offer = catalog.quote(QuoteRequest(Domain.GROCERY, ref, 3, {"unit": "斤"}, HOME), now=NOW)
    assert offer.subtotal_fen == found[0].price_fen * 3
    assert offer.fees_fen in (0, 600)
    assert offer.stock[0].key == f"grocery:{ref.removeprefix('sku:')}"
    with pytest.raises(InvalidRequestError, match="sold by"):
        catalog.quote(QuoteRequest(Domain.GROCERY, ref, 1, {"unit": "箱"}, HOME), now=NOW)
    assert not catalog.search(SearchQuery(Domain.GROCERY, text="砂糖橘", city="拉萨"), now=NOW)
    cheap = catalog.search(SearchQuery(Domain.GROCERY, text="牛奶", filters={"max_price": 20}), now=NOW)
    assert cheap and all(x.price_fen <= 2000 for x in cheap)
