"""The phone top-up desk: the carrier from the number's prefix, fixed denominations, small discounts."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bangwo.adapters.catalog import lookups
from bangwo.adapters.catalog import records as r
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError
from bangwo.domain.listings import Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer, OfferLine

_PHONE = re.compile(r"^1\d{10}$")


def normalise_phone(value: Any) -> str:
    """Digits of a mainland mobile number (spaces, dashes and +86 removed) or InvalidRequestError."""
    digits = re.sub(r"[\s\-()]", "", str(value))
    digits = digits.removeprefix("+86").removeprefix("0086")
    if not _PHONE.match(digits):
        raise InvalidRequestError(f"bad phone {value!r}", user_message=f"手机号“{value}”格式不对，需要11位数字")
    return digits


def carrier_of(ix: lookups.Indexes, phone: Any) -> r.Carrier:
    digits = normalise_phone(phone)
    carrier = ix.prefixes.get(digits[:3])
    if carrier is None:
        raise InvalidRequestError(f"no carrier for {digits[:3]}", user_message=f"无法识别{digits}的运营商")
    return carrier


def masked(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"


def search(ix: lookups.Indexes, query: SearchQuery, *, now: datetime) -> list[Listing]:
    f = query.filters
    carriers = [carrier_of(ix, f["phone"])] if f.get("phone") else list(ix.data.carriers)
    amount = round(lookups.yuan_to_fen(f["amount"], what="充值金额") / 100) if f.get("amount") else None
    result: list[Listing] = []
    for carrier in carriers:
        denominations = sorted(carrier.denominations,
                               key=lambda d: abs(d.amount_yuan - amount) if amount else d.amount_yuan)
        if amount and any(d.amount_yuan == amount for d in denominations):
            denominations = [d for d in denominations if d.amount_yuan == amount]
        result.extend(_listing(carrier, d) for d in denominations)
    return result[: query.limit]


def _listing(carrier: r.Carrier, denomination: r.Denomination) -> Listing:
    return Listing(
        domain=Domain.RECHARGE, ref=f"topup:{carrier.id}:{denomination.amount_yuan}",
        title=f"{carrier.name}话费{denomination.amount_yuan}元", merchant_id=carrier.id, merchant_name=carrier.name,
        city="", price_fen=denomination.price_fen,
        attrs={"carrier": carrier.name, "carrier_id": carrier.id, "amount_yuan": denomination.amount_yuan,
               "face_value_fen": denomination.amount_yuan * 100,
               "discount_fen": denomination.amount_yuan * 100 - denomination.price_fen},
    )


def _denomination(ix: lookups.Indexes, ref: str) -> tuple[r.Carrier, r.Denomination]:
    carrier_id, amount = lookups.split_ref(ref, "topup", 2)
    carrier = ix.carriers.get(carrier_id)
    found = next((d for d in carrier.denominations if str(d.amount_yuan) == amount), None) if carrier else None
    if carrier is None or found is None:
        raise lookups.not_found(ref)
    return carrier, found


def listing(ix: lookups.Indexes, ref: str, *, now: datetime) -> Listing:
    return _listing(*_denomination(ix, ref))


def quote(ix: lookups.Indexes, request: QuoteRequest, *, now: datetime) -> Offer:
    carrier, denomination = _denomination(ix, request.ref)
    if request.quantity != 1:
        raise InvalidRequestError("one top-up at a time", user_message="一次充一笔，需要更多请选更大的面额")
    if not request.options.get("phone"):
        raise InvalidRequestError("top-up needs a phone", user_message="请告诉我要充值的手机号")
    phone = normalise_phone(request.options["phone"])
    actual = carrier_of(ix, phone)
    if actual.id != carrier.id:
        raise InvalidRequestError(f"{phone[:3]} is {actual.id}, not {carrier.id}",
                                  user_message=f"{masked(phone)}是{actual.name}号码，不是{carrier.name}")
    return Offer(
        domain=Domain.RECHARGE, merchant_id=carrier.id, merchant_name=carrier.name,
        title=f"{carrier.name}话费{denomination.amount_yuan}元 {masked(phone)}",
        lines=(OfferLine(title=f"话费充值{denomination.amount_yuan}元", quantity=1,
                         unit_price_fen=denomination.price_fen, options={"phone": phone}),),
        policy=policies.for_domain(Domain.RECHARGE),
        details={"phone": phone, "phone_masked": masked(phone), "carrier": carrier.name, "carrier_id": carrier.id,
                 "amount_yuan": denomination.amount_yuan, "face_value_fen": denomination.amount_yuan * 100,
                 "discount_fen": denomination.amount_yuan * 100 - denomination.price_fen},
    )
