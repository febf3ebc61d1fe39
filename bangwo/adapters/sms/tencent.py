"""Tencent Cloud SMS (短信) ``SendSms`` API 2021-01-11, signed with TC3-HMAC-SHA256, over httpx.

``POST {endpoint}/`` with a JSON body (``PhoneNumberSet``, ``SmsSdkAppId``, ``SignName``, ``TemplateId``,
``TemplateParamSet``) and the headers ``X-TC-Action: SendSms``, ``X-TC-Version``, ``X-TC-Timestamp``,
``X-TC-Region`` and ``Authorization: TC3-HMAC-SHA256 Credential=<id>/<date>/sms/tc3_request,
SignedHeaders=content-type;host, Signature=<hex>``. Tencent answers HTTP 200 either with
``Response.SendStatusSet[i].Code == "Ok"`` or with ``Response.Error``; anything else raises UnavailableError.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from bangwo.domain.errors import UnavailableError

SERVICE = "sms"
VERSION = "2021-01-11"
ALGORITHM = "TC3-HMAC-SHA256"
CONTENT_TYPE = "application/json; charset=utf-8"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signature(secret_key: str, *, host: str, payload: str, timestamp: int) -> str:
    """The TC3-HMAC-SHA256 signature of a POST to ``/`` with ``payload`` (Tencent Cloud API v3)."""
    day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    canonical = "\n".join(["POST", "/", "", f"content-type:{CONTENT_TYPE}\nhost:{host}\n", "content-type;host",
                           hashlib.sha256(payload.encode()).hexdigest()])
    to_sign = "\n".join([ALGORITHM, str(timestamp), f"{day}/{SERVICE}/tc3_request",
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), day), SERVICE), "tc3_request")
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


@dataclass
class TencentSms:
    """The SmsSender port over Tencent Cloud SMS; the template takes the code and the minutes it is valid."""

    secret_id: str
    secret_key: str
    app_id: str
    sign_name: str
    template_id: str
    region: str = "ap-guangzhou"
    endpoint: str = "https://sms.tencentcloudapi.com"
    timeout_s: float = 5.0
    clock: Callable[[], float] = time.time
    _client: httpx.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._client = httpx.Client(timeout=httpx.Timeout(self.timeout_s))

    def close(self) -> None:
        self._client.close()

    def send_code(self, phone: str, code: str, *, ttl_minutes: int) -> None:
        payload = json.dumps({"PhoneNumberSet": [f"+86{phone}"], "SmsSdkAppId": self.app_id,
                              "SignName": self.sign_name, "TemplateId": self.template_id,
                              "TemplateParamSet": [code, str(ttl_minutes)]}, ensure_ascii=False,
                             separators=(",", ":"))
        host = urlsplit(self.endpoint).netloc
        timestamp = int(self.clock())
        day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
        authorization = (f"{ALGORITHM} Credential={self.secret_id}/{day}/{SERVICE}/tc3_request, "
                         f"SignedHeaders=content-type;host, "
                         f"Signature={signature(self.secret_key, host=host, payload=payload, timestamp=timestamp)}")
        headers = {"Authorization": authorization, "Content-Type": CONTENT_TYPE, "Host": host,
                   "X-TC-Action": "SendSms", "X-TC-Version": VERSION, "X-TC-Timestamp": str(timestamp),
                   "X-TC-Region": self.region}
        try:
            response = self._client.post(self.endpoint.rstrip("/") + "/", content=payload.encode(), headers=headers)
            body = response.json()["Response"]
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise UnavailableError(f"tencent sms: {exc!r}", user_message="短信发送失败，请稍后再试") from None
        _check(body)


def _check(body: dict[str, object]) -> None:
    error = body.get("Error")
    if isinstance(error, dict):
        raise UnavailableError(f"tencent sms: {error.get('Code')} {error.get('Message')}",
                               user_message="短信发送失败，请稍后再试")
    statuses = body.get("SendStatusSet")
    if not isinstance(statuses, list) or not statuses or not isinstance(statuses[0], dict) \
            or statuses[0].get("Code") != "Ok":
        raise UnavailableError(f"tencent sms: not sent {statuses!r}", user_message="短信发送失败，请稍后再试")
