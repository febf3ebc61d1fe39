"""Routing from the embedded reading, and the code checks of frames an LLM proposes."""

from __future__ import annotations

import pytest

from bangwo.conversation import proposals, routing
from bangwo.domain.frames import Frame, ProfileDefaults
from bangwo.understanding.parse import Engine, build_engine
from tests.builders import NOW

PROFILE = ProfileDefaults(address="杭州市西湖区文三路478号", home_city="杭州", phone="13800138000")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_engine()


@pytest.mark.parametrize(("text", "to", "reason"), [
    ("帮我点一杯少糖少冰的珍珠奶茶", "embedded", "order"),
    ("我的奶茶到哪了", "embedded", "account"),
    ("你好", "embedded", "chat"),
    ("帮我安排春节回家的行程", "planner", "open_request"),
    ("给爸妈买点年货送过去", "planner", "open_request"),
    ("帮我订个酒店", "planner", "no_anchor"),
])
def test_route_follows_the_confidence_of_the_embedded_reading(engine: Engine, text: str, to: str,
                                                              reason: str) -> None:
    frames = engine.understand(text, now=NOW, profile=PROFILE).frames
    assert routing.route(frames, text) == routing.Route(to, reason)


def _check(arguments: str, text: str, *, embedded: list[Frame] | None = None,
           seen: set[str] | None = None) -> proposals.Checked:
    evidence = proposals.Evidence(text=text, profile=PROFILE, embedded=embedded or [], seen=seen or set())
    return proposals.check(proposals.parse(arguments), evidence)


def test_values_said_by_the_user_pass() -> None:
    checked = _check('{"frames":[{"domain":"takeout","slots":{"item":"珍珠奶茶","quantity":2,"sugar":"less"}}]}',
                     "来两杯珍珠奶茶，少糖")
    assert checked.clean
    assert checked.frames == [Frame("takeout", "order", {"item": "珍珠奶茶", "quantity": 2, "sugar": "less"})]


def test_invented_city_and_date_are_unfounded_and_left_out() -> None:
    checked = _check('{"frames":[{"domain":"hotel","slots":{"city":"上海","check_in":"2026-02-07"}}]}', "帮我订个酒店")
    assert checked.frames == [Frame("hotel", "order", {})]
    assert [u.split("=")[0] for u in checked.unfounded] == ["frames[0].slots.city", "frames[0].slots.check_in"]


def test_values_from_tool_results_and_the_embedded_reading_are_grounded() -> None:
    embedded = [Frame("train", "order", {"date": "2026-02-17"})]
    checked = _check('{"frames":[{"domain":"grocery","slots":{"item":"坚果礼盒"}},'
                     '{"domain":"train","slots":{"from_city":"杭州","to_city":"成都","date":"2026-02-17"}}]}',
                     "春节回成都，顺便买点年货", embedded=embedded, seen={"坚果礼盒"})
    assert checked.clean
    assert checked.frames[1].slots == {"from_city": "杭州", "to_city": "成都", "date": "2026-02-17"}


def test_names_and_forms_of_the_spec_are_enforced() -> None:
    checked = _check('{"frames":[{"domain":"food","slots":{}},{"domain":"train","slots":{"date":"2月17日",'
                     '"to_city":"成都市","seat":"window"}}]}', "2月17日去成都市")
    assert checked.errors == [
        "frames[0]: unknown domain 'food'; use one of takeout, grocery, movie, flight, train, hotel, attraction, "
        "taxi, recharge, shopping",
        "frames[1].slots.date: must be YYYY-MM-DD",
        "frames[1].slots.to_city: a city is written without 市 (北京, not 北京市)",
        "frames[1].slots.seat: no slot 'seat' in train; slots are from_city, to_city, date, time_window, "
        "seat_class, train_type, passengers, sort",
    ]


def test_malformed_json_is_a_message_for_the_model() -> None:
    with pytest.raises(ValueError, match="arguments do not match the schema"):
        proposals.parse('{"frames": [{"domain": "takeout", "slots": ')


def test_an_address_must_come_from_the_user_or_the_profile_never_from_a_tool() -> None:
    checked = _check('{"frames":[{"domain":"grocery","slots":{"item":"年货","address":"北京市朝阳区建国路1号"}}]}',
                     "给爸妈买点年货送过去", seen={"北京市朝阳区建国路1号", "年货"})
    assert checked.frames == [Frame("grocery", "order", {"item": "年货"})]
    assert len(checked.unfounded) == 1
