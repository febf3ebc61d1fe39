"""How orders, wallets and cards are shown: JSON for programs, rich renderables in Chinese for people."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table

from bangwo.conversation import replies, turns
from bangwo.domain import fulfilment, payments, policies
from bangwo.domain.domains import LABELS_ZH, Domain, parse_domain
from bangwo.domain.errors import InvalidRequestError
from bangwo.domain.listings import Listing, SearchQuery
from bangwo.domain.money import format_fen
from bangwo.domain.orders import STATUS_ZH, Order
from bangwo.domain.users import User
from bangwo.services.ports import UnitOfWork


def yuan(fen: int) -> str:
    return format_fen(fen)


def order_json(order: Order, now: datetime | None = None) -> dict[str, Any]:
    """The order as every surface shows it (the conversation's turn contract) with its one status label."""
    body = turns.order_json(order, now)
    body["status_zh"] = status_zh(order, now)
    return body


def status_zh(order: Order, now: datetime | None) -> str:
    """The status label of the orders list, the order detail, the API and the CLI alike."""
    return STATUS_ZH[order.status] if now is None else fulfilment.status_label(order, now)


def order_view(order: Order, now: datetime) -> dict[str, Any]:
    """The order detail: the JSON, the refund policy, the stepper, the ETA countdown, where the rider is,
    whether 申请退款 is offered now (``refund: {allowed, reason, fee_fen}``) and its seats when it has any."""
    body = order_json(order, now)
    body["policy"] = policies.by_code(order.policy_code).summary_zh
    body["steps"] = [{"phase": s.phase, "label": s.label_zh, "state": s.state} for s in fulfilment.steps(order, now)]
    left = fulfilment.seconds_left(order, now)
    body["countdown"] = None if left is None else {
        "seconds": left, "label": fulfilment.ETA_ZH.get(body.get("phase") or "", "预计")}
    body["tracking"] = tracking_json(order, now)
    body["refund"] = refund_json(order, now)
    seats = [str(s).rsplit("/", 1)[-1] for s in order.details.get("seats") or []]
    body["seats"] = seats
    return body


def tracking_json(order: Order, now: datetime) -> dict[str, Any] | None:
    """Shop, rider and door for the schematic, with the distances said in words."""
    where = fulfilment.whereabouts(order, now)
    if where is None:
        return None
    return {"shop": _point(where.shop), "rider": _point(where.rider), "you": _point(where.door),
            "rider_to_you_m": where.rider_to_door_m, "shop_to_you_m": where.shop_to_door_m,
            "minutes_left": where.minutes_left,
            "text": replies.whereabouts(where.phase, rider_m=where.rider_to_door_m, shop_m=where.shop_to_door_m,
                                        minutes=where.minutes_left)}


def _point(p: tuple[float, float] | None) -> dict[str, float] | None:
    return None if p is None else {"lat": p[0], "lng": p[1]}


def refund_json(order: Order, now: datetime) -> dict[str, Any]:
    """Whether 申请退款 is offered now under the domain's policy, why (in words) and the fee it would keep."""
    quote = policies.refund_quote(order, now=now)
    return {"allowed": quote.allowed, "fee_fen": quote.fee_fen,
            "reason": replies.refund_reason(quote.reason, policy_zh=quote.policy_zh,
                                            status_zh=status_zh(order, now), fee_fen=quote.fee_fen)}


def orders_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="我的订单")
    for column in ("订单号", "类型", "内容", "状态", "总价", "优惠", "实付"):
        table.add_column(column)
    for r in rows:
        status = r["status_zh"]
        table.add_row("…" + r["id"][-6:], LABELS_ZH[Domain(r["domain"])], r["title"], status, yuan(r["total_fen"]),
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


def search_query(domain: str, *, text: str | None, city: str | None, on: str | None, filters: list[str],
                 limit: int) -> SearchQuery:
    """Build a SearchQuery from command-line words, with clear errors."""
    try:
        parsed_domain = parse_domain(domain)
        day = date.fromisoformat(on) if on else None
    except ValueError as exc:
        raise InvalidRequestError(str(exc), user_message="参数有误：领域或日期格式不对") from None
    pairs: dict[str, Any] = {}
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InvalidRequestError(f"--filter wants slot=value, got {item!r}", user_message="筛选条件应写成 名称=值")
        pairs[name] = int(value) if value.isdigit() else value
    return SearchQuery(domain=parsed_domain, text=text, city=city, on=day, filters=pairs, limit=limit)


def near_user(query: SearchQuery, user: User) -> SearchQuery:
    address = user.default_address
    if address is None:
        return query
    return replace(query, near=address.point, city=query.city or address.city)


def listing_json(listing: Listing) -> dict[str, Any]:
    return {"domain": listing.domain.value, "ref": listing.ref, "title": listing.title,
            "merchant": listing.merchant_name, "city": listing.city, "price_fen": listing.price_fen,
            "attrs": dict(listing.attrs)}


def listings_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"找到 {len(rows)} 条")
    for column in ("商家", "名称", "价格", "余量", "说明", "ref"):
        table.add_column(column)
    for r in rows:
        attrs = r["attrs"]
        notes = " ".join(f"{k}={v}" for k, v in attrs.items()
                         if k in ("start", "depart", "arrive", "eta_minutes", "distance_m", "rating", "open", "hall"))
        left = attrs.get("left")
        table.add_row(r["merchant"], r["title"], yuan(r["price_fen"]), "-" if left is None else str(left), notes,
                      r["ref"])
    return table


def bench_table(results: list[dict[str, Any]], *, title: str) -> Table:
    table = Table(title=title)
    for column in ("database", "paid orders/s", "p50 ms", "p99 ms", "errors", "bare inserts/s", "ratio"):
        table.add_column(column, justify="right")
    for r in results:
        table.add_row(r["database"], f"{r['paid_orders_per_s']:.0f}", f"{r['p50_ms']:.2f}", f"{r['p99_ms']:.2f}",
                      str(r["errors"]), f"{r['bare_inserts_per_s']:.0f}", f"{r['ratio_vs_bare_insert']}")
    return table


def print_turn(console: Console, turn: dict[str, Any]) -> None:
    """A turn for people: the reply, then option cards with price breakdown and policy first."""
    console.print(f"[bold green]帮我[/bold green]：{turn['reply']}")
    for card in turn.get("cards", []):
        coupon = f"  {card['coupon']} -{yuan(card['discount_fen'])}" if card.get("discount_fen") else ""
        fees = f" + 费用{yuan(card['fees_fen'])}" if card.get("fees_fen") else ""
        why = f"\n[dim]{card['why']}[/dim]" if card.get("why") else ""
        body = (f"[yellow]退改：{card['policy']}[/yellow]\n{yuan(card['price_fen'])}{fees}{coupon}\n"
                f"[bold]实付 {yuan(card['pay_fen'])}[/bold]{why}")
        console.print(Panel(body, title=f"{card['ref']}. {card['title']}", subtitle=card.get("merchant"),
                            expand=False))


def report_table(report: dict[str, Any], *, title: str) -> Table:
    """A benchmark report as a two-column table."""
    table = Table(title=title)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in report.items():
        table.add_row(key, str(value))
    return table

