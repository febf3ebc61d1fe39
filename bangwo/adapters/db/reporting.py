"""Read models for the HTTP API: chat history, order timelines and the operations dashboard's figures.

Funnel definitions (the dashboard shows them; tests recompute them with their own SQL):
- request: a message that is not a step of an errand already under way (select, confirm, decline);
- understood: a request whose turn found at least one business domain (small talk, ``chat``, is not one);
- offered: a turn that offered option cards;
- confirmed: an order placed (the person picked an offer and saw the confirm card);
- paid: an order that reached ``paid``;
- GMV: the total of paid orders net of refunds (a refunded order counts only the fee it kept);
- a failure is filed under the domains the turn's frames named; a step that failed with an error (a 确认
  refused for 余额不足 names no domain) under those of the cards it kept in view.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, select

from bangwo.adapters.db import tables as t
from bangwo.domain.cards import Campaign
from bangwo.domain.clocks import SHANGHAI

STEP_OUTCOMES = frozenset({"held", "paid", "declined", "duplicate_confirm"})
FAILURE_OUTCOMES = frozenset({"no_offer", "refused"})
NOT_UNDERSTOOD = "not_understood"
UNKNOWN_DOMAIN = "unknown"
SMALL_TALK = "chat"


def is_request(outcome: str) -> bool:
    return outcome not in STEP_OUTCOMES


def business_domains(domains: str) -> list[str]:
    """The business domains a turn's frames named ('takeout,movie'), without small talk."""
    return [d for d in domains.split(",") if d and d != SMALL_TALK]


def failure_domains(outcome: str, domains: str, reply: Any) -> list[str]:
    """The business domains a failed turn is about: its frames', else, for a step that failed (an error),
    the cards it kept in view (the errand under way)."""
    named = business_domains(domains)
    if named or not outcome.startswith("error:"):
        return named or [UNKNOWN_DOMAIN]
    cards = reply.get("cards") if isinstance(reply, dict) else None
    shown = {str(c["domain"]) for c in cards or [] if isinstance(c, dict) and c.get("domain")}
    return sorted(shown - {SMALL_TALK}) or [UNKNOWN_DOMAIN]


def net_gmv_fen(*, status: str, total_fen: int, discount_fen: int, refunded_fen: int) -> int:
    """What a paid order leaves as sales: its total, less what a refund gave back (money and card discount)."""
    if status == "refunded":
        return total_fen - refunded_fen - discount_fen
    return total_fen - refunded_fen


def failure_reason(outcome: str, domains: str) -> str | None:
    """Why a turn fell short, or None: nothing found, refused, an error, or not understood at all."""
    if outcome in FAILURE_OUTCOMES or outcome.startswith("error:"):
        return outcome
    if outcome == "chat" and not business_domains(domains):
        return NOT_UNDERSTOOD
    return None


def turn_history(engine: Engine, user_id: str, conversation_id: str, *, limit: int) -> list[dict[str, Any]]:
    """The last ``limit`` turns of one conversation of one user, oldest first."""
    q = (select(t.turns.c.at, t.turns.c.text, t.turns.c.reply)
         .where(t.turns.c.user_id == user_id, t.turns.c.conversation_id == conversation_id)
         .order_by(t.turns.c.id.desc()).limit(limit))
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    return [{"at": r["at"].isoformat(), "text": r["text"], "turn": r["reply"]} for r in reversed(rows)]


def order_timeline(engine: Engine, order_id: str) -> list[dict[str, Any]]:
    e = t.order_events.c
    q = select(e.at, e.from_status, e.to_status, e.reason, e.actor).where(e.order_id == order_id).order_by(e.id)
    with engine.connect() as conn:
        return [{"at": r["at"].isoformat(), "from": r["from_status"], "to": r["to_status"], "reason": r["reason"]}
                for r in conn.execute(q).mappings()]


def invites_of(engine: Engine, inviter_id: str) -> list[dict[str, Any]]:
    i = t.invites.c
    q = select(i.invitee_id, i.created_at).where(i.inviter_id == inviter_id).order_by(i.created_at)
    with engine.connect() as conn:
        return [{"invitee": r["invitee_id"], "at": r["created_at"].isoformat()} for r in conn.execute(q).mappings()]


def dashboard(engine: Engine, *, now: datetime, days: int, campaign: Campaign) -> dict[str, Any]:
    """Every figure of the operations dashboard for the ``days`` days up to ``now`` (Asia/Shanghai)."""
    now = now.astimezone(SHANGHAI)
    since = now - timedelta(days=days)
    with engine.connect() as conn:
        turns = conn.execute(select(t.turns.c.at, t.turns.c.domains, t.turns.c.outcome)
                             .where(t.turns.c.at >= since, t.turns.c.at <= now)).mappings().all()
        failed = conn.execute(select(t.turns.c.domains, t.turns.c.outcome, t.turns.c.reply)
                              .where(t.turns.c.at >= since, t.turns.c.at <= now,
                                     t.turns.c.outcome.in_(FAILURE_OUTCOMES) | t.turns.c.outcome.like("error:%")
                                     | (t.turns.c.outcome == SMALL_TALK))).mappings().all()
        orders = conn.execute(select(t.orders.c.id, t.orders.c.domain, t.orders.c.status, t.orders.c.total_fen,
                                     t.orders.c.paid_fen, t.orders.c.discount_fen, t.orders.c.refunded_fen)
                              .where(t.orders.c.created_at >= since, t.orders.c.created_at <= now)).mappings().all()
        paid_ids = set(conn.execute(select(t.order_events.c.order_id).join(
            t.orders, t.orders.c.id == t.order_events.c.order_id).where(and_(
                t.order_events.c.to_status == "paid", t.orders.c.created_at >= since,
                t.orders.c.created_at <= now))).scalars())
        stock = conn.execute(select(t.campaign_stock.c.bucket, t.campaign_stock.c.taken)
                             .where(t.campaign_stock.c.campaign_id == campaign.id)).mappings().all()
        cards = conn.execute(select(t.cards.c.source, t.cards.c.created_at, t.cards.c.used_order_id)
                             .where(t.cards.c.campaign_id == campaign.id)).mappings().all()
    requests = [r for r in turns if is_request(r["outcome"])]
    return {
        "now": now.isoformat(), "since": since.isoformat(), "days": days,
        "requests_per_hour": _per_hour(requests, now),
        "requests_per_day": _per_day(requests, now, days),
        "funnel": {"requests": len(requests), "understood": sum(1 for r in requests if business_domains(r["domains"])),
                   "offered": sum(1 for r in turns if r["outcome"] == "offered"),
                   "confirmed": len(orders), "paid": len(paid_ids)},
        "by_domain": _by_domain(orders, paid_ids),
        "failures": _failures(failed),
        "cards": _cards(campaign, stock, cards),
    }


def _per_hour(rows: Sequence[Any], now: datetime) -> list[dict[str, Any]]:
    top = now.replace(minute=0, second=0, microsecond=0)
    hours = [top - timedelta(hours=h) for h in range(23, -1, -1)]
    counts = Counter(r["at"].astimezone(SHANGHAI).replace(minute=0, second=0, microsecond=0) for r in rows)
    return [{"hour": h.strftime("%m-%d %H:00"), "count": counts.get(h, 0)} for h in hours]


def _per_day(rows: Sequence[Any], now: datetime, days: int) -> list[dict[str, Any]]:
    counts = Counter(r["at"].astimezone(SHANGHAI).date() for r in rows)
    dates = [now.date() - timedelta(days=d) for d in range(days - 1, -1, -1)]
    return [{"day": d.isoformat(), "count": counts.get(d, 0)} for d in dates]


def _by_domain(orders: Sequence[Any], paid_ids: set[str]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(
        ("orders", "paid_orders", "refunded_orders", "gross_gmv_fen", "gmv_fen", "paid_fen", "discount_fen",
         "refunded_fen"), 0))
    for o in orders:
        row = rows[o["domain"]]
        row["orders"] += 1
        if o["id"] in paid_ids:
            row["paid_orders"] += 1
            row["refunded_orders"] += int(o["status"] == "refunded")
            row["gross_gmv_fen"] += int(o["total_fen"])
            row["gmv_fen"] += net_gmv_fen(status=str(o["status"]), total_fen=int(o["total_fen"]),
                                          discount_fen=int(o["discount_fen"]), refunded_fen=int(o["refunded_fen"]))
            row["paid_fen"] += int(o["paid_fen"])
            row["discount_fen"] += int(o["discount_fen"])
            row["refunded_fen"] += int(o["refunded_fen"])
    return [{"domain": d, **v} for d, v in sorted(rows.items())]


def _failures(turns: Sequence[Any]) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    for r in turns:
        reason = failure_reason(r["outcome"], r["domains"])
        if reason is not None:
            for domain in failure_domains(r["outcome"], r["domains"], r["reply"]):
                counts[(domain, reason)] += 1
    return [{"domain": d, "reason": why, "count": n} for (d, why), n in sorted(counts.items())]


def _cards(campaign: Campaign, stock: Sequence[Any], cards: Sequence[Any]) -> dict[str, Any]:
    by_start = {w.start.strftime("%H%M"): w for w in campaign.windows}
    windows = []
    for r in sorted(stock, key=lambda r: str(r["bucket"])):
        bucket = str(r["bucket"])
        if "@" not in bucket:
            continue
        window = by_start.get(bucket.split("@", 1)[1])
        limit = window.stock if window else None
        windows.append({"window": bucket, "span": f"{window.start:%H:%M}-{window.end:%H:%M}" if window else None,
                        "issued": int(r["taken"]), "stock": limit,
                        "left": None if limit is None else max(limit - int(r["taken"]), 0)})
    total_taken = next((int(r["taken"]) for r in stock if r["bucket"] == "total"), None)
    return {
        "campaign": campaign.id, "issued": len(cards), "used": sum(1 for c in cards if c["used_order_id"]),
        "by_source": dict(sorted(Counter(str(c["source"]) for c in cards).items())),
        "total_stock": campaign.total_stock, "total_taken": total_taken,
        "total_left": None if campaign.total_stock is None else campaign.total_stock - (total_taken or 0),
        "windows": windows,
    }
