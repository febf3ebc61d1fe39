"""How orders, wallets and cards are shown: JSON for programs, rich renderables in Chinese for people."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table

from bangwo.domain import payments
from bangwo.domain.domains import LABELS_ZH, Domain
from bangwo.domain.fulfilment import Progress
from bangwo.domain.money import format_fen
from bangwo.domain.orders import STATUS_ZH, Order, OrderStatus
from bangwo.services.ports import UnitOfWork


def yuan(fen: int) -> str:
    return format_fen(fen)


def order_json(order: Order, state: Progress | None = None) -> dict[str, Any]:
    """The order as spec/chat.md lists it in a turn's ``orders``."""
    body: dict[str, Any] = {
        "id": order.id, "domain": order.domain.value, "status": order.status.value, "title": order.title,
        "items": [{"title": ln["title"], "quantity": ln["quantity"], "options": ln.get("options", {})}
                  for ln in order.lines],
        "total_fen": order.total_fen, "discount_fen": order.discount_fen, "paid_fen": order.paid_fen,
        "refunded_fen": order.refunded_fen, "coupon_id": order.card_id, "merchant": order.merchant_name,
        "created_at": order.created_at.isoformat(), "details": order.details,
    }
    if state is not None and order.status not in (OrderStatus.HELD, OrderStatus.CANCELLED):
        body["phase"] = state.phase
        body["phase_zh"] = state.phase_zh
        body["eta"] = state.eta.isoformat() if state.eta else None
        body["courier"] = list(state.courier) if state.courier else None
    return body


def orders_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="我的订单")
    for column in ("订单号", "类型", "内容", "状态", "总价", "优惠", "实付"):
        table.add_column(column)
    for r in rows:
        status = STATUS_ZH[OrderStatus(r["status"])]
        if r.get("phase_zh") and r["status"] in ("fulfilling",):
            status = r["phase_zh"]
        table.add_row(r["id"], LABELS_ZH[Domain(r["domain"])], r["title"], status, yuan(r["total_fen"]),
                      yuan(r["discount_fen"]), yuan(r["paid_fen"]))
    return table


def wallet_json(uow: UnitOfWork, user_id: str, now: datetime) -> dict[str, Any]:
    cards = uow.cards.cards_of(user_id)
    return {
        "user": user_id,
        "wallet_fen": uow.ledger.balance(payments.wallet_account(user_id)),
        "cards_usable": sum(1 for c in cards if c.usable(now)),
        "cards": [{"id": c.id, "value_fen": c.value_fen, "expires_at": c.expires_at.isoformat(),
                   "used_order_id": c.used_order_id,
                   "state": "used" if c.used_order_id else ("expired" if now >= c.expires_at else "usable")}
                  for c in cards],
    }


def wallet_panel(report: dict[str, Any]) -> Panel:
    table = Table(show_header=True)
    for column in ("免单卡", "面额", "状态", "有效期至"):
        table.add_column(column)
    states = {"used": "已使用", "expired": "已过期", "usable": "可用"}
    for c in report["cards"]:
        table.add_row(c["id"], yuan(c["value_fen"]), states[c["state"]], c["expires_at"][:16].replace("T", " "))
    head = f"钱包余额 {yuan(report['wallet_fen'])}，可用免单卡 {report['cards_usable']} 张"
    return Panel(Group(head, table), title=f"{report['user']} 的钱包")
