"""The grocery desk: search articles of stores delivering to a point, and quote a basket line."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bangwo.adapters.catalog import lookups
from bangwo.adapters.catalog import records as r
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import ConflictError, InvalidRequestError, OutOfStockError
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer, OfferLine, StockClaim


def stock_key(sku: r.Sku) -> str:
    return f"grocery:{sku.id}"


def search(ix: lookups.Indexes, query: SearchQuery, *, now: datetime) -> list[Listing]:
    f = query.filters
    text = str(f.get("item") or query.text or "")
    brand = str(f.get("brand") or "")
    unit = str(f.get("unit") or "")
    max_fen = lookups.yuan_to_fen(f["max_price"]) if f.get("max_price") is not None else None
    matches = ix.memo.get(("grocery", text, brand, query.city), lambda: _matches(ix, text, brand, city=query.city))
    ranked: list[tuple[tuple[Any, ...], r.Store, r.Sku, int | None]] = []
    for store, scored in matches:
        distance = lookups.distance(query.near, store.lat, store.lng) if query.near else None
        if distance is not None and distance > store.radius_m:
            continue
        for sku, score in scored:
            if (unit and sku.unit != unit) or (max_fen is not None and sku.price_fen > max_fen):
                continue
            ranked.append(((sku.stock == 0, -score, distance or 0, sku.price_fen, sku.id), store, sku, distance))
    ranked.sort(key=lambda row: row[0])     # stable: equal keys keep the catalog's order
    return [_listing(store, sku, distance) for _key, store, sku, distance in ranked[: query.limit]]


def _matches(ix: lookups.Indexes, text: str, brand: str, *,
             city: str | None) -> tuple[tuple[r.Store, tuple[tuple[r.Sku, int], ...]], ...]:
    """The stores (in catalog order) with the articles the texts name and their text scores: catalog only."""
    found = []
    for store in ix.data.stores:
        if city and store.city != city:
            continue
        scored = []
        for sku in ix.skus_by_store.get(store.id, ()):
            score = lookups.text_score(text, sku.name, sku.category, sku.brand) if text else 100
            if score and not (brand and not lookups.text_score(brand, sku.brand)):
                scored.append((sku, score))
        if scored:
            found.append((store, tuple(scored)))
    return tuple(found)


def listing(ix: lookups.Indexes, ref: str, *, now: datetime) -> Listing:
    sku = _sku(ix, ref)
    return _listing(ix.stores[sku.store_id], sku, None)


def _listing(store: r.Store, sku: r.Sku, distance: int | None) -> Listing:
    attrs: dict[str, Any] = {
        "store": store.name, "store_id": store.id, "brand": sku.brand, "item": sku.name, "category": sku.category,
        "unit": sku.unit, "spec": sku.spec, "stock": sku.stock, "eta_minutes": store.eta_minutes,
        "delivery_fee_fen": store.delivery_fee_fen, "free_delivery_over_fen": store.free_delivery_over_fen,
    }
    if distance is not None:
        attrs["distance_m"] = distance
    return Listing(
        domain=Domain.GROCERY, ref=f"sku:{sku.id}", title=f"{sku.brand} {sku.name}({sku.spec}/{sku.unit})",
        merchant_id=store.id, merchant_name=store.name, city=store.city, price_fen=sku.price_fen, attrs=attrs,
        stock_keys={stock_key(sku): sku.stock},
    )


def _sku(ix: lookups.Indexes, ref: str) -> r.Sku:
    return lookups.by_ref(ix.skus, ref, "sku")


def quote(ix: lookups.Indexes, request: QuoteRequest, *, now: datetime) -> Offer:
    sku = _sku(ix, request.ref)
    store = ix.stores[sku.store_id]
    count = lookups.quantity(request.quantity, unit=sku.unit)
    unit = request.options.get("unit")
    if unit is not None and unit != sku.unit:
        raise InvalidRequestError(f"{sku.id} sold by {sku.unit}, not {unit}",
                                  user_message=f"{sku.name}按“{sku.unit}”卖（{sku.spec}/{sku.unit}），不按“{unit}”")
    distance = lookups.distance(lookups.locate(request.address, city=store.city), store.lat, store.lng)
    if distance > store.radius_m:
        raise ConflictError(f"address {distance} m from store {store.id}",
                            user_message=f"超出配送范围：{store.name}只送{store.radius_m / 1000:g}公里内")
    if sku.stock < count:
        detail = "已售罄" if sku.stock == 0 else f"库存只剩{sku.stock}{sku.unit}"
        raise OutOfStockError(f"{sku.id} stock {sku.stock} < {count}", user_message=f"{sku.name}{detail}")
    subtotal = sku.price_fen * count
    fee = 0 if subtotal >= store.free_delivery_over_fen else store.delivery_fee_fen
    return Offer(
        domain=Domain.GROCERY, merchant_id=store.id, merchant_name=store.name,
        title=f"{sku.brand} {sku.name} ×{count}{sku.unit}",
        lines=(OfferLine(title=f"{sku.brand} {sku.name}", quantity=count, unit_price_fen=sku.price_fen,
                         options={"unit": sku.unit, "spec": sku.spec}),),
        policy=policies.for_domain(Domain.GROCERY), fees_fen=fee,
        stock=(StockClaim(stock_key(sku), count, sku.stock),),
        details={"store": store.name, "store_id": store.id, "eta_minutes": store.eta_minutes, "unit": sku.unit,
                 "spec": sku.spec, "distance_m": distance,
                 "address": request.address.text if request.address else None,
                 "deliver_at": request.options.get("deliver_at")},
    )

