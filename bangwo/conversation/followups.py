"""Follow-ups about the user's own things: track, cancel or refund, list orders and cards, invite."""

from __future__ import annotations

import re

from bangwo.domain.domains import Domain
from bangwo.domain.orders import Order

REF_DOMAINS: tuple[tuple[str, Domain], ...] = (
    ("电影", Domain.MOVIE), ("影票", Domain.MOVIE), ("高铁", Domain.TRAIN), ("火车", Domain.TRAIN),
    ("动车", Domain.TRAIN), ("车票", Domain.TRAIN), ("机票", Domain.FLIGHT), ("航班", Domain.FLIGHT),
    ("飞机", Domain.FLIGHT), ("酒店", Domain.HOTEL), ("房间", Domain.HOTEL), ("门票", Domain.ATTRACTION),
    ("景点", Domain.ATTRACTION), ("打车", Domain.TAXI), ("网约车", Domain.TAXI), ("司机", Domain.TAXI),
    ("话费", Domain.RECHARGE), ("充值", Domain.RECHARGE), ("快递", Domain.SHOPPING), ("包裹", Domain.SHOPPING),
    ("网购", Domain.SHOPPING), ("菜", Domain.GROCERY), ("水果", Domain.GROCERY), ("超市", Domain.GROCERY),
    ("奶茶", Domain.TAKEOUT), ("咖啡", Domain.TAKEOUT), ("外卖", Domain.TAKEOUT), ("饭", Domain.TAKEOUT),
    ("拿铁", Domain.TAKEOUT), ("美式", Domain.TAKEOUT), ("骑手", Domain.TAKEOUT), ("外送", Domain.TAKEOUT),
)
REPEAT = re.compile(r"(再来|再点|再要|再买|一样的|同样的|老样子|照旧)")


def find_order(orders: list[Order], ref: str | None) -> Order | None:
    """The order the words point at: a domain word, a title word, or the most recent one."""
    if not orders:
        return None
    words = (ref or "").strip()
    if not words or words in ("最近", "刚才", "上一单", "这单", "订单"):
        return orders[0]
    for key, domain in REF_DOMAINS:
        if key in words:
            for order in orders:
                if order.domain is domain:
                    return order
    for order in orders:
        if words in order.title or any(words in str(line.get("title", "")) for line in order.lines):
            return order
    return None


def is_repeat(text: str) -> bool:
    """'再来一杯一样的': the user wants the last order of that kind again."""
    return bool(REPEAT.search(text)) and ("一样" in text or "同样" in text or "老样子" in text or "照旧" in text)
