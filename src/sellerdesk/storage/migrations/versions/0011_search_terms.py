"""search vocabulary: prefix terms asked as the whole words they start

Both search indexes answer a prefix (``listing*``) by merging the postings of every token it
starts before the first row comes back (34 ms on SQLite at 1,000,000 cases, however few rows
are wanted). ``search_terms`` lists the indexed words that do not begin with a digit, so the
search asks ``listing OR listings`` instead (``storage.search_terms``). Triggers on ``cases``
add the words of every inserted row and changed ``search_tokens``; filled here from the
existing index.

Not in the ORM's metadata on purpose: it is derived (backups and copy-db rebuild it).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Frozen copies: storage/search_terms.py keeps its own for the bulk path and `reindex`.
_SQLITE_ADD = (
    "INSERT OR IGNORE INTO search_terms (term) SELECT value FROM "
    "json_each('[\"' || replace(new.search_tokens, ' ', '\",\"') || '\"]') "
    "WHERE value >= 'a'; END"
)
SQLITE_UP = [
    "CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID",
    f"CREATE TRIGGER search_terms_ai AFTER INSERT ON cases BEGIN {_SQLITE_ADD}",
    "CREATE TRIGGER search_terms_au AFTER UPDATE OF search_tokens ON cases "
    f"WHEN new.search_tokens IS NOT old.search_tokens BEGIN {_SQLITE_ADD}",
    "CREATE VIRTUAL TABLE temp.search_terms_source USING fts5vocab(main, cases_fts, 'row')",
    "INSERT INTO search_terms (term) SELECT term FROM temp.search_terms_source WHERE term >= 'a'",
    "DROP TABLE temp.search_terms_source",
]
PG_UP = [
    'CREATE TABLE search_terms (term text COLLATE "C" PRIMARY KEY)',
    "CREATE OR REPLACE FUNCTION search_terms_add() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN INSERT INTO search_terms (term) SELECT DISTINCT t "
    "FROM unnest(tsvector_to_array(NEW.search_tokens)) AS t "
    "WHERE t >= 'a' COLLATE \"C\" ORDER BY t ON CONFLICT DO NOTHING; RETURN NULL; END $$",
    "CREATE TRIGGER search_terms_ai AFTER INSERT ON cases "
    "FOR EACH ROW EXECUTE FUNCTION search_terms_add()",
    "CREATE TRIGGER search_terms_au AFTER UPDATE OF search_tokens ON cases "
    "FOR EACH ROW WHEN (NEW.search_tokens IS DISTINCT FROM OLD.search_tokens) "
    "EXECUTE FUNCTION search_terms_add()",
    "SET LOCAL work_mem = '64MB'",
    "INSERT INTO search_terms (term) SELECT t FROM cases, unnest(tsvector_to_array(search_tokens)) "
    "AS t WHERE t >= 'a' COLLATE \"C\" GROUP BY t",
]


def upgrade() -> None:
    for statement in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else PG_UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS search_terms_au")
        op.execute("DROP TRIGGER IF EXISTS search_terms_ai")
    else:
        op.execute("DROP TRIGGER IF EXISTS search_terms_au ON cases")
        op.execute("DROP TRIGGER IF EXISTS search_terms_ai ON cases")
        op.execute("DROP FUNCTION IF EXISTS search_terms_add()")
    op.execute("DROP TABLE search_terms")
