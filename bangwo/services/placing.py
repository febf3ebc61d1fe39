"""A person's own names for places (家, 公司, 学校, 宿舍...): asked once, remembered, listed, changed."""

from __future__ import annotations

from bangwo.domain import users
from bangwo.domain.errors import InvalidRequestError, NotFoundError
from bangwo.domain.geo import GeocodingError
from bangwo.domain.listings import Address, GeoPoint
from bangwo.services.ports import Clock, Geocoder, UnitOfWork

MAX_TEXT = 200


def locate(text: str, *, home_city: str, geocoder: Geocoder | None) -> Address:
    """The address a person typed, placed by the geocoder when it can (else kept as said, in their city)."""
    clean = " ".join(text.split())
    if not 1 <= len(clean) <= MAX_TEXT:
        raise InvalidRequestError("place text must be 1-200 characters", user_message="地址请用1到200个字")
    try:
        place = geocoder.resolve(clean, city_hint=home_city) if geocoder is not None else None
    except GeocodingError:
        place = None
    if place is None:
        return Address(clean, home_city)
    return Address(place.display, place.city, GeoPoint(place.lat, place.lng))


def set_place(user_id: str, label: str, text: str, *, uow: UnitOfWork, clock: Clock,
              geocoder: Geocoder | None) -> Address:
    """Remember what ``label`` means for the person (replacing what it meant before)."""
    label = users.check_place_label(label)
    with uow:
        user = uow.users.get(user_id)
    address = locate(text, home_city=user.home_city, geocoder=geocoder)
    with uow:
        uow.users.save_place(user_id, label, address, at=clock.now())
        uow.commit()
    return address


def places_of(user_id: str, *, uow: UnitOfWork) -> dict[str, Address]:
    with uow:
        uow.users.require(user_id)
        return uow.users.places_of(user_id)


def delete_place(user_id: str, label: str, *, uow: UnitOfWork) -> None:
    with uow:
        if not uow.users.delete_place(user_id, users.check_place_label(label)):
            raise NotFoundError(f"{user_id} has no place {label!r}", user_message=f"没有叫“{label}”的常用地址")
        uow.commit()
