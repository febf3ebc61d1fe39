"""RSA key pairs for the payment tests, generated per run (never committed) and written as Alipay ships them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes import alipay

APP_ID = "2021000000000001"


@dataclass(frozen=True)
class Keys:
    merchant: rsa.RSAPrivateKey      # our application key pair
    alipay: rsa.RSAPrivateKey        # the fake provider's key pair
    stranger: rsa.RSAPrivateKey      # someone else's key: forged signatures

    def files(self, directory: Path) -> tuple[Path, Path]:
        """(our private key file, Alipay's public key file), as the settings name them."""
        return (alipay.write_private_key(self.merchant, directory / "app_private_key.txt"),
                alipay.write_public_key(self.alipay, directory / "alipay_public_key.pem"))


def generate() -> Keys:
    return Keys(alipay.new_key(), alipay.new_key(), alipay.new_key())
