"""Case search: exact identifier lookup by index, then a word / CJK-bigram text index.

``cases.search_tokens`` holds :func:`sellerdesk.core.search_tokens.index_text` of
``cases.search_text`` (subject, body, identifiers, event bodies): case-folded words and
overlapping CJK bigrams, space-separated. The ORM keeps it in step (``CaseRow``'s validator);
the index reads only that column:

* SQLite: the external-content FTS5 table ``cases_fts`` with the ``ascii`` tokenizer, which
  splits the token string on spaces and nothing else (migration 0004), kept by triggers.
* PostgreSQL: the column is a ``tsvector`` of those tokens with their positions
  (``storage.types.SearchTokens``), with a GIN index on it.

A query is cut by the same function (:func:`~sellerdesk.core.search_tokens.query_terms`):
every term must match (AND); a term of several tokens (a Chinese word of three characters or
more, ``cutting-board``) is a phrase (FTS5 ``"a b"``, tsquery ``a <-> b``); the last word of
the query of four or more letters is a prefix, asked as the whole words of the vocabulary
that it starts when they are few (:mod:`.search_terms`). Text hits come newest first
(identifier hits before them): relevance ranking had to score every match, which took
seconds for a common word in a million cases.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, select, text, update
from sqlalchemy.orm import Session

from sellerdesk.core.cases.identifiers import formats, normalise
from sellerdesk.core.search_tokens import QueryTerm, index_text, query_terms
from sellerdesk.storage import schema, search_terms
from sellerdesk.storage.tables import AmazonCaseIdRow, CaseRow, IdentifierRow
from sellerdesk.storage.types import stored_tokens

# One definition each, shared by `sellerdesk reindex` (rebuild_index) and the bulk loader
# (storage/bulk.py, which drops the triggers / the GIN index while loading, then restores them).
# Migration 0004 keeps a frozen copy.
SQLITE_FTS_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS cases_fts USING fts5(search_tokens, content='cases', "
    # ascii: the tokens are already folded and split; columnsize=0: no ranking, so no sizes
    "content_rowid='id', tokenize='ascii', columnsize=0)"
)
SQLITE_TRIGGERS = {
    "cases_fts_ai": "CREATE TRIGGER IF NOT EXISTS cases_fts_ai AFTER INSERT ON cases BEGIN "
    "INSERT INTO cases_fts(rowid, search_tokens) VALUES (new.id, new.search_tokens); END",
    "cases_fts_ad": "CREATE TRIGGER IF NOT EXISTS cases_fts_ad AFTER DELETE ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_tokens) "
    "VALUES ('delete', old.id, old.search_tokens); END",
    "cases_fts_au": "CREATE TRIGGER IF NOT EXISTS cases_fts_au "
    "AFTER UPDATE OF search_tokens ON cases BEGIN "
    "INSERT INTO cases_fts(cases_fts, rowid, search_tokens) "
    "VALUES ('delete', old.id, old.search_tokens); "
    "INSERT INTO cases_fts(rowid, search_tokens) VALUES (new.id, new.search_tokens); END",
}
SQLITE_REBUILD = "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')"
SQLITE_INDEX = [
    SQLITE_FTS_TABLE,
    *SQLITE_TRIGGERS.values(),
    SQLITE_REBUILD,
    "INSERT INTO cases_fts(cases_fts) VALUES ('optimize')",
]
PG_INDEX_NAME = "ix_cases_search_tokens"
PG_TOKEN_INDEX = f"CREATE INDEX IF NOT EXISTS {PG_INDEX_NAME} ON cases USING gin (search_tokens)"
PG_INDEX = [PG_TOKEN_INDEX, f"REINDEX INDEX {PG_INDEX_NAME}", "ANALYZE cases"]
RETOKENISE_BATCH = 2000
PG_RECENT_WINDOW = 5000  # newest cases tested row by row before the index is asked
PG_MAX_WINDOW = 30_000  # rows tested newest first at most, before the index is asked
PG_NO_ID = 2**63 - 1  # above every id: the first window starts at the newest case
PG_SEARCH_WORK_MEM = "64MB"  # for the index path only (SET LOCAL: this transaction)


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


def _store_filter(store_ids: Sequence[int] | None, params: dict[str, Any]) -> str:
    if store_ids is None:
        return ""
    names = []
    for i, sid in enumerate(store_ids):
        params[f"s{i}"] = int(sid)
        names.append(f":s{i}")
    return f" AND c.store_id IN ({', '.join(names) or 'NULL'})"


# a prefix term's place in the query → the whole words it stands for (storage.search_terms)
Expansions = Mapping[int, Sequence[str]]


def prefix_expansions(conn: Connection, terms: Sequence[QueryTerm]) -> dict[int, tuple[str, ...]]:
    """The vocabulary's words for each prefix term that is to be asked as words (an empty
    tuple: no indexed word starts with it, so nothing matches the query)."""
    out = {}
    for i, term in enumerate(terms):
        if term.prefix and (words := search_terms.prefix_words(conn, term.tokens[-1])) is not None:
            out[i] = words
    return out


def _alternatives(term: QueryTerm, index: int, words: Expansions | None) -> list[tuple[str, ...]]:
    """The phrases an expanded prefix term stands for (its head with each whole word); empty
    for a term asked as itself."""
    if words is None or index not in words:
        return []
    return [(*term.tokens[:-1], word) for word in words[index]]


def fts5_match(terms: Sequence[QueryTerm], words: Expansions | None = None) -> str:
    """The FTS5 query: each term a quoted phrase (``*`` marks its last token a prefix), or
    for an expanded prefix term the OR of its phrases with each whole word."""
    parts = []
    for i, term in enumerate(terms):
        if phrases := _alternatives(term, i, words):
            parts.append("(" + " OR ".join(f'"{" ".join(p)}"' for p in phrases) + ")")
        else:
            parts.append(f'"{" ".join(term.tokens)}"' + (" *" if term.prefix else ""))
    return " AND ".join(parts)


def _pg_phrase(tokens: Sequence[str], prefix: bool) -> str:
    lexemes = [f"'{token}'" for token in tokens]  # tokens hold no quote or space
    if prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def pg_tsquery(terms: Sequence[QueryTerm], words: Expansions | None = None) -> str:
    """The tsquery text: each term a ``<->`` phrase (``:*`` on a prefix), ANDed; an expanded
    prefix term is the OR of its phrases with each whole word."""
    parts = []
    for i, term in enumerate(terms):
        if phrases := _alternatives(term, i, words):
            parts.append("(" + " | ".join(_pg_phrase(p, False) for p in phrases) + ")")
        else:
            parts.append(_pg_phrase(term.tokens, term.prefix))
    return " & ".join(parts)


def _sqlite_text(
    session: Session,
    terms: list[QueryTerm],
    words: Expansions,
    store_ids: Sequence[int] | None,
    limit: int,
) -> list[int]:
    params: dict[str, Any] = {"limit": limit, "match": fts5_match(terms, words)}
    stores = _store_filter(store_ids, params)
    sql = (
        "SELECT c.id FROM cases_fts JOIN cases AS c ON c.id = cases_fts.rowid "
        f"WHERE cases_fts MATCH :match{stores} "
        # newest first: FTS5 walks rowids backwards and stops at the limit
        "ORDER BY cases_fts.rowid DESC LIMIT :limit"
    )
    return [int(r) for r in session.scalars(text(sql), params)]


def pg_next_window(found: int, scanned: int, limit: int) -> int | None:
    """How many more cases (below those tested) to test, from the density of matches so far;
    None when the index is the cheaper way (no match yet, or too sparse for the cap).

    A row tested costs ≈ 1.5 µs; every match read through the GIN index costs ≈ 2-9 µs (a
    heap visit each), and a common pair (``下架 fba``: 8,300 cases at a million) has to read
    them all to sort. Aim for twice the rows the density predicts (45 matches in 5,000 rows
    say 555 more rows for 5 more; a window sized at 1.5x that fell short and sent such
    queries to a 45-130 ms index read); the scan stops at ``limit`` matches anyway."""
    if found <= 0:
        return None
    wanted = math.ceil((limit - found) * scanned / found * 2)
    return wanted if scanned + wanted <= PG_MAX_WINDOW else None


def _pg_text(
    session: Session,
    terms: list[QueryTerm],
    words: Expansions,
    store_ids: Sequence[int] | None,
    limit: int,
) -> list[int]:
    """Bounded plans instead of the planner's guess between them.

    Left to itself PostgreSQL either walks the primary key backwards testing every row
    (right for a common word, 0.5 s for a rare phrase it thought common) or reads every
    match through the GIN index and sorts (right for a rare word, slow for a common one).
    So: first test only the newest :data:`PG_RECENT_WINDOW` cases; if they hold ``limit``
    matches those are the answer; if they hold some, test the cases below them in windows
    sized from the density so far (:func:`pg_next_window`), up to :data:`PG_MAX_WINDOW`
    rows in all; otherwise (or past that) every match comes from the index.
    """
    params: dict[str, Any] = {"q": pg_tsquery(terms, words)}
    stores = _store_filter(store_ids, params)
    window = text(
        "SELECT r.id FROM (SELECT c.id, c.search_tokens FROM cases AS c "
        f"WHERE c.id < :below{stores} ORDER BY c.id DESC LIMIT :w) AS r "
        "WHERE r.search_tokens @@ CAST(:q AS tsquery) ORDER BY r.id DESC LIMIT :limit"
    )
    # the lowest id of a window that was tested whole (None: it reached the oldest case)
    edge = text(
        f"SELECT c.id FROM cases AS c WHERE c.id < :below{stores} "
        "ORDER BY c.id DESC OFFSET :skip LIMIT 1"
    )
    found: list[int] = []
    below, size, scanned = PG_NO_ID, PG_RECENT_WINDOW, 0
    while True:
        step = {**params, "below": below, "w": size, "limit": limit - len(found)}
        found += [int(r) for r in session.scalars(window, step)]
        scanned += size
        if len(found) >= limit:
            return found
        next_size = pg_next_window(len(found), scanned, limit)
        if next_size is None:
            break
        boundary = session.scalar(edge, {**params, "below": below, "skip": size - 1})
        if boundary is None:
            return found  # every case was tested: these are all the matches
        below, size = int(boundary), next_size
    # A prefix term ('listing':*) not asked as words is read into one bitmap of every row it
    # matches; above work_mem (4 MB by default: ~300,000 rows) that bitmap turns lossy
    # (whole pages), and the AND with the other terms then hands tens of thousands of wrong
    # rows to the recheck (`索赔 listing`: 270 ms at a million cases, ≈ 130 ms with room).
    session.execute(text(f"SET LOCAL work_mem = '{PG_SEARCH_WORK_MEM}'"))
    indexed = (
        "WITH m AS MATERIALIZED (SELECT c.id FROM cases AS c "
        f"WHERE c.search_tokens @@ CAST(:q AS tsquery){stores}) "
        "SELECT id FROM m ORDER BY id DESC LIMIT :limit"
    )
    return [int(r) for r in session.scalars(text(indexed), {**params, "limit": limit})]


def text_matches(
    session: Session, query: str, *, store_ids: Sequence[int] | None = None, limit: int = 50
) -> list[int]:
    terms = query_terms(query)
    if not terms:
        return []
    words = prefix_expansions(session.connection(), terms)
    if any(not found for found in words.values()):
        return []  # a prefix that starts no indexed word
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite_text(session, terms, words, store_ids, limit)
    return _pg_text(session, terms, words, store_ids, limit)


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


def stale_tokens(conn: Connection) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """Batch by batch in id order: ``(rows read, [(id, fresh tokens), …])`` for the cases
    whose stored ``search_tokens`` differ from what their ``search_text`` gives now (compared
    as the column gives them back). ``retokenise`` rewrites them; ``verify`` counts them."""
    cases = schema.cases
    last = 0
    dialect = conn.dialect.name
    while True:
        rows = conn.execute(
            select(cases.c.id, cases.c.search_text, cases.c.search_tokens)
            .where(cases.c.id > last)
            .order_by(cases.c.id)
            .limit(RETOKENISE_BATCH)
        ).all()
        if not rows:
            return
        last = int(rows[-1][0])
        yield (
            len(rows),
            [
                (int(rid), tokens)
                for rid, body, old in rows
                if stored_tokens(tokens := index_text(body or ""), dialect) != old
            ],
        )


def retokenise(conn: Connection, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute ``search_tokens`` from ``search_text`` for every case whose tokens differ
    (after the tokenizer changed); batch by batch, in id order. Returns the rows changed."""
    total = int(conn.exec_driver_sql("SELECT count(*) FROM cases").scalar() or 0)
    cases = schema.cases
    update_tokens = (
        update(cases)
        .where(cases.c.id == bindparam("i"))
        .values(search_tokens=bindparam("t", type_=cases.c.search_tokens.type))
    )
    seen, changed = 0, 0
    for read, stale in stale_tokens(conn):
        if stale:
            conn.execute(update_tokens, [{"i": rid, "t": tokens} for rid, tokens in stale])
        changed += len(stale)
        seen += read
        if progress:
            progress(seen, total)
    return changed


def rebuild_index(conn: Connection, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute the tokens, recreate (if missing) and rebuild the search index and its
    vocabulary; returns the number of steps run (the tokens and the vocabulary count as one
    each)."""
    steps = SQLITE_INDEX if conn.dialect.name == "sqlite" else PG_INDEX
    total = len(steps) + 2
    retokenise(conn)
    if progress:
        progress(1, total)
    for i, statement in enumerate(steps):
        conn.exec_driver_sql(statement)
        if progress:
            progress(i + 2, total)
    search_terms.create(conn)  # after the index: SQLite reads the words from it
    search_terms.rebuild(conn)
    if progress:
        progress(total, total)
    return total
