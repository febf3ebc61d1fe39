"""Standard Webhooks (https://www.standardwebhooks.com): sign and verify order-status messages.

The signature is the `standardwebhooks` library's (``v1,`` + base64 HMAC-SHA256 of ``id.timestamp.body`` under
the ``whsec_`` secret); the timestamp is checked against our clock (5 minutes either way), not the host's.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from standardwebhooks.webhooks import Webhook

from bangwo.domain.errors import InvalidRequestError, UnauthenticatedError
from bangwo.services.ports import SupplierEvent, SupplierStatus

TOLERANCE = timedelta(minutes=5)
EVENT_TYPE = "order.status"


def sign(secret: str, *, webhook_id: str, at: datetime, body: bytes) -> dict[str, str]:
    """The three headers of one message."""
    return {"webhook-id": webhook_id, "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": Webhook(secret).sign(webhook_id, at, body)}


class WebhookVerifier:
    """Verifies one supplier's webhooks and reads the order-status event they carry."""

    def __init__(self, supplier: str, secret: str, *, tolerance: timedelta = TOLERANCE) -> None:
        self.supplier = supplier
        self._hook = Webhook(secret)
        self._tolerance = tolerance

    def verify(self, body: bytes, headers: Mapping[str, str], *, now: datetime) -> SupplierEvent:
        """Raise UnauthenticatedError unless a signature matches and the timestamp is recent; then parse."""
        lower = {k.lower(): v for k, v in headers.items()}
        webhook_id, stamp, signatures = (lower.get("webhook-id", ""), lower.get("webhook-timestamp", ""),
                                         lower.get("webhook-signature", ""))
        if not (webhook_id and stamp and signatures):
            raise _refused("missing webhook-id, webhook-timestamp or webhook-signature")
        try:
            at = datetime.fromtimestamp(int(stamp), tz=UTC)
        except (ValueError, OverflowError):
            raise _refused(f"webhook-timestamp {stamp!r} is not Unix seconds") from None
        if abs(at - now) > self._tolerance:
            raise _refused(f"webhook-timestamp {stamp} is more than {self._tolerance} from now")
        expected = self._hook.sign(webhook_id, at, body).encode()
        if not any(hmac.compare_digest(expected, given.encode()) for given in signatures.split(" ")):
            raise _refused("no matching signature")
        return _event(self.supplier, webhook_id, at, body)


def _event(supplier: str, webhook_id: str, at: datetime, body: bytes) -> SupplierEvent:
    try:
        message = json.loads(body)
        if message["type"] != EVENT_TYPE:
            raise ValueError(f"type {message['type']!r} is not {EVENT_TYPE}")
        data = message["data"]
        return SupplierEvent(webhook_id=webhook_id, supplier=supplier, hold_id=str(data["hold_id"]),
                             order_id=str(data["order_id"]), status=SupplierStatus(data["status"]), at=at)
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidRequestError(f"webhook {webhook_id}: not an order.status message ({exc})",
                                  user_message="无法识别的商家通知") from None


def _refused(detail: str) -> UnauthenticatedError:
    return UnauthenticatedError(f"webhook refused: {detail}", user_message="商家通知的签名无效")
