"""The wire format of the Alipay open platform (支付宝开放平台), OpenAPI v1 with RSA2 signatures.

- Amounts are yuan strings with at most two decimals ("0.01", "128.50"); we hold integer fen.
- A request is a form POST to the gateway whose parameters (except ``sign``, and empty values) are sorted by
  name and joined as ``k=v&k=v`` (values not URL-encoded); ``sign`` is base64(SHA256withRSA(that, our key)).
- A response is ``{"alipay_trade_pay_response": {...}, "sign": "..."}``; the signature covers the exact
  text of the ``..._response`` value as it appears in the body, verified with Alipay's public key.
- An asynchronous notification is a form POST; its signature covers every parameter except ``sign`` and
  ``sign_type``, sorted and joined the same way.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from bangwo.domain.errors import InvalidRequestError

_YUAN = re.compile(r"^(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$")


def yuan(amount_fen: int) -> str:
    """Integer fen as Alipay's yuan string: 1 -> "0.01", 12850 -> "128.50"."""
    if amount_fen < 0:
        raise InvalidRequestError(f"negative amount {amount_fen}", user_message="金额不能为负数")
    return f"{amount_fen // 100}.{amount_fen % 100:02d}"


def fen(amount: str) -> int:
    """Alipay's yuan string as integer fen, exactly ("0.1" -> 10); anything else is refused."""
    match = _YUAN.match(amount.strip()) if isinstance(amount, str) else None
    if match is None:
        raise InvalidRequestError(f"not a yuan amount: {amount!r}", user_message="金额格式不对")
    return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))


def sign_content(params: Mapping[str, str], *, exclude: tuple[str, ...] = ("sign",)) -> str:
    """The string Alipay signs: non-empty parameters but ``exclude``, sorted by name, ``k=v`` joined by ``&``."""
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in exclude and v != "")


def load_private_key(path: str | Path) -> rsa.RSAPrivateKey:
    """Our application private key: PEM (PKCS#8 or PKCS#1) or the bare base64 Alipay's key tool writes."""
    try:
        key = serialization.load_der_private_key(_der(path, "PRIVATE KEY"), password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise InvalidRequestError(f"{path} is not an RSA private key", user_message="支付宝应用私钥无效")
    return key


def load_public_key(path: str | Path) -> rsa.RSAPublicKey:
    """Alipay's public key (支付宝公钥): PEM or bare base64 of the X.509 SubjectPublicKeyInfo."""
    try:
        key = serialization.load_der_public_key(_der(path, "PUBLIC KEY"))
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, rsa.RSAPublicKey):
        raise InvalidRequestError(f"{path} is not an RSA public key", user_message="支付宝公钥无效")
    return key


def _der(path: str | Path, kind: str) -> bytes:
    try:
        text = Path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidRequestError(f"cannot read the {kind} file {path}: {exc}",
                                  user_message="读取支付宝密钥文件失败") from None
    if "-----BEGIN" in text:
        text = "".join(line for line in text.splitlines() if not line.startswith("-----"))
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidRequestError(f"{path} holds no base64 {kind}", user_message="支付宝密钥文件无效") from None


def rsa2_sign(key: rsa.RSAPrivateKey, content: str) -> str:
    """base64(SHA256withRSA(content)), PKCS#1 v1.5 padding, UTF-8."""
    return base64.b64encode(key.sign(content.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def rsa2_verify(key: rsa.RSAPublicKey, content: str, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature, validate=True), content.encode(), padding.PKCS1v15(),
                   hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Answer:
    """The ``..._response`` node of a gateway answer: its exact text, fields and the body's signature."""

    node: str
    text: str
    fields: dict[str, Any] = field(default_factory=dict)
    sign: str | None = None

    @property
    def code(self) -> str:
        return str(self.fields.get("code", ""))

    @property
    def sub_code(self) -> str:
        return str(self.fields.get("sub_code", ""))

    def get(self, name: str) -> str:
        value = self.fields.get(name)
        return "" if value is None else str(value)


def parse_answer(body: str, method: str) -> Answer:
    """Find ``<method>_response`` (or ``error_response``) in the body and keep its exact text for the sign."""
    for node in (method.replace(".", "_") + "_response", "error_response"):
        match = re.search(r'"' + re.escape(node) + r'"\s*:\s*', body)
        if match is None:
            continue
        try:
            fields, end = json.JSONDecoder().raw_decode(body, match.end())
            outer = json.loads(body)
        except json.JSONDecodeError:
            raise InvalidRequestError(f"alipay answered invalid JSON for {method}") from None
        if not isinstance(fields, dict) or not isinstance(outer, dict):
            raise InvalidRequestError(f"alipay answered no object for {method}")
        sign = outer.get("sign")
        return Answer(node, body[match.end():end], fields, sign if isinstance(sign, str) else None)
    raise InvalidRequestError(f"alipay answer for {method} has no {method}_response: {body[:200]!r}")
