"""Bring a database to the newest schema with Alembic, from code (no alembic.ini needed).

Start-up checks the stored revision against the migration files first and imports Alembic only when
there is something to do: most starts (every CLI call, every worker) find the schema current.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r"^revision\s*=\s*['\"]([0-9a-f]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"]([0-9a-f]+)['\"]", re.M)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def heads() -> set[str]:
    """The head revisions of the migration files (revisions nothing else revises)."""
    revisions, downs = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        body = script.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(body))
        downs.update(_DOWN.findall(body))
    return revisions - downs


def current(engine: Engine) -> set[str]:
    """The revisions the database says it is at (empty for a new database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}


def upgrade(engine: Engine) -> None:
    """Run every pending migration in one transaction (nothing, quickly, when the schema is current)."""
    if current(engine) == heads():
        return
    from alembic import command

    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


def autogenerate(engine: Engine, message: str) -> None:
    """Developer tool: write a new revision from the difference between tables.py and the database."""
    from alembic import command

    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)


def history() -> list[dict[str, str | None]]:
    """Every migration, newest first: revision, what it revises, and its message (`bangwo db history`)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return [{"revision": s.revision,
             "down_revision": ",".join(s.down_revision) if isinstance(s.down_revision, (tuple, list))
             else s.down_revision,
             "message": (s.doc or "").strip()}
            for s in scripts.walk_revisions()]
