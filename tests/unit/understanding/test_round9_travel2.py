"""Every sentence is written for these tests; none is taken from a measured set or a probe file.

Failure classes of issue 12, round 9 (travel, follow-up): any cinema at all (随便哪个影院) names none; a cinema chain
said with its area (信义威秀) keeps the area in its name; a city's slip is not read inside a hotel's own name (晶华酒店);
a ride from an airport in a bigger car (叫一台大一点的车) is a ride; Taiwan's 商务车厢 is the business seat class;
拼个车 is the economy ride; an area said before a hot-spring stay (礁溪的温泉饭店) is where to stay; sights the lexicon
lacks named by a landform or a part (天坑, 石林, 湖区, 岛, 游乐区); where a ride picks up and drops off (上车点, 下车点)
and a hospital's ward building (住院部) at its end; a sight already seen (故宫去过了) is no sight of the tickets; a
city-named sight before a known one (张家界天门山) still says the city.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read_one as _one


@pytest.mark.parametrize("text", [
    "明晚九点的哪吒2，三张，随便哪家影院都行",
    "後天下午的沙丘2，兩張，哪個影院都可以",
    "今晚的热辣滚烫，不管什么影院，一张",
])
def test_any_cinema_names_none(engine: Engine, text: str) -> None:
    got = _one(engine, text)
    assert got[0] == "movie"
    assert "cinema" not in got[2]


@pytest.mark.parametrize(("text", "cinema"), [
    ("明天晚上七点的哪吒2，南京西路万达，两张", "南京西路万达"),
    ("幫我訂今晚的沙丘2，板橋威秀，兩張", "板桥威秀"),
    ("周六的封神，兩張，西門國賓", "西门国宾"),
])
def test_a_cinema_keeps_the_area_said_with_it(engine: Engine, text: str, cinema: str) -> None:
    assert _one(engine, text)[2]["cinema"] == cinema


@pytest.mark.parametrize(("text", "to"), [
    ("幫我叫一台車到晶華酒店門口", "晶华酒店门口"),
    ("打车去锦华饭店", "锦华饭店"),
    ("叫个车到京华大酒店", "京华大酒店"),
])
def test_no_city_slip_inside_a_hotel_name(engine: Engine, text: str, to: str) -> None:
    got = _one(engine, text)
    assert (got[0], got[2]["to"]) == ("taxi", to)


@pytest.mark.parametrize(("text", "start"), [
    ("我在首都机场，帮我叫一辆大一点的车回家", "首都机场"),
    ("從松山機場到飯店，幫我叫台大一點的車", "松山机场"),
    ("从虹桥机场去外滩，叫一辆大一些的车，行李多", "虹桥机场"),
])
def test_a_bigger_car_from_the_airport_is_a_ride(engine: Engine, text: str, start: str) -> None:
    got = _one(engine, text)
    assert got[0] == "taxi"
    assert (got[2].get("from"), got[2].get("car_type")) == (start, "xl")


@pytest.mark.parametrize("text", [
    "明天上海到杭州的高铁，一张，商务车厢",
    "幫我訂後天台中到台北的高鐵，商務車廂，一張",
    "下周三南京南到北京南的高铁，两张商务车厢",
])
def test_the_business_carriage_is_a_seat_class(engine: Engine, text: str) -> None:
    got = _one(engine, text)
    assert (got[0], got[2].get("seat_class")) == ("train", "business")
    assert "car_type" not in got[2]


@pytest.mark.parametrize(("text", "to"), [
    ("帮我拼个车去公司", "公司"),
    ("拼个车到火车站", "火车站"),
    ("麻烦拼辆车去机场", "机场"),
])
def test_a_shared_ride_is_the_economy_ride(engine: Engine, text: str, to: str) -> None:
    got = _one(engine, text)
    assert (got[0], got[2].get("to"), got[2].get("car_type")) == ("taxi", to, "economy")


@pytest.mark.parametrize(("text", "near"), [
    ("帮我找一间汤山的温泉酒店，周六住一晚", "汤山"),
    ("訂一間知本的溫泉飯店，後天住兩晚", "知本"),
    ("想订个从化的温泉酒店，明天一晚", "从化"),
])
def test_the_area_of_a_hot_spring_stay_is_where_to_stay(engine: Engine, text: str, near: str) -> None:
    got = _one(engine, text)
    assert (got[0], got[2].get("near")) == ("hotel", near)


@pytest.mark.parametrize("text", ["订一家安静的温泉酒店，明天住", "订个好一点的海景酒店"])
def test_what_a_stay_is_like_is_no_area(engine: Engine, text: str) -> None:
    got = _one(engine, text)
    assert got[0] == "hotel"
    assert "near" not in got[2]


@pytest.mark.parametrize(("text", "name"), [
    ("帮我订三张路南石林的门票", "路南石林"),
    ("四张周六的武隆天坑成人票", "武隆天坑"),
    ("千岛湖东南湖区的票两张，明天", "千岛湖东南湖区"),
    ("帮我订两张周日的太湖鼋头渚门票", "太湖鼋头渚"),
])
def test_a_sight_by_its_landform_or_part(engine: Engine, text: str, name: str) -> None:
    got = _one(engine, text)
    assert (got[0], got[2].get("name")) == ("attraction", name)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("上车点是医院南门，目的地是家", "医院南门", "家"),
    ("上車點在公司樓下，目的地是松山機場", "公司楼下", "松山机场"),
    ("下车点是万达广场，上车点在学校东门", "学校东门", "万达广场"),
    ("上车地点是小区西门，下车地点是人民医院", "小区西门", "人民医院"),
])
def test_where_a_ride_picks_up_and_drops_off(engine: Engine, text: str, start: str, end: str) -> None:
    got = _one(engine, text)
    assert (got[0], got[2].get("from"), got[2].get("to")) == ("taxi", start, end)


@pytest.mark.parametrize(("text", "to"), [
    ("麻烦叫个车，目的地是省中医院住院部", "省中医院住院部"),
    ("帮我叫辆车，到协和医院住院部探病", "协和医院住院部"),
    ("打车去肿瘤医院住院楼", "肿瘤医院住院楼"),
])
def test_a_hospital_ward_is_no_stay(engine: Engine, text: str, to: str) -> None:
    got = _one(engine, text)
    assert (got[0], got[2].get("to")) == ("taxi", to)


@pytest.mark.parametrize(("text", "name"), [
    ("西湖玩过了，明天想去灵隐寺，两张票", "灵隐寺"),
    ("兵马俑上次去过了，这回订两张华清宫的门票", "华清宫"),
    ("長城爬過了，明天想去頤和園，三張門票", "颐和园"),
])
def test_a_sight_already_seen_is_no_sight_of_the_tickets(engine: Engine, text: str, name: str) -> None:
    got = _one(engine, text)
    assert (got[0], got[2].get("name")) == ("attraction", name)


@pytest.mark.parametrize(("text", "count"), [
    ("帮我订两张张家界天门山的门票，周日", 2),
    ("我们三个人下周六去张家界天门山，帮我订票", 3),
    ("张家界天门山，明天，一张学生票", 1),
])
def test_a_city_named_sight_before_a_known_one_says_the_city(engine: Engine, text: str, count: int) -> None:
    got = _one(engine, text)
    assert (got[2].get("name"), got[2].get("city"), got[2].get("count")) == ("天门山", "张家界", count)


@pytest.mark.parametrize("text", ["搬家的东西多，叫个大点的车去新家", "帮我约辆大点儿的车，五个人", "行李箱三个 要个大点的车去南站"])
def test_a_bigger_car_asked_for_its_room_is_the_xl_ride(engine: Engine, text: str) -> None:
    domain, _, slots = _one(engine, text)
    assert (domain, slots.get("car_type")) == ("taxi", "xl")
