"""Refund and change policies per domain: tiers of fees by hours before the service starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bangwo.domain import specs
from bangwo.domain.domains import Domain
from bangwo.domain.errors import NotRefundableError
from bangwo.domain.orders import Order, OrderStatus


@dataclass(frozen=True)
class RefundTier:
    """At least ``min_hours_before`` hours before the start, a refund costs ``fee_bp`` basis points."""

    min_hours_before: float
    fee_bp: int


@dataclass(frozen=True)
class RefundPolicy:
    """How much of a payment comes back, shown to the user before they pay."""

    code: str
    summary_zh: str
    tiers: tuple[RefundTier, ...] = ()
    refundable_before_fulfilment: bool = True
    refundable_after_fulfilment_starts: bool = False

    def refund_fee_fen(self, paid_fen: int, *, now: datetime, starts_at: datetime | None,
                       fulfilment_started: bool) -> int:
        """Return the fee kept on a refund of ``paid_fen``; raise NotRefundableError if none is allowed."""
        if fulfilment_started and not self.refundable_after_fulfilment_starts:
            raise NotRefundableError(self.summary_zh)
        if not fulfilment_started and not self.refundable_before_fulfilment:
            raise NotRefundableError(self.summary_zh)
        if not self.tiers or starts_at is None:
            return 0
        hours_before = (starts_at - now).total_seconds() / 3600
        for tier in sorted(self.tiers, key=lambda t: -t.min_hours_before):
            if hours_before >= tier.min_hours_before:
                return paid_fen * tier.fee_bp // 10_000
        raise NotRefundableError(self.summary_zh)


TAKEOUT = RefundPolicy(
    code="takeout",
    summary_zh="商家开始制作后不可退；制作前可全额退款",
)
GROCERY = RefundPolicy(
    code="grocery",
    summary_zh="发货前可全额退款；生鲜签收后不支持无理由退货",
)
MOVIE = RefundPolicy(
    code="movie",
    summary_zh="开场前1小时可免费退票，之后不可退",
    tiers=(RefundTier(1.0, 0),),
    refundable_after_fulfilment_starts=True,
)
TRAIN = RefundPolicy(
    code="train",
    summary_zh="开车前8天以上免费退票；48小时以上收5%；24-48小时收10%；24小时内收20%；开车后不可退",
    tiers=(RefundTier(192.0, 0), RefundTier(48.0, 500), RefundTier(24.0, 1000), RefundTier(0.0, 2000)),
    refundable_after_fulfilment_starts=True,
)
FLIGHT = RefundPolicy(
    code="flight",
    summary_zh="起飞前7天以上退票收10%；2-7天收20%；2天内收30%；起飞后不可退",
    tiers=(RefundTier(168.0, 1000), RefundTier(48.0, 2000), RefundTier(0.0, 3000)),
    refundable_after_fulfilment_starts=True,
)
HOTEL = RefundPolicy(
    code="hotel",
    summary_zh="入住日前一天18:00前可免费取消，之后不可取消",
    tiers=(RefundTier(30.0, 0),),
    refundable_after_fulfilment_starts=True,
)
ATTRACTION = RefundPolicy(
    code="attraction",
    summary_zh="游玩日前一天24:00前可免费退，当天不可退",
    tiers=(RefundTier(24.0, 0),),
    refundable_after_fulfilment_starts=True,
)
TAXI = RefundPolicy(
    code="taxi",
    summary_zh="司机接单前可免费取消；行程开始后按实际里程计费",
)
RECHARGE = RefundPolicy(
    code="recharge",
    summary_zh="充值到账前可退款，到账后不可退",
)
SHOPPING = RefundPolicy(
    code="shopping",
    summary_zh="发货前可全额退款；签收后7天无理由退货",
    refundable_after_fulfilment_starts=True,
)

POLICIES: tuple[RefundPolicy, ...] = (
    TAKEOUT, GROCERY, MOVIE, TRAIN, FLIGHT, HOTEL, ATTRACTION, TAXI, RECHARGE, SHOPPING,
)
BY_CODE: dict[str, RefundPolicy] = {p.code: p for p in POLICIES}
# Derived from each domain's spec (``DomainSpec.refund_policy`` names one of the codes above).
BY_DOMAIN: dict[Domain, RefundPolicy] = {d: BY_CODE[s.refund_policy] for d, s in specs.SPECS.items()}


def for_domain(domain: Domain) -> RefundPolicy:
    """Return the refund policy of a domain."""
    return BY_DOMAIN[domain]


def by_code(code: str) -> RefundPolicy:
    """Return the refund policy recorded on an order."""
    return BY_CODE[code]


@dataclass(frozen=True)
class RefundQuote:
    """Whether an order may be refunded at a moment, the fee it would keep, and why not (a reason code:
    ``not_paid`` | ``refunded`` | ``ended`` | ``policy``; the policy's words for ``policy``)."""

    allowed: bool
    fee_fen: int = 0
    reason: str = ""
    policy_zh: str = ""


REFUNDABLE = frozenset({OrderStatus.PAID, OrderStatus.FULFILLING, OrderStatus.DELIVERED, OrderStatus.ISSUED})


def refund_quote(order: Order, *, now: datetime) -> RefundQuote:
    """What a refund of ``order`` (its status brought up to ``now``) would do under its policy."""
    policy = by_code(order.policy_code)
    if order.status is OrderStatus.HELD:
        return RefundQuote(False, reason="not_paid", policy_zh=policy.summary_zh)
    if order.status is OrderStatus.REFUNDED:
        return RefundQuote(False, reason="refunded", policy_zh=policy.summary_zh)
    if order.status not in REFUNDABLE:
        return RefundQuote(False, reason="ended", policy_zh=policy.summary_zh)
    try:
        fee = policy.refund_fee_fen(order.paid_fen, now=now, starts_at=order.starts_at,
                                    fulfilment_started=order.fulfilment_started)
    except NotRefundableError:
        return RefundQuote(False, reason="policy", policy_zh=policy.summary_zh)
    return RefundQuote(True, fee_fen=fee, policy_zh=policy.summary_zh)
