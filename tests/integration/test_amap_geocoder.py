"""The AMap geocoder against a fake AMap Web Service on 127.0.0.1 (its real JSON), cached in the real database."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, func, select

from bangwo.adapters.db import tables
from bangwo.adapters.geo.amap import AmapGeocoder
from bangwo.adapters.geo.cache import GeocodeCache
from bangwo.adapters.geo.embedded import EmbeddedGeocoder
from bangwo.bootstrap import bootstrap
from bangwo.config import Settings
from bangwo.domain.clocks import FixedClock
from bangwo.domain.geo import GeocodingError, Place, PlaceKind
from bangwo.domain.listings import GeoPoint

KEY = "amap-test-key"

GEOCODES: dict[str, list[dict[str, Any]]] = {
    "天目山路200号": [{
        "formatted_address": "浙江省杭州市西湖区天目山路200号", "country": "中国", "province": "浙江省",
        "citycode": "0571", "city": "杭州市", "district": "西湖区", "township": [],
        "neighborhood": {"name": [], "type": []}, "building": {"name": [], "type": []}, "adcode": "330106",
        "street": "天目山路", "number": "200号", "location": "120.128420,30.272730", "level": "门牌号"}],
    "上海市": [{
        "formatted_address": "上海市", "country": "中国", "province": "上海市", "citycode": "021", "city": [],
        "district": [], "township": [], "neighborhood": {"name": [], "type": []},
        "building": {"name": [], "type": []}, "adcode": "310000", "street": [], "number": [],
        "location": "121.473667,31.230525", "level": "省"}],
}
POIS: dict[str, list[dict[str, Any]]] = {
    "虹桥机场": [
        {"id": "B00155L3DF", "parent": [], "name": "上海虹桥国际机场", "type": "交通设施服务;机场相关;飞机场",
         "typecode": "150104", "biz_type": [], "address": "申虹路", "location": "121.336319,31.197875",
         "tel": [], "pname": "上海市", "cityname": "上海市", "adname": "长宁区", "adcode": "310105"},
        {"id": "B0FFHJ5FJ2", "parent": "B00155L3DF", "name": "上海虹桥国际机场T2航站楼",
         "type": "交通设施服务;机场相关;候机室", "typecode": "150105", "biz_type": [], "address": "申达一路",
         "location": "121.327070,31.193500", "tel": [], "pname": "上海市", "cityname": "上海市",
         "adname": "闵行区", "adcode": "310112"},
        {"id": "B00155L3DG", "parent": [], "name": "虹桥火车站", "type": "交通设施服务;火车站;火车站",
         "typecode": "150200", "biz_type": [], "address": "申贵路1500号", "location": "121.320205,31.194062",
         "tel": [], "pname": "上海市", "cityname": "上海市", "adname": "闵行区", "adcode": "310112"},
    ],
}


@dataclass
class FakeAmap:
    """What the fake server received: (path, query parameters) per request."""

    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base_url: str = ""

    def answer(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        self.requests.append((path, params))
        if params.get("key") != KEY:
            return {"status": "0", "info": "INVALID_USER_KEY", "infocode": "10001"}
        if path == "/v3/geocode/geo":
            found = GEOCODES.get(params.get("address", ""), [])
            return {"status": "1", "info": "OK", "infocode": "10000", "count": str(len(found)), "geocodes": found}
        if path == "/v3/place/text":
            pois = POIS.get(params.get("keywords", ""), [])
            return {"status": "1", "count": str(len(pois)), "info": "OK", "infocode": "10000",
                    "suggestion": {"keywords": [], "cities": []}, "pois": pois}
        return {"status": "0", "info": "INVALID_REQUEST", "infocode": "20000"}


def _handler(fake: FakeAmap) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            body = json.dumps(fake.answer(url.path, params), ensure_ascii=False).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@pytest.fixture
def amap() -> Iterator[FakeAmap]:
    fake = FakeAmap()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    httpd.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def cache(engine: Engine, clock: FixedClock) -> GeocodeCache:
    return GeocodeCache(engine, provider="amap", clock=clock, max_age=timedelta(days=30))


@pytest.fixture
def geocoder(amap: FakeAmap, cache: GeocodeCache) -> Iterator[AmapGeocoder]:
    client = AmapGeocoder(KEY, amap.base_url, cache=cache)
    yield client
    client.close()


def _cached_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.geocode_cache)).scalar_one())


def test_an_address_is_geocoded_in_amaps_words(geocoder: AmapGeocoder, amap: FakeAmap) -> None:
    place = geocoder.resolve("天目山路200号", city_hint="杭州")
    assert place == Place(name="天目山路200号", kind=PlaceKind.STREET, city="杭州", province="浙江", lat=30.27273,
                          lng=120.12842, district="西湖区", adcode="330106", display="浙江省杭州市西湖区天目山路200号")
    assert amap.requests == [("/v3/geocode/geo", {"address": "天目山路200号", "city": "杭州", "key": KEY,
                                                  "output": "JSON"})]


def test_a_municipality_without_city_field_is_named_by_its_adcode(geocoder: AmapGeocoder) -> None:
    place = geocoder.resolve("上海市")
    assert place is not None
    assert (place.kind, place.city, place.province, place.lat, place.lng) == (
        PlaceKind.PROVINCE, "", "上海", 31.230525, 121.473667)


def test_a_cached_answer_costs_no_second_call(geocoder: AmapGeocoder, amap: FakeAmap, engine: Engine,
                                              cache: GeocodeCache) -> None:
    first = geocoder.resolve("天目山路200号", city_hint="杭州")
    again = geocoder.resolve("天目山路200号", city_hint="杭州")
    restarted = AmapGeocoder(KEY, amap.base_url, cache=cache)
    try:
        after_restart = restarted.resolve("天目山路200号", city_hint="杭州")
    finally:
        restarted.close()
    assert first is not None and again == first and after_restart == first
    assert len(amap.requests) == 1
    assert _cached_rows(engine) == 1


def test_a_stale_answer_is_asked_again(geocoder: AmapGeocoder, amap: FakeAmap, clock: FixedClock) -> None:
    geocoder.resolve("天目山路200号", city_hint="杭州")
    clock.advance(timedelta(days=31))
    geocoder.resolve("天目山路200号", city_hint="杭州")
    assert len(amap.requests) == 2


def test_no_result_is_none_and_is_remembered(geocoder: AmapGeocoder, amap: FakeAmap, engine: Engine) -> None:
    assert geocoder.resolve("火星路1号", city_hint="杭州") is None
    assert geocoder.resolve("火星路1号", city_hint="杭州") is None
    assert geocoder.search("火星基地", city="杭州") == []
    assert [path for path, _ in amap.requests] == ["/v3/geocode/geo", "/v3/place/text"]
    assert _cached_rows(engine) == 2


def test_an_invalid_key_raises_and_caches_nothing(amap: FakeAmap, cache: GeocodeCache, engine: Engine) -> None:
    client = AmapGeocoder("wrong-key", amap.base_url, cache=cache)
    try:
        with pytest.raises(GeocodingError) as raised:
            client.resolve("天目山路200号", city_hint="杭州")
        with pytest.raises(GeocodingError):
            client.search("虹桥机场", city="上海")
    finally:
        client.close()
    assert raised.value.infocode == "10001"
    assert "INVALID_USER_KEY" in raised.value.message
    assert raised.value.user_message == "地图服务暂时不可用，请换个说法或稍后再试"
    assert _cached_rows(engine) == 0


def test_an_unreachable_server_raises(cache: GeocodeCache, engine: Engine) -> None:
    client = AmapGeocoder(KEY, "http://127.0.0.1:9", cache=cache, timeout_s=2)
    try:
        with pytest.raises(GeocodingError, match="AMap v3/geocode/geo"):
            client.resolve("天目山路200号")
    finally:
        client.close()
    assert _cached_rows(engine) == 0


def test_search_gives_kinds_and_sorts_by_distance(geocoder: AmapGeocoder, amap: FakeAmap) -> None:
    found = geocoder.search("虹桥机场", city="上海", near=GeoPoint(31.1941, 121.3202))
    assert [(p.name, p.kind, p.city, p.district) for p in found] == [
        ("虹桥火车站", PlaceKind.STATION, "上海", "闵行区"),
        ("上海虹桥国际机场T2航站楼", PlaceKind.AIRPORT, "上海", "闵行区"),
        ("上海虹桥国际机场", PlaceKind.AIRPORT, "上海", "长宁区"),
    ]
    assert (found[2].lat, found[2].lng, found[2].display) == (31.197875, 121.336319, "上海市长宁区 上海虹桥国际机场")
    assert geocoder.search("虹桥机场", city="上海", limit=1)[0].name == "上海虹桥国际机场"
    assert amap.requests == [("/v3/place/text", {"keywords": "虹桥机场", "offset": "25", "page": "1",
                                                 "extensions": "base", "city": "上海", "citylimit": "true",
                                                 "key": KEY, "output": "JSON"})]


def test_the_app_wires_the_configured_geocoder(amap: FakeAmap, tmp_path: Path, clock: FixedClock) -> None:
    database = f"sqlite:///{tmp_path / 'bangwo.db'}"
    app = bootstrap(Settings(database_url=database), clock=clock)
    try:
        assert isinstance(app.geocoder(), EmbeddedGeocoder)
        assert app.geocoder().resolve("丽江") is not None
    finally:
        app.close()
    app = bootstrap(Settings(database_url=database, geocoder="amap", amap_key=KEY, amap_base_url=amap.base_url),
                    clock=clock)
    try:
        place = app.geocoder().resolve("天目山路200号", city_hint="杭州")
        assert place is not None and place.adcode == "330106"
        assert _cached_rows(app.engine) == 1
    finally:
        app.close()
    with pytest.raises(ValidationError, match="BANGWO_AMAP_KEY"):
        Settings(database_url=database, geocoder="amap")
