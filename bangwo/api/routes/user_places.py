"""A person's address book of named places (家, 公司, 学校, 宿舍...): list, set, delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bangwo.api.auth import AuthUserDep
from bangwo.api.deps import ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.domain import inputs
from bangwo.domain.listings import Address
from bangwo.services import placing

router = APIRouter(prefix="/api/places", tags=["places"], responses=PROBLEM_RESPONSES)
Label = Annotated[str, Path(min_length=1, max_length=8, examples=["公司"])]


class PlaceText(BaseModel):
    text: str = Field(min_length=1, max_length=200, examples=["文三路478号"])


def _json(label: str, address: Address) -> dict[str, Any]:
    return {"label": label, "text": address.text, "city": address.city,
            "point": [address.point.lat, address.point.lng] if address.point else None}


@router.get("")
def list_places(user: AuthUserDep, svc: ServiceDep) -> list[dict[str, Any]]:
    """The person's named places, by label."""
    return [_json(label, a) for label, a in placing.places_of(user, uow=svc.app.uow.reader()).items()]


@router.put("/{label}")
async def set_place(label: Label, body: PlaceText, user: AuthUserDep, svc: ServiceDep) -> dict[str, Any]:
    """Remember (or change) what a label means; the text is placed by the geocoder."""
    app = svc.app
    address = await run_in_threadpool(placing.set_place, user, inputs.clean_text(label), inputs.clean_text(body.text),
                                      uow=app.uow(), clock=app.clock, geocoder=app.geocoder())
    return _json(label, address)


@router.delete("/{label}", status_code=204)
def delete_place(label: Label, user: AuthUserDep, svc: ServiceDep) -> None:
    """Forget a label (the next order naming it asks again)."""
    placing.delete_place(user, label, uow=svc.app.uow())
