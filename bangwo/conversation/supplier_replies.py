"""What the person is told about orders an outside supplier sells live (docs/catalog.md, "Live orders")."""

from __future__ import annotations

from collections.abc import Sequence

from bangwo.domain.money import format_fen


def repriced(was_fen: int, now_fen: int) -> str:
    """The supplier's live price differs from the listed one: the card that follows shows the new price."""
    change = "涨到" if now_fen > was_fen else "降到"
    return f"商家刚刚调价：商品价从{format_fen(was_fen)}{change}{format_fen(now_fen)}，以下是按新价格的订单，还没有扣款。"


def down(reason: str, rest: str, *, alternative: bool) -> str:
    """The supplier could not be reached at hold time: nothing was held or charged; another shop, or a retry."""
    head = f"{reason.rstrip('。')}。这家没有下单，也没有扣款。"
    return head + ("先看看别家：" if alternative else "") + rest


def refused(refunds: Sequence[tuple[str, int]]) -> str:
    """Paid, but the supplier would not book it: the money went back through the refund flow."""
    back = "、".join(f"订单{order_id}退回{format_fen(fen)}" for order_id, fen in refunds)
    return f"抱歉，商家没能接单，已经退款：{back}，钱回到钱包。"


def pending() -> str:
    """Paid, and the supplier could not be reached to book it yet: it is retried, nothing is lost."""
    return "商家系统暂时联系不上，订单已支付，正在等商家确认；若商家最终不能接单，会全额退款。"
