"""Users join: a profile, a funded demo wallet and the campaign's first-use cards."""

from __future__ import annotations

from bangwo.domain import users
from bangwo.domain.cards import Card
from bangwo.services import carding
from bangwo.services.ports import Clock, UnitOfWork


def register_user(user: users.User, *, uow: UnitOfWork, clock: Clock, campaign_id: str | None,
                  quota: carding.CardQuota | None = None) -> list[Card]:
    """Create ``user`` unless it exists; grant first-use cards of ``campaign_id`` (under the per-user cap
    ``quota`` shares with the Redis claims, when configured). Safe to repeat."""
    users.check_user_id(user.id)
    users.check_phone(user.phone)
    with uow:
        if uow.users.find(user.id) is None:
            uow.users.add(user)
            uow.commit()
    if campaign_id is None:
        return []
    return carding.grant_first_use(user.id, campaign_id, uow=uow, clock=clock, quota=quota)
