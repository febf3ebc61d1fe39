"""Domain evidence of requests as people type them into travel assistants and search boxes (issue 12, round 5).

One test per failure class, each written from sentences of its own (none is taken from a measured set).
"""

from __future__ import annotations

import pytest

from bangwo.conversation import routing
from bangwo.understanding import classify, confidence, cues
from bangwo.understanding.parse import Engine
from bangwo.understanding.readings import confident
from tests.unit.understanding.conftest import FRIDAY_NOON


def _first(engine: Engine, text: str) -> tuple[str, str]:
    frame = engine.understand(text, now=FRIDAY_NOON).frames[0]
    return frame.domain, frame.intent


def _domains(engine: Engine, text: str) -> list[str]:
    return [f.domain for f in engine.understand(text, now=FRIDAY_NOON).frames]


# A request stating wishes beyond the contract's slots (rating, price range, facilities, visit length) is
# an ordinary request: it stays on the embedded path; a request naming nothing but its domain does not.
@pytest.mark.parametrize("text", [
    "帮我挑一家评分4.6分以上、带室内泳池的酒店",
    "找个门票不要钱、逛一个半小时就够的景点",
    "推荐一家价格在250到350元之间的宾馆",
    "有没有带健身房和洗衣服务的高档型酒店",
    "想看部评分高的科幻片",
])
def test_a_request_with_wishes_is_not_routed_as_bare(engine: Engine, text: str) -> None:
    frames = engine.understand(text, now=FRIDAY_NOON).frames
    assert not any(confidence.bare(f, text) for f in frames)
    assert routing.route(frames, text).reason != "no_anchor"


@pytest.mark.parametrize("text", ["订个酒店", "帮我订机票", "叫车"])
def test_a_request_naming_only_its_domain_stays_bare(engine: Engine, text: str) -> None:
    frames = engine.understand(text, now=FRIDAY_NOON).frames
    assert confidence.bare(frames[0], text)
    assert not confident(frames[0])


# A city at the head of a hotel's name (北京饭店) is not a trip's end: the ride's ends name no stay.
@pytest.mark.parametrize("text", [
    "从上海和平饭店到外滩源，帮我叫辆出租车",
    "我需要从北京国际饭店去鸟巢，麻烦约个车",
    "请帮我约一辆从雍和宫到北京京伦饭店的车",
])
def test_a_ride_between_named_hotels_and_sights_is_a_ride(engine: Engine, text: str) -> None:
    assert _domains(engine, text)[0] == "taxi"


def test_a_city_said_before_a_name_is_part_of_the_name(engine: Engine) -> None:
    piece = engine.piece_of("从北京饭店去故宫", FRIDAY_NOON)
    assert cues.trip_cities(piece) == []
    trip = engine.piece_of("从北京去上海", FRIDAY_NOON)
    assert len(cues.trip_cities(trip)) == 2


# The noun a request ends on is what it is about; what that thing has is a modifier.
@pytest.mark.parametrize(("text", "domain"), [
    ("帮我找一家周边有公园的宾馆", "hotel"),
    ("想住一家附近有景点、带停车场的酒店", "hotel"),
    ("推荐一个旁边有酒店的景点", "attraction"),
])
def test_the_head_noun_decides_over_its_modifier(engine: Engine, text: str, domain: str) -> None:
    assert _domains(engine, text) == [domain]


# Going somewhere to see it is a visit to a sight, not a ride; a ticket home is a rail ticket.
@pytest.mark.parametrize(("text", "domain"), [
    ("周末带爸妈去动物园", "attraction"),
    ("想去看看大雁塔", "attraction"),
    ("回老家的车票帮我抢两张", "train"),
    ("后天去张家界的高铁", "train"),
])
def test_visits_and_journeys_home(engine: Engine, text: str, domain: str) -> None:
    assert _domains(engine, text)[0] == domain


# Words of films that name no title, and a cinema that is only a ride's end.
@pytest.mark.parametrize(("text", "domain"), [
    ("这周有什么新片上映", "movie"),
    ("最近热映的大片有哪些", "movie"),
    ("送我去万达影城", "taxi"),
    ("帮我看看去天津的车", "train"),
])
def test_film_words_and_cinema_ends(engine: Engine, text: str, domain: str) -> None:
    assert _domains(engine, text)[0] == domain


# A thing pointed at (这家酒店, 这个景点) is asked about, not small talk.
@pytest.mark.parametrize(("text", "domain"), [
    ("这个景点的人气怎么样", "attraction"),
    ("那家酒店的服务怎么样", "hotel"),
    ("在杭州找个能住三晚的民宿", "hotel"),
    ("几点可以办理入住", "hotel"),
])
def test_questions_about_a_thing_pointed_at_keep_their_domain(engine: Engine, text: str, domain: str) -> None:
    assert _domains(engine, text)[0] == domain


# One's own orders said without the account's usual words.
@pytest.mark.parametrize("text", [
    "上个月我都下了哪些单",
    "我买的台灯怎么还没发货",
    "烤鱼送错了，少了一份米饭",
    "刚才那份炒面点错了，帮我取消",
    "外卖能不能快点",
    "买的裤子不合身，怎么退",
])
def test_own_orders_are_the_account(engine: Engine, text: str) -> None:
    assert _domains(engine, text)[0] == "account"


def test_placing_an_order_is_not_the_account(engine: Engine) -> None:
    assert _first(engine, "帮我下个订单，两杯拿铁") == ("takeout", "order")


# General questions about eating, saying or choosing a thing, and questions to the assistant itself.
@pytest.mark.parametrize("text", [
    "炸鸡吃多了会胖吗",
    "动车上可以带零食吗",
    "宾馆的英文怎么说",
    "你们会订火车票吗",
    "你看过流浪地球吗",
    "芒果怎么挑",
    "最近有什么好看的综艺",
    "动车和高铁有什么区别",
])
def test_general_questions_are_small_talk(engine: Engine, text: str) -> None:
    assert _domains(engine, text) == ["chat"]


def test_asking_the_assistant_to_book_is_an_order(engine: Engine) -> None:
    assert _first(engine, "你能帮我订张去成都的机票吗")[0] == "flight"


# Rides to catch a flight; goods named after a domain; where goods are bought; the phone bill.
@pytest.mark.parametrize(("text", "domain"), [
    ("明早要赶飞机，帮我叫个车", "taxi"),
    ("刚下动车，叫辆车去酒店", "taxi"),
    ("买个高铁模型", "shopping"),
    ("京东上买两袋猫粮", "shopping"),
    ("帮我把手机费交一下", "recharge"),
    ("给我爸手机充个值", "recharge"),
])
def test_catching_flights_goods_and_bills(engine: Engine, text: str, domain: str) -> None:
    assert _domains(engine, text)[0] == domain


def test_a_hotel_brand_before_a_stay_word_is_a_stay(engine: Engine) -> None:
    assert _domains(engine, "亚朵酒店退房是几点")[0] == "hotel"
    assert "hotel" in classify.strong_domains(engine.piece_of("汉庭含早吗", FRIDAY_NOON))


# A follow-up question about the thing talked of before names no thing: its domain is guessed from what is
# asked, and the reading goes to the planner, which has the conversation.
@pytest.mark.parametrize(("text", "domain"), [
    ("那它的游玩时间呢", "attraction"),
    ("好的，这家的房价是多少", "hotel"),
    ("车牌号多少", "taxi"),
    ("它的电话呢", "attraction"),
])
def test_a_follow_up_question_guesses_its_domain_and_asks_the_planner(engine: Engine, text: str,
                                                                       domain: str) -> None:
    frames = engine.understand(text, now=FRIDAY_NOON).frames
    assert frames[0].domain == domain
    assert routing.route(frames, text).to == routing.PLANNER
    assert cues.follow_up_domain(text) == domain


def test_a_follow_up_guess_needs_a_question(engine: Engine) -> None:
    assert cues.follow_up_domain("地址发我") is None
    assert cues.follow_up_domain("电话号码13800001111") is None


# Kinds of sight asked for without a sight's name (历史古迹, 打卡的地方, 自然风光).
@pytest.mark.parametrize("text", ["成都有哪些名胜古迹", "想找个能拍照打卡的地方", "推荐点自然风光类的"])
def test_kinds_of_sight_are_sightseeing(engine: Engine, text: str) -> None:
    assert _domains(engine, text)[0] == "attraction"
