"""A geocoding provider's answers kept in the database (table ``geocode_cache``), so a phrase costs one call."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from sqlalchemy import Engine, delete, select

from bangwo.adapters.db import tables
from bangwo.adapters.db.repositories import insert_ignore
from bangwo.domain.geo import Place
from bangwo.services.ports import Clock

_c = tables.geocode_cache.c


class GeocodeCache:
    """Answers per (provider, operation, text, city), fresh for ``max_age``; an empty answer is kept too."""

    def __init__(self, engine: Engine, *, provider: str, clock: Clock, max_age: timedelta) -> None:
        self.engine = engine
        self.provider = provider
        self.clock = clock
        self.max_age = max_age

    def get(self, operation: str, text: str, city: str | None) -> list[Place] | None:
        """The places stored for this question, or None when it was never asked or the answer is stale."""
        key = self._key(operation, text, city)
        with self.engine.connect() as conn:
            row = conn.execute(select(_c.places, _c.created_at).where(_c.key == key)).first()
        if row is None or self.clock.now() - row.created_at > self.max_age:
            return None
        return [Place.from_json(item) for item in row.places]

    def put(self, operation: str, text: str, city: str | None, found: list[Place]) -> None:
        """Store the answer (replacing a stale one; a concurrent twin's identical answer is kept)."""
        key = self._key(operation, text, city)
        query = f"{text} | {city or ''}"[:400]
        with self.engine.begin() as conn:
            conn.execute(delete(tables.geocode_cache).where(_c.key == key))
            insert_ignore(conn, tables.geocode_cache, {
                "key": key, "provider": self.provider, "operation": operation, "query": query,
                "places": [place.to_json() for place in found], "created_at": self.clock.now()})

    def _key(self, operation: str, text: str, city: str | None) -> str:
        question = json.dumps([self.provider, operation, text, city or ""], ensure_ascii=False)
        return hashlib.sha256(question.encode("utf-8")).hexdigest()
