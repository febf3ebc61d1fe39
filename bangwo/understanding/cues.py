"""Cues a domain's spec leaves out: grade words shared by rides and stays, the ends of a ride, where one
is or is going, books, places to eat. ``classify.strong_domains`` weighs them with the spec's cues."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bangwo.understanding.pieces import MASK, Piece

# Grade words shared by rides and stays belong to the noun they qualify (经济型酒店 is a stay, 经济型的车 a ride).
SHARED_GRADE_RE = re.compile(r"(?:经济|舒适|豪华|商务)型?的?(?=\s*(?:酒店|宾馆|饭店|民宿|客栈|旅馆|房间|大床|套房|标间))")
# 从海底捞到希尔顿酒店: two ends of a ride (no city, station or airport among them).
FROM_TO_RE = re.compile(r"从\s*([^\s，,。！!？?]{1,12}?)\s*(?:到|去|回|往)\s*([^\s，,。！!？?]{1,14})")
# A ride's end named after a hotel, a restaurant or a shop (去希尔顿酒店, 到海底捞门口).
ENDPOINT_RE = re.compile(r"(?:从|到|去|回|往|送我去|送我到|送我回)\s*([^\s，,。！!？?从到去回]{1,14}?)(?=$|[\s，,。！!？?]|到|去|回|打车|"
                         r"叫车|打个车|叫个车|坐车|出发|上车|吃|玩|接)")
_TRIP_KINDS = frozenset({"city", "station", "airport"})
ORDER_WORD_RE = re.compile(r"订|定|买|点|叫|要|帮我|来")


def ride_ends(piece: Piece, masked: str, strong: Mapping[str, re.Pattern[str]]) -> list[tuple[int, int]]:
    """The spans of a ride's ends when the clause asks for a ride (打车, or 从X到Y between no cities)."""
    structure = FROM_TO_RE.search(piece.text)
    trips = sum(bool(m.kinds() & _TRIP_KINDS) for m in piece.mentions) >= 2 or any(
        m.kinds() == {"city"} for m in piece.mentions) or bool(
        strong["train"].search(masked) or strong["flight"].search(masked))
    if not strong["taxi"].search(masked) and (structure is None or trips):
        return []
    return [(m.start(1), m.end(1)) for m in ENDPOINT_RE.finditer(piece.text)]


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


# Cues a domain's spec leaves out: 约一台车, 叫一辆车 (a ride with its count); 我在希尔顿酒店门口 (where one is).
RIDE_CALL_RE = re.compile(r"(?:叫|约|打|要)(?:一|个|辆|台|部)*(?:车|计程车|出租车|的士|[Uu]ber|UBER|优步|滴滴|小黄)(?![票站])"
                          r"|(?:叫|约)(?:一|个|辆|台|部)+(?:车|[Uu]ber|计程车)?(?=\s*(?:去|到|回|送))")
WHERE_I_AM_RE = re.compile(r"^(?:我|我们)?(?:现在|正|人)?在[^\s，,。！!？?]{2,16}$")
# 去看电影的路上: where one is going is said as background, no task.
ON_THE_WAY_RE = re.compile(r"(?:去|回|在)?[^\s，,。！!？?]{1,10}?的?路上")
# 小林面馆, 阿强烧烤店: a place to eat named by what it serves.
EATERY_RE = re.compile(r"[\u4e00-\u9fff]{1,6}(?:面馆|饭馆|餐厅|餐馆|酒楼|酒家|小吃店|食堂|烧烤店|火锅店|奶茶店|咖啡馆|咖啡店|甜品店|"
                       r"面包店|包子铺|粥铺|快餐店)")
BOOK_RE = re.compile(r"[0-9一两二三四五六七八九十几]本[^，,。！!？?]{0,14}书(?:$|[，,。\s吧])|的书(?:$|[，,。\s吧])")
TERMINAL_RE = re.compile(r"(?<=机场)\s*[Tt]\d|[Tt]\d(?=\s*航站楼)")
