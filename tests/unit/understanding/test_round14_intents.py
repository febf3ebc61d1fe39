"""Failure classes of issue 12, round 14 (domain and intent): the user's own orders said in more ways (a card
claimed with its kind said, whether a booking went through, the courier's phone, the latest order, one's own
orders counted, a booking moved with its day said, the thing no longer wanted); small talk about food and films
(what food does, someone's advice, the same done again, a wish held back by a fear); the weather or a plan told
before a request; the ``ask`` of a question (a ride's word, 约到, 半价, a rule asked with 有…吗, a price per unit
with a hedge).

Every sentence is written for these tests; none is taken from a measured set or a probe file.
"""

from __future__ import annotations

import pytest

from bangwo.understanding.parse import Engine
from tests.unit.understanding.conftest import read, read_one


@pytest.mark.parametrize("text", ["帮我领个新年红包", "领取一下无门槛优惠券", "我要领张新用户的券"])
def test_a_card_claimed_with_its_kind_said(engine: Engine, text: str) -> None:
    assert read_one(engine, text)[:2] == ("account", "claim_card")


@pytest.mark.parametrize(("text", "ref"), [("机票买好了没", "机票"), ("我的火车票订成功了吗", "火车票")])
def test_whether_a_booking_went_through_is_tracked(engine: Engine, text: str, ref: str) -> None:
    assert read_one(engine, text) == ("account", "track_order", {"order_ref": ref})


@pytest.mark.parametrize("text", ["骑手手机号多少", "快递员的电话是多少啊"])
def test_the_couriers_phone_is_asked_of_ones_own_order(engine: Engine, text: str) -> None:
    assert read_one(engine, text)[:2] == ("account", "track_order")


@pytest.mark.parametrize(("text", "slots"), [("看看我上一单", {"order_ref": "最近"}),
                                             ("我这个月一共买了几次咖啡", {"order_ref": "咖啡"})])
def test_the_latest_order_and_ones_orders_counted_are_listed(engine: Engine, text: str, slots: dict[str, str]) -> None:
    assert read_one(engine, text) == ("account", "list_orders", slots)


def test_a_booking_moved_with_its_day_said_is_looked_at_first(engine: Engine) -> None:
    assert read_one(engine, "我前天订的机票能改到下周一吗") == ("account", "list_orders", {"order_ref": "机票"})


def test_the_order_ref_is_the_thing_bought_not_the_plan_told(engine: Engine) -> None:
    assert read_one(engine, "这周末要去吃烤肉，昨天点的奶茶帮我退了") == ("account", "refund", {"order_ref": "奶茶"})


def test_the_thing_no_longer_wanted_is_the_order_ref(engine: Engine) -> None:
    assert read_one(engine, "我不要那件外套了") == ("account", "cancel_order", {"order_ref": "外套"})


@pytest.mark.parametrize("text", ["吃芒果会过敏吗", "吃香蕉有什么好处", "鸡蛋怎么煮才嫩", "面包发霉了怎么办", "周星驰演过哪些电影"])
def test_general_questions_about_food_and_films_are_small_talk(engine: Engine, text: str) -> None:
    assert read(engine, text) == [("chat", "chat", {})]


@pytest.mark.parametrize("text", ["我闺蜜安利我去喝霸王茶姬", "我昨天又买了一堆零食", "冬天吃火锅最幸福了", "这杯美式有点酸",
                                  "火锅店人太多了", "我刚刚吃了一碗牛肉面", "上周买的橙子好酸啊"])
def test_a_sentence_told_about_food_or_films_is_small_talk(engine: Engine, text: str) -> None:
    assert read(engine, text) == [("chat", "chat", {})]


def test_a_wish_held_back_by_a_fear_is_small_talk(engine: Engine) -> None:
    assert read(engine, "想喝奶茶又怕睡不着") == [("chat", "chat", {})]


def test_a_wish_held_back_before_a_request_is_no_task(engine: Engine) -> None:
    frames = read(engine, "想吃蛋糕又怕胖，帮我点杯豆浆")
    assert [(d, i, s.get("item")) for d, i, s in frames] == [("takeout", "order", "豆浆")]


@pytest.mark.parametrize(("text", "domain"), [("今天天气真好，想去爬香山", "attraction"), ("天气这么冷，来碗热汤面", "takeout")])
def test_the_weather_told_before_a_wish_is_no_small_talk(engine: Engine, text: str, domain: str) -> None:
    assert [d for d, _, _ in read(engine, text)] == [domain]


def test_the_weather_asked_is_still_small_talk(engine: Engine) -> None:
    assert read(engine, "明天天气怎么样") == [("chat", "chat", {})]


def test_a_plan_told_before_an_account_task_is_no_order(engine: Engine) -> None:
    assert read(engine, "下午要去逛街，我还有几张免单卡") == [("account", "list_cards", {})]


def test_a_ride_asked_for_keeps_its_word_for_the_slots(engine: Engine) -> None:
    domain, intent, slots = read_one(engine, "有没有后天去南京的动车")
    assert (domain, intent, slots["ask"], slots.get("train_type")) == ("train", "info", "availability", "D")


@pytest.mark.parametrize(("text", "ask"), [("还能预约到颐和园的票吗", "availability"), ("颐和园门票老人半价吗", "price"),
                                           ("话费充值有什么限制吗", "other")])
def test_the_ask_of_a_question(engine: Engine, text: str, ask: str) -> None:
    assert read_one(engine, text)[2]["ask"] == ask


def test_a_price_per_unit_said_with_a_hedge_gives_no_count(engine: Engine) -> None:
    domain, intent, slots = read_one(engine, "喜茶的奶茶一杯大概多少钱")
    assert (domain, intent, slots["ask"], "quantity" in slots) == ("takeout", "info", "price", False)


@pytest.mark.parametrize("text", ["咖啡到底是提神还是伤身", "你们这个app安全吗", "以前我最爱喝旺仔牛奶", "前天看了流浪地球，感动死了",
                                  "最近在减肥，不喝奶茶了", "这周零食买太多了", "戒咖啡已经一周了"])
def test_musings_tastes_and_habits_told_are_small_talk(engine: Engine, text: str) -> None:
    assert read(engine, text) == [("chat", "chat", {})]


@pytest.mark.parametrize(("text", "ask"), [("流浪地球是什么题材的", "other"), ("流浪地球票房多少", "other")])
def test_a_films_kind_and_box_office_are_asked_of_the_film(engine: Engine, text: str, ask: str) -> None:
    assert read_one(engine, text)[:2] == ("movie", "info") and read_one(engine, text)[2]["ask"] == ask


@pytest.mark.parametrize(("text", "ask"), [("沃尔玛电话多少", "phone"), ("便利店现在还开着吗", "hours"), ("永辉超市在哪", "address")])
def test_a_store_asked_about_is_a_grocery_question(engine: Engine, text: str, ask: str) -> None:
    assert read_one(engine, text) == ("grocery", "info", {"ask": ask})


def test_a_top_up_asked_how_fast_is_a_question(engine: Engine) -> None:
    assert read_one(engine, "充话费一般多久到") == ("recharge", "info", {"ask": "duration"})


@pytest.mark.parametrize(("text", "domain"), [("流浪地球明天几点有场次？给我订一张", "movie"),
                                              ("后天最早一班去南京的动车几点？帮我买两张", "train")])
def test_showings_asked_then_ordered_are_one_order(engine: Engine, text: str, domain: str) -> None:
    frames = read(engine, text)
    assert [(d, i) for d, i, _ in frames] == [(domain, "order")] and "ask" not in frames[0][2]


def test_availability_asked_then_ordered_stays_two_frames(engine: Engine) -> None:
    assert [i for _, i, _ in read(engine, "流浪地球明晚还有票吗？有的话订两张")] == ["info", "order"]


@pytest.mark.parametrize("text", ["麻烦帮我看看周六的流浪地球还有票吗", "能帮我查查还能订到明晚全季的房间吗"])
def test_a_look_up_asked_politely_is_a_question(engine: Engine, text: str) -> None:
    assert read_one(engine, text)[2]["ask"] == "availability"


@pytest.mark.parametrize(("text", "slots"), [("那家店的地址在哪", {"ask": "address"}), ("它家的菜好吃吗", {"ask": "rating"})])
def test_a_follow_up_about_a_shop_is_a_takeout_question(engine: Engine, text: str, slots: dict[str, str]) -> None:
    assert read_one(engine, text) == ("takeout", "info", slots)


@pytest.mark.parametrize("text", ["帮我选一部口碑好的电影", "最近有什么好看的片子"])
def test_a_film_recommendation_names_no_title(engine: Engine, text: str) -> None:
    assert read_one(engine, text) == ("movie", "order", {})


def test_asking_the_assistant_what_to_eat_is_a_wish(engine: Engine) -> None:
    assert read_one(engine, "你觉得中午吃什么好") == ("takeout", "order", {"any": True})


@pytest.mark.parametrize(("text", "intent", "ref"), [
    ("我的麻辣烫怎么还没道", "track_order", "麻辣烫"),  # a homophone slip of 到
    ("奶茶不想喝了", "cancel_order", "奶茶"),
    ("我要退这份饺子", "refund", "饺子"),
    ("我的快递送到没有", "track_order", "快递"),
    ("我网上买的台灯到哪儿啦", "track_order", "台灯"),
    ("我不住如家了", "cancel_order", "如家"),
    ("查询我的火车票", "list_orders", "火车票"),
    ("我订的门票", "list_orders", "门票"),
    ("火车票在哪取", "track_order", "火车票"),
    ("我订了流浪地球，几号厅来着", "track_order", "流浪地球"),
    ("我的烤串做好了吗", "track_order", "烤串"),
])
def test_ones_own_orders_said_in_more_ways(engine: Engine, text: str, intent: str, ref: str) -> None:
    assert read_one(engine, text) == ("account", intent, {"order_ref": ref})


@pytest.mark.parametrize("text", ["订单一直显示配送中", "我的积分快到期了吗"])
def test_an_order_in_delivery_and_cards_lapsing_are_the_account(engine: Engine, text: str) -> None:
    assert read_one(engine, text)[0] == "account"


def test_a_booking_told_as_done_before_a_ride_is_no_order(engine: Engine) -> None:
    assert [d for d, _, _ in read(engine, "我买了演唱会门票，帮我叫个车去体育馆")] == ["taxi"]


@pytest.mark.parametrize(("text", "ref"), [("酸辣粉里面有只苍蝇", "酸辣粉"), ("鸡翅少了两个", "鸡翅")])
def test_what_came_wrong_with_ones_order_is_the_account(engine: Engine, text: str, ref: str) -> None:
    assert read_one(engine, text) == ("account", "list_orders", {"order_ref": ref})


def test_a_delivery_taking_long_is_tracked(engine: Engine) -> None:
    assert read_one(engine, "我的麻辣烫咋这么久") == ("account", "track_order", {"order_ref": "麻辣烫"})


@pytest.mark.parametrize("text", ["来份黄焖鸡，麻烦快点送", "帮我点杯豆浆，这回别洒了", "要两个煎饼，上次少送了一个"])
def test_a_delivery_wish_or_a_past_mishap_with_an_order_is_no_account_task(engine: Engine, text: str) -> None:
    assert [d for d, _, _ in read(engine, text)] == ["takeout"]


def test_a_thing_dropped_for_another_is_a_correction_of_the_order(engine: Engine) -> None:
    assert read(engine, "不要豆浆了，要一杯牛奶") == [("takeout", "order", {"item": "牛奶", "quantity": 1})]


@pytest.mark.parametrize("text", ["过年囤了一大堆坚果", "西瓜是不是越大越甜", "我以后想当导演", "今晚在家里看球赛", "商场里都没什么人了"])
def test_more_sentences_told_are_small_talk(engine: Engine, text: str) -> None:
    assert read(engine, text) == [("chat", "chat", {})]


@pytest.mark.parametrize(("text", "domain"), [("流浪地球是谁导的", "movie"), ("去黄山要注意什么", "attraction")])
def test_who_made_a_film_and_what_to_mind_at_a_sight_are_asked_of_it(engine: Engine, text: str, domain: str) -> None:
    assert read_one(engine, text)[:2] == (domain, "info") and read_one(engine, text)[2]["ask"] == "other"


def test_a_sight_to_photograph_is_a_visit(engine: Engine) -> None:
    assert read_one(engine, "想去颐和园拍照")[:2] == ("attraction", "order")


@pytest.mark.parametrize("text", ["话费充值有什么活动", "充话费能返现吗"])
def test_a_deal_asked_of_a_top_up_is_its_price(engine: Engine, text: str) -> None:
    assert read_one(engine, text) == ("recharge", "info", {"ask": "price"})


@pytest.mark.parametrize(("text", "ask"), [("香蕉一串大概多少", "price"), ("猕猴桃熟了没有", "other"), ("迪士尼门票要提前几天买", "other"),
                                           ("星巴克的美式多大一杯", "other")])
def test_more_questions_about_a_thing_are_not_orders(engine: Engine, text: str, ask: str) -> None:
    _domain, intent, slots = read_one(engine, text)
    assert (intent, slots["ask"], "quantity" in slots) == ("info", ask, False)
