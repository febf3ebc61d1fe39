"""A real uvicorn server on 127.0.0.1 and a free port, in a thread, over a seeded SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI

from bangwo import bootstrap as boot
from bangwo.adapters.sms.log import LogSms
from bangwo.api.app import create_app
from bangwo.config import Settings
from bangwo.domain.clocks import FixedClock, parse_now
from tests.threaded import free_port, serve_in_thread

NOW = "2026-02-06T12:00:00+08:00"
ADMIN_PASSWORD = "ops-secret-for-tests"


@dataclass(frozen=True)
class Live:
    url: str
    settings: Settings
    api: FastAPI | None = None     # the served app (its development SMS adapter holds the codes sent)

    def last_code(self, phone: str) -> str:
        """The login code the development SMS adapter sent to ``phone`` last."""
        assert self.api is not None
        sms = self.api.state.service.app.sms()
        assert isinstance(sms, LogSms)
        code = sms.last_code(phone)
        assert code is not None, f"no code was sent to {phone}"
        return code

    def token(self, user_id: str, *, password: str | None = None) -> str:
        body: dict[str, str] = {"user_id": user_id}
        if password is not None:
            body["password"] = password
        r = httpx.post(f"{self.url}/api/auth/token", json=body, timeout=10)
        r.raise_for_status()
        token: str = r.json()["access_token"]
        return token

    def headers(self, user_id: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user_id)}"}

    def admin_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token('ops', password=ADMIN_PASSWORD)}"}


def seeded_settings(directory: Path, **extra: object) -> Settings:
    settings = Settings.model_validate({"database_url": f"sqlite:///{directory / 'live.db'}", "now": NOW, "demo_login": True,
                                        "admin_password": ADMIN_PASSWORD, "auth_secret": "test-secret",
                                        "user_rps": 1000.0, "user_burst": 1000, **extra})
    app = boot.bootstrap(settings, clock=FixedClock(parse_now(NOW)))
    boot.seed_demo(app)
    app.close()
    boot.prepare_serving(settings)
    return settings


@contextmanager
def serving(settings: Settings) -> Iterator[Live]:
    """uvicorn serving create_app(settings) until the block ends."""
    api = create_app(settings)
    with serve_in_thread(api, free_port(), name="uvicorn-live", lifespan="on") as port:
        yield Live(f"http://127.0.0.1:{port}", settings, api)
