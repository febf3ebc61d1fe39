"""Places found by a geocoder, and the deterministic placement of addresses nobody surveyed (stdlib only)."""

from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from bangwo.domain.errors import UnavailableError

_METRES_PER_DEGREE = 111_320.0


class PlaceKind(StrEnum):
    PROVINCE = "province"
    CITY = "city"           # prefecture level, the four municipalities, cities under a province directly
    DISTRICT = "district"   # a city's 区
    COUNTY = "county"       # 县, 旗, county-level 市
    STATION = "station"     # a rail station
    AIRPORT = "airport"
    LANDMARK = "landmark"   # a named place we know (西湖, 武林广场, a provider's point of interest)
    STREET = "street"       # an address or place we do not know, placed inside the area it names


@dataclass(frozen=True)
class Place:
    """A place with coordinates, named the way bangwo names cities (杭州, not 杭州市).

    ``city`` and ``province`` are short standard names (杭州, 浙江; empty for a province's city);
    ``district`` is the full name of the 区/县 when known (西湖区); ``adcode`` the 6-digit code of the
    smallest division known; ``detail`` what the text said beyond the place found (T2, 88号);
    ``approximate`` marks coordinates placed deterministically rather than surveyed.
    """

    name: str
    kind: PlaceKind
    city: str
    province: str
    lat: float
    lng: float
    district: str = ""
    adcode: str = ""
    display: str = ""
    detail: str = ""
    approximate: bool = False

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "kind": self.kind.value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Place:
        return cls(name=str(data["name"]), kind=PlaceKind(data["kind"]), city=str(data["city"]),
                   province=str(data["province"]), lat=float(data["lat"]), lng=float(data["lng"]),
                   district=str(data.get("district", "")), adcode=str(data.get("adcode", "")),
                   display=str(data.get("display", "")), detail=str(data.get("detail", "")),
                   approximate=bool(data.get("approximate", False)))


class GeocodingError(UnavailableError):
    """A geocoding provider refused or failed the request (bad key, quota, network); nothing was cached.

    ``infocode`` is the provider's code when it gave one (AMap: 10001 for an invalid key).
    """

    code = "geocoding_unavailable"
    default_user_message = "地图服务暂时不可用，请换个说法或稍后再试"

    def __init__(self, message: str, *, infocode: str = "") -> None:
        super().__init__(message)
        self.infocode = infocode


def placed_near(text: str, *, lat: float, lng: float, radius_m: float) -> tuple[float, float]:
    """A stable point within ``radius_m`` of (lat, lng) chosen by the SHA-256 of ``text``.

    The same text always lands on the same point; different texts spread evenly over the disc
    (distance ``radius_m * sqrt(u)``, bearing ``2*pi*v`` for two uniform numbers u, v from the hash).
    Coordinates are rounded to 6 decimals (about 0.1 m).
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    v = int.from_bytes(digest[8:16], "big") / 2**64
    distance = radius_m * math.sqrt(u)
    bearing = 2 * math.pi * v
    dlat = distance * math.cos(bearing) / _METRES_PER_DEGREE
    dlng = distance * math.sin(bearing) / (_METRES_PER_DEGREE * max(0.01, math.cos(math.radians(lat))))
    return round(lat + dlat, 6), round(lng + dlng, 6)
