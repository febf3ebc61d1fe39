"""Claiming free-order cards through a CardClaims store: Redis on the hot path, or the database alone."""

from __future__ import annotations

import uuid
from datetime import datetime

from bangwo.domain import cards, commands, users
from bangwo.domain.cards import ClaimOutcome, ClaimResult, ClaimTicket
from bangwo.domain.errors import CardError, DuplicateRequestError, ForbiddenError, UnavailableError
from bangwo.services.ports import AsyncCardClaims, CardClaims, Clock, UnitOfWorkFactory


def new_card(campaign: cards.Campaign, user_id: str, *, card_id: str | None = None) -> cards.Card:
    """A card of ``campaign`` for ``user_id`` (a fresh id unless one is given)."""
    return cards.Card(id=card_id or f"C{uuid.uuid4().hex[:20].upper()}", campaign_id=campaign.id,
                      user_id=user_id, value_fen=campaign.value_fen, min_spend_fen=campaign.min_spend_fen,
                      min_pay_fen=campaign.min_pay_fen, expires_at=campaign.ends_at)


def ticket_for(cmd: commands.ClaimCard, campaign: cards.Campaign, *, now: datetime) -> ClaimTicket:
    """Validate the claim and decide its bucket; raises CardError when no window is open."""
    users.check_user_id(cmd.user_id)
    commands.check_key(cmd.request_id)
    if cmd.campaign_id != campaign.id:
        raise CardError(f"campaign {cmd.campaign_id!r} is not the running one", user_message="没有这个活动")
    window = campaign.window_at(now)
    return ClaimTicket(card=new_card(campaign, cmd.user_id), request_id=cmd.request_id,
                       bucket=window.key(now) if window else "all", total_stock=campaign.total_stock,
                       window_stock=window.stock if window else None, cap_per_user=campaign.cap_per_user, at=now)


def claim_card(cmd: commands.ClaimCard, *, claims: CardClaims, campaign: cards.Campaign,
               clock: Clock) -> cards.Card:
    """Claim one card; the same request id returns the same card; never over stock or over the cap."""
    ticket = ticket_for(cmd, campaign, now=clock.now())
    return card_from(claims.take(ticket), ticket, campaign)


async def claim_card_async(cmd: commands.ClaimCard, *, claims: AsyncCardClaims, campaign: cards.Campaign,
                           clock: Clock) -> cards.Card:
    """claim_card on an event loop: the same rules, the store awaited."""
    ticket = ticket_for(cmd, campaign, now=clock.now())
    return card_from(await claims.take(ticket), ticket, campaign)


def card_from(result: ClaimResult, ticket: ClaimTicket, campaign: cards.Campaign) -> cards.Card:
    """The card a settled claim gave, or the domain error that explains why there is none."""
    outcome = result.outcome
    if outcome is ClaimOutcome.ISSUED or outcome is ClaimOutcome.REPEATED:
        assert result.card_id is not None
        return new_card(campaign, ticket.card.user_id, card_id=result.card_id)
    if outcome is ClaimOutcome.CAPPED:
        raise CardError(f"{ticket.card.user_id} reached the cap {ticket.cap_per_user}",
                        user_message=f"每人最多领{ticket.cap_per_user}张，你已经领满了")
    if outcome is ClaimOutcome.SOLD_OUT:
        raise CardError(f"campaign {campaign.id} bucket {ticket.bucket} sold out",
                        user_message="这一场的免单卡已经抢光了")
    if outcome is ClaimOutcome.FOREIGN:
        raise ForbiddenError(f"request id {ticket.request_id!r} belongs to another user's card",
                             user_message="这个领卡请求编号已被别人使用，请换一个")
    if outcome is ClaimOutcome.REFUSED:
        raise CardError(f"claim {ticket.request_id!r} refused by the database", user_message="领卡失败，请稍后再试")
    if outcome is ClaimOutcome.UNAVAILABLE:
        raise UnavailableError("card store unavailable", user_message="领卡的人太多了，请稍后再试")
    raise AssertionError(outcome)


class DatabaseClaims:
    """CardClaims on the database alone: atomic conditional updates and a unique request id."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self.uow = uow

    def take(self, ticket: ClaimTicket) -> ClaimResult:
        card = ticket.card
        with self.uow() as uow:
            existing = uow.cards.by_request_id(ticket.request_id)
            if existing is not None:
                return _repeat(existing, card.user_id)
            uow.users.get(card.user_id)
            campaign = uow.cards.campaign(card.campaign_id)
            if not uow.cards.take_user_quota(campaign, card.user_id):
                return ClaimResult(ClaimOutcome.CAPPED)
            if not uow.cards.take_window_stock(campaign, ticket.bucket, ticket.window_stock):
                return ClaimResult(ClaimOutcome.SOLD_OUT)   # leaving without commit releases the quota
            try:
                uow.cards.issue(card, request_id=ticket.request_id, source="claim", at=ticket.at)
            except DuplicateRequestError:
                uow.rollback()
                twin = uow.cards.by_request_id(ticket.request_id)
                assert twin is not None
                return _repeat(twin, card.user_id)
            uow.commit()
        return ClaimResult(ClaimOutcome.ISSUED, card.id)


def _repeat(card: cards.Card, user_id: str) -> ClaimResult:
    if card.user_id != user_id:
        return ClaimResult(ClaimOutcome.FOREIGN)
    return ClaimResult(ClaimOutcome.REPEATED, card.id)
