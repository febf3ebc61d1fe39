"""Failure classes of issue 12, round 17: a parcel fetched or sent at a ride's end (取个快递, 寄一下包裹,
拿个件) is an errand, not one's own order asked after, so the sentence is one ride and no account frame;
one's own parcel asked after (我的快递到哪了, 包裹怎么还没到) stays tracking. 列车 names a train
outright as one of the train spec's strong cues (列车员 does not).

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read, read_one


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("叫辆车去小区驿站取一下快递", "小区驿站"),
        ("帮我约个车去邮政网点寄个包裹", "邮政网点"),
        ("去菜鸟驿站拿两个快递，帮我叫个车", "菜鸟驿站"),
        ("打車去郵局寄一下包裹", "邮局"),
        ("叫个车去快递驿站拿一个包裹", "快递驿站"),
        ("约辆车去申通快递寄个件", "申通快递"),
    ],
)
def test_parcel_errand_at_the_ride_end_is_one_ride(engine: Engine, text: str, end: str) -> None:
    frames = read(engine, text)
    assert [(d, i) for d, i, _ in frames] == [("taxi", "order")]
    assert frames[0][2].get("to") == end


@pytest.mark.parametrize(
    "text",
    ["我的快递怎么还没到", "包裹到哪儿了", "我的快遞到哪了", "快递一直没收到", "我那个包裹还要多久"],
)
def test_own_parcel_asked_after_stays_tracking(engine: Engine, text: str) -> None:
    domain, intent, slots = read_one(engine, text)
    assert (domain, intent) == ("account", "track_order")
    assert slots.get("order_ref") in ("快递", "包裹")


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("重庆到贵阳的列车有哪些", {"from_city": "重庆", "to_city": "贵阳"}),
        ("明天合肥去南昌的列车", {"from_city": "合肥", "to_city": "南昌", "date": "2026-02-07"}),
        ("哈爾濱到大連的列車", {"from_city": "哈尔滨", "to_city": "大连"}),
    ],
)
def test_lieche_names_the_train(engine: Engine, text: str, slots: dict[str, str]) -> None:
    domain, intent, said = read_one(engine, text)
    assert (domain, intent) == ("train", "order")
    assert {k: said.get(k) for k in slots} == slots


def test_lieche_alone_is_a_train_and_lieche_yuan_is_not(engine: Engine) -> None:
    assert read_one(engine, "那趟列车几点发车")[0] == "train"
    assert all(d != "train" for d, _, _ in read(engine, "列车员服务态度不错"))
