"""What the engine says, in short, specific Simplified Chinese: every user-facing sentence lives here."""

from __future__ import annotations

from typing import Any

from bangwo.domain.domains import LABELS_ZH, Domain
from bangwo.domain.money import format_fen

QUESTIONS: dict[str, str] = {
    "item": "想喝点/吃点什么呢？",
    "address": "送到哪里呢？告诉我地址就行。",
    "movie": "想看哪部电影？",
    "date": "哪一天呢？",
    "from_city": "从哪个城市出发？",
    "to_city": "去哪个城市？",
    "city": "在哪个城市？",
    "check_in": "哪天入住？",
    "name": "想去哪个景点？",
    "to": "要去哪里？",
    "amount": "充多少钱？",
    "phone": "给哪个手机号充值？",
    "query": "想买什么？",
}

SUGAR = {"full": "标准糖", "less": "少糖", "half": "半糖", "light": "微糖", "none": "无糖"}
ICE = {"normal": "正常冰", "less": "少冰", "none": "去冰", "room": "常温", "warm": "温", "hot": "热"}
SEAT = {"back": "最后一排", "front": "前排", "middle": "中间", "aisle": "靠过道", "couple": "情侣座"}


def yuan(fen: int) -> str:
    return format_fen(fen)


def ask(slot: str) -> str:
    return QUESTIONS.get(slot, f"请补充一下{slot}。")


def wishes(domain: str, slots: dict[str, Any]) -> str:
    """The user's stated preferences, as a short phrase: '少糖少冰的珍珠奶茶'."""
    if domain == "takeout":
        prefs = "".join(x for x in (SUGAR.get(slots.get("sugar", "")), ICE.get(slots.get("ice", ""))) if x)
        item = "饮品" if slots.get("any") else slots.get("item", "")
        return f"{prefs}的{item}" if prefs else str(item)
    if domain == "movie":
        seat = SEAT.get(slots.get("seat", ""), "")
        return f"《{slots.get('movie', '')}》" + (f"（{seat}）" if seat else "")
    if domain in ("train", "flight"):
        return f"{slots.get('from_city', '')}到{slots.get('to_city', '')}的{LABELS_ZH[Domain(domain)]}"
    if domain == "hotel":
        near = f"{slots['near']}附近的" if slots.get("near") else ""
        return f"{slots.get('city', '')}{near}酒店"
    return str(slots.get("item") or slots.get("name") or slots.get("query") or slots.get("to") or
               LABELS_ZH.get(Domain(domain), domain))


def found(domain: str, slots: dict[str, Any], count: int) -> str:
    return f"为你找到{count}个{wishes(domain, slots)}的选择，回复“第一个”或序号选择，也可以说“要便宜的”“换一家”。"


def nothing_found(domain: str, slots: dict[str, Any], problems: list[str]) -> str:
    reason = f"（{problems[0]}）" if problems else ""
    return f"抱歉，暂时没找到合适的{wishes(domain, slots)}{reason}。可以换个时间、地点或条件试试。"


def with_problems(text: str, problems: list[str]) -> str:
    distinct = list(dict.fromkeys(p for p in problems if p))[:2]
    return f"{'；'.join(distinct)}。{text}" if distinct else text


def confirm_card(card: dict[str, Any]) -> str:
    coupon = f"，{card['coupon']}抵扣{yuan(card['discount_fen'])}" if card.get("discount_fen") else ""
    return (f"{card['title']}：合计{yuan(card['price_fen'] + card['fees_fen'])}{coupon}，"
            f"实付{yuan(card['pay_fen'])}。退改规则：{card['policy']}。回复“确认”支付，或“不要了”取消。")


def paid(order: dict[str, Any]) -> str:
    coupon = f"（免单卡抵扣{yuan(order['discount_fen'])}）" if order.get("discount_fen") else ""
    return f"已下单并支付{yuan(order['paid_fen'])}{coupon}，订单号{order['id']}。"


def declined() -> str:
    return "好的，已取消，没有扣款，锁定的库存也已释放。"


def nothing_to_confirm() -> str:
    return "现在没有待确认的订单哦，想办点什么？"


def greeting() -> str:
    return "你好，我是帮我。可以帮你点外卖、买电影票、订火车票机票酒店、买门票、打车、充话费和网购，直接说需求就行。"


def polite_refusal() -> str:
    return "这个我帮不上忙。我可以帮你点外卖、买票、订酒店、打车或充话费，有需要随时说。"


def empty() -> str:
    return "没听清，可以再说一遍想办什么吗？"
