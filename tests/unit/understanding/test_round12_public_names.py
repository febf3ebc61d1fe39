"""Every sentence is written for these tests; none is taken from a measured set, a probe file or public text.

Failure classes of issue 12, round 12, found on the validation turns of public text (CrossWOZ, read by class only):
the words said before a sight's name are no part of it (那就|颐和园, 把|雍和宫, 查一下|香山公园, 听朋友说|…, 名叫|…);
a known sight followed by more of its own name is read whole (…长城|博物馆, 八大处|公园, 司马台长城（夜长城）); a
sight the lexicon lacks is read when it is pointed at as a sight (白云观这个景点, 名叫…的景点) or asked around
(…周边还有啥景点); a ride's end stops before 的话, the ride asked for, the car asked about and the request (到X去玩,
到X的话, X出租车的车型, X帮我叫车), and its start is read after 打出租/坐/乘坐 and when it is long; 东来顺 is no
从东|来; a stay asked around a sight is near it (its own name whole, the sight named in the clause before, or the
one gone to when 这个景点 points back at it); looking up whether tickets are left (帮我看看…还有票吗) is a question;
地址帮我查一下 asks the address; 灵水村 is no slip of the city 陵水.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read as _frames
from tests.unit.understanding.conftest import read_one as _one


@pytest.mark.parametrize(("text", "name"), [
    ("嗯，那就八大处吧，门票多少", "八大处"),
    ("好，把雍和宫的电话告诉我", "雍和宫"),
    ("查一下香山公园的评分", "香山公园"),
    ("名叫玉渊潭公园的景点几点开门", "玉渊潭公园"),
    ("我选红螺寺吧，地址在哪", "红螺寺"),
    ("我对圆明园遗址公园挺感兴趣的，它的电话是多少", "圆明园遗址公园"),
])
def test_words_before_a_sight_are_no_part_of_its_name(engine: Engine, text: str, name: str) -> None:
    domain, intent, slots = _one(engine, text)
    assert (domain, intent, slots["name"]) == ("attraction", "info", name)


@pytest.mark.parametrize(("text", "name"), [
    ("慕田峪长城博物馆的门票多少钱", "慕田峪长城博物馆"),
    ("司马台长城（夜长城）的门票多少", "司马台长城(夜长城)"),
    ("龙庆峡风景名胜区的评分怎么样", "龙庆峡风景名胜区"),
])
def test_a_known_sight_followed_by_more_of_its_name_is_read_whole(engine: Engine, text: str, name: str) -> None:
    assert _one(engine, text)[2]["name"] == name


@pytest.mark.parametrize(("text", "name"), [
    ("白云观这个景点的电话是多少", "白云观"),
    ("我想去名叫蓝调薰衣草庄园的景点，帮我查下评分", "蓝调薰衣草庄园"),
    ("鹫峰国家森林公园周边还有啥景点", "鹫峰国家森林公园"),
    ("雁栖湖这个景点的地址帮我查一下", "雁栖湖"),
])
def test_a_sight_pointed_at_or_asked_around_is_named(engine: Engine, text: str, name: str) -> None:
    assert _one(engine, text)[0] == "attraction"
    assert _one(engine, text)[2]["name"] == name


def test_the_address_looked_up_is_asked(engine: Engine) -> None:
    assert _one(engine, "雁栖湖这个景点的地址帮我查一下")[1:] == ("info", {"name": "雁栖湖", "ask": "address"})


def test_a_village_is_no_slip_of_a_city(engine: Engine) -> None:
    assert _one(engine, "爨柏村这个景点的电话多少")[2]["name"] == "爨柏村"
    slots = _one(engine, "灵水村这个景点的电话多少")[2]
    assert slots["name"] == "灵水村" and "city" not in slots


@pytest.mark.parametrize(("text", "start", "end"), [
    ("从全聚德前门店打出租到雍和宫，车型是什么", "全聚德前门店", "雍和宫"),
    ("我想从王府井步行街坐到北京西站", "王府井步行街", "北京西站"),
    ("从海淀剧院乘坐出租车到清华大学的话车型是啥", "海淀剧院", "清华大学"),
    ("从南锣鼓巷到什刹海出租车的车牌告诉我", "南锣鼓巷", "什刹海"),
    ("从东来顺饭庄到鸟巢出租车的车型和车牌告诉我", "东来顺饭庄", "鸟巢"),
    ("从丽都饭店打车到天坛公园去玩，帮我叫一下", "丽都饭店", "天坛公园"),
    ("我要从北京饭店贵宾楼打出租去颐和园", "北京饭店贵宾楼", "颐和园"),
    ("从首都机场希尔顿酒店二层中餐厅打车到国家大剧院", "首都机场希尔顿酒店二层中餐厅", "国家大剧院"),
])
def test_ride_ends_stop_before_the_asking(engine: Engine, text: str, start: str, end: str) -> None:
    domain, _, slots = _one(engine, text)
    assert (domain, slots.get("from"), slots.get("to")) == ("taxi", start, end)


@pytest.mark.parametrize(("text", "end"), [
    ("到国家博物馆的话能叫到什么车", "国家博物馆"),
    ("到奥林匹克森林公园去逛逛，帮我叫个车", "奥林匹克森林公园"),
    ("帮我叫个车到颐和园帮我看下车牌", "颐和园"),
])
def test_a_ride_end_alone(engine: Engine, text: str, end: str) -> None:
    domain, _, slots = _one(engine, text)
    assert (domain, slots["to"]) == ("taxi", end)


@pytest.mark.parametrize(("text", "near"), [
    ("在中国电影博物馆附近有什么酒店", "中国电影博物馆"),
    ("木木美术馆周围酒店多吗", "木木美术馆"),
    ("欢乐谷玛雅水公园这个景点的周边酒店有哪些", "欢乐谷玛雅水公园"),
])
def test_a_stay_around_a_sight_is_near_its_whole_name(engine: Engine, text: str, near: str) -> None:
    stays = [slots for domain, _, slots in _frames(engine, text) if domain == "hotel"]
    assert stays and stays[0]["near"] == near


@pytest.mark.parametrize(("text", "near"), [
    ("潭柘寺的地址在哪，周边有酒店吗", "潭柘寺"),
    ("想去古北水镇转转，这个景点周边有啥酒店", "古北水镇"),
    ("想去黄草梁看看，帮我查一下这个景点附近都有什么酒店", "黄草梁"),
])
def test_a_stay_asked_around_the_sight_pointed_at(engine: Engine, text: str, near: str) -> None:
    stays = [slots for domain, _, slots in _frames(engine, text) if domain == "hotel"]
    assert stays and stays[0]["near"] == near


def test_a_stay_ordered_nearby_is_near_nothing_named(engine: Engine) -> None:
    frames = _frames(engine, "带孩子去看大熊猫，两张门票，再订一间附近的酒店")
    assert all("near" not in slots for domain, _, slots in frames if domain == "hotel")


@pytest.mark.parametrize("text", [
    "帮我看看后天上海到南京的动车还有没有票",
    "帮我看看明晚哪吒2还有位子吗",
    "帮我查查周六的环球影城门票还有吗",
])
def test_looking_up_tickets_left_is_a_question(engine: Engine, text: str) -> None:
    _, intent, slots = _one(engine, text)
    assert (intent, slots["ask"]) == ("info", "availability")


@pytest.mark.parametrize(("text", "name"), [
    ("我听说有个叫黑龙潭的景点不错，地址在哪", "黑龙潭"),
    ("我要去东岳庙的景点游玩，门票多少", "东岳庙"),
    ("告诉我一下长辛店镇的地址", "长辛店镇"),
    ("请在玉渊潭公园附近的景点里给我推荐一个评分4分以上的", "玉渊潭公园"),
    ("中国农业大学是免费进出吧？不会要门票吧？", "中国农业大学"),
    ("我记一下啊。那爨底下村周边还有什么景点", "爨底下村"),
    ("我要去法海寺去游玩，门票多少", "法海寺"),
    ("我想到上方山国家森林公园游玩，门票多少", "上方山国家森林公园"),
    ("我想到上宅村游玩，门票多少", "上宅村"),
])
def test_more_shapes_of_open_sight_names(engine: Engine, text: str, name: str) -> None:
    domain, _, slots = _one(engine, text)
    assert (domain, slots["name"]) == ("attraction", name)


def test_a_known_sight_with_a_longer_name_of_its_own(engine: Engine) -> None:
    assert _one(engine, "听说了一个叫十渡孤峰寨的景点，评分多少")[2]["name"] == "十渡孤峰寨"


@pytest.mark.parametrize(("text", "near"), [
    ("老舍故居的周边有哪些酒店呢", "老舍故居"),
    ("那沙峪口村的附近有什么酒店", "沙峪口村"),
    ("湖广会馆这个景点的周边酒店有哪些", "湖广会馆"),
])
def test_a_stay_around_a_place_said_with_its_pointer(engine: Engine, text: str, near: str) -> None:
    stays = [slots for domain, _, slots in _frames(engine, text) if domain == "hotel"]
    assert stays and stays[0]["near"] == near


def test_a_pointed_place_with_no_sight_said_stays_the_kind(engine: Engine) -> None:
    assert _one(engine, "那个景点附近有什么酒店")[2].get("near") == "景点"
