"""Every sentence is written for these tests; none is taken from a measured set or a probe file.

Failure classes of issue 12, round 9 (trips, stays, sights, rides, films): a part of the day refused (不要红眼航班)
read as the one wished; the Nth day of a festival (国庆第二天); adults and children counted apart (两大一小) as the
number of travellers or guests; 靠近/挨着 a place as where to stay; a street, gate or longer place named after a known
sight or area (垦丁大街, 故宫东门, 湖滨银泰附近); the ride called between its start and its end (从X叫一台计程车到Y); a
slip corrected across the start of a known longer word (去趟阳澄湖 is no 沈阳); stations the lexicon lacks named by
their city and a side (黄山北); a known sight with a part of its own after it (故宫南院, 野柳地质公园); what is done at a
ride's end (去医院复查) and where one stands (我在X这边); a film's sequel number said in Chinese (沙丘二); a ride's start
said after its end (去Y，从X出发); sights the lexicon lacked.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON
from tests.unit.understanding.conftest import read_one as _one


@pytest.mark.parametrize(("text", "domain"), [
    ("订明天广州飞成都的机票，别订红眼的", "flight"),
    ("后天上海到西安的航班，不要凌晨的，一个人", "flight"),
    ("幫我訂下週一北京飛廈門的機票，不想坐紅眼航班", "flight"),
])
def test_a_refused_part_of_the_day_is_no_window(engine: Engine, text: str, domain: str) -> None:
    got = _one(engine, text)
    assert got[0] == domain
    assert "time_window" not in got[2]


def test_a_window_wished_beside_a_refused_one_is_kept(engine: Engine) -> None:
    assert _one(engine, "明天成都飞杭州，不要红眼的，要上午的")[2]["time_window"] == "morning"


@pytest.mark.parametrize(("text", "date"), [
    ("国庆第三天从杭州飞昆明", "2026-10-03"),
    ("五一假期的第二天去乌镇，订两张票", "2026-05-02"),
    ("中秋节第二天住一晚西湖边的酒店", "2026-09-26"),
])
def test_the_nth_day_of_a_festival(engine: Engine, text: str, date: str) -> None:
    slots = _one(engine, text)[2]
    assert date in (slots.get("date"), slots.get("check_in"))


@pytest.mark.parametrize(("text", "slot", "count"), [
    ("后天北京到青岛的高铁，两大一小", "passengers", 3),
    ("我们两个大人带一个孩子，周日上海飞三亚", "passengers", 3),
    ("订一间西湖边的酒店，三大两小，住两晚", "guests", 5),
    ("兩個大人一個小朋友，明天台北到高雄的高鐵", "passengers", 3),
])
def test_adults_and_children_said_apart_are_all_counted(engine: Engine, text: str, slot: str, count: int) -> None:
    assert _one(engine, text)[2][slot] == count


@pytest.mark.parametrize(("text", "near"), [
    ("订一间酒店，住两晚，靠近国际会展中心", "国际会展中心"),
    ("明天一晚的酒店，临近奥体中心", "奥体中心"),
    ("幫我找間飯店，靠近駁二藝術特區", "驳二艺术特区"),
    ("想住民宿，挨着大理古城南门，明天一晚", "大理古城南门"),
])
def test_close_to_a_place_is_near_it(engine: Engine, text: str, near: str) -> None:
    got = _one(engine, text)
    assert got[0] == "hotel"
    assert got[2]["near"] == near


@pytest.mark.parametrize(("text", "near"), [
    ("订个故宫北门附近的酒店，今晚住", "故宫北门"),
    ("鼓浪屿码头附近的民宿，住一晚", "鼓浪屿码头"),
    ("杭州武林广场银泰旁边的全季，两晚", "武林广场银泰"),
    ("南京夫子庙那边的酒店，住一晚", "夫子庙"),
])
def test_a_place_named_after_a_known_one_is_the_place_said(engine: Engine, text: str, near: str) -> None:
    assert _one(engine, text)[2]["near"] == near


@pytest.mark.parametrize(("text", "start", "end"), [
    ("從捷運中山站叫一台計程車到大稻埕", "捷运中山站", "大稻埕"),
    ("从省妇幼坐出租车到火车站", "省妇幼", "火车站"),
    ("从望京SOHO搭个车去三里屯", "望京SOHO", "三里屯"),
    ("从酒店叫一辆七座的车到动物园", "酒店", "动物园"),
    ("從家裡叫一台舒適型的車去高鐵站", "家", "高铁站"),
])
def test_the_ride_called_between_its_start_and_end(engine: Engine, text: str, start: str, end: str) -> None:
    slots = _one(engine, text)[2]
    assert (slots.get("from"), slots.get("to")) == (start, end)


@pytest.mark.parametrize(("text", "name", "city"), [
    ("周六去趟阳澄湖，订两张票", "阳澄湖", None),
    ("下周想去趟阳澄湖，帮我订三张门票", "阳澄湖", None),
    ("想去趟苏州的阳澄湖，订三张门票", "阳澄湖", "苏州"),
])
def test_no_slip_is_read_across_a_known_word(engine: Engine, text: str, name: str, city: str | None) -> None:
    slots = _one(engine, text)[2]
    assert (slots["name"], slots.get("city")) == (name, city)


@pytest.mark.parametrize(("text", "station"), [
    ("明天从苏州北到无锡东的高铁", {"from_station": "苏州北", "to_station": "无锡东"}),
    ("后天去蚌埠南的动车，一张", {"to_station": "蚌埠南"}),
    ("下周一从商丘到郑州东的高铁", {"to_station": "郑州东"}),
])
def test_a_station_named_by_its_city_and_a_side(engine: Engine, text: str, station: dict[str, str]) -> None:
    got = _one(engine, text)
    assert got[0] == "train"
    assert {k: got[2].get(k) for k in station} == station


def test_a_city_before_a_direction_word_is_no_station(engine: Engine) -> None:
    slots = _one(engine, "明天去南京的高铁，南边的座位")[2]
    assert "to_station" not in slots


@pytest.mark.parametrize(("text", "name"), [
    ("订两张明天的故宫北院门票", "故宫北院"),
    ("太鲁阁国家公园要订票吗，帮我订两张后天的", "太鲁阁国家公园"),
    ("帮我买三张周日的千岛湖度假区门票", "千岛湖度假区"),
    ("后天去周庄古镇，两张成人票", "周庄古镇"),
])
def test_a_known_sight_with_a_part_of_its_own(engine: Engine, text: str, name: str) -> None:
    frames = [f for f in engine.understand(text, now=FRIDAY_NOON).frames if f.domain == "attraction"]
    assert frames
    assert {f.slots["name"] for f in frames} == {name}


@pytest.mark.parametrize(("text", "slots"), [
    ("帮我叫个车去口腔医院看牙", {"to": "口腔医院"}),
    ("明早八点叫车去中医院复诊", {"to": "中医院"}),
    ("我在万象城北门这里，叫个车回家", {"from": "万象城北门", "to": "家"}),
    ("从这儿打车去火车站", {"from": "这儿", "to": "火车站"}),
])
def test_what_is_done_at_the_end_and_where_one_stands(engine: Engine, text: str, slots: dict[str, str]) -> None:
    got = _one(engine, text)[2]
    assert {k: got.get(k) for k in slots} == slots


@pytest.mark.parametrize(("text", "movie"), [
    ("今晚八点的哪吒二，两张", "哪吒2"),
    ("訂一張明天的功夫熊貓四", "功夫熊猫4"),
    ("周六下午的头脑特工队二，三张", "头脑特工队2"),
])
def test_a_sequel_number_said_in_chinese(engine: Engine, text: str, movie: str) -> None:
    got = _one(engine, text)
    assert got[0] == "movie"
    assert got[2]["movie"] == movie


@pytest.mark.parametrize(("text", "start", "end"), [
    ("叫个车去南站，从家里出发", "家", "南站"),
    ("明早七点约个车，从金色家园接我，去机场", "金色家园", "机场"),
    ("打车到体育中心，从市二中", "市二中", "体育中心"),
    ("叫车去南站 从单位 晚上七点", "单位", "南站"),
])
def test_a_ride_start_said_after_its_end(engine: Engine, text: str, start: str, end: str) -> None:
    slots = _one(engine, text)[2]
    assert (slots.get("from"), slots.get("to")) == (start, end)


@pytest.mark.parametrize(("text", "name"), [
    ("周日去可可托海玩，订三张票", "可可托海"),
    ("想去阳澄湖玩，订两张明天的票", "阳澄湖"),
    ("周六带孩子去塞罕坝，订三张票", "塞罕坝"),
])
def test_sights_the_lexicon_lacked(engine: Engine, text: str, name: str) -> None:
    got = _one(engine, text)
    assert got[0] == "attraction"
    assert got[2]["name"] == name


@pytest.mark.parametrize(("text", "slot", "value"), [
    ("明天晚上从公司打车回家，九点半", "when", "21:30"),
    ("后天下午的高铁，上海到南京，两点左右", "time", "14:00"),
    ("周五下午叫个车去机场，三点一刻", "when", "15:15"),
])
def test_a_part_of_the_day_said_apart_from_the_clock(engine: Engine, text: str, slot: str, value: str) -> None:
    assert _one(engine, text)[2][slot] == value


@pytest.mark.parametrize(("text", "near"), [
    ("帮我订一间宜兰罗东的温泉民宿，周六一晚", "罗东"),
    ("台北大安區，訂一間飯店，明天入住", "大安区"),
    ("成都锦江区，找个酒店，住两晚", "锦江区"),
])
def test_an_area_said_after_its_city(engine: Engine, text: str, near: str) -> None:
    got = _one(engine, text)
    assert got[0] == "hotel"
    assert got[2]["near"] == near


@pytest.mark.parametrize(("text", "nights"), [
    ("住两宿，外滩附近的酒店", 2),
    ("西湖边的民宿，待三天", 3),
    ("呆两天，鼓楼附近订个酒店", 2),
])
def test_nights_said_as_su_or_days_stayed(engine: Engine, text: str, nights: int) -> None:
    assert _one(engine, text)[2]["nights"] == nights


@pytest.mark.parametrize(("text", "count"), [
    ("后天北京飞大连，三个", 3),
    ("下周一成都到西安的高铁，两个", 2),
    ("明天上海飞厦门，四个，经济舱", 4),
])
def test_a_bare_count_of_travellers(engine: Engine, text: str, count: int) -> None:
    assert _one(engine, text)[2]["passengers"] == count


@pytest.mark.parametrize(("text", "sort"), [
    ("首班去苏州的高铁，明天", "earliest"),
    ("明天北京飞上海，票价最低的", "cheapest"),
    ("后天广州到长沙的首班动车", "earliest"),
])
def test_more_ways_to_say_a_sort(engine: Engine, text: str, sort: str) -> None:
    assert _one(engine, text)[2]["sort"] == sort


@pytest.mark.parametrize(("text", "name"), [
    ("订三张印象丽江的票，明天下午", "印象丽江"),
    ("周六想看又见平遥，两张", "又见平遥"),
    ("帮我买两张三亚千古情的票，今晚", "三亚千古情"),
])
def test_staged_shows_are_sights(engine: Engine, text: str, name: str) -> None:
    got = _one(engine, text)
    assert got[0] == "attraction"
    assert got[2]["name"] == name


@pytest.mark.parametrize(("text", "name"), [
    ("梵净山金顶，后天两张票", "梵净山金顶"),
    ("张家界大峡谷玻璃桥门票两张", "张家界大峡谷玻璃桥"),
    ("武当山金顶，明天两张", "武当山金顶"),
    ("东方明珠观光厅门票两张，明天", "东方明珠观光厅"),
])
def test_a_part_of_a_known_sight_said_after_it(engine: Engine, text: str, name: str) -> None:
    assert _one(engine, text)[2]["name"] == name


@pytest.mark.parametrize(("text", "domain", "kept"), [
    ("明天的乌镇还有几张票", "attraction", {"name": "乌镇"}),
    ("今晚的哪吒2还能买到后排的票吗", "movie", {"seat": "back"}),
    ("西湖边的全季还有几间房", "hotel", {"brand": "全季"}),
])
def test_how_many_are_left_is_asked(engine: Engine, text: str, domain: str, kept: dict[str, str]) -> None:
    got = _one(engine, text)
    assert got[:2] == (domain, "info")
    assert got[2]["ask"] == "availability"
    assert {k: got[2].get(k) for k in kept} == kept


@pytest.mark.parametrize(("text", "slot"), [
    ("订两间房，明后两晚，鼓楼附近", "check_in"),
    ("明后天去趟南京的高铁", "date"),
    ("明后两天北京飞三亚，两位", "date"),
])
def test_ming_hou_starts_tomorrow(engine: Engine, text: str, slot: str) -> None:
    assert _one(engine, text)[2][slot] == "2026-02-07"


def test_a_word_ending_in_ming_is_no_ming_hou() -> None:
    from bangwo.understanding.dates import find_dates

    hits = find_dates("证明后天交给你", now=FRIDAY_NOON)
    assert [h.value.isoformat() for h in hits] == ["2026-02-08"]


@pytest.mark.parametrize(("text", "count"), [
    ("我们两家人一共六个，初四从长沙飞三亚", 6),
    ("总共五个人，明天上海到苏州的高铁", 5),
    ("共四位，后天广州飞北京", 4),
])
def test_a_total_said_of_travellers(engine: Engine, text: str, count: int) -> None:
    assert _one(engine, text)[2]["passengers"] == count


@pytest.mark.parametrize(("text", "slots"), [
    ("幫我查明天高雄飛澎湖的班機", {"from_city": "高雄", "to_city": "澎湖"}),
    ("後天從台北搭火車到彰化，一張", {"from_city": "台北", "to_city": "彰化"}),
    ("南投日月潭附近的飯店，週六一晚", {"city": "南投"}),
])
def test_taiwan_counties_are_cities(engine: Engine, text: str, slots: dict[str, str]) -> None:
    got = _one(engine, text)[2]
    assert {k: got.get(k) for k in slots} == slots


@pytest.mark.parametrize(("text", "name"), [
    ("杭州小河直街要门票吗", "小河直街"),
    ("厦门沙坡尾要门票吗", "沙坡尾"),
    ("大理喜林苑需要门票吗", "喜林苑"),
    ("深圳华侨城创意园好玩吗", "华侨城创意园"),
])
def test_an_open_sight_name_has_no_stray_ends(engine: Engine, text: str, name: str) -> None:
    assert _one(engine, text)[2]["name"] == name


@pytest.mark.parametrize(("text", "name"), [
    ("西湖边的断桥，明天两张票", "断桥"),
    ("西湖边的灵隐寺门票两张", "灵隐寺"),
    ("杭州西湖雷峰塔门票两张", "雷峰塔"),
    ("嵩山少林寺门票，明天三张", "少林寺"),
])
def test_a_sight_said_to_locate_another(engine: Engine, text: str, name: str) -> None:
    assert _one(engine, text)[2]["name"] == name


@pytest.mark.parametrize("text", ["故宫明天开不开门", "颐和园周一营不营业", "广州长隆欢乐世界明天开不开"])
def test_open_or_not_asks_the_hours(engine: Engine, text: str) -> None:
    got = _one(engine, text)
    assert got[:2] == ("attraction", "info")
    assert got[2]["ask"] == "hours"


@pytest.mark.parametrize(("text", "back"), [
    ("下周五飞三亚，往返，周一回来", "2026-02-16"),
    ("往返票，下周六去杭州，周日回上海，高铁", "2026-02-15"),
    ("下下周三去成都，周五返回，机票两张", "2026-02-20"),
])
def test_a_return_weekday_is_after_leaving(engine: Engine, text: str, back: str) -> None:
    assert _one(engine, text)[2]["return_date"] == back


@pytest.mark.parametrize(("text", "name"), [
    ("周日去Disney玩，两张票", "迪士尼"),
    ("北京Universal的门票多少钱", "环球影城"),
    ("帮我订三张后天的legoland门票", "乐高乐园"),
])
def test_sights_said_in_english(engine: Engine, text: str, name: str) -> None:
    got = _one(engine, text)
    assert got[0] == "attraction"
    assert got[2]["name"] == name


@pytest.mark.parametrize(("text", "name"), [
    ("798艺术区明天开门吗", "798艺术区"),
    ("宋庄艺术区要门票吗", "宋庄艺术区"),
])
def test_an_art_quarter_keeps_its_kind(engine: Engine, text: str, name: str) -> None:
    assert _one(engine, text)[2]["name"] == name


@pytest.mark.parametrize(("text", "slot", "count"), [
    ("两成人两儿童，后天北京飞海口", "passengers", 4),
    ("一个大人一个婴儿，明天上海到青岛的高铁", "passengers", 2),
    ("三名成人一名儿童，订一间三亚的酒店", "guests", 4),
])
def test_adults_and_children_by_other_words(engine: Engine, text: str, slot: str, count: int) -> None:
    assert _one(engine, text)[2][slot] == count


@pytest.mark.parametrize(("text", "nights"), [
    ("住四天三晚，鼓浪屿附近的民宿", 3),
    ("两天一夜，西湖边订个酒店", 1),
    ("外滩附近的酒店，玩五天四晚", 4),
])
def test_days_and_nights_said_together_count_the_nights(engine: Engine, text: str, nights: int) -> None:
    assert _one(engine, text)[2]["nights"] == nights


@pytest.mark.parametrize(("text", "rooms"), [
    ("两间大床一间标间，春熙路附近，明天", 3),
    ("一间套房一间大床房，今晚，外滩附近", 2),
])
def test_rooms_of_every_kind_are_added(engine: Engine, text: str, rooms: int) -> None:
    assert _one(engine, text)[2]["rooms"] == rooms


@pytest.mark.parametrize(("text", "count"), [
    ("我和我老公还有俩孩子，周六飞厦门", 4),
    ("带我爸妈和两个孩子，后天去西安的高铁", 5),
    ("大人三位小孩两位，明天上海飞青岛", 5),
])
def test_companions_counted_one_by_one(engine: Engine, text: str, count: int) -> None:
    assert _one(engine, text)[2]["passengers"] == count


@pytest.mark.parametrize(("text", "start", "end"), [
    ("西单上车到五道口下车，叫个快车", "西单", "五道口"),
    ("万达广场上车，去机场", "万达广场", "机场"),
    ("帮我叫车，我在公司上车，去火车站", "公司", "火车站"),
])
def test_where_one_gets_in_starts_the_ride(engine: Engine, text: str, start: str, end: str) -> None:
    slots = _one(engine, text)[2]
    assert (slots.get("from"), slots.get("to")) == (start, end)


@pytest.mark.parametrize(("text", "movie"), [
    ("想看一部叫默杀的片子，今晚", "默杀"),
    ("帮我订两张电影票，名字叫好东西，明晚", "好东西"),
    ("订三张熊出没伴我熊芯，周日下午", "熊出没伴我熊芯"),
    ("今晚的流浪地球·人类之光，两张", "流浪地球·人类之光"),
])
def test_a_title_named_or_followed_by_its_subtitle(engine: Engine, text: str, movie: str) -> None:
    got = _one(engine, text)
    assert got[0] == "movie"
    assert got[2]["movie"] == movie


@pytest.mark.parametrize("text", ["熊出没明天两张", "看熊出没，两张", "熊出没今晚还有票吗", "熊出没中间位置", "熊出没首映日",
                                  "熊出没巨幕厅"])
def test_no_subtitle_from_other_words(engine: Engine, text: str) -> None:
    assert _one(engine, text)[2]["movie"] == "熊出没"
