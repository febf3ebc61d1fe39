"""Every sentence is written for these tests; none is taken from a measured set, a probe or a public corpus.

Failure classes of issue 12, round 9 (public text and leftovers): sights visited with no name said as the time of
what follows (逛完两个景点…); a search or a visit already settled (酒店找到了, 长城爬过了) as background; 喊个车 and
出租 without 车 (坐出租, 打出租) as ride words; what a stay offers (提供出租车/洗衣服务) as no ride nor goods; a
ride's start inside a building (…酒店三楼西餐厅打车到…); follow-up questions about the car (车牌号告诉我);
thanks followed by a request; public places and venues the lexicon lacks (…大学, …图书馆, …体育场, …胡同) asked
about; stays the lexicon lacks (…大厦, …会议中心); a place asked for by its admission price; policy questions
(如果…能退吗, 订了以后能免费取消吗) that are no refund; food brought into a sight; a booking moved to another day.
"""

from __future__ import annotations

from typing import Any

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import FRIDAY_NOON


def _frames(engine: Engine, text: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(f.domain, f.intent, dict(f.slots)) for f in engine.understand(text, now=FRIDAY_NOON).frames]


@pytest.mark.parametrize(("text", "domain"), [
    ("逛完那几个景区之后，麻烦帮我找家干净点的宾馆", "hotel"),
    ("参观完这个景点后想订个评分高的酒店", "hotel"),
    ("玩完景點以後幫我找間便宜的飯店", "hotel"),
    ("游览完三个景点喊辆车回饭店", "taxi"),
])
def test_sights_visited_with_no_name_are_background(engine: Engine, text: str, domain: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == [domain]


def test_a_film_seen_before_a_ride_is_still_its_own_task(engine: Engine) -> None:
    assert [f[0] for f in _frames(engine, "看完电影叫个车回宿舍")] == ["movie", "taxi"]


@pytest.mark.parametrize(("text", "domain"), [
    ("宾馆已经找到了，接下来想找个能玩一整天的景点", "attraction"),
    ("住的酒店找好了，再推荐个免费的博物馆", "attraction"),
    ("景区定下来了，帮我在附近找家三星的酒店", "hotel"),
])
def test_a_search_settled_is_background(engine: Engine, text: str, domain: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == [domain]


@pytest.mark.parametrize(("text", "end"), [
    ("等会儿喊个车去南站", "南站"),
    ("麻烦喊一辆车送我回公司", "公司"),
    ("我想打出租去国贸", "国贸"),
    ("搭出租到首都机场要多久", None),
])
def test_calling_and_taking_a_cab_without_the_car_word(engine: Engine, text: str, end: str | None) -> None:
    frames = _frames(engine, text)
    assert [f[0] for f in frames] == ["taxi"]
    if end is not None:
        assert frames[0][2].get("to") == end


@pytest.mark.parametrize("text", [
    "找一家提供接机服务的酒店，价格三百以内",
    "帮我挑个舒适型、能提供出租车服务的宾馆",
    "要一家提供洗衣服务和早餐的酒店",
    "配有停车场的民宿有吗",
])
def test_what_a_stay_offers_is_no_ride_or_goods(engine: Engine, text: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == ["hotel"]


def test_a_ride_from_a_floor_of_a_building(engine: Engine) -> None:
    frames = _frames(engine, "我在全季酒店五楼中餐厅，想打车到雍和宫")
    assert [f[0] for f in frames] == ["taxi"]
    frames = _frames(engine, "从如家酒店二层自助餐厅叫车去北京南站")
    assert [f[0] for f in frames] == ["taxi"]


@pytest.mark.parametrize("text", [
    "那辆出租车的车牌号是多少",
    "把司机的电话发给我，好吗",
    "顺便把车型也告诉我吧，谢谢",
])
def test_follow_up_questions_about_the_car(engine: Engine, text: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == ["taxi"]


@pytest.mark.parametrize(("text", "domain"), [
    ("谢谢你，我想订一家有免费停车的酒店", "hotel"),
    ("多谢，帮我们找个门票不贵的博物馆吧", "attraction"),
])
def test_thanks_then_a_request(engine: Engine, text: str, domain: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == [domain]


def test_thanks_alone_is_small_talk(engine: Engine) -> None:
    assert [f[0] for f in _frames(engine, "谢谢你帮我找的酒店")] == ["chat"]


@pytest.mark.parametrize(("text", "ask"), [
    ("复旦大学的地址是什么", "address"),
    ("首都图书馆几点关门", "hours"),
    ("五棵松体育馆的电话多少", "phone"),
    ("烟袋斜街的评分怎么样", "rating"),
    ("菊儿胡同在哪里", "address"),
    ("清华大学免费吗", "price"),
])
def test_public_places_the_lexicon_lacks_asked_about(engine: Engine, text: str, ask: str) -> None:
    frames = _frames(engine, text)
    assert [(f[0], f[1]) for f in frames] == [("attraction", "info")]
    assert frames[0][2]["ask"] == ask


@pytest.mark.parametrize("text", ["协和医院的电话是多少", "小区北门在哪", "菜市场几点关门"])
def test_hospitals_gates_and_markets_are_no_sights(engine: Engine, text: str) -> None:
    assert "attraction" not in [f[0] for f in _frames(engine, text)]


def test_goods_inside_a_place_name_are_no_order(engine: Engine) -> None:
    frames = _frames(engine, "伊利文化广场的电话是多少")
    assert [f[0] for f in frames] == ["attraction"]
    frames = _frames(engine, "想去首都图书馆逛逛")
    assert [f[0] for f in frames] == ["attraction"]


@pytest.mark.parametrize("text", ["远望大厦的电话多少", "国际会议中心的地址在哪里"])
def test_stays_the_lexicon_lacks_asked_about(engine: Engine, text: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == ["hotel"]


@pytest.mark.parametrize("text", ["有没有门票三十块以内的地方推荐一下", "帮我找个票价不超过80的去处"])
def test_a_place_asked_for_by_its_admission_price_is_a_sight(engine: Engine, text: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == ["attraction"]


@pytest.mark.parametrize(("text", "domain"), [
    ("要是买了景区门票去不了，能退吗", "attraction"),
    ("假如订了酒店临时不去了可以取消吗", "hotel"),
    ("奶茶没喝完的话可以退吗", "takeout"),
])
def test_policy_questions_are_no_refund(engine: Engine, text: str, domain: str) -> None:
    frames = _frames(engine, text)
    assert [(f[0], f[1]) for f in frames] == [(domain, "info")]
    assert frames[0][2]["ask"] == "other"


def test_a_supposed_purchase_is_no_order_but_a_wish_is(engine: Engine) -> None:
    assert [f[1] for f in _frames(engine, "民宿订了之后可以退吗")] == ["info"]
    assert [f[1] for f in _frames(engine, "如果还有票就帮我订两张")] == ["order"]


@pytest.mark.parametrize(("text", "intent"), [
    ("我买的门票能退吗", "refund"),
    ("刚订的那家酒店帮我取消", "cancel_order"),
])
def test_ones_own_order_is_still_the_account(engine: Engine, text: str, intent: str) -> None:
    assert [(f[0], f[1]) for f in _frames(engine, text)] == [("account", intent)]


@pytest.mark.parametrize("text", ["环球影城可以带零食进园吗", "動物園能帶吃的進去嗎"])
def test_food_brought_into_a_sight_is_asked_of_the_sight(engine: Engine, text: str) -> None:
    frames = _frames(engine, text)
    assert [(f[0], f[1]) for f in frames] == [("attraction", "info")]
    assert frames[0][2]["ask"] == "other"


def test_food_on_a_train_is_still_small_talk(engine: Engine) -> None:
    assert [f[0] for f in _frames(engine, "动车上可以带吃的吗")] == ["chat"]


@pytest.mark.parametrize("text", ["我订的民宿能改成下周五入住吗", "帮我把火车票改签到后天", "之前订的酒店改到周日住"])
def test_a_booking_moved_to_another_day_is_the_account(engine: Engine, text: str) -> None:
    assert [(f[0], f[1]) for f in _frames(engine, text)] == [("account", "list_orders")]


@pytest.mark.parametrize("text", ["换成后天", "改到周六吧", "酒店改成明天入住"])
def test_a_day_changed_without_ones_own_booking_is_no_account(engine: Engine, text: str) -> None:
    assert "account" not in [f[0] for f in _frames(engine, text)]


def test_a_correction_inside_a_new_order_is_no_account(engine: Engine) -> None:
    frames = _frames(engine, "帮我点一杯拿铁，大杯换成中杯")
    assert [f[0] for f in frames] == ["takeout"]


@pytest.mark.parametrize("text", ["看完一部电影叫车回学校", "看完了一场电影就打车去火车站"])
def test_a_film_finished_with_its_count_names_no_title(engine: Engine, text: str) -> None:
    frames = _frames(engine, text)
    assert [f[0] for f in frames] == ["movie", "taxi"]
    assert "movie" not in frames[0][2]


def test_one_sight_visited_then_the_next_wished(engine: Engine) -> None:
    frames = _frames(engine, "颐和园逛过了，这回想去圆明园")
    assert [(f[0], f[2].get("name")) for f in frames] == [("attraction", "圆明园")]


def test_a_thing_broken_stays_the_object_of_the_request(engine: Engine) -> None:
    frames = _frames(engine, "充电线坏了 帮我买根新的 Type-C的")
    assert [f[0] for f in frames] == ["shopping"]
    assert frames[0][2].get("query") == "充电线"


@pytest.mark.parametrize("text", ["成都有什么好玩的地方推荐一下", "这附近有啥好玩的，推荐几个"])
def test_a_wish_for_somewhere_fun_is_sightseeing(engine: Engine, text: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == ["attraction"]


def test_a_cinema_looked_up_keeps_its_own_name(engine: Engine) -> None:
    frames = _frames(engine, "搜一下横店影城在哪里")
    assert [(f[0], f[2].get("cinema")) for f in frames] == [("movie", "横店影城")]


@pytest.mark.parametrize(("text", "ask"), [("望京的评分怎么样", "rating"), ("王府井几点关门", "hours")])
def test_a_known_area_asked_about_is_a_place_to_visit(engine: Engine, text: str, ask: str) -> None:
    frames = _frames(engine, text)
    assert [(f[0], f[1], f[2].get("ask")) for f in frames] == [("attraction", "info", ask)]


@pytest.mark.parametrize("text", [
    "想找个能玩一整天的地方，评分别太低",
    "有没有票价三十以内的地儿可以玩",
    "我想找个地方走走，门票最好别太贵",
    "那个地方的开放时间是几点",
])
def test_a_place_to_visit_said_without_the_word_sight(engine: Engine, text: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == ["attraction"]


@pytest.mark.parametrize(("text", "domain"), [
    ("我儿子最喜欢看恐龙了，然后帮我叫个车从酒店去自然博物馆", "taxi"),
    ("先歇一晚，明天想找个免费的公园逛逛", "attraction"),
])
def test_a_taste_or_a_rest_told_before_the_request(engine: Engine, text: str, domain: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == [domain]


def test_a_taste_told_keeps_the_thing_ordered(engine: Engine) -> None:
    frames = _frames(engine, "我最爱吃榴莲披萨了，帮我点一份")
    assert [f[0] for f in frames] == ["takeout"]
    assert "披萨" in str(frames[0][2].get("item"))


@pytest.mark.parametrize("text", ["请问百望山的地址是什么", "麻烦告诉我一下十三陵水库的电话"])
def test_a_name_the_lexicon_lacks_asked_about_is_guessed_a_sight(engine: Engine, text: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == ["attraction"]


@pytest.mark.parametrize("text", ["老张的电话多少", "我老婆的电话是多少", "客服的电话是多少", "物业的地址在哪"])
def test_people_and_services_asked_about_are_no_sights(engine: Engine, text: str) -> None:
    assert "attraction" not in [f[0] for f in _frames(engine, text)]


def test_a_place_in_a_city_visited_is_no_trip(engine: Engine) -> None:
    assert [f[0] for f in _frames(engine, "周末想去上海辰山植物园那边走走")] == ["attraction"]
    assert [f[0] for f in _frames(engine, "想去重庆旅游玩几天")] == ["train"]


def test_looking_up_a_sight_is_no_part_of_its_name(engine: Engine) -> None:
    frames = _frames(engine, "帮我查一下京西古道的门票")
    assert [(f[0], f[2].get("name")) for f in frames] == [("attraction", "京西古道")]


@pytest.mark.parametrize("text", [
    "我住在国贸大酒店，周边有啥值得去的景点吗",
    "想找个离宾馆不远的景点",
    "帮我找一个民宿附近的公园",
    "天天待在酒店里好无聊啊，推荐个景点吧",
])
def test_a_stay_said_as_where_one_is_before_a_sight(engine: Engine, text: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == ["attraction"]


def test_a_stay_near_a_place_is_still_a_stay(engine: Engine) -> None:
    assert [f[0] for f in _frames(engine, "帮我找个博物馆附近的宾馆")] == ["hotel"]


@pytest.mark.parametrize("text", ["北京凯宾斯基的电话多少", "华美达酒店的地址在哪"])
def test_hotel_brands_asked_about(engine: Engine, text: str) -> None:
    assert [f[0] for f in _frames(engine, text)] == ["hotel"]
