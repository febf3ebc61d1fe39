"""Card campaigns as operators manage them: stored in the database, changed only on purpose.

Settings (``BANGWO_CARD_*``) seed the running campaign into a new database once (``bootstrap``); after that
the stored campaign is the truth and only these use cases (``bangwo campaign ...``) change it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bangwo.domain import cards
from bangwo.domain.errors import ConflictError, InvalidRequestError
from bangwo.services.ports import UnitOfWorkFactory

log = logging.getLogger("bangwo.campaigns")

#: The fields ``update`` may change (the id never changes; pausing has its own use case).
CHANGEABLE = ("name", "starts_at", "ends_at", "value_fen", "min_spend_fen", "min_pay_fen", "first_use_grant",
              "invite_reward", "cap_per_user", "total_stock", "windows")


def check(campaign: cards.Campaign) -> cards.Campaign:
    """Refuse a campaign that could not run: empty id, time running backwards, negative amounts."""
    problems = []
    if not campaign.id.strip() or len(campaign.id) > 64:
        problems.append("id must be 1-64 characters")
    if not campaign.name.strip():
        problems.append("name must not be empty")
    if campaign.starts_at.tzinfo is None or campaign.ends_at.tzinfo is None:
        problems.append("starts_at and ends_at need a UTC offset")
    elif campaign.ends_at <= campaign.starts_at:
        problems.append("ends_at must be after starts_at")
    if campaign.value_fen < 1:
        problems.append("value_fen must be at least 1")
    for name in ("min_spend_fen", "min_pay_fen", "first_use_grant", "invite_reward", "cap_per_user"):
        if getattr(campaign, name) < 0:
            problems.append(f"{name} must not be negative")
    if campaign.total_stock is not None and campaign.total_stock < 0:
        problems.append("total_stock must not be negative")
    if any(w.stock is not None and w.stock < 0 for w in campaign.windows):
        problems.append("a window's stock must not be negative")
    if problems:
        raise InvalidRequestError(f"campaign {campaign.id!r}: " + "; ".join(problems),
                                  user_message="活动设置有误：" + "；".join(problems))
    return campaign


def show(campaign_id: str, *, uow: UnitOfWorkFactory) -> cards.Campaign:
    """The stored campaign (NotFoundError when there is none by that id)."""
    with uow() as u:
        return u.cards.campaign(campaign_id)


def list_all(*, uow: UnitOfWorkFactory) -> list[cards.Campaign]:
    with uow() as u:
        return u.cards.campaigns()


def create(campaign: cards.Campaign, *, uow: UnitOfWorkFactory) -> cards.Campaign:
    """Store a new campaign; an id already taken is refused (use ``update``)."""
    check(campaign)
    with uow() as u:
        if any(c.id == campaign.id for c in u.cards.campaigns()):
            raise ConflictError(f"campaign {campaign.id!r} exists", user_message=f"活动 {campaign.id} 已存在")
        u.cards.add_campaign(campaign)
        u.commit()
    log.info("campaign created", extra={"campaign_id": campaign.id})
    return campaign


def update(campaign_id: str, changes: Mapping[str, Any], *, uow: UnitOfWorkFactory) -> cards.Campaign:
    """Change some fields of a stored campaign (cards already issued keep their value and expiry)."""
    unknown = sorted(set(changes) - set(CHANGEABLE))
    if unknown:
        raise InvalidRequestError(f"cannot change {', '.join(unknown)}", user_message="这些字段不能修改")
    with uow() as u:
        changed = check(dataclasses.replace(u.cards.campaign(campaign_id), **changes))
        u.cards.add_campaign(changed)
        u.commit()
    log.info("campaign updated", extra={"campaign_id": campaign_id, "fields": sorted(changes)})
    return changed


def set_paused(campaign_id: str, paused: bool, *, uow: UnitOfWorkFactory) -> cards.Campaign:
    """Pause (no claims, no grants) or resume a campaign; cards already held stay usable."""
    with uow() as u:
        changed = dataclasses.replace(u.cards.campaign(campaign_id), paused=paused)
        u.cards.add_campaign(changed)
        u.commit()
    log.info("campaign paused" if paused else "campaign resumed", extra={"campaign_id": campaign_id})
    return changed


def to_json(campaign: cards.Campaign, *, now: datetime | None = None) -> dict[str, Any]:
    """The campaign as the CLI and operators read it (money in fen, times ISO-8601)."""
    body: dict[str, Any] = {
        "id": campaign.id, "name": campaign.name, "starts_at": campaign.starts_at.isoformat(),
        "ends_at": campaign.ends_at.isoformat(), "value_fen": campaign.value_fen,
        "min_spend_fen": campaign.min_spend_fen, "min_pay_fen": campaign.min_pay_fen,
        "first_use_grant": campaign.first_use_grant, "invite_reward": campaign.invite_reward,
        "cap_per_user": campaign.cap_per_user, "total_stock": campaign.total_stock,
        "windows": [{"start": w.start.strftime("%H:%M"), "end": w.end.strftime("%H:%M"), "stock": w.stock}
                    for w in campaign.windows],
        "paused": campaign.paused,
    }
    if now is not None:
        body["active"] = campaign.active(now)
    return body
