"""One typed spec per business domain: everything the engine knows about a domain, in one place.

The per-domain tables of frames, domains, policies, proposals, routing, context, followups, classify and
ranking are derived from ``SPECS``. A new domain adds one ``DomainSpec`` here and one catalog module;
docs/domain-spec.md lists the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from bangwo.domain.domains import Domain

# The form of a slot's value (spec/frames.md): a named form or the tuple of its enum values.
FormName = Literal["text", "said", "date", "time", "int", "money", "bool", "list", "city"]
SlotForm = FormName | tuple[str, ...]

# Names of search behaviours, implemented in conversation/ranking.py (a new domain mostly reuses them).
Place = Literal["delivery", "city_or_home", "city", "home", "none"]   # where to search (city, near)
Extras = Literal["none", "route", "stay", "ride", "topup"]           # computed filters and quote options
AddressOf = Literal["none", "delivery", "saved"]                     # the address on a quote request
Score = Literal["price", "rating_eta", "price_eta", "showtime", "departure", "nearby", "sight"]
Why = Literal["rating_eta", "spec_eta", "showtime", "train", "flight", "stay", "ticket", "ride", "topup",
              "shop"]
Reject = Literal["sold_out", "open_shop", "on_sale", "seats_left", "broader"]
Group = Literal["listing", "merchant"]

WINDOWS = ("morning", "noon", "afternoon", "evening", "night")
SORTS = ("cheapest", "earliest", "fastest")


@dataclass(frozen=True)
class SearchSpec:
    """The declarative part of a domain's search plan; ranking.SearchPlan adds the behaviours named here."""

    why: Why
    score: Score = "price"
    text_slot: str | None = None          # searched as free text
    text_unless: str | None = None        # when this slot is said, search without text (喝啥都行)
    place: Place = "none"
    day_slot: str | None = None           # the day searched (today when not said)
    filters: tuple[str, ...] = ()         # slots passed as search filters when said
    extras: Extras = "none"
    limit: int = 20
    count_slots: tuple[str, ...] = ()     # how many: the first positive one of these, else 1
    options: tuple[str, ...] = ()         # slots passed as quote options when said
    fixed_options: tuple[str, ...] = ()   # slots passed as quote options always (None when not said)
    address: AddressOf = "none"
    reject: Reject = "sold_out"
    group: Group = "listing"              # one option per listing or per merchant
    max_price_per_unit: bool = True       # max_price is per unit (else for the whole order)
    class_slot: str | None = None         # seats are counted per class: the slot that names the class...
    class_default: str | None = None      # ...and the class meant when it is not said
    seats: bool = False                   # quoted by choosing seats together in a hall


@dataclass(frozen=True)
class DomainSpec:
    """What one business domain is: its slots, words, cues, refund policy and how it is searched.

    ``relax_order`` lists the constraints to drop, first to last, when nothing matches; never a
    required slot. It is a first version for the relaxation built on it; nothing reads it yet.
    """

    domain: Domain
    label_zh: str
    slot_forms: Mapping[str, SlotForm]    # every slot of the domain, in the order of spec/frames.md
    required: tuple[str, ...]             # required for the intent ``order`` (the starred slots)
    anchor_slots: tuple[str, ...]         # what an order is about; without one the reading is a guess
    context_anchor: str                   # template putting a short correction in its task's context
    reference_words: tuple[str, ...]      # words that point at an order of this domain (我的奶茶)
    reference_rank: int                   # lower ranks are looked for first (generic words like 饭 last)
    strong_cues: str                      # regex source of words that name the domain outright
    pick_rank: int                        # when a clause names several domains, the lowest rank wins
    refund_policy: str                    # code of its policies.RefundPolicy
    search: SearchSpec
    alternatives: Mapping[str, str] = field(default_factory=dict)   # required slot -> slot standing in
    defaulted: tuple[str, ...] = ()       # required slots the contract defaults without asking
    profile_slots: Mapping[str, str] = field(default_factory=dict)  # slot -> ProfileDefaults attribute
    relax_order: tuple[str, ...] = ()
    # Slots the dialogue asks for when neither said nor in the profile, though the frame contract does not
    # star them (a ride needs a pickup; spec/frames.md keeps ``from`` optional for the understanding engine).
    asked: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("slot_forms", "alternatives", "profile_slots"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))


_TAKEOUT = DomainSpec(
    domain=Domain.TAKEOUT, label_zh="外卖",
    slot_forms={"item": "text", "any": "bool", "shop": "text", "quantity": "int",
                "size": ("small", "medium", "large"), "sugar": ("full", "less", "half", "light", "none"),
                "ice": ("normal", "less", "none", "room", "warm", "hot"), "toppings": "list",
                "max_price": "money", "address": "said", "deliver_at": "time"},
    required=("item", "address"), alternatives={"item": "any"}, profile_slots={"address": "address"},
    anchor_slots=("item", "any"), context_anchor="{item}外卖",
    reference_words=("奶茶", "咖啡", "外卖", "饭", "拿铁", "美式", "骑手", "外送"), reference_rank=10,
    strong_cues=r"外卖|外送|点餐|订餐|饿|奶茶|咖啡|[少半微无全多]糖|[三五七]分糖|去冰|少冰|正常冰|"
                r"(?:[0-9一两二三四五六七八九十]|来|点|要)\s*杯|[超特]?大杯|中杯|小杯",
    pick_rank=10, refund_policy="takeout",
    search=SearchSpec(text_slot="item", text_unless="any", place="delivery", filters=("shop",), limit=60,
                      count_slots=("quantity",), options=("size", "sugar", "ice", "toppings"),
                      address="delivery", score="rating_eta", why="rating_eta", reject="open_shop",
                      group="merchant"),
    relax_order=("max_price", "toppings", "size", "shop"),
)
_GROCERY = DomainSpec(
    domain=Domain.GROCERY, label_zh="超市",
    slot_forms={"item": "text", "quantity": "int", "unit": "text", "brand": "text", "max_price": "money",
                "address": "said", "deliver_at": "time"},
    required=("item", "address"), alternatives={"item": "any"}, profile_slots={"address": "address"},
    anchor_slots=("item",), context_anchor="{item}超市",
    reference_words=("菜", "水果", "超市"), reference_rank=9,
    strong_cues=r"超市|盒马|叮咚|买菜|年货|生鲜|便利店|多多买菜|朴朴|美团买菜|"
                r"[0-9一两二三四五六七八九十几]\s*(?:斤|公斤|箱|提|桶)",
    pick_rank=9, refund_policy="grocery",
    search=SearchSpec(text_slot="item", place="delivery", filters=("brand",), limit=40,
                      count_slots=("quantity",), address="delivery", score="price_eta", why="spec_eta"),
    relax_order=("max_price", "brand", "deliver_at"),
)
_MOVIE = DomainSpec(
    domain=Domain.MOVIE, label_zh="电影票",
    slot_forms={"movie": "text", "cinema": "text", "date": "date", "time": "time", "time_flex": "bool",
                "time_window": WINDOWS, "count": "int",
                "seat": ("back", "front", "middle", "aisle", "couple"), "format": ("2D", "3D", "IMAX", "杜比"),
                "premiere": "bool", "max_price": "money", "city": "city"},
    required=("movie", "date"), defaulted=("date",),
    anchor_slots=("movie",), context_anchor="《{movie}》电影票",
    reference_words=("电影", "影票"), reference_rank=1,
    strong_cues=r"电影|影院|影城|影厅|场次|首映|IMAX|imax|3D|2D|杜比|观影|片子|这部片|情侣座|晚场|早场|午夜场|"
                r"[A-Za-z0-9]?号厅|靠走道|靠过道|(?:喜剧|动画|恐怖|科幻|爱情|动作|悬疑)片|影片|看.{0,4}片",
    pick_rank=6, refund_policy="movie",
    search=SearchSpec(place="city_or_home", day_slot="date",
                      filters=("movie", "cinema", "time_window", "format"), limit=80, count_slots=("count",),
                      fixed_options=("seat",), score="showtime", why="showtime", reject="on_sale",
                      seats=True),
    relax_order=("max_price", "seat", "format", "time_window", "time", "cinema"),
)
_FLIGHT = DomainSpec(
    domain=Domain.FLIGHT, label_zh="机票",
    slot_forms={"from_city": "city", "to_city": "city", "date": "date", "time_window": WINDOWS,
                "cabin": ("economy", "business", "first"), "passengers": "int", "direct": "bool",
                "sort": SORTS, "max_price": "money", "return_date": "date"},
    required=("from_city", "to_city", "date"), profile_slots={"from_city": "home_city"},
    anchor_slots=("to_city",), context_anchor="机票",
    reference_words=("机票", "航班", "飞机"), reference_rank=3,
    strong_cues=r"机票|飞机|航班|红眼|直飞|航空公司|国航|东航|南航|川航|海航|经济舱|商务舱|头等舱",
    pick_rank=4, refund_policy="flight",
    search=SearchSpec(day_slot="date", filters=("to_city", "cabin", "time_window", "direct"), extras="route",
                      limit=40, count_slots=("passengers", "count"), options=("cabin",), score="departure",
                      why="flight", reject="seats_left", class_slot="cabin", class_default="economy"),
    relax_order=("max_price", "direct", "time_window", "cabin"),
)
_TRAIN = DomainSpec(
    domain=Domain.TRAIN, label_zh="火车票",
    slot_forms={"from_city": "city", "to_city": "city", "date": "date", "time_window": WINDOWS,
                "seat_class": ("second", "first", "business", "hard_sleeper", "soft_sleeper", "hard_seat",
                               "no_seat"),
                "train_type": ("G", "D", "K", "Z", "T"), "passengers": "int", "sort": SORTS},
    required=("from_city", "to_city", "date"), profile_slots={"from_city": "home_city"},
    anchor_slots=("to_city",), context_anchor="火车票",
    reference_words=("高铁", "火车", "动车", "车票"), reference_rank=2,
    strong_cues=r"高铁(?![东西南北]?站)|动车(?!站)|火车(?![东西南北]?站)|车票|卧铺|硬卧|软卧|硬座|二等座|一等座|"
                r"商务座|无座|站票|12306|城际|列车(?!员)|"
                r"(?<![A-Za-z])[GDKZTgdkzt]\d{1,4}(?!\d|\s*(?:航站|号航|楼))|[ZKT]字头|普快|直达特快",
    pick_rank=5, refund_policy="train",
    search=SearchSpec(day_slot="date", filters=("to_city", "seat_class", "train_type", "time_window"),
                      extras="route", limit=40, count_slots=("passengers", "count"), options=("seat_class",),
                      score="departure", why="train", reject="seats_left", class_slot="seat_class",
                      class_default="second"),
    relax_order=("train_type", "time_window", "seat_class"),
)
_HOTEL = DomainSpec(
    domain=Domain.HOTEL, label_zh="酒店",
    slot_forms={"city": "city", "near": "text", "check_in": "date", "nights": "int", "check_out": "date",
                "rooms": "int", "guests": "int", "star": "int", "max_price": "money", "brand": "text"},
    required=("city", "check_in"),
    anchor_slots=("city", "near"), context_anchor="酒店",
    reference_words=("酒店", "房间"), reference_rank=4,
    strong_cues=r"酒店|[四五]星级?(?!座)|宾馆|饭店|民宿|住宿|旅馆|客栈|青旅|入住|住的地方|(?<!记)住(?!址|院)|"
                r"(?:开|订|定|要)(?:个|间|一间)房|大床房|双床房|标间|套房|"
                r"[0-9一两二三四五六七八九十]\s*间房?(?!.*[票张])|住\s*[0-9一两二三四五六七八九十]\s*(?:晚|天)|"
                r"[0-9一两二三四五六七八九十]\s*晚(?!上|饭|餐|场)|个晚上",
    pick_rank=3, refund_policy="hotel",
    search=SearchSpec(place="city_or_home", day_slot="check_in",
                      filters=("near", "star", "brand", "max_price"), extras="stay", limit=40,
                      count_slots=("rooms",), score="nearby", why="stay", group="merchant",
                      max_price_per_unit=False),
    relax_order=("max_price", "brand", "star", "near"),
)
_ATTRACTION = DomainSpec(
    domain=Domain.ATTRACTION, label_zh="门票",
    slot_forms={"name": "text", "city": "city", "date": "date", "count": "int",
                "ticket_type": ("adult", "child", "senior", "student")},
    required=("name", "date"),
    anchor_slots=("name",), context_anchor="{name}门票",
    reference_words=("门票", "景点"), reference_rank=5,
    strong_cues=r"门票|景区|景点|游乐园|船票|索道|参观|爬山|爬(?=[\u4e00-\u9fff]{1,4}山)",
    pick_rank=7, refund_policy="attraction",
    search=SearchSpec(place="city", day_slot="date", filters=("name", "ticket_type"), count_slots=("count",),
                      fixed_options=("date",), score="sight", why="ticket"),
    relax_order=("ticket_type",),
)
_TAXI = DomainSpec(
    domain=Domain.TAXI, label_zh="打车",
    slot_forms={"to": "said", "from": "said", "when": "time",
                "car_type": ("economy", "comfort", "premium", "xl")},
    required=("to",),
    anchor_slots=("to",), context_anchor="打车",
    reference_words=("打车", "网约车", "司机"), reference_rank=6,
    strong_cues=r"打车|打个车|打辆车|叫车|叫个车|叫辆车|叫台车|叫一辆车|约车|约个车|网约车|出租车|计程车|的士|滴滴|小黄|"
                r"快车|专车|顺风车|来接我|接我|送我去|送我到|[六七]人?座车?|商务车(?!厢)|舒适型|经济型|豪华车|[上下]车(?:地)?点|大一?(?:点|些)儿?的车",
    pick_rank=2, refund_policy="taxi",
    search=SearchSpec(place="home", filters=("car_type",), extras="ride", limit=4, address="saved",
                      why="ride"),
    relax_order=("car_type",),
    asked=("from",), profile_slots={"from": "address"},
)
_RECHARGE = DomainSpec(
    domain=Domain.RECHARGE, label_zh="话费充值",
    slot_forms={"amount": "money", "phone": "said"},
    required=("amount",), profile_slots={"phone": "phone"},
    anchor_slots=("amount",), context_anchor="充话费",
    reference_words=("话费", "充值"), reference_rank=7,
    strong_cues=r"话费|充值|储值|充\s*[0-9一二两三五十百]|交.{0,4}费|流量包|欠费|充一下",
    pick_rank=1, refund_policy="recharge",
    search=SearchSpec(extras="topup", why="topup"),
)
_SHOPPING = DomainSpec(
    domain=Domain.SHOPPING, label_zh="网购",
    slot_forms={"query": "text", "quantity": "int", "brand": "text", "max_price": "money", "spec": "text"},
    required=("query",),
    anchor_slots=("query",), context_anchor="{query}",
    reference_words=("快递", "包裹", "网购"), reference_rank=8,
    strong_cues=r"淘宝|京东|拼多多|天猫|网购|网上买|[0-9]{2}\s*码|[XSML]码|本书|买书|图书",
    pick_rank=8, refund_policy="shopping",
    search=SearchSpec(text_slot="query", filters=("brand", "max_price"), limit=40, count_slots=("quantity",),
                      options=("spec",), why="shop", reject="broader"),
    relax_order=("max_price", "brand", "spec"),
)

SPECS: Mapping[Domain, DomainSpec] = MappingProxyType({s.domain: s for s in (
    _TAKEOUT, _GROCERY, _MOVIE, _FLIGHT, _TRAIN, _HOTEL, _ATTRACTION, _TAXI, _RECHARGE, _SHOPPING)})
_BY_SLUG: Mapping[str, DomainSpec] = {d.value: s for d, s in SPECS.items()}


def spec(domain: str) -> DomainSpec:
    """Return the spec of a business domain (a Domain or its slug); KeyError for account, chat, unknown."""
    return _BY_SLUG[domain]


def find(domain: str) -> DomainSpec | None:
    """Return the spec of a domain slug, or None for account, chat and anything unknown."""
    return _BY_SLUG.get(domain)


def slugs() -> tuple[str, ...]:
    """The slugs of the business domains, in the order of the Domain enum."""
    return tuple(d.value for d in SPECS)
