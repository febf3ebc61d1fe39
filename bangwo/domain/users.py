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


# Places a person names by a word of their own (家, 公司...): asked once, then kept in their address book.
PLACE_LABELS: tuple[str, ...] = ("家", "公司", "学校", "宿舍", "单位", "办公室", "工位")
_DETAIL = r"(前台|楼下|楼上|门口|大门|附近|对面|[0-9一二三四五六七八九十]+(?:楼|层)|会议室|收发室|传达室|快递柜)?"
_LABEL_RE = re.compile(r"^(?:我)?(?:的)?(" + "|".join(PLACE_LABELS) + r")(?:里|那边|这边)?" + _DETAIL + "$")


def place_label(text: str) -> tuple[str, str] | None:
    """'公司前台' -> ('公司', '前台'); '宿舍楼下' -> ('宿舍', '楼下'); a street address -> None."""
    match = _LABEL_RE.match(text.strip().strip("，,。. "))
    if match is None:
        return None
    return match.group(1), match.group(2) or ""


def check_place_label(label: str) -> str:
    """A label a person may save: 1-8 characters, no spaces or punctuation."""
    clean = label.strip()
    if not 1 <= len(clean) <= 8 or not clean.isalnum():
        raise InvalidRequestError(f"bad place label {label!r}", user_message="地址名称用1到8个字，比如“公司”")
    return clean
