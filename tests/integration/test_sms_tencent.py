"""The Tencent Cloud SMS adapter against a fake SendSms server on 127.0.0.1 that checks TC3-HMAC-SHA256."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bangwo.adapters.sms.tencent import TencentSms
from bangwo.api.app import create_app
from bangwo.config import Settings
from bangwo.domain.errors import UnavailableError
from tests.e2e.live import seeded_settings

SECRET_ID, SECRET_KEY = "AKIDtest0000", "test-secret-key"
NOW = 1_770_350_400      # 2026-02-06T04:00:00Z


def expected_signature(secret_key: str, *, host: str, body: bytes, timestamp: int) -> str:
    """Written from Tencent's v3 signing documentation, independently of the adapter."""
    day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    canonical = (f"POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:{host}\n\ncontent-type;host\n"
                 f"{hashlib.sha256(body).hexdigest()}")
    to_sign = (f"TC3-HMAC-SHA256\n{timestamp}\n{day}/sms/tc3_request\n"
               f"{hashlib.sha256(canonical.encode()).hexdigest()}")
    k_date = hmac.new(f"TC3{secret_key}".encode(), day.encode(), hashlib.sha256).digest()
    k_service = hmac.new(k_date, b"sms", hashlib.sha256).digest()
    k_signing = hmac.new(k_service, b"tc3_request", hashlib.sha256).digest()
    return hmac.new(k_signing, to_sign.encode(), hashlib.sha256).hexdigest()


@dataclass
class FakeTencent:
    """Answers SendSms like Tencent: Ok with a valid signature, AuthFailure.SignatureFailure without."""

    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    reply_status: str = "Ok"


@pytest.fixture
def fake() -> Iterator[FakeTencent]:
    state = FakeTencent()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            auth = self.headers.get("Authorization", "")
            timestamp = int(self.headers.get("X-TC-Timestamp", "0"))
            day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
            want = (f"TC3-HMAC-SHA256 Credential={SECRET_ID}/{day}/sms/tc3_request, SignedHeaders=content-type;host, "
                    f"Signature={expected_signature(SECRET_KEY, host=self.headers['Host'], body=body, timestamp=timestamp)}")
            ok = (hmac.compare_digest(auth, want) and self.headers.get("X-TC-Action") == "SendSms"
                  and self.headers.get("X-TC-Version") == "2021-01-11")
            state.received.append({"headers": dict(self.headers), "body": json.loads(body), "signed": ok})
            answer: dict[str, Any]
            if ok:
                answer = {"Response": {"SendStatusSet": [{"SerialNo": "5000:1", "PhoneNumber": "+8613700137000",
                                                          "Fee": 1, "Code": state.reply_status,
                                                          "Message": "send success", "IsoCode": "CN"}],
                                       "RequestId": "req-1"}}
            else:
                answer = {"Response": {"Error": {"Code": "AuthFailure.SignatureFailure",
                                                 "Message": "The provided credentials could not be validated."},
                                       "RequestId": "req-2"}}
            raw = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def sender(fake: FakeTencent, *, secret_key: str = SECRET_KEY) -> TencentSms:
    return TencentSms(SECRET_ID, secret_key, "1400000001", "帮我", "2000001", endpoint=fake.url, clock=lambda: NOW)


def test_send_code_posts_a_signed_sendsms_request_with_the_code_and_minutes(fake: FakeTencent) -> None:
    sms = sender(fake)
    sms.send_code("13700137000", "042137", ttl_minutes=5)
    sms.close()
    [request] = fake.received
    assert request["signed"] is True
    assert request["body"] == {"PhoneNumberSet": ["+8613700137000"], "SmsSdkAppId": "1400000001",
                               "SignName": "帮我", "TemplateId": "2000001", "TemplateParamSet": ["042137", "5"]}
    assert request["headers"]["X-TC-Region"] == "ap-guangzhou"
    assert request["headers"]["X-TC-Timestamp"] == str(NOW)


def test_a_wrong_key_is_refused_by_the_provider_and_raises(fake: FakeTencent) -> None:
    sms = sender(fake, secret_key="wrong")
    with pytest.raises(UnavailableError, match=r"AuthFailure\.SignatureFailure"):
        sms.send_code("13700137000", "042137", ttl_minutes=5)
    sms.close()
    assert [r["signed"] for r in fake.received] == [False]


def test_a_number_the_provider_does_not_send_to_raises(fake: FakeTencent) -> None:
    fake.reply_status = "FailedOperation.PhoneNumberInBlacklist"
    sms = sender(fake)
    with pytest.raises(UnavailableError, match="not sent"):
        sms.send_code("13700137000", "042137", ttl_minutes=5)
    sms.close()


def test_an_unreachable_provider_raises_unavailable() -> None:
    sms = TencentSms(SECRET_ID, SECRET_KEY, "1400000001", "帮我", "2000001", endpoint="http://127.0.0.1:9",
                     timeout_s=2)
    with pytest.raises(UnavailableError) as caught:
        sms.send_code("13700137000", "042137", ttl_minutes=5)
    sms.close()
    assert caught.value.user_message == "短信发送失败，请稍后再试"


def test_a_person_signs_up_with_the_code_tencent_delivered(fake: FakeTencent, tmp_path: Path) -> None:
    settings = seeded_settings(tmp_path, sms_provider="tencent", tencent_sms_secret_id=SECRET_ID,
                               tencent_sms_secret_key=SECRET_KEY, tencent_sms_app_id="1400000001",
                               tencent_sms_sign_name="帮我", tencent_sms_template_id="2000001",
                               tencent_sms_endpoint=fake.url)
    with TestClient(create_app(settings)) as client:
        assert client.post("/api/auth/codes", json={"phone": "13700137000"}).status_code == 202
        [request] = fake.received
        code, minutes = request["body"]["TemplateParamSet"]
        assert request["signed"] is True and minutes == "5"
        signed = client.post("/api/auth/phone", json={"phone": "13700137000", "code": code})
        assert signed.status_code == 200 and signed.json()["created"] is True


def test_tencent_without_credentials_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="BANGWO_TENCENT_SMS_SECRET_ID"):
        Settings(sms_provider="tencent")
