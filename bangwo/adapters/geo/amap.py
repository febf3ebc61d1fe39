"""AMap (高德) Web Service geocoding and POI search over httpx, with answers cached in the database.

``GET {base}/v3/geocode/geo?address=&city=&key=`` and ``GET {base}/v3/place/text?keywords=&city=&key=``.
AMap answers HTTP 200 with ``status`` "1" (``count`` "0" when nothing was found) or "0" with ``info`` and
``infocode`` (10001 INVALID_USER_KEY, 10003 DAILY_QUERY_OVER_LIMIT...); empty text fields come as ``[]``.
Every failure raises ``GeocodingError`` and caches nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bangwo.adapters.geo import gazetteer
from bangwo.adapters.geo.cache import GeocodeCache
from bangwo.domain import places
from bangwo.domain.geo import GeocodingError, Place, PlaceKind
from bangwo.domain.listings import GeoPoint

DEFAULT_BASE_URL = "https://restapi.amap.com"
_PAGE = 25     # the most POIs AMap returns per page
# AMap's geocode ``level`` -> our kind (others: 门牌号, 道路, 乡镇, 村庄... are streets).
_LEVELS = {"国家": PlaceKind.PROVINCE, "省": PlaceKind.PROVINCE, "市": PlaceKind.CITY,
           "区县": PlaceKind.DISTRICT, "兴趣点": PlaceKind.LANDMARK, "热点商圈": PlaceKind.LANDMARK}


@dataclass
class AmapGeocoder:
    """The Geocoder port over AMap's Web Service API (a Web 服务 key)."""

    key: str
    base_url: str = DEFAULT_BASE_URL
    cache: GeocodeCache | None = None
    timeout_s: float = 5.0
    transport: httpx.BaseTransport | None = None

    def __post_init__(self) -> None:
        self._client = httpx.Client(base_url=self.base_url.rstrip("/") + "/", timeout=httpx.Timeout(self.timeout_s),
                                    transport=self.transport)

    def close(self) -> None:
        self._client.close()

    def resolve(self, text: str, *, city_hint: str | None = None) -> Place | None:
        phrase = text.strip()
        if not phrase:
            return None
        found = self._ask("resolve", phrase, city_hint, lambda: self._geocode(phrase, city_hint))
        return found[0] if found else None

    def search(self, text: str, *, city: str | None = None, near: GeoPoint | None = None,
               limit: int = 10) -> list[Place]:
        phrase = text.strip()
        if not phrase:
            return []
        found = self._ask("search", phrase, city, lambda: self._place_text(phrase, city))
        if near is not None:
            found = sorted(found, key=lambda p: places.distance_m(near.lat, near.lng, p.lat, p.lng))
        return found[:limit]

    def _ask(self, operation: str, phrase: str, city: str | None, call: Callable[[], list[Place]]) -> list[Place]:
        if self.cache is not None:
            cached = self.cache.get(operation, phrase, city)
            if cached is not None:
                return cached
        found = call()
        if self.cache is not None:
            self.cache.put(operation, phrase, city, found)
        return found

    def _geocode(self, phrase: str, city: str | None) -> list[Place]:
        params = {"address": phrase, **({"city": city} if city else {})}
        data = self._get("v3/geocode/geo", params)
        return [p for p in (geocode_place(item, phrase) for item in _list(data.get("geocodes"))) if p][:1]

    def _place_text(self, phrase: str, city: str | None) -> list[Place]:
        params = {"keywords": phrase, "offset": str(_PAGE), "page": "1", "extensions": "base",
                  **({"city": city, "citylimit": "true"} if city else {})}
        data = self._get("v3/place/text", params)
        return [p for p in (poi_place(item) for item in _list(data.get("pois"))) if p]

    def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        try:
            response = self._client.get(path, params={**params, "key": self.key, "output": "JSON"})
        except httpx.TimeoutException as exc:
            raise GeocodingError(f"AMap {path}: no answer within {self.timeout_s}s") from exc
        except httpx.HTTPError as exc:
            raise GeocodingError(f"AMap {path}: {type(exc).__name__}: {exc}") from exc
        if response.status_code != 200:
            raise GeocodingError(f"AMap {path}: HTTP {response.status_code}: {response.text[:200]}")
        try:
            data = response.json()
        except ValueError as exc:
            raise GeocodingError(f"AMap {path}: not JSON: {response.text[:200]}") from exc
        if not isinstance(data, dict) or str(data.get("status")) != "1":
            info = _text(data.get("info")) if isinstance(data, dict) else ""
            infocode = _text(data.get("infocode")) if isinstance(data, dict) else ""
            raise GeocodingError(f"AMap {path} refused: {info or 'no status'} (infocode {infocode or '?'})",
                                 infocode=infocode)
        return data


def geocode_place(item: Any, phrase: str) -> Place | None:
    """One of ``geocodes[]``: formatted_address, province, city, district, adcode, location, level."""
    point = _location(item.get("location")) if isinstance(item, dict) else None
    if point is None:
        return None
    district = _text(item.get("district"))
    kind = _LEVELS.get(_text(item.get("level")), PlaceKind.STREET)
    if kind is PlaceKind.DISTRICT and not district.endswith("区"):
        kind = PlaceKind.COUNTY
    city, province = _names(_text(item.get("adcode")), _text(item.get("city")), _text(item.get("province")))
    return Place(name=phrase, kind=kind, city=city, province=province, lat=point[0], lng=point[1],
                 district=district, adcode=_text(item.get("adcode")),
                 display=_text(item.get("formatted_address")) or phrase)


def poi_place(item: Any) -> Place | None:
    """One of ``pois[]``: name, location, pname, cityname, adname, adcode, typecode, address."""
    point = _location(item.get("location")) if isinstance(item, dict) else None
    if point is None:
        return None
    typecode = _text(item.get("typecode"))
    kind = (PlaceKind.STATION if typecode.startswith("1502") else
            PlaceKind.AIRPORT if typecode.startswith("1501") else PlaceKind.LANDMARK)
    city_name, district = _text(item.get("cityname")), _text(item.get("adname"))
    city, province = _names(_text(item.get("adcode")), city_name, _text(item.get("pname")))
    name = _text(item.get("name"))
    return Place(name=name, kind=kind, city=city, province=province, lat=point[0], lng=point[1],
                 district=district, adcode=_text(item.get("adcode")), display=f"{city_name}{district} {name}".strip())


def _names(adcode: str, city: str, province: str) -> tuple[str, str]:
    """Our short city and province names for AMap's adcode (杭州, 浙江), else AMap's names shortened."""
    divisions = gazetteer.load().divisions
    for code in (adcode, adcode[:4] + "00", adcode[:2] + "0000"):
        division = divisions.by_code.get(code)
        if division is not None:
            city_short = "" if division.kind is PlaceKind.PROVINCE else divisions.city(division).short
            return city_short, divisions.province(division).short
    short_province = province.removesuffix("省").removesuffix("市")
    return (city or province).removesuffix("市"), short_province


def _location(value: Any) -> tuple[float, float] | None:
    """AMap's "lng,lat" as (lat, lng)."""
    lng, _, lat = _text(value).partition(",")
    try:
        return float(lat), float(lng)
    except ValueError:
        return None


def _text(value: Any) -> str:
    """AMap sends ``[]`` for an empty text field."""
    return value.strip() if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
