"""Card campaigns: their rules for everyone, their stock for the operations admin."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from bangwo.api.auth import AdminDep, PrincipalDep
from bangwo.api.deps import ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.domain.cards import Campaign
from bangwo.domain.errors import NotFoundError

router = APIRouter(prefix="/api/campaigns", tags=["campaigns"], responses=PROBLEM_RESPONSES)
CampaignId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.\-]{1,64}$", examples=["spring-2026"])]


def campaign_json(c: Campaign) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "starts_at": c.starts_at.isoformat(), "ends_at": c.ends_at.isoformat(),
            "value_fen": c.value_fen, "min_spend_fen": c.min_spend_fen, "min_pay_fen": c.min_pay_fen,
            "first_use_grant": c.first_use_grant, "invite_reward": c.invite_reward,
            "cap_per_user": c.cap_per_user, "total_stock": c.total_stock,
            "windows": [{"start": w.start.strftime("%H:%M"), "end": w.end.strftime("%H:%M"), "stock": w.stock}
                        for w in c.windows]}


@router.get("")
def list_campaigns(_who: PrincipalDep, svc: ServiceDep) -> list[dict[str, Any]]:
    """Every campaign and its rules."""
    with svc.app.uow.reader() as uow:
        return [campaign_json(c) for c in uow.cards.campaigns()]


@router.get("/{campaign_id}")
def read_campaign(campaign_id: CampaignId, _who: AdminDep, svc: ServiceDep) -> dict[str, Any]:
    """A campaign's rules and how many cards it has issued (admin)."""
    with svc.app.uow.reader() as uow:
        found = {c.id: c for c in uow.cards.campaigns()}
        if campaign_id not in found:
            raise NotFoundError(f"no campaign {campaign_id}", user_message="没有这个活动")
        issued = uow.cards.issued_count(campaign_id)
    return {**campaign_json(found[campaign_id]), "issued": issued}
