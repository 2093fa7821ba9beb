"""The search vocabulary: the indexed words, so that a prefix term is asked as the words it
stands for (``listing*`` → ``listing OR listings``).

Why: both indexes answer a prefix by first merging the postings of every token it starts
into one list, all of them before the first row comes back. At 1,000,000 cases (470,000
hold ``listing``) ``listing*`` costs 34 ms on SQLite however few rows are wanted, and
``索赔 listing*`` (no case holds both) 53 ms; PostgreSQL builds a bitmap of every such row
(117 ms). Asked as whole words, the postings are read lazily and skipped through: 0.3 ms
and 16 ms on SQLite.

What it holds: every token of ``cases.search_tokens`` that does not begin with an ASCII
digit (words, ASINs, CJK bigrams). Tokens that begin with a digit (order-ID parts, Case IDs:
millions of distinct tokens, one case each) are left out: a digit prefix starts few
postings, so its native prefix query stays cheap, and they would make the vocabulary as
large as the index. A prefix that begins with a digit, or starts more than
:data:`MAX_EXPANSIONS` words, is asked natively.

How it stays complete: triggers on ``cases`` add the words of every inserted row and of
every changed ``search_tokens`` (so raw SQL keeps it too); a word is never removed when a
case changes or goes, so the vocabulary is a superset of the index's words (a word no case
holds any longer matches nothing). The bulk path drops the triggers with the search index's
and rebuilds the vocabulary from the index (:mod:`.bulk_indexes`); ``sellerdesk reindex``
rebuilds it too. Not in the ORM's metadata: backups and ``copy-db`` copy the model tables,
and this table is derived from them.
"""

from __future__ import annotations

from sqlalchemy import Connection

TABLE = "search_terms"
MAX_EXPANSIONS = 64  # above this a prefix is asked natively (one merged list beats 65 ORs)
FIRST_WORD = "a"  # tokens sorting below it begin with a digit (separators are never kept)

SQLITE_TABLE = f"CREATE TABLE IF NOT EXISTS {TABLE} (term TEXT PRIMARY KEY) WITHOUT ROWID"
# the tokens are word characters only (no quote, backslash or control character), so the
# space-separated string becomes a JSON array by substitution
_SQLITE_ADD = (
    f"INSERT OR IGNORE INTO {TABLE} (term) SELECT value FROM "
    "json_each('[\"' || replace(new.search_tokens, ' ', '\",\"') || '\"]') "
    f"WHERE value >= '{FIRST_WORD}'; END"
)
SQLITE_TRIGGERS = {
    "search_terms_ai": "CREATE TRIGGER IF NOT EXISTS search_terms_ai AFTER INSERT ON cases "
    f"BEGIN {_SQLITE_ADD}",
    "search_terms_au": "CREATE TRIGGER IF NOT EXISTS search_terms_au "
    "AFTER UPDATE OF search_tokens ON cases "
    f"WHEN new.search_tokens IS NOT old.search_tokens BEGIN {_SQLITE_ADD}",
}
_SQLITE_VOCAB = "search_terms_source"
SQLITE_REBUILD = [
    f"DELETE FROM {TABLE}",
    # fts5vocab lists the FTS5 index's terms in order; the range skips the digit ones
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_SQLITE_VOCAB} "
    "USING fts5vocab(main, cases_fts, 'row')",
    f"INSERT INTO {TABLE} (term) SELECT term FROM temp.{_SQLITE_VOCAB} "
    f"WHERE term >= '{FIRST_WORD}'",
    f"DROP TABLE temp.{_SQLITE_VOCAB}",
]

# COLLATE "C": a prefix is a range of code points only in byte order (a language collation
# sorts `list-` and `listing` by other rules)
PG_TABLE = f'CREATE TABLE IF NOT EXISTS {TABLE} (term text COLLATE "C" PRIMARY KEY)'
PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION search_terms_add() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN INSERT INTO {TABLE} (term) SELECT DISTINCT t "
    "FROM unnest(tsvector_to_array(NEW.search_tokens)) AS t "
    f"WHERE t >= '{FIRST_WORD}' COLLATE \"C\" "
    # in one order: two writers adding the same new words wait for each other, never deadlock
    "ORDER BY t ON CONFLICT DO NOTHING; RETURN NULL; END $$"
)
PG_TRIGGERS = {
    "search_terms_ai": "CREATE TRIGGER search_terms_ai AFTER INSERT ON cases "
    "FOR EACH ROW EXECUTE FUNCTION search_terms_add()",
    "search_terms_au": "CREATE TRIGGER search_terms_au AFTER UPDATE OF search_tokens ON cases "
    "FOR EACH ROW WHEN (NEW.search_tokens IS DISTINCT FROM OLD.search_tokens) "
    "EXECUTE FUNCTION search_terms_add()",
}
PG_REBUILD = [
    f"TRUNCATE {TABLE}",
    # room for the hash of the distinct words (it spills to disk past work_mem); ts_stat()
    # gives the same words but took 113 s at a million cases against ≈ 20 s for this
    "SET LOCAL work_mem = '64MB'",
    f"INSERT INTO {TABLE} (term) SELECT t FROM cases, unnest(tsvector_to_array(search_tokens)) "
    f"AS t WHERE t >= '{FIRST_WORD}' COLLATE \"C\" GROUP BY t",
]


def create(conn: Connection) -> None:
    """The table and its triggers (if missing); the function is replaced."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(SQLITE_TABLE)
    else:
        conn.exec_driver_sql(PG_TABLE)
        conn.exec_driver_sql(PG_FUNCTION)
    add_triggers(conn)


def add_triggers(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_TRIGGERS.values():
            conn.exec_driver_sql(statement)
        return
    for name, statement in PG_TRIGGERS.items():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON cases")
        conn.exec_driver_sql(statement)


def drop_triggers(conn: Connection) -> None:
    for name in SQLITE_TRIGGERS:
        on = "" if conn.dialect.name == "sqlite" else " ON cases"
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}{on}")


def rebuild(conn: Connection) -> None:
    """Every word of the search index, afresh (SQLite reads the FTS5 index: build it first)."""
    for statement in SQLITE_REBUILD if conn.dialect.name == "sqlite" else PG_REBUILD:
        conn.exec_driver_sql(statement)


def prefix_range(prefix: str) -> tuple[str, str] | None:
    """``(prefix, bound)``: the vocabulary's words that start with ``prefix`` are those from
    ``prefix`` up to (without) ``bound``; None when the prefix is asked natively (it begins
    with a digit, so the vocabulary does not hold its words)."""
    if not prefix or prefix < FIRST_WORD or ord(prefix[-1]) >= 0x10FFFF:
        return None
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def words_sql(mark: str) -> str:
    """The words of one :func:`prefix_range` (``mark``: the driver's placeholder), one more
    than :data:`MAX_EXPANSIONS` at most, so that a caller can tell there are too many."""
    return (
        f"SELECT term FROM {TABLE} WHERE term >= {mark} AND term < {mark} "
        f"ORDER BY term LIMIT {MAX_EXPANSIONS + 1}"
    )


def prefix_words(conn: Connection, prefix: str) -> tuple[str, ...] | None:
    """The indexed words that start with ``prefix``, or None when the prefix is to be asked
    natively (it begins with a digit, or starts more than :data:`MAX_EXPANSIONS` words)."""
    bounds = prefix_range(prefix)
    if bounds is None:
        return None
    rows = conn.exec_driver_sql(words_sql("?" if conn.dialect.name == "sqlite" else "%s"), bounds)
    words = tuple(str(r[0]) for r in rows)
    return None if len(words) > MAX_EXPANSIONS else words
