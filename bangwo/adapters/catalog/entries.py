"""Flatten CatalogData into plain database entries and back (an exact round trip)."""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from functools import cache
from operator import attrgetter
from typing import Any, Union, get_args, get_origin, get_type_hints

from bangwo.adapters.catalog import records as r


@dataclass(frozen=True)
class CatalogEntry:
    """One catalog row: ``payload`` is the JSON-able record, the other columns are for lookups."""

    id: str
    domain: str
    kind: str
    name: str
    city: str
    merchant_id: str | None
    payload: dict[str, Any]


@dataclass(frozen=True)
class _Kind:
    attr: str
    kind: str
    cls: type[Any]
    domain: Callable[[Any], str]
    city: Callable[[Any], str]
    merchant: Callable[[Any], str | None]


def _const(value: str) -> Callable[[Any], str]:
    return lambda _record: value


def _kinds(data: r.CatalogData | None) -> tuple[_Kind, ...]:
    shop_city = {s.id: s.city for s in data.shops} if data else {}
    store_city = {s.id: s.city for s in data.stores} if data else {}
    return (
        _Kind("shops", "shop", r.Shop, _const("takeout"), lambda x: x.city, lambda x: x.id),
        _Kind("items", "menu_item", r.MenuItem, _const("takeout"), lambda x: shop_city.get(x.shop_id, ""),
              lambda x: x.shop_id),
        _Kind("stores", "store", r.Store, _const("grocery"), lambda x: x.city, lambda x: x.id),
        _Kind("skus", "sku", r.Sku, _const("grocery"), lambda x: store_city.get(x.store_id, ""),
              lambda x: x.store_id),
        _Kind("cinemas", "cinema", r.Cinema, _const("movie"), lambda x: x.city, lambda x: x.id),
        _Kind("movies", "movie", r.Movie, _const("movie"), _const(""), lambda x: None),
        _Kind("schedules", "schedule", r.Schedule, lambda x: x.domain, lambda x: x.from_city,
              lambda x: x.carrier_id),
        _Kind("hotels", "hotel", r.Hotel, _const("hotel"), lambda x: x.city, lambda x: x.id),
        _Kind("sights", "sight", r.Sight, _const("attraction"), lambda x: x.city, lambda x: x.id),
        _Kind("car_types", "car_type", r.CarType, _const("taxi"), _const(""), lambda x: None),
        _Kind("carriers", "carrier", r.Carrier, _const("recharge"), _const(""), lambda x: x.id),
        _Kind("products", "product", r.Product, _const("shopping"), lambda x: x.ships_from,
              lambda x: x.shop_id),
        _Kind("merchants", "merchant", r.Merchant, lambda x: x.domain, lambda x: x.city, lambda x: x.id),
    )


def _name(record: Any) -> str:
    for attr in ("name", "title", "label"):
        value = getattr(record, attr, None)
        if isinstance(value, str):
            return value
    return str(record.id)


def to_entries(data: r.CatalogData) -> list[CatalogEntry]:
    """Return one entry per record, plus a ``meta`` entry holding the seed."""
    entries = [CatalogEntry("catalog-meta", "", "meta", "catalog", "", None, {"seed": data.seed})]
    memo: Memo = {}
    for kind in _kinds(data):
        for record in getattr(data, kind.attr):
            entries.append(CatalogEntry(
                id=record.id, domain=kind.domain(record), kind=kind.kind, name=_name(record),
                city=kind.city(record), merchant_id=kind.merchant(record), payload=encode(record, memo),
            ))
    return entries


def from_entries(entries: Iterable[CatalogEntry]) -> r.CatalogData:
    """Rebuild CatalogData from entries in any order (records are kept sorted by id)."""
    by_kind: dict[str, list[CatalogEntry]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    meta = by_kind.get("meta")
    if not meta:
        raise ValueError("catalog entries lack the meta entry")
    parts: dict[str, Any] = {}
    for kind in _kinds(None):
        rows = sorted(by_kind.get(kind.kind, []), key=lambda e: e.id)
        parts[kind.attr] = tuple(decode(kind.cls, e.payload) for e in rows)
    return r.CatalogData(seed=int(meta[0].payload["seed"]), **parts)


Codec = Callable[[Any], Any]
Memo = dict[int, tuple[Any, Any]]
Encoder = Callable[[Any, Memo], Any]


def encode(value: Any, memo: Memo | None = None) -> Any:
    """Return a JSON-able form of a record (dataclasses become dicts, tuples lists, dates ISO text).

    A nested record met again in ``memo`` (the option groups every tea shares) is encoded once and its
    form shared: payloads are read, never changed in place.
    """
    if is_dataclass(value) and not isinstance(value, type):
        return _encoder(type(value))(value, {} if memo is None else memo)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [encode(v, memo) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v, memo) for k, v in value.items()}
    return value


def decode(tp: Any, raw: Any) -> Any:
    """Rebuild a value of type ``tp`` from its encoded form."""
    return _decoder(tp)(raw)


@cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    return get_type_hints(cls)


def _same(value: Any, memo: Memo | None = None) -> Any:
    return value


@cache
def _encoder(tp: Any) -> Encoder:
    """The encoder of one declared type, built once (a catalog holds tens of thousands of records)."""
    if isinstance(tp, type) and is_dataclass(tp):
        return _record_encoder(tp)
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _encoder(args[0])
        return (lambda value, memo: list(value)) if item is _same else (
            lambda value, memo: [item(v, memo) for v in value])
    if origin is tuple:
        items = tuple(_encoder(a) for a in args)
        return lambda value, memo: [codec(v, memo) for codec, v in zip(items, value, strict=True)]
    if origin is dict:
        item = _encoder(args[1])
        return lambda value, memo: {str(k): item(v, memo) for k, v in value.items()}
    if origin is Union or origin is types.UnionType:
        inner = _encoder(next(a for a in args if a is not type(None)))
        return lambda value, memo: None if value is None else inner(value, memo)
    if tp is date:
        return lambda value, memo: value.isoformat()
    return _same


def _record_encoder(tp: Any) -> Encoder:
    """Plain fields are read in one go, the others through their own encoders; a record already met in
    ``memo`` is not encoded again."""
    names = tuple(f.name for f in fields(tp))
    hints = _hints(tp)
    codecs = {name: _encoder(hints[name]) for name in names}
    nested = tuple((name, codecs[name]) for name in names if codecs[name] is not _same)
    read = attrgetter(*names) if len(names) > 1 else (lambda value: (getattr(value, names[0]),))

    def encode_record(value: Any, memo: Memo) -> dict[str, Any]:
        met = memo.get(id(value))
        if met is not None and met[0] is value:
            return met[1]                                   # type: ignore[no-any-return]
        out = dict(zip(names, read(value), strict=True))
        for name, codec in nested:
            out[name] = codec(out[name], memo)
        memo[id(value)] = (value, out)
        return out
    return encode_record


@cache
def _decoder(tp: Any) -> Codec:
    """The decoder of one declared type, built once."""
    if isinstance(tp, type) and is_dataclass(tp):
        parts = tuple((f.name, _decoder(_hints(tp)[f.name])) for f in fields(tp))
        return lambda raw: tp(**{name: codec(raw[name]) for name, codec in parts})
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        return tuple if item is _same else lambda raw: tuple(item(v) for v in raw)
    if origin is tuple:
        items = tuple(_decoder(a) for a in args)
        return lambda raw: tuple(codec(v) for codec, v in zip(items, raw, strict=True))
    if origin is dict:
        item = _decoder(args[1])
        return lambda raw: {k: item(v) for k, v in raw.items()}
    if origin is Union or origin is types.UnionType:
        inner = _decoder(next(a for a in args if a is not type(None)))
        return lambda raw: None if raw is None else inner(raw)
    if tp is date:
        return date.fromisoformat
    if tp is float:
        return float
    return _same
