"""Time in bangwo: aware datetimes in Asia/Shanghai, from a clock that tests can fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bangwo.domain.errors import InvalidRequestError

SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse_now(text: str) -> datetime:
    """Parse an ISO-8601 moment; a naive one is taken as Asia/Shanghai."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidRequestError(
            f"--now must be ISO-8601 like 2026-02-06T12:00:00+08:00, got {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


class SystemClock:
    """The real time, in Asia/Shanghai."""

    def now(self) -> datetime:
        return datetime.now(SHANGHAI)


@dataclass
class FixedClock:
    """A clock that stands still until told to move: deterministic tests and demos."""

    moment: datetime = field(default_factory=lambda: datetime(2026, 2, 6, 12, 0, tzinfo=SHANGHAI))

    def now(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> datetime:
        self.moment = self.moment + delta
        return self.moment
