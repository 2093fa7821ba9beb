"""Case search: exact identifier lookup by index, then trigram text search per dialect.

* SQLite: the FTS5 table ``cases_fts`` (trigram tokenizer, migration 0002).
* PostgreSQL: ``ILIKE '%term%'`` served by the GIN trigram index on ``cases.search_text``.

Text hits come newest first (identifier hits before them): relevance ranking had to score
every match, which took seconds for a common word in a million cases.

Trigrams need three characters, so shorter terms (common in Chinese: 退款) fall back to
``LIKE`` on ``cases.search_text``. Every term must match (AND).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from sellerdesk.core.cases.identifiers import formats, normalise
from sellerdesk.storage.tables import AmazonCaseIdRow, CaseRow, IdentifierRow

TRIGRAM = 3
# One definition each, shared by `sellerdesk reindex` (rebuild_index) and the bulk loader
# (storage/bulk.py, which drops the triggers / the GIN index while loading, then restores them).
SQLITE_FTS_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS cases_fts USING fts5("
    "search_text, content='cases', content_rowid='id', tokenize='trigram')"
)
SQLITE_TRIGGERS = {
    "cases_fts_ai": "CREATE TRIGGER IF NOT EXISTS cases_fts_ai AFTER INSERT ON cases BEGIN "
    "INSERT INTO cases_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "cases_fts_ad": "CREATE TRIGGER IF NOT EXISTS cases_fts_ad AFTER DELETE ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "cases_fts_au": "CREATE TRIGGER IF NOT EXISTS cases_fts_au "
    "AFTER UPDATE OF search_text ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO cases_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
}
SQLITE_REBUILD = "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')"
SQLITE_INDEX = [
    SQLITE_FTS_TABLE,
    *SQLITE_TRIGGERS.values(),
    SQLITE_REBUILD,
    "INSERT INTO cases_fts(cases_fts) VALUES ('optimize')",
]
PG_TRGM_INDEX_NAME = "ix_cases_search_trgm"
PG_TRGM_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {PG_TRGM_INDEX_NAME} ON cases USING gin (search_text gin_trgm_ops)"
)
PG_INDEX = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    PG_TRGM_INDEX,
    f"REINDEX INDEX {PG_TRGM_INDEX_NAME}",
    "ANALYZE cases",
]


def identifier_kinds(query: str) -> list[tuple[str, str]]:
    """``(kind, normalised value)`` for every identifier format the whole query matches."""
    value = query.strip()
    if not value or any(ch.isspace() for ch in value):
        return []
    out = []
    for kind, fmt in formats().items():
        norm = normalise(kind, value)
        if fmt.pattern.fullmatch(norm):
            out.append((kind, norm))
    return out


def identifier_matches(
    session: Session, query: str, *, store_ids: Sequence[int] | None = None, limit: int = 50
) -> list[tuple[int, str]]:
    """``(case id, kind)`` of cases carrying the query as an identifier; each lookup indexed.

    SKUs have no format, so any one-word query is also tried as an exact identifier value.
    """
    value = query.strip()
    if not value or any(ch.isspace() for ch in value):
        return []
    found: dict[int, str] = {}
    kinds = identifier_kinds(value)
    case_ids = [v for k, v in kinds if k == "case-id"]
    if case_ids:
        stmt = select(AmazonCaseIdRow.case_id).where(AmazonCaseIdRow.amazon_case_id.in_(case_ids))
        if store_ids is not None:
            stmt = stmt.join(CaseRow, CaseRow.id == AmazonCaseIdRow.case_id).where(
                CaseRow.store_id.in_(store_ids)
            )
        for cid in session.scalars(stmt.limit(limit)):
            found.setdefault(cid, "case-id")
    values = list(dict.fromkeys([value, *(v for k, v in kinds if k != "case-id")]))
    stmt2 = select(IdentifierRow.case_id, IdentifierRow.kind).where(IdentifierRow.value.in_(values))
    if store_ids is not None:
        stmt2 = stmt2.join(CaseRow, CaseRow.id == IdentifierRow.case_id).where(
            CaseRow.store_id.in_(store_ids)
        )
    for cid, kind in session.execute(stmt2.order_by(IdentifierRow.case_id.desc()).limit(limit)):
        found.setdefault(cid, kind)
    return list(found.items())[:limit]


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _store_filter(store_ids: Sequence[int] | None, params: dict[str, Any]) -> str:
    if store_ids is None:
        return ""
    names = []
    for i, sid in enumerate(store_ids):
        params[f"s{i}"] = int(sid)
        names.append(f":s{i}")
    return f" AND c.store_id IN ({', '.join(names) or 'NULL'})"


def _sqlite_text(
    session: Session, terms: list[str], store_ids: Sequence[int] | None, limit: int
) -> list[int]:
    params: dict[str, Any] = {"limit": limit}
    long = [t for t in terms if len(t) >= TRIGRAM]
    likes = ""
    for i, term in enumerate(t for t in terms if len(t) < TRIGRAM):
        params[f"l{i}"] = _like(term)
        likes += f" AND c.search_text LIKE :l{i} ESCAPE '\\'"
    stores = _store_filter(store_ids, params)
    if long:
        params["match"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in long)
        sql = (
            "SELECT c.id FROM cases_fts JOIN cases AS c ON c.id = cases_fts.rowid "
            f"WHERE cases_fts MATCH :match{likes}{stores} "
            # newest first: FTS5 walks rowids backwards and stops at the limit, where bm25
            # ranking had to score every match (seconds for a word in 100,000 cases)
            "ORDER BY cases_fts.rowid DESC LIMIT :limit"
        )
    else:
        sql = (
            f"SELECT c.id FROM cases AS c WHERE 1 = 1{likes}{stores} "
            "ORDER BY c.updated_at DESC, c.id DESC LIMIT :limit"
        )
    return [int(r) for r in session.scalars(text(sql), params)]


def _pg_text(
    session: Session, terms: list[str], store_ids: Sequence[int] | None, limit: int
) -> list[int]:
    params: dict[str, Any] = {"limit": limit, "q": " ".join(terms)}
    likes = ""
    for i, term in enumerate(terms):
        params[f"l{i}"] = _like(term)
        likes += f" AND c.search_text ILIKE :l{i} ESCAPE '\\'"
    stores = _store_filter(store_ids, params)
    sql = (
        f"SELECT c.id FROM cases AS c WHERE 1 = 1{likes}{stores} "
        # newest first, so the planner may walk the primary key backwards for common words
        # and use the trigram index for rare ones; similarity ranking scored every match
        "ORDER BY c.id DESC LIMIT :limit"
    )
    return [int(r) for r in session.scalars(text(sql), params)]


def text_matches(
    session: Session, query: str, *, store_ids: Sequence[int] | None = None, limit: int = 50
) -> list[int]:
    terms = query.split()
    if not terms:
        return []
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite_text(session, terms, store_ids, limit)
    return _pg_text(session, terms, store_ids, limit)


def search_hits(
    session: Session, query: str, *, store_ids: Sequence[int] | None = None, limit: int = 50
) -> list[tuple[int, str]]:
    """``(case id, how it matched)``: identifier hits first (their kind), then ``text`` hits.

    A query that is an identifier and found its cases is answered from the identifier
    indexes alone; the text pass would only add cases that mention the number in passing.
    """
    hits = identifier_matches(session, query, store_ids=store_ids, limit=limit)
    if hits and len(query.split()) == 1:
        return hits
    if len(hits) < limit:
        seen = {cid for cid, _ in hits}
        more = text_matches(session, query, store_ids=store_ids, limit=limit + len(hits))
        hits += [(cid, "text") for cid in more if cid not in seen][: limit - len(hits)]
    return hits


def search_cases(
    session: Session, query: str, *, store_ids: Sequence[int] | None = None, limit: int = 50
) -> list[int]:
    """Case ids, identifier hits first, then text hits (see :func:`search_hits`)."""
    return [cid for cid, _ in search_hits(session, query, store_ids=store_ids, limit=limit)]


def rebuild_index(conn: Connection, progress: Callable[[int, int], None] | None = None) -> int:
    """Recreate (if missing) and rebuild the search index; returns the number of steps run."""
    steps = SQLITE_INDEX if conn.dialect.name == "sqlite" else PG_INDEX
    for i, statement in enumerate(steps):
        conn.exec_driver_sql(statement)
        if progress:
            progress(i + 1, len(steps))
    return len(steps)
