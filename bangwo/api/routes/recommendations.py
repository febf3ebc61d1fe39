"""Extra recommendations: optional work, the first to be shed under load."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from bangwo import views
from bangwo.api import fast_json
from bangwo.api.deps import ServiceDep, UserDep
from bangwo.services import quoting

router = APIRouter(prefix="/v1")


@router.get("/recommendations", response_class=Response, responses={200: {"content": {"application/json": {}}}})
def recommendations(text: str, user: UserDep, svc: ServiceDep, domain: str = "takeout",
                    limit: int = 5) -> Response:
    app = svc.app
    query = views.search_query(domain, text=text, city=None, on=None, filters=[], limit=min(max(limit, 1), 20))
    with app.uow.reader() as uow:   # one read-only transaction: the user's address, then the stock left
        query = views.near_user(query, uow.users.get(user))
        found = quoting.search(query, catalog=app.catalog, uow=uow.within()(), clock=app.clock)
    return fast_json.response([views.listing_json(x) for x in found])
