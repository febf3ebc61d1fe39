"""Alembic environment: runs on the connection bangwo hands over (see migrating.upgrade)."""

from __future__ import annotations

from alembic import context

from bangwo.adapters.db.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through bangwo.adapters.db.migrating.upgrade(engine)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
