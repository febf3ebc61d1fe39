"""Extra recommendations: optional work, the first to be shed under load."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from bangwo import views
from bangwo.api.deps import ServiceDep, UserDep
from bangwo.services import quoting

router = APIRouter(prefix="/v1")


@router.get("/recommendations")
def recommendations(text: str, user: UserDep, svc: ServiceDep, domain: str = "takeout",
                    limit: int = 5) -> list[dict[str, Any]]:
    app = svc.app
    query = views.search_query(domain, text=text, city=None, on=None, filters=[], limit=min(max(limit, 1), 20))
    with app.uow.reader() as uow:
        query = views.near_user(query, uow.users.get(user))
    return [views.listing_json(x) for x in quoting.search(query, catalog=app.catalog, uow=app.uow(), clock=app.clock)]
