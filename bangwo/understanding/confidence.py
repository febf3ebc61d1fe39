"""A reading's confidence: the weigher's calibrated probability, lowered where the engine cannot act alone.

Three kinds of reading stay below the routing threshold whatever the words weigh: an order that says
nothing but its domain (帮我订个酒店: no city, date, wish or recommendation to go on); a request to plan or
arrange several things, or to send a gift (安排春节行程, 年货送过去), which takes the planner's tools; and
small talk that asks for something all the same (帮我写副春联), which only the model can answer.
"""

from __future__ import annotations

from bangwo.domain import specs
from bangwo.domain.frames import Frame
from bangwo.understanding import asking, cues
from bangwo.understanding.lazyregex import lazy_compile

# Asking the assistant to plan, arrange or choose for someone else: more than one reading can carry.
OPEN_RE = lazy_compile(r"安排|行程|计划|规划|攻略|送过去|送给|礼物")
BELOW = 0.9  # a capped confidence is this share of the threshold
# Words of a request: small talk saying them asks for something the embedded engine has no task for.
REQUEST_WORDS = ("买", "订", "点", "叫", "充", "送", "约", "帮我", "预定", "预订", "来一", "要一", "想去", "想吃", "想喝", "想看")


def anchored(frame: Frame) -> bool:
    """An order names what it is about (its spec's anchor slots); other intents always do."""
    found = specs.find(frame.domain)
    return frame.intent != "order" or found is None or any(s in frame.slots for s in found.anchor_slots)


def is_open(text: str) -> bool:
    """A request to plan or arrange, or to send things to someone else."""
    return bool(OPEN_RE.search(text))


# What a request may ask for beyond the contract's slots: a rating, a price range, a facility, a kind, a
# neighbourhood, how long a visit takes (评分4.5分以上、有免费wifi的酒店, 门票免费、游玩时间1小时的景点).
WISH_RE = lazy_compile(r"评分|[0-9一二三四五]\s*分|星级?|价格|价位|房价|[0-9]\s*(?:元|块)|免费|wifi|WiFi|无线|早餐|停车|服务|设施|"
                     r"游玩时间|[0-9一两三四五六七八九十半]\s*(?:个)?小时|经济型|舒适型|高档型?|豪华型?|便宜|实惠|性价比|干净|安静|附近|周边|"
                     r"旁边|好玩|好看|好吃|喜剧|动作|爱情|科幻|动画|恐怖|悬疑|纪录|健身房|游泳池|泳池|温泉|SPA|spa|会议室|吹风机|暖气|"
                     r"热水|叫醒|接机|接站|洗衣|寄存|无烟|宠物|孩子|小孩|家人|老人|夜景|人少|热映|新片|上映|大片|IMAX|3D|杜比")


def bare(frame: Frame, sentence: str = "") -> bool:
    """An order saying nothing but its domain: no anchor, no other slot (帮我订个酒店), and no wish or
    recommendation asked for in the sentence (推荐一家有免费wifi的酒店 says what is wanted). A question
    about a thing only pointed at (这家酒店的电话是多少: intent info, ``ask`` and nothing else) is bare too:
    what "this" is lives in the conversation, which the planner reads."""
    pointed = frame.intent == "info" and set(frame.slots) <= {"ask"}
    if (anchored(frame) and not pointed) or any(slot != "ask" for slot in frame.slots):
        return False
    return not wishes(sentence)


def wishes(sentence: str) -> bool:
    """A recommendation, or wishes said of the kind of thing wanted (…评分4.5分以上的酒店); not a question
    about a thing only pointed at (这家的价格是多少, 它的评分呢), which the planner reads in context."""
    if cues.follow_up_domain(sentence) is not None:
        return False
    if asking.recommends(sentence):
        return True
    return bool(WISH_RE.search(sentence)) and (asking.ask_of(sentence) is None or cues.head_domain(sentence) is not None)


def asks_of_chat(frame: Frame, sentence: str) -> bool:
    """Small talk that asks for something (帮我写副春联): no task of the engine serves it."""
    return frame.domain == "chat" and any(word in sentence for word in REQUEST_WORDS)


def adjusted(frame: Frame, sentence: str, calibrated: float, threshold: float) -> float:
    """The calibrated confidence, capped below ``threshold`` for bare orders, open requests and small
    talk asking for something."""
    if (frame.domain != "chat" and (bare(frame, sentence) or is_open(sentence))) or asks_of_chat(frame, sentence):
        return min(calibrated, threshold * BELOW)
    return calibrated
