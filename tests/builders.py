"""Builders of domain objects for tests: real objects with explicit, readable values."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from bangwo.domain import policies
from bangwo.domain.clocks import SHANGHAI
from bangwo.domain.domains import Domain
from bangwo.domain.listings import Address, GeoPoint
from bangwo.domain.offers import Offer, OfferLine, StockClaim
from bangwo.domain.users import User

NOW = datetime(2026, 2, 6, 12, 0, tzinfo=SHANGHAI)
_seq = count(1)


def user(user_id: str = "alice", *, city: str = "杭州") -> User:
    return User(id=user_id, name=user_id.title(), phone=f"138{next(_seq) % 10**8:08d}", home_city=city,
                addresses=(Address(text="文三路478号", city=city, point=GeoPoint(30.2799, 120.1376)),))


def tea_offer(*, price_fen: int = 1600, quantity: int = 1, fees_fen: int = 200, capacity: int = 100,
              key: str = "product:tea-1") -> Offer:
    return Offer(
        domain=Domain.TAKEOUT, merchant_id="shop-1", merchant_name="一点甜(文三路店)", title="珍珠奶茶",
        lines=(OfferLine("珍珠奶茶(大杯)", quantity, price_fen, {"sugar": "less", "ice": "less"}),),
        policy=policies.TAKEOUT, fees_fen=fees_fen, stock=(StockClaim(key, quantity, capacity),),
        details={"eta_minutes": 28, "prep_minutes": 8},
    )


def movie_offer(*, seats: tuple[str, ...] = ("12排7座", "12排8座"), starts_at: datetime | None = None,
                show: str = "show:c1:1:2026-02-17:2000") -> Offer:
    return Offer(
        domain=Domain.MOVIE, merchant_id="cinema-1", merchant_name="星光影城(西湖店)", title="惊蛰无声",
        lines=(OfferLine("惊蛰无声 2D", len(seats), 4500, {"seats": list(seats)}),),
        policy=policies.MOVIE, seats=tuple(f"{show}/{s}" for s in seats),
        details={"showtime": show, "seat_codes": list(seats)},
        starts_at=starts_at or NOW + timedelta(days=11, hours=8),
    )


def train_offer(*, starts_at: datetime, price_fen: int = 57_800, capacity: int = 5) -> Offer:
    return Offer(
        domain=Domain.TRAIN, merchant_id="rail", merchant_name="铁路12306", title="G7 杭州东→北京南",
        lines=(OfferLine("G7 二等座", 1, price_fen, {"seat_class": "second"}),),
        policy=policies.TRAIN, stock=(StockClaim("dep:G7:2026-02-09:second", 1, capacity),),
        details={"train_no": "G7"}, starts_at=starts_at,
    )
