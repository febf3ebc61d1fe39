"""Questions about a thing (intent ``info``): what is asked (``ask``) and where the question is said.

电话多少, 地址在哪, 评分怎么样, 几点开门, 门票多少钱, 还有票吗, 要多久, 要预约吗. A recommendation
(推荐一家火锅, 哪家奶茶好喝) is no question about a thing: it is an order of the category said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon import BUILTIN_STORES

_HEDGE = r"(?:大概|大约|大致|差不多|一般|平均|现在|目前|请问)?\s*"
_PER_UNIT = r"(?:[一1]\s*(?:晚上?|[张杯份个位斤箱瓶间碗盒袋件双人次只串块根条盘桶罐]))"
# Per ask, the words that say it; the order is the priority when one span could be read two ways.
ASK_PATTERNS: tuple[tuple[str, str], ...] = (
    ("phone", r"(?:客服|联系|订餐|前台)?电话(?:号码|号)?(?!费|\s*[:：]?\s*\d)(?:是|是多少|多少|几号)?|联系方式"
              r"|(?:手机号|号码)(?:是)?多少"),
    ("hours", r"(?:最[早晚](?:一[场班趟])?(?:的|是)?|末班车?|首班车?)?\s*几点(?:钟)?(?:开门|关门|营业|打烊|开始|结束|开放|闭馆|关|开|发车|"
              r"起飞|出发|到达|落地|抵达|散场|检票|入园|停止|有|的)?|(?:营业|开放|开门|关门|闭馆|入园|发车)时间|营业到几点|开到几点|"
              r"闭馆吗|(?:开门|营业|开放)(?:了)?(?:吗|么|没)|(?:还)?开着(?:吗|么|嘛|没|呢)|关门了(?:吗|么|没)|开不开(?:门)?|开没开门?|营不营业|休息(?:吗|么|嘛)|休馆|(?:几点|什么时候)可以入住|(?:有)?哪些场次|场次表|时刻表|什么时候(?:开门|关门|营业|开放|开始)"),
    ("price", rf"{_PER_UNIT}?\s*(?:大概|大约|差不多|一般|平均|现在|目前)?\s*(?:多少钱|多钱|几块钱|多少块|什么价位?|啥价|怎么卖|咋卖|贵不贵|贵吗|怎么收费|收费吗?|人均(?:多少)?|"
              rf"(?:票价|价格|价钱)(?:是多少|多少|怎么样|呢|吗|贵吗|(?=$|[？?])))\s*{_PER_UNIT}?|(?<=票)\s*多少(?!张)|"
              rf"{_PER_UNIT}\s*(?:大概|大约|差不多|要|得)?\s*多少(?:钱|块)?(?=$|[？?呢啊呀])|"
              r"(?:配送费|送餐费|外送费|外卖费|运费|服务费|打包费|停车费|手续费|费用|起送价|起送费|起送)(?:是|要|收)?(?:多少|怎么算|怎么收)|"
              r"(?:要|收|花)钱(?:吗|么|嘛|不)|(?:要|收|有)(?:手续费|服务费|配送费|运费|打包费)(?:吗|么|嘛|不)"),
    ("availability", r"还有(?:没有)?(?:余)?(?:票|位子|座位|位置|座|房间|空房|房|货|库存|名额)|还有(?:几|多少)[张间个]?(?:票|房|空房|位子|座位|名额)|"
                     r"(?:还)?(?:能|可以)(?:买|订|抢|约|预约)(?:得)?到(?P<thing6>[^，,。？?]{0,8}?)(?:票|房间?|位子|座位)(?:吗|么|嘛)|"
                     r"(?:还)?(?:能|可以)(?:买|订|约|抢)(?:得)?(?:到|上)(?:吗|么|嘛|不)|(?:买|订|约|抢)得到(?:吗|么|嘛|不)?|"
                     r"(?:有|有没有)(?:余)?(?:票|房|空房|货|位子|座位|名额)(?:吗|么|嘛|没)?|"
                     r"(?:票|房|货|座位|位子)还有(?:吗|么|嘛|没)|"
                     # a kind of room asked for, the stay's day or place said after (有没有海景房 三亚 明晚)
                     r"(?:还)?有没有(?P<thing9>(?:海景|江景|湖景|山景|园景|大床|双床|家庭|亲子|标准|单人|双人|三人|豪华|情侣|无烟)(?:大床|双床)?)"
                     r"房(?:间)?(?=$|[\s，,。？?吗呢])|"
                     # a ride named asked for (有没有明天去上海的高铁): its word stays free for the slots
                     r"有没有(?P<thing8>[^，,。？?]{0,12}?(?:高铁|动车|火车|航班|直飞|飞机))(?:[吗呢]|$)|"
                     r"有没有(?P<thing>[^，,。？?]{0,12}?)(?:票|(?<!停车)(?<!广)(?<!商)(?<!市)(?<!机)(?<!游乐)场|(?<!健身)(?<!洗衣)(?<!棋牌)(?<!茶)(?<!书)房|货|位子|座位|航班|车次|班次|高铁|动车|火车)(?:[吗呢]|$)|"
                     # a kind of showing asked for (有没有IMAX的场次); a film's showings asked are an order (shadow)
                     r"有没有(?P<thing7>IMAX|imax|3D|3d|2D|2d|杜比|Dolby|dolby|巨幕|激光|4DX|4dx)(?:厅)?的?场次(?:[吗呢]|$)|"
                     r"(?:卖完|售罄|满|订满|约满|售完)了?(?:吗|么|没)|还有(?:吗|么|嘛)|有(?:吗|么|嘛)$|还有没有?(?=$|[？?呢啊呀吧])|"
                     r"还?剩(?:几|多少)(?:间|张|个|份|件|台|瓶|箱)?(?:房间?|空房|票|位子?|座位?|货|名额)?|"
                     # a size or colour asked of goods (这双跑鞋有没有42码, 有没有黑色的)
                     r"有没有\s*(?P<thing5>[0-9]{2,3}\s*[码号]|(?:XXXL|XXL|XL|XS|S|M|L)码?|[\u4e00-\u9fff]{1,2}色)的?(?:[吗呢]|$)|"
                     r"有没有卖(?P<thing3>[^，,。？?]{1,10}?)的?$|有卖(?P<thing4>[^，,。？?]{1,10}?)的?(?:吗|么|嘛)"),
    ("duration", r"(?:送(?:到|过来|来)?(?:我这儿?|我这里|我家|这里|这边)?)?(?:要|需要|得)?多久(?:(?:能|才能|可以|会)?到账|(?!能?到|送到))|多长时间|几个?(?:小时|钟头)|(?:几|多少)(?:分钟|天)(?:能|才能|可以|会)?到账|片长|时长|(?:开|坐|飞|走)多久|"
                 r"(?:最快|最慢|一般|通常|大概|大约)(?:要|需要|得)?多久(?:能|才能|可以|会)?(?:到|送到)"),
    ("address", r"地址(?:是|在)?(?:哪里?|哪儿|多少|什么)?(?=$|[？?吗呢，,。\s]|发|给|帮我?查|告诉|麻烦)|在(?:哪里|哪儿|哪|什么地方|什么位置)(?!领|买|下单|订)|"
                r"具体位置|位置在哪|怎么(?:走|过去|去)(?=$|[？?吗呢，,。\s]|比较|最)"),
    ("rating", r"评分|评价|口碑|好不好(?:吃|喝|玩|看|住|穿|用)?|值不值得?|值得(?:去|看|买|住)?吗|好(?:吃|喝|玩|看|住|穿|用)(?:吗|么|嘛)|"
               r"怎么样|咋样|靠谱吗|干净吗|正宗吗|新鲜吗|几星"),
    ("other", r"(?:能|可以|能不能|可不可以|支持)(?:免费)?(?:退|取消)(?:票|款|订|掉)?(?:吗|么|嘛|不)|"
              r"(?:要|需要|得|用)?排(?:队|多久的?队)(?:吗|么|嘛|不)?|停车(?:场|位)?|(?:有|有没有|带)(?:健身房|游泳池|泳池|充电桩|洗衣房|会议室|电梯|浴缸|儿童乐园|行李寄存)|(?:要|需要|得)预约|(?:要不要|需不需要|用不用)(?:(?:提前|事先|预先|先)[^，,。？?]{0,4}?)?(?:预约|预订|预定)|(?:需要|得|要)(?:提前|事先|预先|先)(?:预约|预订|预定)(?:吗|么|嘛|不|呢)|(?:要不要|需不需要|用不用)(?:提前|事先|预先)(?:买|订|定|购|抢)票?|(?:需要|得|要)(?:提前|事先|预先)(?:买|订|定|购|抢)票?(?:吗|么|嘛|不|呢)|(?:要|需要|得)(?:另外|单独|额外|再)(?:买|购|付)票?|预约吗|热量|卡路里|(?:有)?几[班趟](?!车)|能带|可以带|wifi|WiFi|无线网|含早|"
              r"带早餐?|有早餐|辣不辣|甜不甜|熟不熟|熟了?(?:吗|么|没有?)|咸不咸|油不油|腻不腻|臭不臭|酸不酸|烫不烫|送货吗|配送(?:吗|范围)|能刷|支持.{0,4}吗|上映了?吗|什么时候上映|免票吗|要身份证|托运"),
    ("availability", r"有(?!优惠|折扣|活动|打折|返现|返利|满减|补贴|(?:什么|啥)?(?:上限|下限|限制|限额|要求|规定|门槛|讲究))(?P<thing2>[^，,。？?]{1,10}?)(?:吗|么|嘛)$"),
    ("other", r"(?:是|叫|有)?(?:什么|啥|哪种|哪一?类)(?:意思|味道|口味|做的|馅|内容|故事|类型|题材|风格)|是谁|讲的是|讲(?:的)?什么|是哪(?:里|儿|国)的|"
              r"(?:哪个|哪一)(?:朝代|国家|年代)|有多(?:大|高|远|深|长)|多大(?:一)?[份杯个碗盒]|票房|上座率|谁(?:演|导|拍|唱|写)的|(?:主演|导演|演员)(?:是谁|有谁|都有谁)|"
              r"(?:要|需要|得)?注意(?:什么|啥|些什么|哪些)|注意事项"),
    ("price", r"免费的?(?:吗|么|嘛|呢)|免费(?!的|取消|退)|(?:打|有)几折|打折(?:吗|么)?|有(?:没有)?(?:优惠|折扣)(?:吗|么)?|要门票吗|收门票吗|"
              r"(?:要不要|需不需要|用不用)(?:买|购|收)?门?票|(?:要|需要|得)(?:买|购)门?票(?:吗|么|嘛|不)|半价(?:吗|么|嘛|不|呢)?|"
              # 充话费有活动吗, 有什么优惠, 有返现吗: what a deal costs
              r"(?:有|能|可以|会)(?:没有)?(?:什么|啥)?(?:活动|优惠活动|返现|返利|满减|补贴|折扣)(?:吗|么|嘛|呢)?"),
    ("other", r"(?:怎么|如何)(?:买|订|预约|进|去|走|退|用|查|充)|什么时候(?:去|来|最好)|多远|远不远|离[^，,。？?]{1,10}?(?:远|近)(?:吗|么|不)|提前(?:几|多少)天(?:买|订|定|预约|预订|预定|抢)?|人多(?:吗|么|不)|包含|包括|"
              r"多高|多大(?:的)?(?:孩子|小孩)|(?:吗|么|嘛)$"),
)
ASK_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (ask, lazy_compile(_HEDGE + p)) for ask, p in ASK_PATTERNS)
# Asking which one is good is asking for a recommendation, which the engine treats as an order.
RECOMMEND_RE = lazy_compile(r"推荐|哪家|哪个好|哪些|哪里有|有什么好|有啥好|什么(?:值得|好)(?:吃|喝|玩|看|去)?|评分高(?!吗|么|嘛|不)|排名|最好的|好吃的|"
                          r"好喝的|好玩的|好看的")
ORDER_VERB_RE = lazy_compile(r"(?:帮我|给我|替我)?(?:订|定|买|(?<![0-9几一二两三四五六七八九十半钟])点|来|叫|预定|预订|下单|抢|要)(?:[一两二三四五六七八九十0-9]|个|张|杯|份|间|"
                           r"晚|辆|车|票|它|了|吧|$)|有的话|就订|就买|就要|帮我订|帮我买|帮我点|帮我叫|帮我(?:查|看|找|搜)|"
                           r"(?:能|能不能|可以|可不可以|麻烦你?|请)帮我(?![查看找搜瞅瞧问])|(?:帮我|给我|替我|我想|我要|想要|请)(?:订|定|买|点|叫|预订|预定|预约|抢|来)")


@dataclass(frozen=True)
class Ask:
    """What a question asks, where it is said, and the spans of its words (taken before slots are read).

    The thing asked about inside the question (有没有|IMAX|场, 有|惊蛰无声|吗) stays free for the slots.
    """

    value: str
    start: int
    end: int
    words: tuple[tuple[int, int], ...]

    @property
    def weak(self) -> bool:
        """Only a question particle said (…吗): the weigher's intent model has the last word."""
        return self.end - self.start == 1


def _ask(value: str, m: re.Match[str]) -> Ask:
    inner = next(((m.start(g), m.end(g)) for g in ("thing", "thing2", "thing3", "thing4", "thing5", "thing6", "thing7", "thing8", "thing9")
                  if g in m.re.groupindex and m.group(g)),
                 None)
    words = ((m.start(), inner[0]), (inner[1], m.end())) if inner else ((m.start(), m.end()),)
    return Ask(value, m.start(), m.end(), words)


# Words of "other" that also name a wish (带早餐的酒店, 有停车场的): a question only with a question word.
WISH_WORDS_RE = lazy_compile(r"停车|含早|带早|早餐|wifi|WiFi|无线网|能带|可以带|支持|健身房|游泳池|泳池|充电桩|洗衣房|会议室|电梯|浴缸|"
                             r"儿童乐园|行李寄存")
QUESTION_RE = lazy_compile(r"[吗么嘛？?]|有没有|是否|能不能|可不可以|多少|多高")


@lru_cache(maxsize=512)
def asks(text: str) -> tuple[Ask, ...]:
    """Every question about a thing said in ``text``, in text order, spans not overlapping.

    A pure function of the text, asked about the same clause several times per sentence: the answers are kept
    (an immutable tuple of frozen values)."""
    found: list[Ask] = []
    for value, pattern in ASK_RES:
        for m in pattern.finditer(text):
            if value == "other" and WISH_WORDS_RE.search(m.group(0)) and not QUESTION_RE.search(text):
                continue
            if m.end() > m.start() and not any(a.start < m.end() and m.start() < a.end for a in found):
                found.append(_ask(value, m))
    return tuple(sorted(found, key=lambda a: a.start))


def ask_of(text: str) -> Ask | None:
    """The first question about a thing said in ``text`` (None for orders and recommendations)."""
    if RECOMMEND_RE.search(text):
        return None
    found = asks(text)
    return found[0] if found else None


LOOK_UP_RE = lazy_compile(r"(?:帮我|给我|替我)(?:查|看|找|搜)")
# What one asks to have looked up (帮我查查故宫几点开门, 帮我看看还有没有票): a fact, so a question (LABELING.md: 还有票/
# 位子/房吗 is `info`, even said on the way to buying).
LOOKED_UP_ASKS = frozenset({"phone", "address", "hours", "price", "rating", "duration", "availability"})


# Only a question word near an order verb can make the verb part of a question (saves reading every ask).
QUESTIONED_VERB_RE = lazy_compile(r"吗|么|嘛|[？?]|不要|不用|需不需|要不|用不|能不能|可不可|几|多少|哪|啥|什么|怎么")


# A purchase supposed, not asked for (要是买了门票去不了, 如果订了酒店).
SUPPOSED_RE = lazy_compile(r"如果|要是|万一|假如|假设|假若|若是")


def orders(text: str) -> bool:
    """An order verb with its object (订两张, 帮我买, 有的话订): the clause asks to buy, not to know.

    帮我查查 / 帮我看看 before a question of fact (帮我看看张家界门票多少钱) asks to know.
    """
    said = [m for m in ORDER_VERB_RE.finditer(text)
            if not (m.group(0).endswith("了") and (SUPPOSED_RE.search(text, 0, m.start())
                                                  or text.startswith(("以后", "之后"), m.end())))]  # 要是买了…, 订了以后: supposed
    if said and QUESTIONED_VERB_RE.search(text):  # 要不要买门票, 需要另外买票吗: a verb asked about orders nothing
        questioned = [(a.start, a.end) for a in asks(text)]
        said = [m for m in said if not any(s <= m.start() and m.end() <= e for s, e in questioned)]
    if said and all(LOOK_UP_RE.fullmatch(m.group(0)) for m in said):
        found = ask_of(text)
        return found is None or found.value not in LOOKED_UP_ASKS
    return bool(said)


def recommends(text: str) -> bool:
    """推荐一家火锅, 哪家奶茶好喝, 西湖附近哪家酒店评分高: a wish for a suggestion."""
    return bool(RECOMMEND_RE.search(text))


# What a place has rather than a dish: asked of a shop even when it is named after its dish (老王烤翅电话).
PLACE_ASKS = frozenset({"phone", "address", "hours"})
# The slots that name the thing a question is about, per domain (a shop, a film, a route, a sight...).
THING_SLOTS: dict[str, tuple[str, ...]] = {
    "takeout": ("shop", "item"), "grocery": ("item", "brand"), "shopping": ("query", "brand"),
    "movie": ("movie", "cinema"), "attraction": ("name",), "hotel": ("brand", "near", "city"),
    "train": ("from_city", "to_city", "train_no"), "flight": ("from_city", "to_city", "flight_no"), "taxi": ("to", "from"),
    "recharge": ("amount", "phone"),
}


# A rule asked of a kind of thing (酒店订了以后能免费取消吗, 门票能退吗): a question even with no name said.
RULE_ASKED_RE = lazy_compile(r"(?:能|可以|能不能|可不可以|支持)(?:免费)?(?:退|取消|改签?)(?:票|款|订|掉)?(?:吗|么|嘛|不)|"
                             r"(?:能|可以)带[^，,。？?]{0,6}(?:进去|进园|入园|进场|进馆)")


def rule_asked(text: str) -> bool:
    """A question about a rule of the thing (能退吗, 能带吃的进去吗) rather than about a named one."""
    return bool(RULE_ASKED_RE.search(text))


# A store itself (沃尔玛几点关门, 超市现在还开着吗): where groceries are bought is the thing a place question asks of.
STORE_PLACE_RE = lazy_compile(r"超市|便利店|菜市场|商场|卖场|盒马|" + "|".join(BUILTIN_STORES))


def store_asked(domain: str, ask: str, text: str) -> bool:
    """A grocery question about the store's hours, phone or address (the store is the thing, no goods named)."""
    return domain == "grocery" and ask in PLACE_ASKS and bool(STORE_PLACE_RE.search(text))


# Seats and rooms asked for a day (后天的高铁还有没有票, 明晚的酒店还有房吗): the day's trains or stays are the thing.
DAY_THINGS = frozenset({"train", "flight", "hotel", "movie"})


def names_thing(domain: str, slots: dict[str, object], ask: str | None = None) -> bool:
    """A question is about a thing only when it names one (高铁上能带宠物吗 names none: small talk); a top-up
    question names the phone bill (话费充值一般要多久到账); what is left on a day names that day's (后天的高铁还有票吗)."""
    if ask == "availability" and domain in DAY_THINGS and ("date" in slots or "check_in" in slots):
        return True
    return domain == "recharge" or any(slot in slots for slot in THING_SLOTS.get(domain, ()))  # 话费 is the thing
