"""The development SmsSender: the code goes to the log and stays readable (tests, `make demo`), never sent."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger("bangwo.sms")


class LogSms:
    """Writes each code to the ``bangwo.sms`` log and keeps the last code per phone (``last_code``)."""

    def __init__(self) -> None:
        self._last: dict[str, str] = {}
        self._lock = threading.Lock()

    def send_code(self, phone: str, code: str, *, ttl_minutes: int) -> None:
        with self._lock:
            self._last[phone] = code
        log.warning("login code for %s: %s (valid %d minutes; development SMS, nothing was sent)",
                    phone, code, ttl_minutes)

    def last_code(self, phone: str) -> str | None:
        with self._lock:
            return self._last.get(phone)
