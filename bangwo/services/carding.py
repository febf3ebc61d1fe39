"""Free-order cards: claims under window stock and per-user caps, first-use grants, invite rewards."""

from __future__ import annotations

import uuid
from datetime import datetime

from bangwo.domain import cards, commands, users
from bangwo.domain.errors import CardError, DuplicateRequestError, ForbiddenError
from bangwo.services.ports import Clock, UnitOfWork


def _new_card(campaign: cards.Campaign, user_id: str) -> cards.Card:
    return cards.Card(id=f"C{uuid.uuid4().hex[:20].upper()}", campaign_id=campaign.id, user_id=user_id,
                      value_fen=campaign.value_fen, min_spend_fen=campaign.min_spend_fen,
                      min_pay_fen=campaign.min_pay_fen, expires_at=campaign.ends_at)


def claim_card(cmd: commands.ClaimCard, *, uow: UnitOfWork, clock: Clock) -> cards.Card:
    """Claim one card in the open window; the same request id returns the same card."""
    users.check_user_id(cmd.user_id)
    commands.check_key(cmd.request_id)
    now = clock.now()
    with uow:
        existing = uow.cards.by_request_id(cmd.request_id)
        if existing is not None:
            return _owned(existing, cmd.user_id)
        uow.users.get(cmd.user_id)
        campaign = uow.cards.campaign(cmd.campaign_id)
        window = campaign.window_at(now)
        if not uow.cards.take_user_quota(campaign, cmd.user_id):
            raise CardError(f"{cmd.user_id} reached the cap {campaign.cap_per_user}",
                            user_message=f"每人最多领{campaign.cap_per_user}张，你已经领满了")
        bucket = window.key(now) if window else "all"
        if not uow.cards.take_window_stock(campaign, bucket, window.stock if window else None):
            raise CardError(f"campaign {campaign.id} bucket {bucket} sold out", user_message="这一场的免单卡已经抢光了")
        card = _new_card(campaign, cmd.user_id)
        try:
            uow.cards.issue(card, request_id=cmd.request_id, source="claim", at=now)
        except DuplicateRequestError:
            uow.rollback()
            twin = uow.cards.by_request_id(cmd.request_id)
            assert twin is not None
            return _owned(twin, cmd.user_id)
        uow.commit()
    return card


def _owned(card: cards.Card, user_id: str) -> cards.Card:
    if card.user_id != user_id:
        raise ForbiddenError(f"request id belongs to another user's card {card.id}")
    return card


def _grant(campaign: cards.Campaign, user_id: str, *, count: int, request_prefix: str, source: str,
           uow: UnitOfWork, now: datetime) -> list[cards.Card]:
    granted: list[cards.Card] = []
    for i in range(count):
        request_id = f"{request_prefix}:{i}"
        if uow.cards.by_request_id(request_id) is not None:
            continue
        if not uow.cards.take_user_quota(campaign, user_id):
            break
        card = _new_card(campaign, user_id)
        uow.cards.issue(card, request_id=request_id, source=source, at=now)
        granted.append(card)
    return granted


def grant_first_use(user_id: str, campaign_id: str, *, uow: UnitOfWork, clock: Clock) -> list[cards.Card]:
    """Give a new user the campaign's first-use cards, once."""
    now = clock.now()
    with uow:
        campaign = uow.cards.campaign(campaign_id)
        if not campaign.active(now):
            return []
        granted = _grant(campaign, user_id, count=campaign.first_use_grant,
                         request_prefix=f"first-use:{campaign.id}:{user_id}", source="first_use", uow=uow, now=now)
        uow.commit()
    return granted


def accept_invite(inviter_id: str, invitee_id: str, campaign_id: str, *, uow: UnitOfWork,
                  clock: Clock) -> list[cards.Card]:
    """Record that ``invitee_id`` joined through ``inviter_id`` and reward the inviter, once per invitee."""
    if inviter_id == invitee_id:
        raise CardError("self invite", user_message="不能邀请自己")
    now = clock.now()
    with uow:
        uow.users.get(inviter_id)
        uow.users.get(invitee_id)
        campaign = uow.cards.campaign(campaign_id)
        if not uow.users.add_invite(inviter_id=inviter_id, invitee_id=invitee_id, at=now) \
                or not campaign.active(now):
            uow.commit()
            return []
        granted = _grant(campaign, inviter_id, count=campaign.invite_reward,
                         request_prefix=f"invite:{campaign.id}:{invitee_id}", source="invite", uow=uow, now=now)
        uow.commit()
    return granted
