"""Context clauses: what is already done (酒店已经定好了, 定好酒店以后) is said as background, not asked for.

Such a clause gives no task; a city or date it states still reaches the task asked for after it, since
its words stay in that task's text.
"""

from __future__ import annotations

from bangwo.understanding import cues
from bangwo.understanding.lazyregex import lazy_compile

# A visit, a search or a choice settled (故宫去过了, 酒店找到了, 就订这家酒店了, 那就住这里吧): what follows is the
# next wish, said in full.
SETTLED_RE = lazy_compile(r"(?:去|玩|逛|爬|来|看|住)过了(?=$|[，,\s])"
                          r"|找(?:好|到)了|(?:定|选|找)下来了|搞定了|敲定了|解决了|妥当了|有着落了"
                          r"|(?:(?<=地方)|(?<=住处)|(?<=酒店)|(?<=宾馆)|(?<=房间))有了$"
                          r"|就(?:这么|这样)定了|就(?:订|定|选|要|住)?(?:它|这家|那家|这里|那里|这儿|那儿|这个|那个|那)[^，,。！!？?]{0,4}了$"
                          r"|就(?:去)?(?:住)?(?:这|那)(?:家|里|儿)(?:住)?吧?$")
# 已经定好了, 定好以后, 买好了, 早就订了: the errand of the clause is done.
# 外卖到了, 快递收到了: what was ordered has come, told before the next request.
ARRIVED_RE = lazy_compile(r"(?:(?:送|收|拿)|(?:外卖|快递|东西|包裹|餐))(?:已经)?到了(?![吗么嘛没])")
DONE_RE = lazy_compile(r"(?:空|没|用完|吃完|喝完|坏|不够)了|没(?:钱|电|话费|流量|余额)了|欠费|停机|已经|(?<![不没])已(?=[定订买约付办叫])|早就|(?:定|订|买|约|叫|付|办|抢|安排|选)(?:好|完|到)(?:了|以后|之后|后)?|住下(?:了|以后|之后|后)"
                     r"|(?:定|订|买|约|抢)了(?=$|[，,\s]|以后|之后)"
                     r"|" + ARRIVED_RE.pattern + r"|" + SETTLED_RE.pattern
                     # a taste told (我女儿最喜欢逛博物馆了，…): what is liked, then the request
                     + r"|(?:最|很|特别|超|挺)(?:喜欢|爱)[^，,。！!？?]{1,10}了$"
                     r"|^(?:先|今晚)?(?:休息|睡|歇)(?:上)?(?:一晚|一夜|一宿)(?:吧|再说)?$")  # 先歇一晚，明天…
# A booking or a stay already settled, said inside the clause that asks for the next thing (住下以后我想找个景点,
# 选好酒店以后…, 从酒店出来后…, 逛完两个景点…): background words, no task of their own. An activity finished first
# that names its thing (看完电影打车) is a task of its own, said in the order done.
DONE_PHRASE_RE = lazy_compile(r"(?:(?:住|选|安排|定|订|买)(?:好|下)了?[^\s，,。！!？?]{0,6}?(?:以后|之后|后)"
                              r"|从(?:景点|景区|酒店|宾馆)出来(?:以后|之后|后)?"
                              # 飞机落地以后, 下了高铁以后: the trip taken is the time of the ride asked after it
                              r"|(?:飞机|航班|高铁|火车|动车)(?:落地|降落|到站|进站|抵达)(?:了)?(?:以后|之后|后)"
                              r"|下(?:了)?(?:飞机|高铁|火车|动车)(?:以后|之后|后)"
                              # 休息一晚明天…: a night's rest said before the next day's wish
                              r"|(?:休息|睡|歇)(?:上)?(?:一晚|一夜|一宿)(?:以后|之后|后)?(?=明天|第二天|然后|再|我)"
                              # 逛完两个景点, 玩完这个景区以后: sights visited with no name are the time of what follows
                              r"|(?:逛|游|玩|去|到|游览|参观|看)完了?(?:[一两二三四五六七八九十几]个|这个|那个|这些|那些|这几个|那几个)?"
                              r"(?:景点|景区)(?:以后|之后|后)?)")
# A later clause that asks for something: the done clause is its background.
REQUEST_RE = lazy_compile(r"帮我|给我|我想|想要|想找|想去|我要|麻烦|再帮|请|订|定|买|点|叫|找|充|推荐")
NOT_DONE_RE = lazy_compile(r"吗|(?<![这那怎什])么|没有?$|没[定订买]|还没|取消|退")

Clause = tuple[int, int, str | None, bool]
# A booking told as done (我订了酒店, 我已经买了电影票): goods said so may still be the order (我买了两杯奶茶，送到公司).
BOOKED_TOLD_RE = lazy_compile(r"^(?:我|我们)(?:已经|刚|刚刚|之前|昨天|今天|早就)?(?:订|定|买|约|抢)(?:好)?了")
BOOKED_DOMAINS = frozenset({"hotel", "movie", "train", "flight", "attraction"})
# A trip told with its purpose (去杭州出差, 飞深圳见客户) rather than asked for by its ticket (机票, 高铁).
TRIP_NOUN_RE = lazy_compile(r"机票|飞机|航班|高铁|动车|火车|车票|票|座|舱")
ASK_FOR_RE = lazy_compile(r"帮我|给我|订|定|买|抢|查|看看")
PURPOSE_RE = lazy_compile(r"出差|开会|旅游|旅行|度假|玩|见客户|见朋友|办事|参加|探亲|看望|拜年|面试|考试")


def _trip_told(said: str, domain: str) -> bool:
    return domain in ("train", "flight") and bool(PURPOSE_RE.search(said)) and not TRIP_NOUN_RE.search(
        said) and not ASK_FOR_RE.search(said)
# A wish held back by a fear (晚上想吃火锅 又怕上火, 想喝奶茶但是怕胖): torn, nothing asked for by it.
HESITATION_RE = lazy_compile(r"(?:想|馋)[^，,。？?]{1,10}[，,\s]*(?:又|但|但是|可是|可|不过|就是|只是)(?:又)?(?:怕|担心|害怕)"
                             r"[^，,。？?吗么嘛]{1,8}[。!！~…]*$")


def is_background(said: str) -> bool:
    """Words that tell what is done or why a trip is made (酒店定好了, 周五去深圳见客户), or a wish held back
    (想吃炸鸡又怕胖, …)."""
    return bool(DONE_RE.search(said) or PURPOSE_RE.search(said) or HESITATION_RE.search(said.strip(" ，,")))


# A trip said only by its time (明天早上的飞机, 下午3点的高铁): the reason for a ride asked after it.
TRIP_TIME_RE = lazy_compile(r"[^订定买抢查帮给要]{1,12}的(?:飞机|航班|高铁|火车|动车)")


def drop_done(text: str, clauses: list[Clause]) -> list[Clause]:
    """Clauses saying an errand is done, or a trip told with its purpose (去杭州出差), become background
    (no domain) when a request for something else follows them."""
    out = list(clauses)
    for i, (start, end, domain, _strong) in enumerate(clauses):
        said = text[start:end]
        if domain is None or (domain == "account" and not ARRIVED_RE.search(said)) or NOT_DONE_RE.search(said):
            continue
        told_after = cues.TRIP_TOLD_RE.fullmatch(said.strip(" ，,。")) and any(d == "taxi" for _, _, d, _ in clauses[:i])
        if (TRIP_TIME_RE.fullmatch(said.strip(" ，,。")) and any(d == "taxi" for _, _, d, _ in clauses[i + 1:])) or told_after:
            out[i] = (start, end, None, False)  # 明天早上的飞机，帮我约个车: the ride is asked, the flight told
            continue
        booked = domain in BOOKED_DOMAINS and BOOKED_TOLD_RE.search(said)  # 我订了酒店，帮我叫个车
        if not DONE_RE.search(said) and not _trip_told(said, domain) and not booked:
            continue
        later = clauses[i + 1:]
        if any(REQUEST_RE.search(text[s:e]) or (d is not None and d != domain) for s, e, d, _ in later):
            out[i] = (start, end, None, False)
    return out
