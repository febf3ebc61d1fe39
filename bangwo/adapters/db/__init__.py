"""SQL storage (SQLite embedded, PostgreSQL at scale) through SQLAlchemy Core."""
