"""search: words and CJK bigrams instead of trigrams

Trigrams left two-character Chinese words (退款, 账户) to a full ``LIKE`` scan (454 ms p95 at
200,000 cases) and matched inside English words (``ring`` in ``earring``). The new column
``cases.search_tokens`` holds ``core.search_tokens.index_text(search_text)``: case-folded
words and overlapping CJK bigrams, space-separated; existing rows are tokenised here.

SQLite: the external-content FTS5 table ``cases_fts`` over ``search_tokens`` with the
``ascii`` tokenizer (it splits on spaces; the tokens are already folded), kept by triggers.
PostgreSQL: the column is a ``tsvector`` written from the same tokens with their positions
(``storage.types.SearchTokens``; PostgreSQL's own word parser costs ≈ 0.3 ms a case on
Chinese text) with a GIN index on it; the trigram index goes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sellerdesk.core.search_tokens import index_text
from sellerdesk.storage.types import SearchTokens

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None
BATCH = 2000

# Frozen copies: storage/search.py keeps its own (idempotent) versions for `sellerdesk reindex`.
SQLITE_TRIGRAM_DOWN = [
    "DROP TRIGGER IF EXISTS cases_fts_au",
    "DROP TRIGGER IF EXISTS cases_fts_ad",
    "DROP TRIGGER IF EXISTS cases_fts_ai",
    "DROP TABLE IF EXISTS cases_fts",
]
SQLITE_TOKENS_UP = [
    "CREATE VIRTUAL TABLE cases_fts USING fts5(search_tokens, content='cases', "
    "content_rowid='id', tokenize='ascii', columnsize=0)",
    "CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN "
    "INSERT INTO cases_fts(rowid, search_tokens) VALUES (new.id, new.search_tokens); END",
    "CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_tokens) "
    "VALUES ('delete', old.id, old.search_tokens); END",
    "CREATE TRIGGER cases_fts_au AFTER UPDATE OF search_tokens ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_tokens) "
    "VALUES ('delete', old.id, old.search_tokens); "
    "INSERT INTO cases_fts(rowid, search_tokens) VALUES (new.id, new.search_tokens); END",
    "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')",
]
SQLITE_TRIGRAM_UP = [
    "CREATE VIRTUAL TABLE cases_fts USING fts5("
    "search_text, content='cases', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN "
    "INSERT INTO cases_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER cases_fts_au AFTER UPDATE OF search_text ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO cases_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')",
]
PG_TOKENS_UP = ["CREATE INDEX ix_cases_search_tokens ON cases USING gin (search_tokens)"]
PG_TRIGRAM_UP = [
    "DROP INDEX IF EXISTS ix_cases_search_tokens",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_cases_search_trgm ON cases USING gin (search_text gin_trgm_ops)",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def _tokenise_existing_rows() -> None:
    conn = op.get_bind()
    cases = sa.table(
        "cases", sa.column("id"), sa.column("search_text"), sa.column("search_tokens", SearchTokens)
    )
    update = (
        cases.update()
        .where(cases.c.id == sa.bindparam("i"))
        .values(search_tokens=sa.bindparam("t", type_=SearchTokens))
    )
    last = 0
    while rows := conn.execute(
        sa.select(cases.c.id, cases.c.search_text)
        .where(cases.c.id > last)
        .order_by(cases.c.id)
        .limit(BATCH)
    ).all():
        conn.execute(update, [{"i": rid, "t": index_text(body or "")} for rid, body in rows])
        last = rows[-1][0]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_TRIGRAM_DOWN)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_cases_search_trgm")
    # plain ALTER (not batch): a batch copy would drop and recreate ``cases``, and with foreign
    # keys on, dropping it cascades to the events
    kind = "tsvector" if dialect == "postgresql" else "TEXT"
    op.execute(f"ALTER TABLE cases ADD COLUMN search_tokens {kind} NOT NULL DEFAULT ''")
    if dialect == "postgresql":
        # in the row, not out of line: the ≈ 1.3 kB tsvector would otherwise go to the TOAST
        # table, and testing a row cost four more page reads (10x the buffers at 60,000 cases)
        op.execute("ALTER TABLE cases ALTER COLUMN search_tokens SET STORAGE MAIN")
    _tokenise_existing_rows()
    if dialect == "sqlite":
        _run(SQLITE_TOKENS_UP)
    elif dialect == "postgresql":
        _run(PG_TOKENS_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_TRIGRAM_DOWN)
    op.execute("ALTER TABLE cases DROP COLUMN search_tokens")  # SQLite 3.35 or newer
    if dialect == "sqlite":
        _run(SQLITE_TRIGRAM_UP)
    elif dialect == "postgresql":
        _run(PG_TRIGRAM_UP)
