"""Cues a domain's spec leaves out: grade words shared by rides and stays, the ends of a ride, where one
is or is going, books, places to eat. ``classify.strong_domains`` weighs them with the spec's cues."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon import Mention
from bangwo.understanding.pieces import MASK, Piece

# Grade words shared by rides and stays belong to the noun they qualify (经济型酒店 is a stay, 经济型的车 a ride).
# The noun may come later in the clause, after what else the stay should have (经济型可以寄存行李的酒店),
# as long as no car stands between them (停车 is parking).
_STAY_NOUN = r"(?:酒店|宾馆|饭店|民宿|客栈|旅馆|房间|大床|套房|标间)"
SHARED_GRADE_RE = lazy_compile(r"(?:经济|舒适|豪华|商务)型?的?(?=(?:(?!(?<!停)车)[^，,。；;！!？?]){0,24}?\s*" + _STAY_NOUN + ")")
# A grade word alone in its clause (帮我找一家舒适型，评分4.5以上的酒店): it grades the stay said in another
# clause of the sentence unless the sentence calls a ride.
GRADE_WORD_RE = lazy_compile(r"(?:经济|舒适|豪华|商务)型")
GRADE_CALLED_RE = lazy_compile(r"(?:叫|约|打|来|换)(?:个|辆|台|一辆|一台)?(?:经济|舒适|豪华|商务)型")  # 叫个经济型: a ride
STAY_NOUN_RE = lazy_compile(_STAY_NOUN)


def grades_a_stay(clause: str, sentence: str, ride_cues: re.Pattern[str]) -> bool:
    """A grade word in ``clause`` qualifies a stay said elsewhere in ``sentence``, which calls no ride."""
    if not GRADE_WORD_RE.search(clause) or not STAY_NOUN_RE.search(sentence) or GRADE_CALLED_RE.search(clause):
        return False
    return not ride_cues.search(FACILITY_RE.sub("", GRADE_WORD_RE.sub("", sentence)))
# 从海底捞到希尔顿酒店: two ends of a ride (no city, station or airport among them).
# A name may carry its branch as apps print it (汉庭酒店(北京站店)): the branch is part of the end.
BRANCH = r"(?:[（(][^（）()]{1,20}?[）)])?"
BRANCH_RE = lazy_compile(r"(?<=[\u4e00-\u9fffA-Za-z0-9])[（(][^（）()]{1,20}?[）)]")
FROM_TO_RE = lazy_compile(r"从\s*([^\s，,。！!？?（()]{1,12}?" + BRANCH + r")\s*(?:到|去|回|往)\s*([^\s，,。！!？?]{1,14})")
# A ride's end named after a hotel, a restaurant or a shop (去希尔顿酒店, 到海底捞门口).
ENDPOINT_RE = lazy_compile(r"(?:从|到|去|回|往|送我去|送我到|送我回)\s*([^\s，,。！!？?从到去回（()]{1,16}?" + BRANCH + r")(?=$|[\s，,。！!？?]|到|去|回|打车|"
                         r"叫车|打个车|叫个车|坐车|出发|上车|吃|玩|接)")
_TRIP_KINDS = frozenset({"city", "station", "airport"})
# A city at the head of a longer name (北京饭店, 北京香格里拉饭店, 上海大学): part of a place, not a trip's end.
NAME_TAIL_RE = lazy_compile(r"[\u4e00-\u9fffA-Za-z0-9()（）]{0,10}?(?:饭店|酒店|宾馆|大酒店|大学|学院|大厦|中心|广场|公园|医院|"
                          r"博物馆|动物园|植物园|海洋馆|体育馆|剧院|大剧院|烤鸭店|餐厅|餐馆|影城|站(?![票]))")
_CITY_LINK_RE = lazy_compile(r"\s*(?:到|去|回|飞|至|往|出发|的|-|→|$|[，,。！!？?\s])")


def city_in_name(text: str, mention: Mention) -> bool:
    """北京饭店, 北京贵宾楼饭店: a city said as the first word of a place's name."""
    return not _CITY_LINK_RE.match(text, mention.end) and bool(NAME_TAIL_RE.match(text, mention.end))


def trip_cities(piece: Piece) -> list[Mention]:
    """The places of a piece that can be a trip's ends (cities not inside a name, stations, airports)."""
    branches = [(b.start(), b.end()) for b in BRANCH_RE.finditer(piece.text)]
    return [m for m in piece.mentions if m.kinds() & _TRIP_KINDS
            and not (m.kinds() == {"city"} and city_in_name(piece.text, m))
            and not any(s < m.start and m.end < e for s, e in branches)]


# What a stay offers (提供出租车和洗衣服务的酒店, 配有接机服务): facilities, no ride or goods asked for.
FACILITY_RE = lazy_compile(r"(?:提供|配有|配备|带有)[^，,。！!？?]{0,10}?(?:服务|出租车|叫车|接送|接机|送机|停车场|早餐|wifi|WiFi|WIFI|无线网)")
# Words of a request: 我在王府井，找家酒店 asks for something; 我在希尔顿酒店门口 only says where one is.
ORDER_WORD_RE = lazy_compile(r"订|定|买|点|叫|要|帮我|来|找|推荐|查|搜|想|住(?!在)|哪|有没有|有什么|能不能|可以")


def ride_ends(piece: Piece, masked: str, strong: Mapping[str, re.Pattern[str]]) -> list[tuple[int, int]]:
    """The spans of a ride's ends when the clause asks for a ride (打车, or 从X到Y between no cities)."""
    structure = FROM_TO_RE.search(piece.text)
    places = trip_cities(piece)
    dated = structure is not None and any(structure.start() <= d.start < structure.end() for d in piece.scan.dates)
    trips = len(places) >= 2 or any(m.kinds() == {"city"} for m in places) or dated or bool(
        strong["train"].search(masked) or strong["flight"].search(masked))
    if not (strong["taxi"].search(masked) or RIDE_CALL_RE.search(masked)) and (structure is None or trips):
        return []
    return [(m.start(1), m.end(1)) for m in ENDPOINT_RE.finditer(piece.text)]


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


# Cues a domain's spec leaves out: 约一台车, 叫一辆车 (a ride with its count), 叫个拼车, 约个顺风车, 约一辆豪华型的车 (a kind of ride); 我在希尔顿酒店门口 (where one is).
RIDE_CALL_RE = lazy_compile(r"(?:叫|约|打|要|喊)(?:一|个|辆|台|部)*(?:(?:豪华|舒适|经济|商务|七座|六座|五座|大点|好点|新能源|电动)(?:型|版)?的?)?(?:车|计程车|出租车|的士|[Uu]ber|UBER|优步|滴滴|小黄|拼车|顺风车|快车|专车|优享|特惠快车)(?![票站])"
                          r"|(?:叫|约|喊)(?:一|个|辆|台|部)+(?:车|[Uu]ber|计程车)?(?=\s*(?:去|到|回|送))"
                          # 坐出租去鸟巢, 打出租到机场: 出租 said without 车 after a riding verb
                          r"|(?:坐|打|搭|乘|喊|叫)(?:个|辆|一辆)?出租(?![房屋屋车])"
                          r"|(?<=的)(?:车|专车|快车|出租车|计程车)[\s，,]*(?:帮我|给我|替我|麻烦你?)?(?:叫|约|喊|安排)")  # 去机场的车帮我约一下
WHERE_I_AM_RE = lazy_compile(r"^(?:我|我们)?(?:现在|正|人)?(?:住)?在[^\s，,。！!？?（()]{2,16}" + BRANCH + "$")
# 去看电影的路上: where one is going is said as background, no task.
ON_THE_WAY_RE = lazy_compile(r"(?:去|回|在)?[^\s，,。！!？?]{1,10}?的?路上")
# 小林面馆, 阿强烧烤店: a place to eat named by what it serves.
EATERY_RE = lazy_compile(r"[\u4e00-\u9fff]{1,6}(?:面馆|饭馆|餐厅|餐馆|酒楼|酒家|小吃店|食堂|烧烤店|火锅店|奶茶店|咖啡馆|咖啡店|甜品店|"
                       r"面包店|包子铺|粥铺|快餐店)")
# A place to eat named as apps list it, with its branch in brackets (大渔铁板烧(朝阳大悦城店)), or said where
# the order is placed (在耍牛忙串串香点一份兔头): the shop, its branch dropped.
NAMED_EATERY_RE = lazy_compile(
    r"(?:^|(?<=在))(?![来点要买订帮给请麻烦叫这那哪])(?![一两三四五六七八九十几0-9]+[份个碗杯盘只串瓶笼])"
    r"(?P<name>[^\s，,。！!？?（()在我的]{2,12}?)[（(][^（）()]{1,20}?店[）)]"
    r"|(?<=在)(?P<at>[^\s，,。！!？?（()在我的]{2,12}?)(?=(?:点|订)(?:一|两|[0-9]|个|份|杯|碗|盘))")
_STAY_OR_TRIP_RE = lazy_compile(r"酒店|宾馆|旅店|旅馆|民宿|客栈|公寓|饭店|招待所|站|机场|影城|影院|电影院|超市|商场|广场|小区|^家里?$|公司|"
                                r"学校|美团|饿了么|淘宝|京东|天猫|拼多多|盒马|叮咚|多多买菜|朴朴|网上|app|APP")


def named_eatery(text: str) -> re.Match[str] | None:
    """The first place to eat named in ``text`` as apps list it (see NAMED_EATERY_RE), or None."""
    for m in NAMED_EATERY_RE.finditer(text):
        if not _STAY_OR_TRIP_RE.search(m.group("name") or m.group("at")):
            return m
    return None


BOOK_RE = lazy_compile(r"[0-9一两二三四五六七八九十几]本[^，,。！!？?]{0,14}书(?:$|[，,。\s吧])|的书(?:$|[，,。\s吧])")
# 首都T3, 浦东T2: a terminal said after the airport's short name, no train number.
TERMINAL_RE = lazy_compile(r"(?<=机场)\s*[Tt]\d|[Tt]\d(?=\s*航站楼)|"
                           r"(?<=首都|大兴|浦东|虹桥|白云|宝安|双流|天府|萧山|江北|咸阳|禄口|天河|高崎|桃园)\s*[Tt][1-5](?![0-9])")
# A flight said by its number (MU5101, CA 1831, 3U8888): two-character airline code, then three or four digits.
FLIGHT_NO_RE = lazy_compile(r"(?<![A-Za-z0-9])((?:MU|CA|CZ|HU|ZH|MF|FM|HO|SC|KN|GS|JD|EU|TV|PN|DZ|QW|NS|BK|KY|GJ|UQ|DR|RY|CN|GX|"
                          r"OQ|FU|GT|JR|LT|3U|9C|8L|G5|Y8|A6|9H)\s?\d{3,4})(?![0-9])", re.IGNORECASE)
# What one goes to do at a ride's end (打车去海底捞吃火锅, 叫车去万达影城看哪吒): no order of its own.
RIDE_PURPOSE_RE = lazy_compile(r"(?:去|到)[^\s，,。！!？?去到]{1,12}?((?:吃|喝|看|逛|唱|买)[^\s，,。！!？?]{1,8})$")
# A car said with a trip's airport or station as its end (明天早上6点的车 去首都机场): a ride, not a ticket.
CAR_TO_PORT_RE = lazy_compile(r"(?<![火动高客班专汽])车[\s，,]*(?:去|到|送我去|送我到)\s*[^\s，,。！!？?]{0,8}?(?:机场|火车站|高铁站|[东南西北]站)"
                            r"(?:[Tt]\d)?(?=$|[\s，,。！!？?])")
# Words of films that name no title (最近有什么新片, 上映了什么大片, 万达的排片).
MOVIE_WORD_RE = lazy_compile(r"新片|大片|热映|上映|排片|院线|档期|贺岁片|新电影|好看的片|(?:部|场)(?:电影|片)")
# Going somewhere to see it (我想去看兵马俑, 带孩子去动物园, 去颐和园玩): a sight visited, not a ride.
SIGHT_VISIT_RE = lazy_compile(r"带[^，,。]{0,6}去|去(?:看|玩|逛|爬|参观|游览|转转|走走)"
                            r"|(?:想|要|打算|准备)去[^，,。？?\s]{2,8}?(?:看雪|看花|赏|拍照|打卡|玩|逛|爬|走走|转转)"
                            r"|(?:玩|逛逛|转转|走走|游玩|参观|看看)(?:$|[吧呢，,。])")
# The noun a request is about comes last (一家周边有景点的酒店 is a hotel, 酒店附近的景点 a sight).
HEAD_NOUN_RE = lazy_compile(r"(酒店|宾馆|饭店|民宿|旅馆|客栈|景点|景区|公园|博物馆|电影院|影院|影城|电影|餐馆|餐厅|饭馆|出租车|车|"
                          r"机票|航班|火车票|高铁票|高铁|动车|车票|门票)(?:吧|吗|呢|啊)?[？?。！!]*$")
HEAD_DOMAINS: dict[str, str] = {
    **dict.fromkeys(("酒店", "宾馆", "饭店", "民宿", "旅馆", "客栈"), "hotel"),
    **dict.fromkeys(("景点", "景区", "公园", "博物馆", "门票"), "attraction"),
    **dict.fromkeys(("电影院", "影院", "影城", "电影"), "movie"),
    **dict.fromkeys(("餐馆", "餐厅", "饭馆"), "takeout"), **dict.fromkeys(("出租车", "车"), "taxi"),
    **dict.fromkeys(("机票", "航班"), "flight"), **dict.fromkeys(("火车票", "高铁票", "高铁", "动车", "车票"), "train"),
}


# What the thing said last has (一家周边有景点的酒店, 带游泳池的酒店): a modifier, no task of its own.
HAS_MODIFIER_RE = lazy_compile(r"(?<=[有带离])[^，,。！!？?的有带离]{1,14}(?=的[^，,。！!？?的]{1,6}$)"
                             # 一家酒店附近的免费景点: the place the thing is near
                             r"|[^，,。！!？?的]{1,10}?(?:附近|周边|旁边|边上|周围)(?=的[^，,。！!？?的]{1,6}$)")


def modifiers(text: str) -> list[tuple[int, int]]:
    """The spans of what the head noun a clause ends on has (景点 in 一家周边有景点的酒店)."""
    if head_domain(text) is None:
        return []
    return [(m.start(), m.end()) for m in HAS_MODIFIER_RE.finditer(text)]


def head_domain(text: str) -> str | None:
    """The domain of the noun a clause ends on (…的酒店, …的景点), if any."""
    found = HEAD_NOUN_RE.search(text)
    return HEAD_DOMAINS[found.group(1)] if found else None


# Tickets home (回老家的票, 春运抢票): the journey home, by rail unless a flight is said.
HOMEWARD_RE = lazy_compile(r"(?:回老家|老家|返乡|春运)[^，,。]{0,6}(?:票|车)|抢票")
# 取个快递, 寄一下包裹: a parcel fetched or sent is an errand (at a ride's end), not one's own order asked after.
PARCEL_ERRAND_RE = lazy_compile(r"(?:取|拿|寄|收|领)(?:个|下|一下|一个|两个|几个|点)?(?:快递|包裹)|(?:取|拿|寄|收|领)(?:个|一个|两个|几个)件")
# Asking after goods already bought (我买的耳机怎么还没发货, 什么时候发货): one's own order.
SHIPPING_RE = lazy_compile(r"(?:还没|没有?|什么时候|啥时候|几时|怎么还不)发货|发货了(?:吗|没)|(?:寄|发)出(?:去)?了?(?:吗|么|没)|"
                         r"(?:送|寄|跑)(?:到)?哪(?:儿|里)?去了|物流(?:信息|到哪|怎么)|快递(?:到哪|怎么还)")
# One's own orders listed (这个月都下了哪些单, 我之前订的那些东西, 订单记录): the account.
OWN_ORDERS_RE = lazy_compile(r"下(?:了|过)(?:哪些|什么|几|多少)单|(?:我|之前|以前)(?:订|买|点|下)(?:的|过的?)(?:那些|哪些)?(?:东西|单子)"
                           r"|订单(?:记录|列表|历史)|(?:历史|全部|所有的?)订单|消费记录")
# The user's own account said without an order verb (订单状态, 申请售后, 我上周订了什么酒店, 我有什么优惠).
OWN_ACCOUNT_RE = lazy_compile(r"(?<![下个])订单|售后|退货|退款|(?:帮我|给我|我要|我想|麻烦)(?:开|要|寄|补开|重开|打印)(?:一?张|个|下|一下)?[^，,。！!？?]{0,8}发票|(?:订单|那单|这单)的?发票|发票[^，,。！!？?]{0,6}(?:寄给我|寄到|开好|怎么开|在哪)|(?:改|修改|更改|换)(?:一下|下)?(?:收货|送货|配送)?地址|地址(?:填|写|选)错|(?:多少|几)积分|积分(?:还)?(?:有|剩|是)?(?:多少|几)|我的(?:积分|会员)|会员(?:卡)?(?:什么时候|啥时候)?到期|(?:订|买|点)了(?:什么|啥|哪些|哪家|几|多少钱)|我(?:有|的)(?:什么|哪些|几张)?(?:优惠券?|券|卡券)(?:$|吗|呢)"
                            r"|(?:我|东西|坏了)[^，,。]{0,4}要退(?:$|[了吧，,。])|(?:骑手|外卖小哥|快递小哥|司机)(?=到哪|在哪|怎么|还|呢|多久|啥时候|什么时候)|(?<![取拿寄收领])(?<![取拿寄收领][个下点件])(?<![取拿寄收领][一两几][个下件])包裹"
                            r"|(?:点|买|订|定|下|充|冲)错[^，,。！!？?]{0,4}了|领[^，,。！!？?]{0,6}(?:免单卡|优惠券|券)|怎么这么慢|太慢了|怎么退|如何退"
                            r"|(?:做好|送出|出餐|出票)了?(?:吗|么|没)|送错|做错|拿错|少送|漏送|少给|洒了|撒了|漏了|不新鲜|变质|投诉|改签"
                            r"|(?:买|订|点|定)的[^，,。！!？?]{0,8}(?:不合身|不合适|太大了|太小了|有问题|坏了|破了|不好用|质量[差不]|"
                            r"不想(?:看|去|住|坐|要|吃|喝)了)"
                            # what came wrong with one's own order (炸鸡里面有头发, 汉堡少了一个, 外卖被人拿走了)
                            r"|(?:里面?|里头)有(?:[一两几]?[根个只条块])?(?:头发|虫子?|苍蝇|蟑螂|异物|钢丝|石子|塑料)|少了[一两0-9]+[个份杯瓶罐盒袋碗串块只根双件]"
                            r"|被(?:人)?(?:拿走|偷走|偷)了|送到(?:了)?(?:隔壁|别人家|别的地方|错的地方)"
                            r"|我(?:点|要|买|订)的是[^，,。？?]{1,8}?(?:怎么|咋|却|结果|但是?)"
                            r"|能不能快点|快点送|催催|催一下|(?:出|送到|到)了没(?:有)?$|怎么是(?:凉|冷|热|坏)的|还没好|好了没")
# Paying the phone bill said without 话费 (缴一下手机费, 交电话费).
PHONE_BILL_RE = lazy_compile(r"[缴交付](?:一下|下)?(?:手机|电话)费|手机费|电话费|(?:充|冲|买)(?:点|些|个|一下)?(?:手机)?流量"
                           r"|手机[^，,。！!？?]{0,2}(?:充|冲)(?!电)|手机(?:快|又|都|已经)?(?:没钱|欠费|停机|没话费|没费)了?[\s，,]*(?:帮我|给我|帮她|给她|帮他|给他)?(?:充|冲)(?!电)|手机[^，,。！!？?]{0,2}(?:交|缴|加值|储值)|加值"
                           r"|(?:充|冲)(?:一下|下|点钱)?(?:我的|我妈的|他的|她的)?手机(?!壳|膜|套|支架|充电|电|线)")
# A domain's word naming goods (电影海报, 火车模型, 飞机杯): the word is the goods' theme, no task of its own.
GOODS_OF_RE = lazy_compile(r"(电影|火车|高铁|动车|飞机|航班|酒店|出租车|景点)的?(?=模型|海报|玩具|手办|拼图|周边|贴纸|明信片|纪念品|冰箱贴|"
                         r"书签|杂志|画册|原声|光盘|T恤|投影仪|饼|杯)")
# A ride's end that is only a cinema (送我去电影院, 打车到万达影城): where one goes, not a film booked.
CINEMA_END_RE = lazy_compile(r"[\u4e00-\u9fffA-Za-z]{0,6}(?:电影院|影院|影城)(?:门口)?")
# Hurrying to a flight or a train (明天早上要赶飞机，帮我叫个车): said of a ride, never a booking.
HURRY_RE = lazy_compile(r"赶[^，,。！!？?]{0,6}?(?:飞机|航班|火车|高铁|动车)|下(?:了)?(?:飞机|高铁|火车|动车)|"
                      r"(?:飞机|航班)(?:快|已经|刚|刚刚)?(?:落地|到)了|(?:航班|飞机|高铁|火车|动车)[^，,。！!？?]{0,8}?"
                      r"(?:到达?|落地|降落|抵达)(?=$|[，,。！!？?])|接机|送机")
# Catching a flight or a train at a ride's end (送我去首都机场赶飞机, 打车去机场，10点的航班): the ride is the task.
CATCH_RE = lazy_compile(r"赶(?:飞机|航班|火车|高铁|动车)|(?:坐|搭|乘)(?:飞机|高铁|火车|动车)|[0-9一两二三四五六七八九十点半]的(?:飞机|航班|高铁|火车|动车)")
# A station named with its rail word (到高铁台中站, 去高铁左营站): a place to go to, no rail ticket.
RAIL_NAMED_STATION_RE = lazy_compile(r"(?<=[到去回在从])(?:高铁|火车)(?=[\u4e00-\u9fff]{1,4}站(?![票台]))")
# A flight or a train told by its time after a ride is called (…，航班是下午4点的; …，要赶三点的车): the reason for
# the ride, no ticket asked.
TRIP_TOLD_RE = lazy_compile(r"(?:(?:我的|我们的)?(?:航班|飞机|班机|高铁|火车|动车|车次)是?[^，,。！!？?]{1,10}的"
                            r"|(?:我|我们)?(?:要|得)?赶[^，,。！!？?]{0,8}的(?:车|飞机|航班|班机|高铁|火车|动车))(?:吧|啊)?")
# Words only a stay is said with (几点退房, 续住一晚), its facilities (提供无烟房和洗衣服务, 有行李寄存的) and rooms
# left asked (还有房吗, 有空房没).
STAY_WORD_RE = lazy_compile(r"退房|续住|延迟退房|办理入住|房间里|客房|含早|带早餐|无烟房|行李寄存|寄存行李|洗衣服务|叫醒服务|"
                            r"接机服务|接站服务|宽带上网|国际长途电话|残疾人设施|室内游泳池|早餐服务|24小时热水|"
                            r"(?:还|有没)有(?:空)?房(?:间)?(?![子屋产车贷])|还?剩(?:几|多少)间(?:房|空房)?|有(?:空)?房(?:间)?(?:吗|么|嘛|没)|空房")
# How long a visit takes (能玩多长时间, 游玩时长1小时, 可以玩3个小时的地方): asked of sights only.
VISIT_LENGTH_RE = lazy_compile(r"游玩时[长间]|能玩多[久长]|(?:能|可以)?玩(?:个)?\s*[0-9一两三四五六七八九十半.]+\s*(?:个)?\s*小时|"
                               r"(?:能|可以)玩(?:多久|几个小时|一天|半天|一整天|整天|[0-9一两三四五六七]天)")
# Kinds of admission ticket (学生票半价吗, 两张成人票): a sight's tickets.
ADMISSION_RE = lazy_compile(r"(?:学生|儿童|成人|老人|大人|小孩|亲子|家庭|团体|半价)票")
# A follow-up question about the thing just talked of (它的地址是什么, 电话是多少, 那家的房价呢): its domain is
# guessed from what is asked: a sight's tickets and visit, a stay's price and rooms, a ride's car; an address,
# a phone or a rating most often of a sight. The reading stays below the threshold (the planner has the context).
FOLLOW_UP_RE = lazy_compile(r"^(?:那|那么|好的?|嗯|请问|另外|还有|顺便|麻烦你?|请)?[，,\s]*(?:把|将)?(?:它|他|这|那|该|其)?(?:个|家|里|儿|边|辆|位)?(?:地方)?"
                          r"(?:出租车?|计程车|的士|车|司机|店|餐厅|饭店|饭馆|馆子|小店)?的?\s*"
                          r"(?:门票|票价|游玩时间|开放时间|地址|电话|评分|房价|价格|一晚|酒店类型|类型|设施|车型|车牌|司机|外卖|菜|人均|营业时间)"
                          r"[^，,。]{0,10}$")
TAG_QUESTION_RE = lazy_compile(r"(?<=.)[，,\s]+(?:好吗|好不好|可以吗|行吗|谢谢你?|谢啦)[？?。!！]*$")
FOLLOW_UP_DOMAINS: tuple[tuple[re.Pattern[str], str], ...] = (
    (lazy_compile(r"门票|票价|游玩时间|开放时间"), "attraction"),
    (lazy_compile(r"房价|价格|一晚|酒店类型|类型|设施"), "hotel"),
    (lazy_compile(r"车型|车牌|司机"), "taxi"),
    (lazy_compile(r"店|餐厅|饭馆|馆子|外卖|菜|人均|营业时间"), "takeout"),  # 这家店的电话, 它家的外卖好吃吗
    (lazy_compile(r"地址|电话|评分"), "attraction"),
)


def follow_up_domain(text: str) -> str | None:
    """The domain a follow-up question about a thing said before most likely asks of, or None."""
    said = TAG_QUESTION_RE.sub("", text)  # 把车牌号告诉我吧，好吗: the tag asks, the words before it say what
    if not FOLLOW_UP_RE.match(said) or not re.search(r"[吗呢？?]|多少|什么|几|哪|怎么样|告诉我|说一下|为$", text):
        return None
    return next((domain for pattern, domain in FOLLOW_UP_DOMAINS if pattern.search(said)), None)


# Sights the lexicon lacks, named by their last word (鲁迅故居, 天一阁, 白马寺, 涠洲岛, 宏村). A longer ending
# (故居, 石窟, 度假村) names a sight wherever the clause speaks of tickets; one character (寺, 阁, 湖, 岛…) only
# right before its tickets or a question about going in (天目湖门票, 白马寺的门票, 涠洲岛上岛要买票吗, 宏村门票多钱).
_LONG_SIGHT_END = (r"故居|旧居|古城|古村|古镇|石窟|石刻|大佛|度假村|纪念堂|大会堂|(?<!大)大学|图书馆|(?<!城市)广场|大街|"
                   # venues and quarters visited (工人体育场, 首都剧场, 天桥艺术中心, 五道营胡同, 潘家园旧货市场, 西单大悦城)
                   r"体育场|体育馆|剧场|剧院|艺术中心|展览馆|展览中心|会展中心|纪念碑|胡同|文化街|小吃街|步行街|美食街|酒吧街|"
                   r"(?<![菜农])(?<!农贸)(?<!人才)市场|大悦城|(?:体育|游泳|奥体|文化|科技|演艺)中心|教堂|天主堂|音乐堂|音乐厅|观象台|太古里|书店|园区|影视城|遗址|森林公园|地质公园|国家公园|风景区|名胜区|遗址公园|"
                   r"海洋世界|欢乐世界|动物世界|海底世界|冰雪世界|童话世界|恐龙世界|天坑地缝|天坑|地缝|石林|溶洞|大峡谷")
_SHORT_SIGHT_END = (r"寺|庙|宫|祠|陵|塔|阁|(?<![立过])桥|(?<![花论酒祭])坛|(?<![凉报岗])亭|巷|(?<![大一条])街|(?<![部专热入出后前正大东南西北侧])门(?!票)|(?<!写字)(?<!办公)(?<!教学)(?<!宿舍)(?<![大售])楼|山|峰|湖|潭|岛|峡|洞|"
                    r"(?<!(?<!山)海)(?<![机开玄])关|村|(?<![城乡])镇|山庄|(?<!幼儿)(?<![校菜果花家])(?<!软件)(?<!产业)(?<!科技)(?<!工业)(?<!创业)(?<!物流)园|(?<![饭茶面旅宾酒餐菜粥])馆|艺术区|画廊")
_ENTRY_AFTER = (r"(?:上岛|上山|进山|进去|入园|进园|去(?=游玩|玩))?(?:今天|明天|后天|周末|现在|平时|上午|下午|晚上|早上|中午)?的?(?:门票|[^\s，,。？?的]{0,2}票|要不要|需不需要|用不用|要|需要|几点|多少钱|多钱|"
                r"值得|值不值|好玩|开放|开门|关门|免费|收费|电话|地址|评分|能玩|可以玩|游玩|在哪)")
# The sight said first, as the topic of the tickets asked for after it (秦皇岛山海关，买一张老人票).
_TOPIC_AFTER = r"[，,\s][^。？?]*(?:票|成人|大人|老人|儿童|小孩|学生)"
# Any name right before its entrance tickets (先声画廊门票多少钱, 买两张京西古道的门票) is a sight's.
OPEN_SIGHT_END_RE = lazy_compile(rf"[\u4e00-\u9fff]{{1,8}}?(?:{_LONG_SIGHT_END})|[\u4e00-\u9fff]{{1,6}}?(?:{_SHORT_SIGHT_END})(?={_ENTRY_AFTER})"
                                 rf"|[\u4e00-\u9fff·]{{2,12}}?(?=的?(?:门票|成人票|儿童票|学生票|老人票))"
                                 rf"|^[\u4e00-\u9fff]{{1,6}}?(?:{_SHORT_SIGHT_END})(?={_TOPIC_AFTER})"
                                 # a name pointed at as a sight (大观园这个景点, 名叫童话树屋的景点): the sight, whatever its last word
                                 rf"|(?<=名叫|叫做|个叫)[\u4e00-\u9fff·]{{2,10}}?(?=的?(?:景点|景区))|(?<=[去到])[\u4e00-\u9fff·]{{2,8}}?(?=的景点(?:游玩|玩|看看|逛逛))|[\u4e00-\u9fff·]{{2,10}}?(?=这个(?:景点|景区))")
# Trips by rail, air or coach: their tickets are no sight's (去佛山的票 is a city's, 去唐山的高铁).
_TRIP_WORD_RE = lazy_compile(r"高铁|动车|火车|机票|航班|飞机|车票|班车|大巴|汽车票")
_SIGHT_END_CHAR_RE = lazy_compile(r"[寺庙宫祠陵塔阁楼山峰湖潭岛峡洞关村庄园居城镇窟刻佛堂区界馆廊学场街院心碑同市店址里桥门坛亭巷厅台坑缝林谷]")
_NOT_SIGHT_KINDS = frozenset({"city", "station", "airport", "movie", "cinema", "hotel_brand", "sight"})


def open_sight_ends(piece: Piece) -> list[tuple[int, int, str]]:
    """Sights the lexicon lacks said by their last word, as (start, end, name); none ends on a city, a film or a
    known sight. A city said first is split off when the name has words of its own (宁波|天一阁, not 洛阳古城)."""
    if not (_SIGHT_END_CHAR_RE.search(piece.text) or "门票" in piece.text or "景" in piece.text) or _TRIP_WORD_RE.search(
            piece.text):
        return []
    found = []
    for m in OPEN_SIGHT_END_RE.finditer(piece.text):
        if any(mention.kinds() & _NOT_SIGHT_KINDS and mention.start < m.end() and m.end() - 1 < mention.end
               for mention in piece.mentions) or any(s < m.end() and m.start() < e for s, e, _ in piece.titles):
            continue
        said = m.group(0)
        if m.start() and (piece.text[m.start() - 1].isdigit() or piece.text[m.start() - 1] in _COUNT_CHARS):
            said = said.lstrip("张个位")  # 4张|白马寺, 两张|杭州胡雪岩故居
        long = said.endswith(_LONG_ENDS)
        name = open_sight_name(said, long=long)
        if name is None or _NOT_A_NAME_RE.search(name) or LEAD_JUNK_RE.fullmatch(name) or any(
                d.start < m.end() and m.end() - len(name) < d.end for d in piece.scan.dates):
            continue  # 明天两张|儿童票: the day and the count said before the tickets name no sight
        start = m.end() - len(name)
        city = next((c for c in piece.mentions if "city" in c.kinds() and start <= c.start < m.end()), None)
        if city is not None and open_sight_name(piece.text[city.end:m.end()], long=long) is not None and (
                piece.text[city.end:m.end()] not in _KIND_ONLY_SIGHTS):
            start = city.end  # 宁波|天一阁; 杭州野生动物世界 keeps its city (the rest names only a kind of sight)
        found.append((start, m.end(), piece.text[start:m.end()]))
    return found


_COUNT_CHARS = frozenset("一两二三四五六七八九十几俩仨")
# Names of a kind of sight only: said after a city, the city is part of the name (北京天文馆, 杭州野生动物世界).
_KIND_ONLY_SIGHTS = frozenset({"动物园", "植物园", "博物馆", "美术馆", "科技馆", "海洋馆", "水族馆", "天文馆", "海底世界",
                               "野生动物园", "野生动物世界", "海洋世界", "海洋公园", "欢乐世界", "动物世界"})
# Words before tickets that point at a sight or ask for one rather than name it (这个景点的门票, 找个门票便宜的).
_NOT_A_NAME_RE = lazy_compile(r"^(?:这|那|该|此|哪|找|有|要|需要|什么|啥|如果|要是|万一|假如|再|还|就|请|麻烦)|(?:买|订|定)了$|"
                              r"[0-9一两二三四五六七八九十几俩仨][张个位]$|"
                              r"(?:找|要|订|买|挑|选)(?:个|一个|一家|家)$|(?:景点|景区|地方|这里|那里|那儿|这儿)$|"
                              r"[和与及跟]$|电话|地址|评分|价格|以上|以下|以内|左右|^不(?:会|用|要|需要)")  # 电话和|门票: what is asked of the sight named before
_LONG_ENDS = tuple(_LONG_SIGHT_END.split("|"))
# Words before a sight's name that are no part of it: the request, the count, going there.
_LEAD_RE = lazy_compile(r"^(?:.*的|.*[去到]|.*[查问看搜]一?下|.*[0-9一两二三四五六七八九十几][张个位]|.*(?:帮忙|拜托)|[再还也先来帮给替我想要订定买抢约预下进爬登游逛玩看泡和跟带趟]+[张个位]?)?"
                        r"(?:[0-9一两二三四五六七八九十几]+[张个位])?")


def open_sight_name(said: str, *, long: bool) -> str | None:
    """The name in an open sight's words (订两张白马寺 -> 白马寺); None when only its last word is left (爬山)."""
    name = _LEAD_RE.sub("", said, count=1)
    shortest = 3 if long else 2
    return name if len(name) >= shortest else None


# Words said before a sight's name that are no part of it: discourse words, the asking, naming and choosing verbs
# (那就|什刹海, 查下|天云山风景区, 你知道|中山公园, 名叫|郭守敬纪念馆, 把|茅盾故居, 听说|国家图书馆, 选|乐多港奇幻乐园).
LEAD_JUNK_RE = lazy_compile(r"^(?:好的|好吧|嗯+|呢|哦|那就|那么|那|就是|就|也|还是|当然是|当然|再|请问|请|麻烦你?|帮我们?|给我们?|我们?|咱们?|你们?|俩|们|"
                            r"(?:帮|给)?(?:找|查|问|看|搜)(?:一下|下|查|看)|你?知道|听说|据说|听朋友说|名叫|名字叫|叫做|叫|把|"
                            r"选择?|打算(?:在|去)?|想去|想到|想|要去|去|到|在|对|喜欢|觉得|景点|这个|(?:告诉我)?一下|[,，。\s])+")


def lead_trimmed(name: str, *, shortest: int = 2) -> str:
    """An open sight's name without the words said before it (那就|什刹海), when enough of a name is left."""
    trimmed = LEAD_JUNK_RE.sub("", name, count=1)
    return trimmed if len(trimmed) >= shortest else name


# Sights the lexicon lacks named by a park word (恐龙园, 西安博物院, 某某温泉); read by the domain and the sight readers.
OPEN_SIGHT_RE = lazy_compile(r"[\u4e00-\u9fff]{1,8}(?:动物园|乐园|公园|古镇|老街|博物馆|博物院|海洋馆|水族馆|植物园|大峡谷|"
                           r"(?<!幼儿)(?<!校)(?<!菜)(?<!果)(?<!花)(?<!家)(?<!软件)(?<!产业)(?<!科技)(?<!工业)(?<!创业)(?<!物流)园(?=$|[\s，,的门玩逛票])|纪念馆|科技馆|美术馆|天文馆|"
                           r"瀑布|度假区|温泉|景区|风景区|灯会|庙会|冰雪节|音乐节|花展|滑雪场|游乐场|湿地|(?<!生产)基地)")
