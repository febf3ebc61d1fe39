"""Users: profile, saved addresses and the defaults they lend to requests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bangwo.domain.errors import InvalidRequestError
from bangwo.domain.listings import Address

_USER_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_PHONE = re.compile(r"^1[3-9]\d{9}$")


def check_user_id(user_id: str) -> str:
    """Return ``user_id`` if it is a safe identifier, else raise InvalidRequestError."""
    if not _USER_ID.match(user_id):
        raise InvalidRequestError(f"bad user id {user_id!r}", user_message="用户名只能包含字母、数字和 _ . -")
    return user_id


def check_phone(phone: str) -> str:
    """Return a mainland mobile number or raise InvalidRequestError."""
    if not _PHONE.match(phone):
        raise InvalidRequestError(f"bad phone {phone!r}", user_message="手机号格式不对，应为11位数字")
    return phone


@dataclass(frozen=True)
class User:
    """A person using bangwo."""

    id: str
    name: str
    phone: str
    home_city: str
    addresses: tuple[Address, ...] = field(default_factory=tuple)
    payment_token: str | None = None   # a saved bank card at the payment gateway; None: wallet only

    @property
    def default_address(self) -> Address | None:
        return self.addresses[0] if self.addresses else None
