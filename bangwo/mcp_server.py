"""`bangwo mcp`: search, quote, order, confirm and track as MCP tools (official SDK, stdio transport).

The confirmation rule is the chat's: ``order`` only holds stock and returns the exact offer, the amount
to pay and a confirmation token bound to both; ``confirm`` pays only when the token matches the order and
amount as they are now AND a person said yes. By default the server asks the person itself through MCP
elicitation (the client shows the offer and amount to its user and returns their answer; the model never
answers for them). ``approval="client"`` is for clients without elicitation whose own approval dialog
shows every ``confirm`` call, with its arguments, to the person before it runs.

The server acts for one authenticated user, named by the token in its configuration (BANGWO_MCP_TOKEN,
made by `bangwo token issue --user X`); no tool takes a user id, so a model cannot act for anyone else.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

import anyio
from mcp.server.fastmcp import Context, FastMCP
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

from bangwo import bootstrap as boot
from bangwo import views
from bangwo.domain.domains import Domain
from bangwo.domain.errors import ConfirmationError, InvalidRequestError
from bangwo.domain.listings import QuoteRequest, SearchQuery
from bangwo.domain.money import format_fen
from bangwo.domain.offers import Offer
from bangwo.domain.plans import Consent
from bangwo.domain.users import check_user_id
from bangwo.services import checkout, fulfilling, quoting

Approval = Literal["elicit", "client"]
INSTRUCTIONS = ("bangwo runs errands: search and quote freely; `order` holds an offer and returns the amount "
                "to pay with a confirmation token; only the user's own yes, asked by `confirm`, pays.")


class PaymentAnswer(BaseModel):
    """What the person is asked in the client."""

    confirm: bool = Field(description="确认支付这笔订单")


def build_server(app: boot.App, *, secret: bytes, user_id: str, approval: Approval = "elicit") -> FastMCP:
    """An MCP server over a bootstrapped app, acting for ``user_id`` (authenticated by the caller)."""
    who = check_user_id(user_id)
    server = FastMCP("bangwo", instructions=INSTRUCTIONS)
    read_only = ToolAnnotations(readOnlyHint=True, openWorldHint=False)
    links = app.supplier_orders() if app.supplier() else None   # orders of merchants an outside supplier sells

    @server.tool(annotations=read_only)
    def search(domain: str, text: str | None = None, city: str | None = None, on: str | None = None,
               limit: int = 8) -> list[dict[str, Any]]:
        """Search a domain (takeout grocery movie flight train hotel attraction taxi recharge shopping)."""
        query = SearchQuery(_domain(domain), text=text, city=city, on=date.fromisoformat(on) if on else None,
                            limit=max(1, min(limit, 50)))
        with app.uow.reader() as uow:
            query = views.near_user(query, uow.users.get(who))
        return [views.listing_json(x) for x in quoting.search(query, catalog=app.catalog, uow=app.uow(),
                                                               clock=app.clock)]

    @server.tool(annotations=read_only)
    def quote(domain: str, ref: str, quantity: int = 1, options: dict[str, Any] | None = None) -> dict[str, Any]:
        """Price one listing (nothing is held or paid)."""
        return _offer_json(_quote(app, domain, ref, quantity, options or {}, who))

    @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=False))
    def order(domain: str, ref: str, quantity: int = 1, options: dict[str, Any] | None = None) -> dict[str, Any]:
        """Hold one offer for the user; returns the amount to pay and the token `confirm` needs. Pays nothing."""
        offer = _quote(app, domain, ref, quantity, options or {}, who)
        plan = checkout.open_plan(who, uow=app.uow(), clock=app.clock)
        held = checkout.hold(who, plan.id, 0, offer, key=f"mcp:{uuid.uuid4().hex}",
                             hold_minutes=app.settings.hold_minutes, uow=app.uow(), clock=app.clock,
                             max_open_holds=app.settings.max_open_holds, suppliers=app.supplier_routes(),
                             links=links)
        plan, consent = checkout.consent(who, plan.id, uow=app.uow(), clock=app.clock, secret=secret)
        leg = plan.legs[0]
        return {"order_id": held.order.id, "plan_id": plan.id, **_offer_json(offer),
                "discount_fen": leg.discount_fen, "pay_fen": consent.pay_fen,
                "hold_expires_at": consent.expires_at.isoformat(),
                "confirmation_token": f"{plan.id}.{consent.token}",
                "next": "show the user title, merchant, total, discount, pay amount and policy; then call confirm"}

    @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=True, openWorldHint=False))
    async def confirm(order_id: str, amount_fen: int, confirmation_token: str,
                      ctx: Context) -> dict[str, Any]:  # type: ignore[type-arg]
        """Pay a held order: the user is asked to confirm the exact amount; the token binds offer and amount."""
        plan_id, _, token = confirmation_token.partition(".")
        plan = checkout.plan_of(who, plan_id, uow=app.uow())
        if order_id not in {leg.order_id for leg in plan.legs} or amount_fen != plan.pay_fen:
            raise ConfirmationError(f"confirm of {order_id} for {amount_fen} fen does not match plan {plan_id}")
        given = Consent(plan_id, amount_fen, plan.expires_at or app.clock.now(), token)
        plan = checkout.check_consent(who, plan_id, given, uow=app.uow(), clock=app.clock, secret=secret)
        if approval == "elicit":
            leg = plan.legs[0]
            question = (f"确认支付 {format_fen(plan.pay_fen)}？{leg.title}，"
                        f"总价{format_fen(plan.total_fen)}，优惠{format_fen(plan.discount_fen)}。")
            answer = await ctx.elicit(question, PaymentAnswer)
            if answer.action != "accept" or not answer.data.confirm:
                return {"paid": False, "order_id": order_id, "reason": "the user did not confirm; nothing was paid"}
        paid = await anyio.to_thread.run_sync(lambda: checkout.pay(
            who, plan_id, given, key=f"mcp:{plan_id}", uow=app.uow(), clock=app.clock, secret=secret))
        if links is not None:   # confirmed at the outside supplier once the payment committed (docs/catalog.md)
            settled = await anyio.to_thread.run_sync(lambda: checkout.settle_suppliers(
                [o.id for o in paid], suppliers=app.supplier_routes(), links=links, uow=app.uow, clock=app.clock))
            with app.uow.reader() as uow:
                paid = [uow.orders.get(o.id) for o in paid]
            return {"paid": True, "order": views.order_json(paid[0]),
                    "supplier": {k: v.value for k, v in settled.items()}}
        return {"paid": True, "order": views.order_json(paid[0])}

    @server.tool(annotations=read_only)
    def track(order_id: str | None = None) -> list[dict[str, Any]]:
        """The user's orders (or one order) with fulfilment progress."""
        fulfilling.advance_all(uow=app.uow, clock=app.clock)
        with app.uow.reader() as uow:
            found = [uow.orders.get(order_id)] if order_id else uow.orders.list_for_user(who, limit=10)
        return [views.order_json(o, app.clock.now()) for o in found if o.user_id == who]

    return server


def _domain(name: str) -> Domain:
    try:
        return Domain(name)
    except ValueError:
        raise InvalidRequestError(f"unknown domain {name!r}") from None


def _quote(app: boot.App, domain: str, ref: str, quantity: int, options: dict[str, Any], user_id: str) -> Offer:
    with app.uow.reader() as uow:
        address = uow.users.get(user_id).default_address
    kind = _domain(domain)
    if kind is Domain.MOVIE and "seats" not in options:
        return quoting.quote_seats(ref, count=quantity, preference=options.get("seat"), catalog=app.catalog,
                                   uow=app.uow(), clock=app.clock)
    return quoting.quote(QuoteRequest(kind, ref, quantity, options, address), catalog=app.catalog, clock=app.clock)


def _offer_json(offer: Offer) -> dict[str, Any]:
    return {"domain": offer.domain.value, "title": offer.title, "merchant": offer.merchant_name,
            "total_fen": offer.total_fen, "fees_fen": offer.fees_fen, "policy": offer.policy.summary_zh,
            "lines": [{"title": ln.title, "quantity": ln.quantity, "unit_price_fen": ln.unit_price_fen}
                      for ln in offer.lines]}


def run_stdio(app: boot.App, *, secret: bytes, approval: Approval) -> None:
    """Serve on stdin/stdout until the client closes, for the user BANGWO_MCP_TOKEN names."""
    who = boot.mcp_principal(app)
    build_server(app, secret=secret, user_id=who.subject, approval=approval).run("stdio")
