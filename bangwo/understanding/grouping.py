"""Tasks of a sentence: clauses, the domain each names, and groups of clauses that make one task.

A clause naming a domain outright opens a task of that domain; clauses naming none elaborate the task
around them. A question about a thing (还有票吗) is a task of its own, and an order said after it
(有的话订两张) is another, in the order said.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bangwo.understanding import asking, classify, contexts, cues, errands, options, products, qualifiers
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.pieces import Piece
from bangwo.understanding.weighing import PRODUCT, Weigher

# Clauses end at punctuation and spaces, but not at a space inside English words (Apple Watch, iPhone 15).
CLAUSE_RE = lazy_compile(r"[，,。！!？?；;\n]+|(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])|\.{2,}|…+")
JOIN_RE = lazy_compile(r"顺便|然后|再|和|跟|还有|并且|同时|以及|另外")
REDO_RE = lazy_compile(r"重新|换成|再点|再来")
ORDER_VERB_RE = lazy_compile(r"点|来|买|订|定|要(?![去回到是不])|叫|整|下单|帮我|换|充(?!电)")  # 要去看电影: a plan, no order
# A wish for food said first (我想吃火锅，顺便叫个车): an order; said after a ride, it is the ride's purpose.
FOOD_WISH_FIRST_RE = lazy_compile(r"^(?:我)?(?:好)?(?:想吃|想喝|馋)")
COUNTED_RE = lazy_compile(r"^[0-9一两二三四五六七八九十]+\s*[杯份碗个束瓶盒袋斤箱件双本张]")
CONNECTOR_RE = lazy_compile(r"^(?:再|然后|顺便|另外|还要|还有|并且|同时)")
# 电影是惊蛰无声, 酒店要大床房: a later clause naming a task's noun and then saying more about it.
ELABORATION_RE = lazy_compile(r"^(?:电影|片子|影片|酒店|房间|机票|航班|高铁|火车|车票|门票|外卖|奶茶|咖啡)(?:是|就是|选|要|的话|呢)")
COUNT_ONLY_RE = lazy_compile(r"^(?:再|还)?(?:帮我)?(?:买|来|要|订|拿)?\s*[0-9一两二三四五六七八九十几]+\s*[杯份碗个瓶盒袋斤箱提桶包罐打件双]"
                           r"(?:就行|就好|吧)?$")
# A clause of ticket kinds and their counts only (成人票两张 儿童票一张, 大人两个小孩一个, 买3张学生票): who travels
# when a trip is said beside it, not sight tickets.
_N = r"[0-9一两二三四五六七八九十俩仨]+\s*(?:张|个|位|名)?"
_KIND = r"(?:成人|大人|儿童|小孩|孩子|小朋友|学生|老人|长者)(?:票|的)?"
KIND_TICKETS_ONLY_RE = lazy_compile(rf"(?:(?:帮我|给我)?(?:买|要|订|定|来|抢)?\s*(?:{_N}\s*{_KIND}|{_KIND}\s*{_N})\s*(?:[,，、和加跟还有再]|\s)*)+"
                                    r"(?:就行|就好|吧)?|(?:要|买|都是|全是)?\s*(?:成人|大人|儿童|学生)票(?:就行|就好|吧)?")
# A plan to see a film, no film named (等会儿去看电影, 我们晚上要去看场电影): told before the ride asked for.
WATCH_PLAN_RE = lazy_compile(r"(?:等会儿?|一会儿?|待会儿?|等下|晚上|今晚|下午|我们|我|要|想|准备|打算)*去看(?:个|场|一场)?电影(?:了|吧|呢|啊)?")
# An errand said after a ride to a store (买点菜, 顺便逛逛): done there by the rider, no order of goods.
RIDE_ERRAND_RE = lazy_compile(r"(?:去|要|想|顺便|然后)*(?:买点|买些|买一些|买个|逛逛|逛一下|逛一逛|采购)[\u4e00-\u9fff]{0,4}?(?:东西|菜|水果|日用品|年货)?(?:吧|呢)?")
# A clause asking only for a suggestion (有什么推荐的吗, 推荐一下, 哪个牌子好): of the task said before it.
BARE_SUGGEST_RE = lazy_compile(r"(?:你|请|麻烦)?(?:有(?:什么|啥|没有)(?:好的?)?推荐(?:的)?|推荐(?:一下|下|个|一个|几个|几款)?|"
                             r"(?:哪个|哪款|哪种|什么)(?:牌子)?(?:好|比较好|好用|划算))(?:吗|么|嘛|呢|吧|啊)?")
RIDE_START_RE = lazy_compile(r"(?:我)?(?:从|在)[^\s，,。]{1,12}(?:出发|走|上车|等|过去|过来)")
# A model code said after goods (罗技鼠标 G502, 华为手环 D2 来一个); a rail word makes it a train again.
MODEL_CODE_RE = lazy_compile(r"[A-Za-z]{1,4}\s?-?\d{1,5}[A-Za-z]{0,4}(?![\dA-Za-z])")
RAIL_WORD_RE = lazy_compile(r"车次|次列车|列车|高铁|动车|火车|票|站|出发|到达|开车|发车|几点|从|到")
# 订两张明天去杭州的票: tickets ordered to a place.
TICKETS_TO_RE = lazy_compile(r"(?:订|定|买|抢|要)[^，,。？?]{0,12}?(?:去|到|回|飞)[^，,。？?]{1,10}?的?(?:车)?票")
TRIP_TICKET_RE = lazy_compile(r"票|高铁|动车|火车|飞机|航班")
# 帮我叫个车，从北京寿州大饭店到老北京展馆: the ride's two ends said in the clause after the call.
RIDE_ENDS_RE = lazy_compile(r"(?:我要|我想|麻烦)?(?:(?:现在|马上|立刻|明早|明天早上|明天|今天|今晚|[0-9一两三四五六七八九十]{1,2}点半?)\s*){0,2}"
                            r"(?:从[^\s，,。]{2,30}?(?:到|去|回)|去|到|回|送我去|送我到)[^\s，,。从去到]{2,30}")
# A clause of options only (去冰, 少糖少冰, 大杯 热的, 微辣): of the product said before it.
_OPTION_WORDS = sorted({w for table in (options.SUGAR, options.ICE, options.SIZE, options.SPICE)
                        for words in table.values() for w in words.split()}, key=len, reverse=True)
OPTION_ONLY_RE = lazy_compile(r"(?:" + "|".join(map(re.escape, _OPTION_WORDS)) + r"|冰的|热的|温的|要|的|[,，\s])+")
# 送到图书馆门口: where the products said before go.
DELIVERY_ONLY_RE = lazy_compile(r"(?:帮我|麻烦|请)?(?:送到|送至|送去|外送到|放到|放在)[^，,。！!？?\s]{1,20}?(?:就行|就好|吧|谢谢)?")
# 两份水饺 一份韭菜的一份白菜的: the units of the product before told apart.
UNITS_APART_RE = lazy_compile(r"(?:[一1][杯碗份个][^，,。\s一1]{1,6}){2,}")
# 买一斤猪肉馅 包饺子, 买只鸡 炖汤: what the goods are for, said after them.
COOKED_FOR_RE = lazy_compile(r"(?:用来|拿来|回家)?(?:包|做|炖|煮|熬|蒸)[\u4e00-\u9fff]{1,4}?(?:用|吃|喝)?")
# 煲仔饭 腊味的, 拿铁 燕麦的: the kind of the product said before, by what it is made with.
KIND_OF_RE = lazy_compile(r"(?:要)?[\u4e00-\u9fff]{1,3}(?:口味)?的")
BOOK_RE = lazy_compile(r"(?:[买来要订一两二三四五六七八九十0-9几]|^)本|书|绘本|小说|漫画")
RIDE_PURPOSE_RE = lazy_compile(r"看(?=[^\s，,。]{2,})")
PLACE_RELATION_RE = lazy_compile(r"去|到|回|往|从|在|附近|旁边|边")

Clause = tuple[int, int, str | None, bool]


@dataclass
class Group:
    """One task: its domain, its span, later clauses elaborating it, and whether it asks or orders."""

    domain: str
    start: int
    end: int
    more: list[tuple[int, int]] = field(default_factory=list)
    asked: bool = False
    ordered: bool = False
    lead: int = 0  # where the clause naming the task starts in its text (clauses before it are background)

    def text(self, text: str) -> str:
        """The group's words: its span and the later clauses that elaborate it."""
        return " ".join([text[self.start:self.end], *(text[s:e] for s, e in self.more)])


class Grouper:
    """Splits a normalized sentence into the tasks it asks for."""

    def __init__(self, piece: Callable[[str, datetime], Piece], weigher: Weigher) -> None:
        self._piece = piece
        self._weigher = weigher

    def domain_of(self, piece: Piece) -> str | None:
        """The domain a piece names outright, weighing every cue it holds (None when it names none)."""
        return self._weigher.pick(piece, classify.strong_domains(piece))

    def clauses(self, text: str, now: datetime) -> list[Clause]:
        """Return (start, end, domain, strong) per clause; a clause naming two domains is split."""
        out: list[Clause] = []
        start = 0
        for m in [*CLAUSE_RE.finditer(text), None]:
            end = m.start() if m else len(text)
            if end > start:
                out.extend(self._split_clause(text, start, end, now))
            start = m.end() if m else len(text)
        return self._corrections(text, _drop_remarks(text, contexts.drop_done(
            text, _own_order_across(text, self._ticketed_trips(text, out, now)))), now)

    def _corrections(self, text: str, clauses: list[Clause], now: datetime) -> list[Clause]:
        """不要美式了，换成拿铁: the thing swapped in is ordered (its goods name the domain), the one dropped is no
        account task."""
        out = _corrections(text, clauses)
        for i, (s, e, d, _st) in enumerate(out):
            if d is None and i and out[i - 1][2] is None and clauses[i - 1][2] == "account" and SWAPPED_IN_RE.match(text[s:e]):
                goods = {entry.domain for m in self._piece(text[s:e], now).mentions for entry in m.entries
                         if entry.kind == "item" and entry.domain}
                picked = classify.pick(goods)
                if picked is not None:
                    out[i] = (s, e, picked, True)
        return out

    def _ticketed_trips(self, text: str, clauses: list[Clause], now: datetime) -> list[Clause]:
        """订两张明天去杭州的票，再订个酒店: tickets to a city, said without the train or plane word, are a trip of
        their own when another task is said after them (alone, the sentence is read whole)."""
        if len(clauses) < 2 or not any(d is not None for _, _, d, _ in clauses[1:]):
            return clauses
        out = list(clauses)
        for i, (start, end, domain, _strong) in enumerate(clauses):
            said = text[start:end]
            if domain is not None or not TICKETS_TO_RE.search(said) or not any(d for _, _, d, _ in clauses[i + 1:]):
                continue
            piece = self._piece(said, now)
            guess = classify.weak_domain(piece)
            if guess in ("train", "flight") and len(cues.trip_cities(piece)) >= 1:
                out[i] = (start, end, guess, True)
        return out

    def _split_clause(self, text: str, start: int, end: int, now: datetime) -> list[Clause]:
        piece = self._piece(text[start:end], now)
        domains = classify.strong_domains(piece)
        whole = self._weigher.pick(piece, domains)
        for m in JOIN_RE.finditer(piece.text):
            left, right = self._piece(piece.text[:m.start()], now), self._piece(piece.text[m.end():], now)
            a, b = self.domain_of(left), self.domain_of(right)
            if a == "taxi" and cues.grades_a_stay(left.text, text, classify.STRONG["taxi"]):
                a = None  # 找个经济型、然后评分高的酒店: the grade of the stay said after it
            if (a and b and a != b and not ({a, b} <= PRODUCT and "shopping" not in {a, b})) or (a == b == "account") or (
                    a == b and _two_things(left, right, a)):
                return [(start, start + m.start(), a, True), (start + m.end(), end, b, True)]
        cut = _second_task(piece, domains)
        if cut is not None:  # 看完电影打车回家: two tasks back to back, in the order said
            left, right = self._piece(piece.text[:cut], now), self._piece(piece.text[cut:], now)
            a, b = self.domain_of(left), self.domain_of(right)
            if a == "taxi" and cues.grades_a_stay(left.text, text, classify.STRONG["taxi"]):
                a = None  # 挑个舒适型、能提供出租车服务的宾馆: the grade of the stay, its facility no ride
            if a and b and a != b:
                return [(start, start + cut, a, True), (start + cut, end, b, True)]
        if whole == "takeout" and _vague_wish(piece, text):
            return [(start, end, None, False)]  # 帮我挑一个评分高的，…的酒店: the wish of the thing named later
        if whole == "taxi" and cues.grades_a_stay(piece.text, text, classify.STRONG["taxi"]):
            return [(start, end, None, False)]  # 找一家舒适型，评分高的酒店: the grade of the stay said after it
        if whole == "movie" and piece.titles and not _movie_evidence(piece):
            if BOOK_RE.search(piece.masked()):
                return [(start, end, "shopping", True)]  # 买本《活着》: a title counted in 本 is a book
            return [(start, end, None, False)]  # 买本书 《三体》: a bare title joins the task around it
        return [(start, end, whole, whole is not None)]

    def groups(self, text: str, *, raw: str, now: datetime, remark: bool = False) -> list[Group]:
        """The tasks of a sentence, in the order said; [] for small talk (``remark``: the sentence, with its
        particles, is a remark on how something was; see ``classify.is_remark``)."""
        clauses = _account_context(text, _model_codes(text, self.clauses(text, now)))
        if _chat(text, clauses, remark=remark):
            return []
        groups: list[Group] = []
        pending: int | None = None
        elaborated: Group | None = None
        trip_said = any(d in ("train", "flight") for _, _, d, _ in clauses)
        for start, end, domain, _strong in clauses:
            said = text[start:end]
            current = groups[-1] if groups else None
            if domain is None and current is not None and BARE_RIDE_RE.fullmatch(said) and GOING_RE.search(
                    text, current.start, current.end):
                domain = "taxi"  # 到汉庭酒店 帮我喊个经济型: the grade of the ride called after the place
            if domain in PRODUCT and current is not None and current.domain == "taxi" and RIDE_ERRAND_RE.fullmatch(
                    said.strip()) and asking.STORE_PLACE_RE.search(text, current.start, current.end):
                domain = None  # 帮我叫辆车 去盒马鲜生 买点菜: what is done at the store the ride goes to
            if domain == "movie" and WATCH_PLAN_RE.fullmatch(said.strip()) and any(
                    d == "taxi" for s, _e, d, _ in clauses if s > start):
                domain = None  # 等会儿去看电影 帮我叫辆车去万达: the plan the ride is for, no tickets asked
            if domain == "attraction" and trip_said and KIND_TICKETS_ONLY_RE.fullmatch(said.strip()):
                domain = None  # 成人票两张 儿童票一张 明天去上海的高铁: who travels on the trip said beside
            earlier = next((g for g in groups[:-1] if g.domain == domain), None)
            if earlier is not None and ELABORATION_RE.match(said):
                elaborated = earlier
            if elaborated is not None and (domain is None or domain == elaborated.domain):
                elaborated.more.append((start, end))
                continue
            elaborated = None
            if len(clauses) > 1 and classify.STAR_BRAND_RE.fullmatch(said):
                domain = None  # 布达拉宫附近 三星: stars of the stay said around it, not the phone brand
            if current is not None and current.domain == "taxi" and not current.more and RIDE_ENDS_RE.fullmatch(
                    said) and not TRIP_TICKET_RE.search(said):
                domain = None  # 叫个车，从X到Y: the ends of the ride just called
            if current is not None and current.domain == "taxi" and RIDE_START_RE.fullmatch(said):
                domain = None  # 滴滴 去协和医院 从酒店出发: where the ride starts
            if current is not None and BARE_SUGGEST_RE.fullmatch(said):
                domain = None  # 我想买个耳机，有什么推荐的吗: asks a suggestion for the task said
            if current is not None and current.domain in PRODUCT and (
                    qualifiers.is_qualifier_clause(said) or COUNT_ONLY_RE.match(said) or OPTION_ONLY_RE.fullmatch(said)
                    or UNITS_APART_RE.fullmatch(said) or DELIVERY_ONLY_RE.fullmatch(said)
                    or COOKED_FOR_RE.fullmatch(said) or KIND_OF_RE.fullmatch(said)):
                domain = None  # 买两罐奶粉 飞鹤的, 想喝酸奶 买一提: the brand or count said after the product
            asks, orders = asking.ask_of(said) is not None and not asking.orders(said), asking.orders(said)
            if current is not None and current.asked and not current.ordered and orders and (
                    domain is None or domain == current.domain):
                if SCHEDULE_ASKED_RE.search(text, current.start, current.end):
                    current.end, current.asked, current.ordered = end, False, True  # 几点有场次？帮我订两张: one order
                    continue
                groups.append(Group(current.domain, start, end, ordered=True))  # 还有票吗？有的话订两张
                continue
            if domain is None:
                if current is not None:
                    current.end = end
                    current.asked, current.ordered = current.asked or asks, current.ordered or orders
                    if asks and current.ordered and not current.more and not asking.orders(text[end:]):
                        # 帮我找一部叫X的电影 看看明天有没有场: a look-up verb, then the question it looks up
                        current.ordered = asking.orders(text[current.start:end])
                elif pending is None:
                    pending = start
                continue
            if current is not None and domain != current.domain and _place_for(text[current.start:current.end], said,
                                                                                domain, current.domain):
                current.domain, current.end = domain, end  # 晚上8点去海底捞 打车, 杭州西湖边 住两晚: the place said first
                continue
            same = current is not None and domain == current.domain and not (
                domain in PRODUCT | {"account", "recharge"} and CONNECTOR_RE.match(said)) and not (
                domain in ANCHOR_KINDS and current is not None and _two_things(
                    self._piece(text[current.start:current.end], now), self._piece(said, now), domain))
            if same and current is not None:
                current.end = end
                current.asked, current.ordered = current.asked or asks, current.ordered or orders
            else:
                opened = pending if pending is not None else start
                lead = start - opened if contexts.is_background(text[opened:start]) else 0
                groups.append(Group(domain, opened, end, asked=asks, ordered=orders, lead=lead))
                pending = None
        if not groups:  # no clause says its domain alone: the whole sentence may (去颐和园 学生 一张)
            lead = _told_lead(text, clauses)  # 酒店找好了，再推荐个博物馆: the words after what is settled say the task
            after = self._whole(text, raw=raw, now=now, start=lead) if lead else []
            if after and after[0].domain == "taxi" and VISITED_RE.search(text, 0, lead) and any(
                    "sight" in m.kinds() for m in self._piece(text[lead:], now).mentions):
                after[0].domain = "attraction"  # 故宫去过了，这次想去颐和园: one sight visited, the next one wished
            return after or self._whole(text, raw=raw, now=now)
        return groups

    def _whole(self, text: str, *, raw: str, now: datetime, start: int = 0) -> list[Group]:
        said = text[start:]
        piece = self._piece(said, now)
        guess = self.domain_of(piece) or classify.emoji_hint(raw) or classify.weak_domain(piece)
        if guess is None:
            return []
        asked = asking.ask_of(said) is not None
        return [Group(guess, start, len(text), asked=asked, ordered=asking.orders(said))]


# When the showings or departures are (几点有场次, 有哪些场次, 最早一班几点): asked to choose one, then ordered.
SCHEDULE_ASKED_RE = lazy_compile(r"几点(?:钟)?(?:有|的)?(?:场次|场|班|趟|车次|航班|高铁|动车|火车)|(?:有)?哪些场次|"
                                 r"什么时候有(?:场次|场)|最[早晚](?:一[场班趟])?(?:是)?几点|最[早晚]一?[场班趟][^，,。？?]{0,12}?几点|场次表|时刻表")
# A bare ride request (打车, 帮我叫个车吧) and a bare stay (住两晚, 订个酒店住): the clause before names the place.
BARE_RIDE_RE = lazy_compile(r"(?:能不能|可以|可不可以|麻烦你?|请)?(?:帮我|给我|麻烦)?(?:打车|叫车|打个车|叫个车|叫辆车|打辆车|约车|"
                           r"(?:打|叫|约|喊)(?:个|辆|一辆|台)?(?:优享|舒适型|经济型|豪华型|商务车|六座|七座|出租车|的士|快车|专车)的?车?)"
                           r"(?:吧|过去|去)?(?:吗|么|嘛|呗|好吗|可以吗)?"
                           # …去外婆家吃饭 帮我叫辆车从我家小区南门出发: where the ride to that place starts
                           r"(?:(?:从|在)[^\s，,。去到回]{2,12}(?:出发|上车|走))?")
BARE_STAY_RE = lazy_compile(r"(?:住|订|定|帮我订)?(?:[0-9一两二三四五六七八九十]+(?:晚|天|个晚上)|(?:个)?酒店)(?:吧)?|住(?:一下|两天|几天)?")
TICKET_WORD_RE = lazy_compile(r"票|玩|逛|参观|游览|爬|看")
# 一会儿去如家酒店 从公司出发 帮我叫车: where the ride starts may be said between the place and the ride.
GOING_RE = lazy_compile(r"(?:去|到|回)(?:一下|一趟)?\s*[^\s，,。去到回]{2,12}(?:[\s，,]+(?:从|在)[^\s，,。去到回]{1,12}(?:出发|上车|走))?$")
WATCH_ANY_RE = lazy_compile(r"(?:影城|影院|电影院)看(?:个|场)?电影(?:吧)?$")
NEAR_END_RE = lazy_compile(r"(?:边|附近|旁边|周边|一带|那边)$")


VISITED_RE = lazy_compile(r"(?:去|玩|逛|爬|来)过了")


def _drop_remarks(text: str, clauses: list[Clause]) -> list[Clause]:
    """A remark on how something is (住在酒店里太无聊了) before a request of another domain is no task."""
    out = list(clauses)
    for i, (s, e, d, _st) in enumerate(clauses):
        if d is not None and classify.HESITATION_RE.search(text[s:e]) and any(
                later is not None for _, _, later, _ in clauses[i + 1:]):
            out[i] = (s, e, None, False)  # 想吃炸鸡又怕胖，帮我点份沙拉: the wish held back is no task
            continue
        if d is None or d == "account" or not classify.REMARK_RE.search(text[s:e]) or not classify.is_remark(text[s:e]):
            continue
        if any(later is not None and later != d for _, _, later, _ in clauses[i + 1:]):
            out[i] = (s, e, None, False)
    return out


# 不要拿铁了，要美式: a thing dropped in favour of the next one said (a correction of the order being made).
DROPPED_RE = lazy_compile(r"(?:我)?(?:不要|不想要|别要)[^，,。？?]{1,8}了?")
# …，换成拿铁 / 要美式: what is asked for instead (a clause of its own).
SWAPPED_IN_RE = lazy_compile(r"^(?:我)?(?:要|换成|改成|换|改|来|还是要|还是来)")


# 上次少了一个, 之前送来都凉了: what went wrong before, told as the reason of a new order.
PAST_TOLD_RE = lazy_compile(r"^(?:上次|上回|之前|以前|每次|老是|总是|刚才那[杯份碗个]|刚刚那[杯份碗个])")
# 来碗牛肉面，快点送 / 点一杯奶茶，这次别洒了: how the order just made should come, no order of the account.
DELIVERY_WISH_RE = lazy_compile(r"(?:麻烦|请|能不能|可不可以|可以)?(?:快点|尽快|赶紧|早点|快些)(?:送|送来|送过来|到)?(?:吧|啊|哦|谢谢)?|"
                                r"(?:麻烦|请)?(?:这次|这回)?(?:别|不要)(?:像上次那样|再)?[^，,。？?]{0,6}(?:洒|撒|送错|凉|漏送|漏|少送|送晚|迟到)(?:了|掉)?(?:啊|哦|吧)?")


def _corrections(text: str, clauses: list[Clause]) -> list[Clause]:
    """A thing dropped right before another is asked for (不要拿铁了，换成美式) corrects the order, and a past
    mishap told next to a new order (帮我点两个汉堡，上次少了一个) is its reason: no account task."""
    out = list(clauses)
    ordered = any(d in PRODUCT or (d is None and asking.orders(text[s:e])) for s, e, d, _ in clauses)
    for i, (s, e, d, _st) in enumerate(clauses):
        said = text[s:e]
        if d == "account" and ordered and ((PAST_TOLD_RE.match(said) and not errands.account_intent(said))
                                           or DELIVERY_WISH_RE.fullmatch(said)):
            out[i] = (s, e, None, False)
    for i, (s, e, d, _st) in enumerate(clauses[:-1]):
        following = clauses[i + 1]
        if d == "account" and DROPPED_RE.fullmatch(text[s:e]) and following[2] != "account" and (
                SWAPPED_IN_RE.match(text[following[0]:following[1]])):
            out[i] = (s, e, None, False)
    return out


def _told_lead(text: str, clauses: list[Clause]) -> int:
    """Where the words after the clauses that tell what is settled (酒店找好了, 故宫去过了) start; 0 when none is
    told or nothing follows them."""
    start = 0
    for i, (s, e, _d, _st) in enumerate(clauses[:-1]):
        said = text[s:e]
        if not contexts.SETTLED_RE.search(said) or contexts.NOT_DONE_RE.search(said):
            break
        start = clauses[i + 1][0]
    return start


# One's own order pointed at (昨天订的那家酒店, 我买的那双鞋): what is asked of it may follow after a pause.
OWN_ORDER_RE = lazy_compile(r"(?:订|定|买|点|叫|下单)的(?:那|这)|我(?:刚|刚刚|已经|昨天|今天|之前)?(?:订|买|定)了")


def _own_order_across(text: str, clauses: list[Clause]) -> list[Clause]:
    """昨天订的那家酒店 能开发票吗: an own order named in one clause and asked about in the next is one account task
    (the words of its intent span the pause; no clause says it alone)."""
    if len(clauses) < 2 or any(d == "account" for _, _, d, _ in clauses) or not OWN_ORDER_RE.search(text):
        return clauses
    if errands.account_intent(text) is None or any(errands.account_intent(text[s:e]) for s, e, _, _ in clauses):
        return clauses
    return [(clauses[0][0], clauses[-1][1], "account", True)]


def _place_for(before: str, said: str, domain: str | None, named: str) -> bool:
    """A clause saying only where to go or stay (去海底捞, 西湖边) and a bare ride or stay after it: one task."""
    if domain == "taxi" and named in ("takeout", "grocery", "hotel", "attraction", "movie"):
        going = GOING_RE.search(before)  # 要去沃尔玛买点东西，帮我叫辆车过去: the store is the ride's end
        return bool(BARE_RIDE_RE.fullmatch(said) and going and (
            "看" not in before[going.start():] or WATCH_ANY_RE.search(before)))  # 去万达影城看电影 叫车: no film named
    if domain == "hotel" and named == "attraction":
        return bool(BARE_STAY_RE.fullmatch(said) and NEAR_END_RE.search(before) and not TICKET_WORD_RE.search(before))
    return False


def _chat(text: str, clauses: list[Clause], *, remark: bool = False) -> bool:
    """Small talk, even when it names a product; not when it asks about a thing or orders outright."""
    if any(d == "account" for _, _, d, _ in clauses):
        return False
    if remark:
        return True  # 今天的奶茶太甜了: how it was, no request
    if not classify.is_chat(text):
        return False
    named = [(s, e) for s, e, d, _ in clauses if d is not None]
    rest = WEATHER_TOLD_RE.sub("", text)
    if rest != text and len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 3 and not classify.is_chat(rest):
        return False  # 天气不错，想去西湖走走: the weather told, a wish said after it
    if any(asking.ask_of(text[s:e]) is not None for s, e in named) and not classify.CHAT_ONLY_RE.search(text):
        return False
    said = MOOD_RE.sub("", text)  # 太无聊了，帮我推荐个景点: a mood told, then a thing asked for
    return not named or bool(classify.CHAT_RE.search(said) and not re.search(r"帮我(?:订|点|买|叫)|来[一两]", said))


MOOD_RE = lazy_compile(r"无聊|心情")
# The weather told as the reason for a wish (天气不错, 天气太热了, 明天天气好的话), not asked about.
WEATHER_TOLD_RE = lazy_compile(r"(?:今天|明天|后天|周末|最近|这几天)?(?:的)?天气(?:很|挺|这么|那么|太|真|超|特别|还|也)?"
                               r"(?:不错|好|晴|热|冷|凉快|暖和|舒服|晴朗)(?:了|啊|呀|的话|得很)*(?![吗么嘛？?不])")


_FOOD_WISH_RE = lazy_compile(r"吃|喝|饭|餐|外卖|外送|饿|零食|夜宵|宵夜")


def _vague_wish(piece: Piece, sentence: str) -> bool:
    """A clause that only asks to choose (推荐一个, 帮我挑) with nothing of food in it, in a sentence that
    names another domain outright: it asks for that domain's thing."""
    if not products.ANY_RE.search(piece.text) or _FOOD_WISH_RE.search(piece.text) or any(
            m.kinds() & {"item", "shop"} for m in piece.mentions) or classify.STRONG["takeout"].search(piece.text):
        return False
    return any(pattern.search(sentence) for domain, pattern in classify.STRONG.items() if domain != "takeout")


# The anchor each side of 和 must name for two tasks of one domain (故宫门票和长城门票, 两张哪吒2和一张惊蛰无声).
ANCHOR_KINDS: dict[str, str] = {"attraction": "sight", "movie": "movie"}


# Tickets asked for: the word, a count of them or a kind of visitor.
TICKETS_RE = lazy_compile(r"票|[0-9一两二三四五六七八九十几俩仨]\s*[张位个]|学生|儿童|成人|大人|小孩|老人")
# A sight the lexicon lacks, named by a last word of its own kind (熊猫馆, 白马寺), with no other words in it.
OPEN_NAMED_SIGHT_RE = lazy_compile(r"(?:(?![是们的看和都我你他她想要])[\u4e00-\u9fff]){2,8}[馆园寺庙宫塔阁楼山湖岛洞峡祠陵镇谷窟]")


def _two_things(left: Piece, right: Piece, domain: str | None) -> bool:
    """Two things of one domain, each named on its own side (a ticket for each): two tasks."""
    kind = ANCHOR_KINDS.get(domain or "")
    if kind is None:
        return False
    if domain == "attraction" and TICKETS_RE.search(right.text) and not TICKETS_RE.search(left.text):
        return False  # 周日去一趟岳麓山，帮我订两张岳麓书院的票: the sight visited first is the day's background
    named = [{e.value for _, e in side.entries(kind)} for side in (left, right)]
    if domain == "attraction":  # 北京动物园的门票，再订两张熊猫馆的票: a sight the lexicon lacks is named too
        for names, side in zip(named, (left, right), strict=True):
            names |= {name for _, _, name in cues.open_sight_ends(side)
                      if not side.entries(kind) and OPEN_NAMED_SIGHT_RE.fullmatch(name)}
    return bool(named[0] and named[1] and not named[0] & named[1])


def _second_task(piece: Piece, domains: set[str]) -> int | None:
    """Where a second task starts in a clause naming two service domains by keyword (电影|打车, 高铁票加|一晚酒店).

    No cut when the first keyword leads to the second as a place (打车回酒店, 送我去电影院).
    """
    masked = piece.masked()
    cues = sorted((m.start(), m.end(), d) for d in domains - PRODUCT - {"account"}
                  if (m := classify.STRONG[d].search(masked)) is not None)
    if len(cues) != 2 or cues[0][2] == cues[1][2] or cues[1][0] <= cues[0][1] - 1:
        return None
    if cues[1][2] == "taxi" and "从" in piece.text[:cues[0][0]]:
        return None  # 从亚太花园酒店二层中餐厅打车到…: the first keyword is in the ride's start
    if PLACE_RELATION_RE.search(piece.text[cues[0][0]:cues[1][0]]):
        purpose = RIDE_PURPOSE_RE.search(piece.text, cues[1][1]) if cues[0][2] == "taxi" else None
        return purpose.start() if purpose else None  # 打车去电影院|看惊蛰无声: the ride, then the film
    return cues[1][0]


def _movie_evidence(piece: Piece) -> bool:
    """Movie words or known titles and cinemas beyond a bare 《title》."""
    return bool(classify.STRONG["movie"].search(piece.masked())) or any(
        m.kinds() & {"movie", "cinema"} for m in piece.mentions)


# An order already placed, named by what was bought (我中午点的外卖, 前天买的那个充电宝, 上周订的酒店的).
PAST_ORDER_RE = lazy_compile(r"(?:点|买|订|定|叫|下单)(?:了)?的(?!时候|话)")
# An order already placed and regretted (年货买多了, 点错了): no new order.
DONE_ORDER_RE = lazy_compile(r"(?:买|订|定|点|下单|充|冲)(?:多|错|重|少|贵|早|晚|大|小)了")


def _model_codes(text: str, clauses: list[Clause]) -> list[Clause]:
    """A model code said right after goods (来个罗技鼠标 G502, 华为手环 D2 来一个) is the goods' model, not a train
    number, unless a rail word is said with it."""
    out: list[Clause] = []
    for start, end, domain, strong in clauses:
        said = text[start:end]
        if domain == "train" and out and out[-1][2] in PRODUCT and MODEL_CODE_RE.match(said) and not RAIL_WORD_RE.search(said):
            domain, strong = None, False
        out.append((start, end, domain, strong))
    return out


def _account_context(text: str, clauses: list[Clause]) -> list[Clause]:
    """Next to another task (a refund, a top-up), a product named without an order verb is no order; a refund
    asked about as a rule (要是买了门票去不了，能退吗) is no task of the account."""
    if errands.hypothetical(text):
        clauses = [(s, e, None if d == "account" else d, st and d != "account") for s, e, d, st in clauses]
    if not any(d is not None and d not in PRODUCT for _, _, d, _ in clauses):
        return clauses
    account = any(d == "account" for _, _, d, _ in clauses)
    out = []
    for start, end, domain, strong in clauses:
        said = text[start:end]
        demote = domain in PRODUCT or (account and domain != "account")
        verb = ORDER_VERB_RE.search(PAST_ORDER_RE.sub("", DONE_ORDER_RE.sub("", said))) or (start == 0 and FOOD_WISH_FIRST_RE.search(said))
        if demote and not verb and not (start > 0 and COUNTED_RE.match(said)):
            domain, strong = None, False
        elif domain is None and REDO_RE.search(said):
            domain, strong = _redone(text[:start]), True
        out.append((start, end, domain, strong))
    return out


# What an order said before is of, by its noun (电影票帮我退了，重新订一张晚上8点的: a new film ticket).
ORDERED_NOUNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("movie", lazy_compile(r"电影票|电影|影票")), ("train", lazy_compile(r"高铁|动车|火车|车票")),
    ("flight", lazy_compile(r"机票|航班|飞机")), ("hotel", lazy_compile(r"酒店|宾馆|民宿|房间")),
    ("attraction", lazy_compile(r"门票")), ("recharge", lazy_compile(r"话费")),
)


def _redone(before: str) -> str:
    """The domain of an order placed again (重新订, 换成…): the one said last before it; a meal by default."""
    said = [(m.start(), domain) for domain, pattern in ORDERED_NOUNS for m in pattern.finditer(before)]
    return max(said)[1] if said else "takeout"
