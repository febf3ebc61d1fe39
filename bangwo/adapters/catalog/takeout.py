"""The takeout desk: search menu items of shops that deliver to a point, and quote an order."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bangwo.adapters.catalog import dates, lookups, timetables
from bangwo.adapters.catalog import records as r
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import ConflictError, InvalidRequestError, OutOfStockError
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer, OfferLine, StockClaim

COURIER_METRES_PER_MINUTE = 250
HANDOVER_MINUTES = 5
MAX_TOPPINGS = 3
OPTION_SLOTS = ("size", "sugar", "ice", "toppings", "spice", "noodle", "combo")


def item_ref(item: r.MenuItem) -> str:
    return f"item:{item.id}"


def stock_key(item: r.MenuItem, now: datetime) -> str:
    return f"takeout:{item.id}:{dates.local(now).date().isoformat()}"


def eta_minutes(shop: r.Shop, distance_m: int) -> int:
    return shop.prep_minutes + HANDOVER_MINUTES + math.ceil(distance_m / COURIER_METRES_PER_MINUTE)


def open_now(shop: r.Shop, now: datetime) -> bool:
    local = dates.local(now)
    return timetables.is_open(shop.opens, shop.closes, local.hour * 60 + local.minute)


def search(ix: lookups.Indexes, query: SearchQuery, *, now: datetime) -> list[Listing]:
    f = query.filters
    item_text = str(f.get("item") or query.text or "")
    shop_text = str(f.get("shop") or "")
    max_fen = lookups.yuan_to_fen(f["max_price"]) if f.get("max_price") is not None else None
    drinks_only = bool(f.get("any")) and not item_text
    matches = ix.memo.get(("takeout", item_text, shop_text, drinks_only, query.city),
                          lambda: _matches(ix, item_text, shop_text, drinks_only=drinks_only, city=query.city))
    asked = {k: v for k, v in f.items() if k in OPTION_SLOTS}
    ranked: list[tuple[tuple[Any, ...], r.Shop, r.MenuItem, int | None]] = []
    for shop, scored in matches:
        distance = lookups.distance(query.near, shop.lat, shop.lng) if query.near else None
        if distance is not None and distance > shop.radius_m:
            continue
        closed = not open_now(shop, now)
        eta = eta_minutes(shop, distance) if distance is not None else 0
        for item, score in scored:
            if not _offers(item, f):
                continue
            if asked:
                _choose(item, asked, strict=False)   # options this item cannot take refuse the search, as listing it did
            if max_fen is not None and listing_of(shop, item, now=now, distance=distance, options=f).price_fen > max_fen:
                continue
            ranked.append(((closed, item.daily_stock == 0, -score, eta, -shop.rating, item.id), shop, item, distance))
    ranked.sort(key=lambda row: row[0])     # stable: equal keys keep the catalog's order
    return [listing_of(shop, item, now=now, distance=distance, options=f)
            for _key, shop, item, distance in ranked[: query.limit]]   # only the kept ones are built


def _matches(ix: lookups.Indexes, item_text: str, shop_text: str, *, drinks_only: bool,
             city: str | None) -> tuple[tuple[r.Shop, tuple[tuple[r.MenuItem, int], ...]], ...]:
    """The shops (in catalog order) whose items the texts name, each with its items and their text scores.

    A pure function of the catalog and the texts: no place, time, option or stock goes in.
    """
    shops = ix.data.shops if not city else ix.shops_by_city.get(city, ())
    found = []
    for shop in shops:
        if drinks_only and shop.category != "drink":
            continue
        if shop_text and not lookups.text_score(shop_text, shop.name, shop.brand):
            continue
        shop_score = lookups.text_score(item_text, shop.name, shop.brand) if item_text else 0
        scored = []
        for item in ix.items_by_shop.get(shop.id, ()):
            score = _item_score(item_text, item) if item_text else 100
            if not score and shop_score >= 85:
                score = 60
            if score:
                scored.append((item, score))
        if scored:
            found.append((shop, tuple(scored)))
    return tuple(found)


def _item_score(text: str, item: r.MenuItem) -> int:
    """Match on the item name; a category or tag (奶茶, 咖啡, 招牌) only when named exactly."""
    score = lookups.text_score(text, item.name)
    if not score and text.strip() in (item.category, *item.tags):
        score = 80
    return score


def _offers(item: r.MenuItem, options: Mapping[str, Any]) -> bool:
    """Whether the item can be made with the sizes/sugar/ice/toppings asked for."""
    if not options:
        return True
    groups = {g.name: g for g in item.options}
    for name in ("size", "sugar", "ice"):
        wanted = options.get(name)
        if wanted is not None and (name not in groups or wanted not in {c.code for c in groups[name].choices}):
            return False
    toppings = options.get("toppings") or ()
    if toppings:
        codes = {c.code for c in groups["toppings"].choices} if "toppings" in groups else set()
        return all(t in codes for t in _as_list(toppings))
    return True


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def listing(ix: lookups.Indexes, ref: str, *, now: datetime) -> Listing:
    item = _item(ix, ref)
    return listing_of(ix.shops[item.shop_id], item, now=now, distance=None, options={})


def listing_of(shop: r.Shop, item: r.MenuItem, *, now: datetime, distance: int | None,
               options: Mapping[str, Any]) -> Listing:
    """The listing of one item as shown at ``now`` (``distance`` from the person, options asked for)."""
    chosen = _choose(item, {k: v for k, v in options.items() if k in OPTION_SLOTS}, strict=False)
    attrs: dict[str, Any] = {
        "shop": shop.name, "shop_id": shop.id, "brand": shop.brand, "item": item.name,
        "category": item.category, "rating": shop.rating, "open": open_now(shop, now),
        "hours": f"{shop.opens}-{shop.closes}", "delivery_fee_fen": shop.delivery_fee_fen,
        "base_price_fen": item.price_fen, "options": {k: v for k, (v, _label, _fen) in chosen.items()},
        "option_groups": {g.name: [c.code for c in g.choices] for g in item.options},
        "tags": list(item.tags), "sold_out": item.daily_stock == 0, "monthly_sales": shop.monthly_sales,
    }
    if distance is not None:
        attrs["distance_m"] = distance
        attrs["eta_minutes"] = eta_minutes(shop, distance)
    return Listing(
        domain=Domain.TAKEOUT, ref=item_ref(item), title=f"{shop.brand}·{item.name}{_size_suffix(chosen)}",
        merchant_id=shop.id, merchant_name=shop.name, city=shop.city,
        price_fen=item.price_fen + sum(fen for _v, _label, fen in chosen.values()), attrs=attrs,
        stock_keys={stock_key(item, now): item.daily_stock},
    )


def _size_suffix(chosen: Mapping[str, tuple[Any, str, int]]) -> str:
    return f"({chosen['size'][1]})" if "size" in chosen else ""


def _choose(item: r.MenuItem, options: Mapping[str, Any], *, strict: bool) -> dict[str, tuple[Any, str, int]]:
    """Option name -> (chosen code(s), Chinese label, surcharge fen), defaults filled in."""
    groups = {g.name: g for g in item.options}
    for name in options:
        if name in OPTION_SLOTS and name not in groups and options[name] not in (None, [], ()):
            raise InvalidRequestError(f"{item.name} has no option {name}",
                                      user_message=f"{item.name}不支持选{_SLOT_LABELS[name]}")
    chosen: dict[str, tuple[Any, str, int]] = {}
    for group in item.options:
        valid = {c.code: c.label for c in group.choices}
        prices = {c.code: c.price_fen for c in group.choices}
        raw = options.get(group.name)
        if group.multi:
            codes = [lookups.choice(v, valid, what=group.label) for v in _as_list(raw or [])]
            if len(codes) > MAX_TOPPINGS:
                raise InvalidRequestError("too many toppings", user_message=f"加料最多{MAX_TOPPINGS}种")
            if codes:
                chosen[group.name] = (codes, "、".join(valid[c] for c in codes), sum(prices[c] for c in codes))
            continue
        if raw is None:
            if group.default is None:
                continue
            code = group.default
        elif strict:
            code = lookups.choice(raw, valid, what=group.label)
        else:
            code = str(raw) if str(raw) in valid else str(group.default)
        chosen[group.name] = (code, valid[code], prices[code])
    return chosen


_SLOT_LABELS = {"size": "杯型/份量", "sugar": "甜度", "ice": "温度", "toppings": "加料", "spice": "辣度",
                "noodle": "面型", "combo": "套餐"}


def _item(ix: lookups.Indexes, ref: str) -> r.MenuItem:
    return lookups.by_ref(ix.items, ref, "item")


def quote(ix: lookups.Indexes, request: QuoteRequest, *, now: datetime) -> Offer:
    item = _item(ix, request.ref)
    shop = ix.shops[item.shop_id]
    count = lookups.quantity(request.quantity)
    chosen = _choose(item, request.options, strict=True)
    if not open_now(shop, now):
        raise ConflictError(f"shop {shop.id} closed",
                            user_message=f"店铺已打烊（营业时间{shop.opens}-{shop.closes}），换一家营业中的店吧")
    drop = lookups.locate(request.address, city=shop.city)
    distance = lookups.distance(drop, shop.lat, shop.lng)
    if distance > shop.radius_m:
        raise ConflictError(f"address {distance} m from shop {shop.id}, radius {shop.radius_m} m",
                            user_message=f"超出配送范围：{shop.name}距你{distance / 1000:.1f}公里，"
                                         f"只送{shop.radius_m / 1000:g}公里内")
    if item.daily_stock < count:
        detail = "今日已售罄" if item.daily_stock == 0 else f"今日限量{item.daily_stock}份"
        raise OutOfStockError(f"{item.id} stock {item.daily_stock} < {count}", user_message=f"{item.name}{detail}")
    unit = item.price_fen + sum(fen for _v, _label, fen in chosen.values())
    eta = eta_minutes(shop, distance)
    options = {name: code for name, (code, _label, _fen) in chosen.items()}
    return Offer(
        domain=Domain.TAKEOUT, merchant_id=shop.id, merchant_name=shop.name,
        title=f"{shop.brand}·{item.name}{_size_suffix(chosen)}",
        lines=(OfferLine(title=item.name, quantity=count, unit_price_fen=unit, options=options),),
        policy=policies.for_domain(Domain.TAKEOUT), fees_fen=shop.delivery_fee_fen,
        stock=(StockClaim(stock_key(item, now), count, item.daily_stock),),
        details={
            "shop": shop.name, "shop_id": shop.id, "item": item.name, "eta_minutes": eta, "distance_m": distance,
            "prep_minutes": shop.prep_minutes, "shop_point": [shop.lat, shop.lng],
            "address_point": [drop.lat, drop.lng],
            "options_zh": {name: label for name, (_code, label, _fen) in chosen.items()},
            "address": request.address.text if request.address else None,
            "deliver_at": request.options.get("deliver_at"),
        },
    )

