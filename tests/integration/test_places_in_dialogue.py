"""A new person types the address in the message: it is placed (the embedded geocoder), shown, and used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bangwo import bootstrap as boot
from bangwo.config import Settings
from bangwo.domain import commands
from bangwo.domain.clocks import FixedClock
from bangwo.domain.users import User
from bangwo.services import paying, registering
from tests.builders import NOW


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[boot.App]:
    path: Path = tmp_path_factory.mktemp("places") / "bangwo.db"
    application = boot.bootstrap(Settings(database_url=f"sqlite:///{path}"), clock=FixedClock(NOW))
    boot.seed_demo(application)
    registering.register_user(User(id="newbie", name="新人", phone="13500000000", home_city="杭州"),
                              uow=application.uow(), clock=application.clock, campaign_id=None)
    paying.top_up(commands.TopUp("newbie", 100_000, "tok", "newbie-fund"), uow=application.uow(),
                  clock=application.clock, gateway=application.gateway)
    yield application
    application.close()


def say(app: boot.App, *lines: str, conversation: str) -> list[dict[str, Any]]:
    return [app.conversation().handle("newbie", line, conversation_id=conversation).to_json() for line in lines]


def test_a_typed_street_address_is_placed_shown_and_delivered_to(app: boot.App) -> None:
    offered, held, paid = say(app, "帮我点一杯珍珠奶茶送到文三路100号", "第一个", "确认", conversation="tea")
    assert offered["awaiting"] == "select" and offered["cards"]
    assert all(c["where"].startswith("送到：") and "杭州" in c["where"] and "文三路" in c["where"] and "100号" in c["where"]
               for c in offered["cards"])
    assert held["cards"][0]["where"] == offered["cards"][0]["where"]
    (order,) = paid["orders"]
    assert order["status"] == "paid" and order["paid_fen"] == order["total_fen"]


def test_a_ride_between_typed_places_is_offered_with_both_ends(app: boot.App) -> None:
    (offered,) = say(app, "帮我叫车，从天目山路200号到杭州东站", conversation="ride")
    assert offered["awaiting"] == "select" and offered["cards"]
    assert all("天目山路200号" in c["title"] and "杭州东" in c["title"] for c in offered["cards"])


def test_a_ride_without_a_pickup_asks_for_it_then_goes(app: boot.App) -> None:
    asked, offered = say(app, "打车去杭州东站", "黄龙体育中心", conversation="pickup")
    assert asked["awaiting"] == "slot:from" and asked["cards"] == []
    assert offered["awaiting"] == "select" and all("杭州东" in c["title"] for c in offered["cards"])


def test_a_named_place_is_asked_once_then_remembered(app: boot.App) -> None:
    asked, offered = say(app, "点一份黄焖鸡米饭 送到公司", "文三路100号", conversation="office-1")
    assert asked["awaiting"] == "slot:address" and "“公司”在哪里" in asked["reply"] and asked["cards"] == []
    assert offered["awaiting"] == "select" and "已记下“公司”" in offered["reply"]
    assert all("文三路" in c["where"] for c in offered["cards"])
    with app.uow() as uow:
        saved = uow.users.places_of("newbie")
    assert set(saved) == {"公司"} and "文三路" in saved["公司"].text and saved["公司"].point is not None
    (again,) = say(app, "两杯美式送到公司前台", conversation="office-2")      # remembered: not asked again
    assert again["awaiting"] == "select" and all("文三路" in c["where"] and "前台" in c["where"]
                                                 for c in again["cards"])


def test_a_ride_from_home_asks_where_home_is_once(app: boot.App) -> None:
    asked, offered = say(app, "从家打车去杭州东站", "黄龙体育中心", conversation="home-ride")
    assert asked["awaiting"] == "slot:from" and "“家”在哪里" in asked["reply"]
    assert offered["awaiting"] == "select" and all("杭州东" in c["title"] for c in offered["cards"])
    with app.uow() as uow:
        assert "家" in uow.users.places_of("newbie")
