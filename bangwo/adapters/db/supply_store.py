"""Imported supply in the database: import a document (idempotent, one transaction), load it, export it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from bangwo.adapters.catalog import imported
from bangwo.adapters.catalog import records as r
from bangwo.adapters.catalog import supply as s
from bangwo.adapters.db import tables as t
from bangwo.domain.errors import ConflictError


@dataclass
class ImportReport:
    """What an import changed, per kind: ids added, updated, and how many were already the same."""

    added: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def to_json(self) -> dict[str, Any]:
        return {"schema_version": s.SCHEMA_VERSION, "changed": self.changed, "added": self.added,
                "updated": self.updated, "unchanged": self.unchanged}


def canonical(record: s._Record) -> tuple[dict[str, Any], str]:
    """The stored form of a record and the SHA-256 of its canonical JSON."""
    payload = record.model_dump(mode="json")
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return payload, hashlib.sha256(text.encode()).hexdigest()


def import_document(engine: Engine, document: s.SupplyDocument, *, at: datetime,
                    generated: r.CatalogData) -> ImportReport:
    """Add new records, update changed ones, leave equal ones alone; all or nothing."""
    try:
        return _import(engine, document, at=at, generated=generated)
    except IntegrityError:
        raise ConflictError("another import added the same records at the same time; import again",
                            user_message="另一个导入正在写入相同的记录，请重新导入") from None


def _import(engine: Engine, document: s.SupplyDocument, *, at: datetime, generated: r.CatalogData) -> ImportReport:
    report = ImportReport()
    with engine.begin() as conn:
        imported.check_against(generated, document, _load(conn))
        for section, kind, _model in s.SECTIONS:
            records = getattr(document, section)
            if not records:
                continue
            keys = [(kind, x.id) for x in records]
            stored = dict(conn.execute(select(t.supply_entries.c.id, t.supply_entries.c.digest)
                                       .where(tuple_(t.supply_entries.c.kind, t.supply_entries.c.id).in_(keys)))
                          .all())
            for record in records:
                payload, digest = canonical(record)
                if record.id not in stored:
                    conn.execute(insert(t.supply_entries).values(kind=kind, id=record.id, payload=payload,
                                                                 digest=digest, updated_at=at))
                    report.added.setdefault(kind, []).append(record.id)
                elif stored[record.id] != digest:
                    conn.execute(update(t.supply_entries)
                                 .where(t.supply_entries.c.kind == kind, t.supply_entries.c.id == record.id)
                                 .values(payload=payload, digest=digest, updated_at=at))
                    report.updated.setdefault(kind, []).append(record.id)
                else:
                    report.unchanged[kind] = report.unchanged.get(kind, 0) + 1
    return report


def load(engine: Engine) -> imported.Supply:
    """Every imported record (none on a database that never imported)."""
    with engine.connect() as conn:
        return _load(conn)


def _load(conn: Any) -> imported.Supply:
    models = {kind: model for _section, kind, model in s.SECTIONS}
    rows = conn.execute(select(t.supply_entries.c.kind, t.supply_entries.c.payload)
                        .order_by(t.supply_entries.c.kind, t.supply_entries.c.id)).all()
    return imported.Supply.of(models[kind].model_validate(payload, strict=False) for kind, payload in rows)


def export_document(engine: Engine) -> dict[str, Any]:
    """Every imported record as one import file of the current schema version (sections sorted by id)."""
    with engine.connect() as conn:
        rows = conn.execute(select(t.supply_entries.c.kind, t.supply_entries.c.payload)
                            .order_by(t.supply_entries.c.kind, t.supply_entries.c.id)).all()
    document: dict[str, Any] = {"schema_version": s.SCHEMA_VERSION}
    for section, kind, _model in s.SECTIONS:
        records = [payload for row_kind, payload in rows if row_kind == kind]
        if records:
            document[section] = records
    return document
