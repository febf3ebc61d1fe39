"""Sentences generated from templates for training the domain weigher: every domain, asked and ordered.

Each template is written with ``{slot}`` holes filled from the built-in lexicon (or made-up names, so the
weigher learns the frame of a sentence rather than its words). They cover what the development set says
too rarely: questions about a thing, recommendations, grade words shared by rides and stays, rides to
hotels and restaurants, clauses about what is already done, brand-led goods, counts no order can take.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bangwo.understanding import lexicon_food as food
from bangwo.understanding import lexicon_world as world
from bangwo.understanding.vocabulary import Vocabulary

# domain, intent, template; a template may hold alternatives as (a|b|c).
TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("takeout", "order", "(帮我|给我|)(点|来|要)(一|两|三|)(杯|份|碗|个)(少糖|去冰|大杯|微辣|)的?{dish}"),
    ("takeout", "order", "{shop}的{dish}(来|要)(一|两|)(份|杯|个)(，送到{place}|)"),
    ("takeout", "order", "(想喝|想吃|馋)({dish}|{drink})了(，帮我点一(杯|份)|)"),
    ("takeout", "order", "(外卖|外送)(点|叫)(个|一份|)({dish}|{drink})"),
    ("takeout", "order", "{drink} (半糖|少冰|无糖|正常冰|热的) (两杯|一杯|)"),
    ("takeout", "order", "(推荐|有没有)(一家|个|)好(吃|喝)的({dish}|{drink})(推荐|)"),
    ("takeout", "order", "(附近|这边)哪家{dish}(好吃|评分高|比较好)"),
    ("takeout", "order", "(喝啥都行|随便来点吃的|你看着办|有什么推荐)(，|)(不要太甜|30以内|)"),
    ("takeout", "order", "来(-2|0|1e5|2.5)(杯|份){drink}"),
    ("takeout", "info", "{shop}(的|)(电话|电话是多少|地址在哪|几点开门|几点关门|营业时间|评分怎么样|在哪里)"),
    ("takeout", "info", "{shop}的{dish}(好吃吗|多少钱|多少钱一份|热量高吗|还有吗|贵吗)"),
    ("takeout", "info", "{shop}(今天|现在|)(还|)(开门吗|营业吗|送外卖吗)"),
    ("grocery", "order", "(买|来|要)(一|两|三)(箱|斤|袋|瓶|盒|桶){grocery}"),
    ("grocery", "order", "{brand}{grocery}(来|买)(一|两|)(箱|瓶|袋|桶)"),
    ("grocery", "order", "({place_brand}啤酒|{brand}牛奶)(来|要)(一|两)(箱|提)"),
    ("grocery", "order", "(盒马|超市|叮咚)(买|下单)(点|)({grocery})(，送到{place}|)"),
    ("grocery", "order", "买(2.5|-3|0)(斤|箱){grocery}"),
    ("grocery", "info", "({brand}|)({grocery})(多少钱一斤|现在什么价|还有货吗|有货吗|多少钱|贵吗)"),
    ("shopping", "order", "(淘宝|京东|网上|)(买|下单|来)(一|两|)(个|件|双|台|本)({brand_s}|)({goods})"),
    ("shopping", "order", "({goods}) ({brand_s}的|黑色|XL码|42码) (一|两)(件|双|个)"),
    ("shopping", "info", "(淘宝上|京东上|网上|)(的|)({brand_s}|)({goods})(多少钱|有货吗|还有货吗|评价怎么样|好用吗)"),
    ("movie", "order", "(帮我|)(买|订)(一|两|三)张({date}|)({time}|)的{title}(，|)(最后一排|中间|IMAX|)"),
    ("movie", "order", "(去|在){cinema}看{title}(，两张|)"),
    ("movie", "order", "(要|订)(IMAX|3D|杜比)(版|)的{title}(两张|)"),
    ("movie", "order", "(最近|今晚|周末)有什么好看的电影(推荐|)"),
    ("movie", "order", "看{title} (tonight|tomorrow|today)"),
    ("movie", "info", "{title}(还有票吗|有票吗|好看吗|片长多少|几点有场次|评分怎么样|最早一场几点|有IMAX场吗)"),
    ("movie", "info", "({date}|)({cinema}|){cinema}(在哪|电话多少|有没有IMAX场|几点关门)"),
    ("movie", "info", "{date}的{title}(还有票吗|还有位子吗|几点的)"),
    ("flight", "order", "(订|买|帮我订)(一张|两张|张|)({date}|){city}(飞|到){city2}的(机票|航班)"),
    ("flight", "order", "{date}(从|){city}飞{city2}(，经济舱|，最便宜的|，直飞|)"),
    ("flight", "order", "(买|订)(张|)(鸡票|飞鸡票)去{city}"),
    ("flight", "info", "({date}|){city}飞{city2}(的机票|的航班|)(多少钱|还有票吗|要多久|要飞几个小时|有几班)"),
    ("train", "order", "(订|买|帮我订)(一张|两张|张|)({date}|)(从|){city}(到|去){city2}的(高铁|动车|火车票|二等座)"),
    ("train", "order", "{date} {city}到{city2} (高铁|动车|硬卧|一等座)"),
    ("train", "order", "(高铁|火车)票-2张 {city}到{city2}"),
    ("train", "info", "({date}|){city}(到|去){city2}的(高铁|动车|火车)(还有票吗|要多久|几点发车|多少钱|还有没有票)"),
    ("train", "info", "(最早一班|末班)(去|到){city}的(高铁|动车)几点"),
    ("hotel", "order", "(帮我|)(订|定)(个|一间|两间)({city}|{landmark}(附近|边上|旁边))的(酒店|宾馆|民宿)({date}入住|，住两晚|)"),
    ("hotel", "order", "(经济型|舒适型|豪华型)(的|)(酒店|宾馆)({city}|，{date})"),
    ("hotel", "order", "{date}(住|入住){city}(，|){hotel_brand}(大床房|标间|)"),
    ("hotel", "order", "(订个|定个)(酒电|九店)(在|){city}"),
    ("hotel", "order", "{landmark}(附近|周边)哪家酒店(好|评分高|比较干净)"),
    ("hotel", "order", "(机票|高铁票)(已经|)(买好了|订好了)，(帮我|)(订|找)(一晚|个)(住的地方|酒店)"),
    ("hotel", "info", "{hotel_brand}(酒店|)(电话|电话多少|地址在哪|一晚多少钱|多少钱一晚|还有房吗|有停车场吗|评分怎么样|含早吗)"),
    ("hotel", "info", "{landmark}(附近|边)的(酒店|{hotel_brand})(还有房吗|一晚多少钱|怎么样)"),
    ("attraction", "order", "(买|订)(一|两|三|)张({date}|)(的|){sight}(门票|的票)(，学生票|，儿童票|)"),
    ("attraction", "order", "({date}|)(去|想去){sight}(玩|逛逛)(，|)(买两张票|门票两张|)"),
    ("attraction", "order", "{city}有什么好玩的景点(推荐|)"),
    ("attraction", "order", "(酒店定好了|定好酒店以后)，(我想|想)(找个景点玩|去{sight}逛逛)"),
    ("attraction", "info", "{sight}(几点开门|门票多少钱|要预约吗|几点关门|还有票吗|好玩吗|开放时间|在哪|学生票多少钱)"),
    ("taxi", "order", "(帮我|)(打车|叫车|叫个车|打个车|叫辆快车|叫个专车)(去|到|回){destination}"),
    ("taxi", "order", "(帮我叫车|打车)，从{eatery}到{hotel_brand}(酒店|)"),
    ("taxi", "order", "(打车|叫车)(从|){hotel_brand}酒店(去|到){destination}"),
    ("taxi", "order", "叫(个|辆)(经济型|舒适型|豪华型|六座)的车(去|到){destination}"),
    ("taxi", "order", "(酒店已经订好了|机票买好了)，(帮我|)叫个车去{destination}"),
    ("taxi", "order", "(叫一台計程車|叫台计程车)(到|去){destination}"),
    ("taxi", "info", "(打车|叫车)(去|到){destination}(要多久|大概多少钱|多少钱)"),
    ("recharge", "order", "(帮我|给我妈|给我|)(充|冲|储值)(50|100|二百|五十块)(话费|块话费|)"),
    ("recharge", "order", "(话费|手机)(充|冲|储值)(一百|100|200)"),
    ("recharge", "order", "(充|冲)(-100|0|1e3)(块|)话费"),
    ("account", "track_order", "我的({dish}|外卖|快递|{goods})(到哪了|怎么还没到|还要多久)"),
    ("account", "cancel_order", "(取消|退订)(刚才的|那个|)({dish}|电影票|酒店|订单)"),
    ("account", "refund", "(刚才的|昨天的|)({dish}|电影票|机票)(退款|能退吗|帮我退了)"),
    ("account", "list_cards", "(我还有几张免单卡|我的卡券|有什么优惠券)"),
    ("chat", "chat", "(你好|在吗|谢谢|明天天气怎么样|讲个笑话|帮我写副春联|你是谁|今天会下雨吗|你能干嘛|晚安)"),
    ("chat", "chat", "(高铁上能带宠物吗|为什么飞机会晚点|电影院为什么那么贵|奶茶为什么叫奶茶|酒店的英文怎么说)"),
)
PLACES = ("公司", "家", "学校", "宿舍", "会议室", "前台", "楼下")
DESTINATIONS = ("机场", "火车站", "公司", "家", "西湖", "外滩", "人民广场", "万达广场", "地铁站", "医院", "{eatery}",
                "{hotel_brand}酒店")
EATERIES = ("海底捞", "外婆家", "必胜客", "西贝", "老王烤翅", "阿强烧烤", "小林面馆", "麦当劳", "全聚德")
MADE_UP_TITLES = ("星河入梦", "山海奇缘", "雾港来信", "北方的灯", "夏日逃亡", "长夜将尽", "雪夜归途", "风起南城")
PLACE_BRANDS = ("青岛", "哈尔滨", "燕京", "雪花")
ALT_RE = re.compile(r"\(([^()]*)\)")
HOLE_RE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Sample:
    """A generated sentence and the domain and intent it asks for."""

    text: str
    domain: str
    intent: str


class Filler:
    """Fills the holes of a template from the vocabulary."""

    def __init__(self, vocabulary: Vocabulary, rng: random.Random) -> None:
        self.rng = rng
        cities = sorted({c for c in vocabulary.city_aliases.values() if len(c) >= 2})
        self.pools: dict[str, tuple[str, ...]] = {
            "dish": tuple(w for w in vocabulary.items.get("takeout", ()) if w not in food._DRINKS.split()),
            "drink": tuple(food._DRINKS.split()), "shop": vocabulary.shops, "place": PLACES,
            "grocery": vocabulary.items.get("grocery", ()), "brand": vocabulary.brands.get("grocery", ()),
            "goods": vocabulary.items.get("shopping", ()), "brand_s": vocabulary.brands.get("shopping", ()),
            "title": tuple(vocabulary.movies) + MADE_UP_TITLES, "cinema": vocabulary.cinemas,
            "city": tuple(cities), "city2": tuple(cities), "landmark": vocabulary.landmarks or ("外滩",),
            "hotel_brand": vocabulary.hotel_brands, "sight": vocabulary.sights, "eatery": EATERIES,
            "destination": DESTINATIONS, "place_brand": PLACE_BRANDS,
            "date": ("明天", "后天", "今晚", "周六", "下周一", "2月10号", "除夕", "这周五"),
            "time": ("晚上8点", "下午两点", "9点半", "中午"),
        }
        self.pools["title"] = tuple(t for t in self.pools["title"] if t not in world.SIGHTS.split())

    def fill(self, template: str) -> str:
        text = ALT_RE.sub(lambda m: self.rng.choice(m.group(1).split("|")), template)
        for _ in range(3):  # a filled hole may name another hole ({destination} -> {eatery})
            text = HOLE_RE.sub(lambda m: self.rng.choice(self.pools[m.group(1)]), text)
        return text


def samples(vocabulary: Vocabulary, *, per_template: int = 30, seed: int = 7) -> Iterator[Sample]:
    """Yield ``per_template`` sentences per template, the same ones for the same seed."""
    filler = Filler(vocabulary, random.Random(seed))
    for domain, intent, template in TEMPLATES:
        seen: set[str] = set()
        for _ in range(per_template * 3):
            text = filler.fill(template)
            if text not in seen:
                seen.add(text)
                yield Sample(text, domain, intent)
            if len(seen) >= per_template:
                break
