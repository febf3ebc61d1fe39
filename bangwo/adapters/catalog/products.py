"""The online-shop desk: products with specs (colour, size, capacity...) and stock."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bangwo.adapters.catalog import lookups
from bangwo.adapters.catalog import records as r
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError, OutOfStockError
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer, OfferLine, StockClaim

FREE_SHIPPING_OVER_FEN = 9900
SHIPPING_FEN = 600


def stock_key(product: r.Product) -> str:
    return f"shopping:{product.id}"


def search(ix: lookups.Indexes, query: SearchQuery, *, now: datetime) -> list[Listing]:
    f = query.filters
    text = str(f.get("query") or query.text or "")
    brand = str(f.get("brand") or "")
    spec = str(f.get("spec") or "")
    max_fen = lookups.yuan_to_fen(f["max_price"]) if f.get("max_price") is not None else None
    matches = ix.memo.get(("shopping", text, brand), lambda: _matches(ix, text, brand))
    ranked: list[tuple[tuple[Any, ...], r.Product]] = []
    for product, score in matches:
        if spec and not _spec_matches(product, spec):
            continue
        if max_fen is not None and product.price_fen > max_fen:
            continue
        ranked.append(((product.stock == 0, -score, product.price_fen, product.id), product))
    ranked.sort(key=lambda row: row[0])     # stable: equal keys keep the catalog's order
    return [_listing(product, ix.merchants[product.shop_id]) for _key, product in ranked[: query.limit]]


def _matches(ix: lookups.Indexes, text: str, brand: str) -> tuple[tuple[r.Product, int], ...]:
    """The products (in catalog order) the texts name, with their text scores: catalog only."""
    found = []
    for product in ix.data.products:
        score = lookups.text_score(text, product.title, product.category, product.brand) if text else 100
        if score and not (brand and not lookups.text_score(brand, product.brand)):
            found.append((product, score))
    return tuple(found)


def _spec_matches(product: r.Product, text: str) -> bool:
    return any(v.label.lower() in text.lower() for g in product.specs for v in g.values)


def _listing(product: r.Product, shop: r.Merchant) -> Listing:
    return Listing(
        domain=Domain.SHOPPING, ref=f"product:{product.id}", title=product.title, merchant_id=shop.id,
        merchant_name=shop.name, city=product.ships_from, price_fen=product.price_fen,
        attrs={"brand": product.brand, "category": product.category, "shop": shop.name, "stock": product.stock,
               "ships_from": product.ships_from,
               "specs": {g.name: [v.label for v in g.values] for g in product.specs},
               "spec_labels": {g.name: g.label for g in product.specs}},
        stock_keys={stock_key(product): product.stock},
    )


def _product(ix: lookups.Indexes, ref: str) -> r.Product:
    return lookups.by_ref(ix.products, ref, "product")


def listing(ix: lookups.Indexes, ref: str, *, now: datetime) -> Listing:
    product = _product(ix, ref)
    return _listing(product, ix.merchants[product.shop_id])


def choose_specs(product: r.Product, options: Mapping[str, Any]) -> tuple[dict[str, str], int, list[str]]:
    """(spec name -> value, surcharge fen, names defaulted to their first value)."""
    text = str(options.get("spec") or "")
    chosen: dict[str, str] = {}
    surcharge = 0
    defaulted: list[str] = []
    for group in product.specs:
        prices = {v.label: v.price_fen for v in group.values}
        raw = options.get(group.name) or options.get(group.label)
        if raw is not None:
            value = lookups.choice(raw, {v: v for v in prices}, what=group.label)
        else:
            value = next((v for v in prices if v.lower() in text.lower()), "")
            if not value:
                value = group.values[0].label
                defaulted.append(group.name)
        chosen[group.name] = value
        surcharge += prices[value]
    return chosen, surcharge, defaulted


def quote(ix: lookups.Indexes, request: QuoteRequest, *, now: datetime) -> Offer:
    product = _product(ix, request.ref)
    shop = ix.merchants[product.shop_id]
    count = lookups.quantity(request.quantity, unit="件")
    specs, surcharge, defaulted = choose_specs(product, request.options)
    if product.stock < count:
        detail = "已售罄" if product.stock == 0 else f"库存只剩{product.stock}件"
        raise OutOfStockError(f"{product.id} stock {product.stock} < {count}",
                              user_message=f"{product.title}{detail}")
    unit = product.price_fen + surcharge
    if unit <= 0:
        raise InvalidRequestError("bad price")
    fee = 0 if unit * count >= FREE_SHIPPING_OVER_FEN else SHIPPING_FEN
    spec_text = " ".join(specs.values())
    return Offer(
        domain=Domain.SHOPPING, merchant_id=shop.id, merchant_name=shop.name,
        title=f"{product.title}{f' {spec_text}' if spec_text else ''}",
        lines=(OfferLine(title=product.title, quantity=count, unit_price_fen=unit, options=specs),),
        policy=policies.for_domain(Domain.SHOPPING), fees_fen=fee,
        stock=(StockClaim(stock_key(product), count, product.stock),),
        details={"shop": shop.name, "brand": product.brand, "specs": specs, "defaulted_specs": defaulted,
                 "ships_from": product.ships_from,
                 "address": request.address.text if request.address else None,
                 "delivery_days": 1 if request.address and request.address.city == product.ships_from else 3},
    )
