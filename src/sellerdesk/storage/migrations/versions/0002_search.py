"""search: trigram index over cases.search_text

SQLite: an external-content FTS5 table ``cases_fts`` (``tokenize='trigram'``, so Chinese
and English substrings of three characters or more match) kept in sync by triggers.
PostgreSQL: ``pg_trgm`` and a GIN trigram index, which serves ``ILIKE '%term%'``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 09:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copy: storage/search.py keeps its own (idempotent) version for `sellerdesk reindex`.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS cases_fts USING fts5("
    "search_text, content='cases', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS cases_fts_ai AFTER INSERT ON cases BEGIN "
    "INSERT INTO cases_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS cases_fts_ad AFTER DELETE ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS cases_fts_au AFTER UPDATE OF search_text ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO cases_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS cases_fts_au",
    "DROP TRIGGER IF EXISTS cases_fts_ad",
    "DROP TRIGGER IF EXISTS cases_fts_ai",
    "DROP TABLE IF EXISTS cases_fts",
]
PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_cases_search_trgm ON cases USING gin (search_text gin_trgm_ops)",
]
# The extension stays on downgrade: other objects in the database may use it.
PG_DOWN = ["DROP INDEX IF EXISTS ix_cases_search_trgm"]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UP)
    elif dialect == "postgresql":
        _run(PG_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DOWN)
    elif dialect == "postgresql":
        _run(PG_DOWN)
