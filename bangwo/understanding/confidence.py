"""A reading's confidence: the weigher's calibrated probability, lowered where the engine cannot act alone.

Three kinds of reading stay below the routing threshold whatever the words weigh: an order that says
nothing but its domain (帮我订个酒店: no city, date or anything else to go on); a request to plan or
arrange several things, or to send a gift (安排春节行程, 年货送过去), which takes the planner's tools; and
small talk that asks for something all the same (帮我写副春联), which only the model can answer.
"""

from __future__ import annotations

import re

from bangwo.domain import specs
from bangwo.domain.frames import Frame

# Asking the assistant to plan, arrange or choose for someone else: more than one reading can carry.
OPEN_RE = re.compile(r"安排|行程|计划|规划|攻略|送过去|送给|礼物")
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


def bare(frame: Frame) -> bool:
    """An order saying nothing but its domain: no anchor and no other slot (帮我订个酒店)."""
    return not anchored(frame) and not frame.slots


def asks_of_chat(frame: Frame, sentence: str) -> bool:
    """Small talk that asks for something (帮我写副春联): no task of the engine serves it."""
    return frame.domain == "chat" and any(word in sentence for word in REQUEST_WORDS)


def adjusted(frame: Frame, sentence: str, calibrated: float, threshold: float) -> float:
    """The calibrated confidence, capped below ``threshold`` for bare orders, open requests and small
    talk asking for something."""
    if (frame.domain != "chat" and (bare(frame) or is_open(sentence))) or asks_of_chat(frame, sentence):
        return min(calibrated, threshold * BELOW)
    return calibrated
