"""Never a dead end: each relaxation path says what changed; when nothing is left, one question."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bangwo import bootstrap as boot
from bangwo.conversation import relaxing
from bangwo.domain import commands
from bangwo.services import paying


@pytest.fixture(scope="module")
def app(seeded_app: boot.App) -> boot.App:
    return seeded_app


def say(app: boot.App, text: str, conversation: str) -> dict[str, Any]:
    return app.conversation().handle("alice", text, conversation_id=conversation).to_json()


def test_a_film_not_showing_that_day_offers_its_next_showings(app: boot.App) -> None:
    turn = say(app, "今晚看惊蛰无声，两张", "film-day")
    assert turn["awaiting"] == "select" and turn["cards"]
    assert all(c["changed"] == ["2月6日 → 2月17日"] and "2月17日" in c["title"] for c in turn["cards"])
    assert "放宽" in turn["reply"] and "2月6日 → 2月17日" in turn["reply"]


def test_a_film_not_showing_at_all_asks_which_of_those_showing(app: boot.App) -> None:
    turn = say(app, "想看《长夜将明》，明天晚上", "film-none")
    assert turn["cards"] == [] and turn["awaiting"] == "slot:movie"
    assert "附近在映的有" in turn["reply"] and "《" in turn["reply"].split("附近在映的有")[1]


def test_a_train_type_not_running_relaxes_to_other_trains_and_says_so(app: boot.App) -> None:
    turn = say(app, "明天杭州到上海的二等座，要直达特快", "train-type")
    assert turn["cards"] and all(c["domain"] == "train" for c in turn["cards"])
    assert all(c["changed"] == ["直达特快 → 其他车型"] for c in turn["cards"])


def test_a_hotel_budget_that_nothing_meets_is_relaxed_and_said(app: boot.App) -> None:
    turn = say(app, "订今晚一晚杭州西湖附近的酒店，每晚100以内", "hotel-budget")
    assert turn["cards"] and all(c["domain"] == "hotel" for c in turn["cards"])
    assert all("100元以内 → 不限价格" in c["changed"] for c in turn["cards"])


def test_an_unknown_product_asks_with_the_closest_names(app: boot.App) -> None:
    turn = say(app, "买双帆布鞋40码", "product")
    assert turn["cards"] == [] and turn["awaiting"] == "slot:query" and "你是不是想找" in turn["reply"]
    assert "鞋" in turn["reply"].split("你是不是想找")[1]


def test_an_unknown_city_asks_again_for_that_city(app: boot.App) -> None:
    asked = say(app, "台北到高雄 高鐵 明天早上", "city")
    assert asked["awaiting"] == "slot:from_city" and "不认识城市“台北”" in asked["reply"]
    assert asked["reply"].endswith("从哪个城市出发？")
    assert relaxing.closest("杭洲", ["杭州", "广州", "郑州"])[0] == "杭州"       # a near miss is suggested


def test_steps_drop_wishes_least_important_first_and_move_the_day() -> None:
    found = list(relaxing.steps("movie", {"movie": "惊蛰无声", "date": "2026-02-06", "format": "IMAX",
                                          "seat": "back"}, today=date(2026, 2, 6)))
    assert found[0].slots["date"] == "2026-02-07" and found[0].changed == ("2月6日 → 2月7日",)
    dropped = [s for s in found if s.changed and "→ 2月" not in s.changed[-1]]
    assert [s.changed[-1] for s in dropped] == ["最后一排 → 其他座位", "IMAX → 普通厅"]
    assert all(s.slots["movie"] == "惊蛰无声" for s in found)          # the film itself is never dropped


def test_a_flight_relaxes_to_days_around_nearby_airports_then_the_train() -> None:
    found = list(relaxing.steps("flight", {"from_city": "杭州", "to_city": "三亚", "date": "2026-02-07"},
                                today=date(2026, 2, 6)))
    days = [s.slots["date"] for s in found if s.domain == "flight" and s.slots["from_city"] == "杭州"
            and s.slots["to_city"] == "三亚"]
    assert days == ["2026-02-08", "2026-02-06", "2026-02-09"]             # ±1, ±2 days, never the past
    assert any(s.domain == "flight" and s.slots["from_city"] == "上海" for s in found)   # a nearby airport
    assert found[-1].domain == "train" or any(s.domain == "train" for s in found)


def test_closest_names_hear_homophones() -> None:
    assert relaxing.closest("珍朱奶茶", ["珍珠奶茶", "芝士奶盖", "美式咖啡"])[0] == "珍珠奶茶"


def test_no_hotel_near_a_place_offers_the_nearest_ones_with_their_distance(app: boot.App) -> None:
    turn = say(app, "订一晚广州南站附近的酒店，明天入住", "hotel-near")
    assert turn["cards"] and all(c["changed"] == ["广州南站附近 → 30公里内最近的"] for c in turn["cards"])
    metres = [int(c["why"].split("距广州南站")[1].rstrip("米")) for c in turn["cards"]]
    assert metres == sorted(metres) and metres[0] > 5000                # beyond the usual 5 km, nearest first


def test_a_suggested_name_is_picked_by_its_number(app: boot.App) -> None:
    asked = say(app, "下周六两张灵隐寺门票", "suggested")
    assert asked["awaiting"] == "slot:name" and "灵隐飞来峰" in asked["reply"]
    picked = say(app, "1", "suggested")
    assert picked["awaiting"] == "select" and all("灵隐飞来峰" in c["title"] for c in picked["cards"])


def test_no_direct_flight_becomes_a_connection_of_two_legs_paid_together(app: boot.App) -> None:
    paying.top_up(commands.TopUp("alice", 1_000_000, "tok", "connection-fund"), uow=app.uow(), clock=app.clock,
                  gateway=app.gateway)
    offered = say(app, "订明天南宁飞大庆的机票", "connection")
    assert offered["awaiting"] == "select" and offered["reply"].startswith("第1/2项")
    (changed,) = {tuple(c["changed"]) for c in offered["cards"]}
    hub = changed[0].removeprefix("直飞 → 经").removesuffix("中转")
    assert all("南宁" in c["title"] and hub in c["title"] for c in offered["cards"])
    say(app, "1", "connection")
    second = say(app, "确认", "connection")
    assert second["reply"].startswith("第1项已确认") and second["cards"]
    say(app, "1", "connection")
    paid = say(app, "确认", "connection")
    assert len(paid["orders"]) == 2 and all(o["status"] == "paid" for o in paid["orders"])
    assert hub in paid["orders"][0]["title"] or hub in paid["orders"][1]["title"]


def test_a_seat_class_the_route_lacks_relaxes_to_other_classes(app: boot.App) -> None:
    turn = say(app, "明天杭州到上海的软卧", "seat-class")
    assert turn["cards"] and all(c["changed"] == ["软卧 → 其他座席"] and "软卧" not in c["title"]
                                 for c in turn["cards"])
