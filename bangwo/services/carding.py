"""Free-order cards: claims under window stock and per-user caps, first-use grants, invite rewards.

With Redis configured, card claims are settled there (``claiming``) and journaled to the database later. So
that both paths count against one cap and one stock (and an acknowledged claim is never refused afterwards
by the database), the database path here goes through Redis first: a chat claim is settled by the same
``CardClaims`` store, and a grant reserves its place under the user's cap with a ``CardQuota`` before it is
written; the reservation is given back when the grant is not committed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from bangwo.domain import cards, commands, users
from bangwo.domain.cards import ClaimOutcome, ClaimResult
from bangwo.domain.errors import CardError, DuplicateRequestError, ForbiddenError, UnavailableError
from bangwo.services import claiming
from bangwo.services.ports import CardClaims, Clock, UnitOfWork


class CardQuota(Protocol):
    """The per-user cap the Redis claim path counts: a grant takes its place there before the database."""

    def reserve(self, campaign: cards.Campaign, user_id: str, *, request_id: str, card_id: str) -> ClaimResult: ...
    def release(self, campaign: cards.Campaign, user_id: str, *, request_id: str, card_id: str) -> None: ...


def _new_card(campaign: cards.Campaign, user_id: str) -> cards.Card:
    return cards.Card(id=f"C{uuid.uuid4().hex[:20].upper()}", campaign_id=campaign.id, user_id=user_id,
                      value_fen=campaign.value_fen, min_spend_fen=campaign.min_spend_fen,
                      min_pay_fen=campaign.min_pay_fen, expires_at=campaign.ends_at)


def claim_card(cmd: commands.ClaimCard, *, uow: UnitOfWork, clock: Clock,
               claims: CardClaims | None = None) -> cards.Card:
    """Claim one card in the open window; the same request id returns the same card. With ``claims`` (the
    Redis store when configured) the claim is settled there, like every other claim."""
    if claims is not None:
        with uow:
            campaign = uow.cards.campaign(cmd.campaign_id)
        return claiming.claim_card(cmd, claims=claims, campaign=campaign, clock=clock)
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


class _Reservations:
    """The places a grant reserved under the shared cap; given back unless the grant commits."""

    def __init__(self, quota: CardQuota | None) -> None:
        self.quota = quota
        self.held: list[tuple[cards.Campaign, str, str, str]] = []

    def take(self, campaign: cards.Campaign, user_id: str, request_id: str, card: cards.Card) -> cards.Card | None:
        """The card to write (a retry keeps the id reserved first), or None when the cap is reached."""
        if self.quota is None:
            return card
        result = self.quota.reserve(campaign, user_id, request_id=request_id, card_id=card.id)
        if result.outcome is ClaimOutcome.ISSUED:
            self.held.append((campaign, user_id, request_id, card.id))
            return card
        if result.outcome is ClaimOutcome.REPEATED and result.card_id:   # reserved by an attempt that failed
            return replace(card, id=result.card_id)
        if result.outcome is ClaimOutcome.UNAVAILABLE:
            raise UnavailableError("card store unavailable", user_message="免单卡暂时发不出来，请稍后再试")
        return None

    def give_back(self, request_id: str | None = None) -> None:
        assert self.quota is not None or not self.held
        for held in [h for h in self.held if request_id is None or h[2] == request_id]:
            campaign, user_id, rid, card_id = held
            self.held.remove(held)
            if self.quota is not None:
                self.quota.release(campaign, user_id, request_id=rid, card_id=card_id)


@contextmanager
def _reserving(quota: CardQuota | None) -> Iterator[_Reservations]:
    """Reservations that are given back when the block fails; keep them by clearing ``held`` on commit."""
    reservations = _Reservations(quota)
    try:
        yield reservations
    finally:
        reservations.give_back()


def _grant(campaign: cards.Campaign, user_id: str, *, count: int, request_prefix: str, source: str,
           uow: UnitOfWork, now: datetime, reservations: _Reservations) -> list[cards.Card]:
    granted: list[cards.Card] = []
    for i in range(count):
        request_id = f"{request_prefix}:{i}"
        if uow.cards.by_request_id(request_id) is not None:
            continue
        card = reservations.take(campaign, user_id, request_id, _new_card(campaign, user_id))
        if card is None:
            break
        if not uow.cards.take_user_quota(campaign, user_id):
            reservations.give_back(request_id)
            break
        uow.cards.issue(card, request_id=request_id, source=source, at=now)
        granted.append(card)
    return granted


def grant_first_use(user_id: str, campaign_id: str, *, uow: UnitOfWork, clock: Clock,
                    quota: CardQuota | None = None) -> list[cards.Card]:
    """Give a new user the campaign's first-use cards, once (under the cap ``quota`` shares with Redis)."""
    now = clock.now()
    with _reserving(quota) as reservations, uow:
        campaign = uow.cards.campaign(campaign_id)
        if not campaign.active(now):
            return []
        granted = _grant(campaign, user_id, count=campaign.first_use_grant,
                         request_prefix=f"first-use:{campaign.id}:{user_id}", source="first_use", uow=uow, now=now,
                         reservations=reservations)
        uow.commit()
        reservations.held.clear()   # committed: the places stay taken
    return granted


def accept_invite(inviter_id: str, invitee_id: str, campaign_id: str, *, uow: UnitOfWork,
                  clock: Clock, quota: CardQuota | None = None) -> list[cards.Card]:
    """Record that ``invitee_id`` joined through ``inviter_id`` and reward the inviter, once per invitee
    (under the cap ``quota`` shares with Redis)."""
    if inviter_id == invitee_id:
        raise CardError("self invite", user_message="不能邀请自己")
    now = clock.now()
    with _reserving(quota) as reservations, uow:
        uow.users.get(inviter_id)
        uow.users.get(invitee_id)
        campaign = uow.cards.campaign(campaign_id)
        if not uow.users.add_invite(inviter_id=inviter_id, invitee_id=invitee_id, at=now) \
                or not campaign.active(now):
            uow.commit()
            return []
        granted = _grant(campaign, inviter_id, count=campaign.invite_reward,
                         request_prefix=f"invite:{campaign.id}:{invitee_id}", source="invite", uow=uow, now=now,
                         reservations=reservations)
        uow.commit()
        reservations.held.clear()
    return granted
