"""Dependencies of the routes: the wired application and the calling user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from bangwo import bootstrap as boot
from bangwo.adapters.cache.redis_cards import JournalWriter
from bangwo.api.admission import Admission
from bangwo.api.metrics import Metrics
from bangwo.domain.users import check_user_id
from bangwo.services.ports import AsyncCardClaims


@dataclass
class Service:
    """What one worker process holds while it serves."""

    app: boot.App
    metrics: Metrics
    admission: Admission
    async_claims: AsyncCardClaims | None = None
    writer: JournalWriter | None = None


async def service(request: Request) -> Service:
    found: Service = request.app.state.service
    return found


async def current_user(x_bangwo_user: Annotated[str, Header(description="The user id (trusted: load tests only)")]) -> str:
    """The /v1 routes trust the X-Bangwo-User header (BANGWO_TRUST_USER_HEADER, loopback load tests only)."""
    return check_user_id(x_bangwo_user)


ServiceDep = Annotated[Service, Depends(service)]
UserDep = Annotated[str, Depends(current_user)]
