"""The measured queries: what the CLI calls, and beside it the plain-SQL floor."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.core.search_tokens import query_terms
from sellerdesk.services import cases as case_service
from sellerdesk.storage import search as store_search
from sellerdesk.storage import search_terms
from sellerdesk.storage.engine import make_session_factory
from sellerdesk.storage.repositories import case_reads
from sellerdesk.storage.search import fts5_match, pg_tsquery
from storebench.data import NOW, Generator, Store
from storebench.load import Backend
from storebench.measure import Raw, Row, measure
from storebench.phrases import EN_TERMS, ZH2_TERMS, ZH_TERMS

TARGETS = {"list": 20.0, "ident": 20.0, "text": 50.0, "dup": 20.0}
MIXED_EN = ["listing", "fba", "asin", "a-to-z"]  # English words in the Chinese phrases


def run_queries(
    backend: Backend, gen: Generator, loaded: int, queries: int, box: float
) -> tuple[list[Row], list[str]]:
    sessions = make_session_factory(backend.engine)
    raw = Raw(backend)
    rng = random.Random(7)
    stores = gen.stores
    rows: list[Row] = []
    plans: list[str] = []
    sqlite = backend.kind == "sqlite"

    def add(
        group: str, what: str, call: Callable[[int], Any], target: float | None, note: str = ""
    ) -> None:
        p50, p95, n = measure(call, queries, box)
        rows.append(Row(group, what, p50, p95, n, target, note))
        print(
            f"  [{backend.kind}] {group} / {what}: p50 {p50:.2f} ms, p95 {p95:.2f} ms (n={n})",
            flush=True,
        )

    # sample identifiers from the loaded data (raw, untimed)
    sample_ids = [rng.randint(1, loaded) for _ in range(400)]
    marks = ",".join("?" * len(sample_ids))
    acids = [
        r[0]
        for r in raw.run(
            f"SELECT amazon_case_id FROM amazon_case_ids WHERE case_id IN ({marks})",
            tuple(sample_ids),
        )
    ]
    orders = [
        r[0]
        for r in raw.run(
            f"SELECT value FROM case_identifiers WHERE kind='order' AND case_id IN ({marks})",
            tuple(sample_ids),
        )
    ]
    asins = [
        r[0]
        for r in raw.run(
            f"SELECT value FROM case_identifiers WHERE kind='asin' AND case_id IN ({marks})",
            tuple(sample_ids),
        )
    ]
    idents = [x for trio in zip(acids, orders, asins, strict=False) for x in trio]
    rng.shuffle(idents)

    open_list = ["waiting-amazon", "needs-action", "submitted", "reopened"]
    closed_list = ["closed", "resolved"]
    picks_open = [(rng.choice(stores), rng.choice(open_list)) for _ in range(queries + 20)]
    picks_closed = [(rng.choice(stores), rng.choice(closed_list)) for _ in range(queries + 20)]

    def svc_list(picks: list[tuple[Store, str]]) -> Callable[[int], Any]:
        return lambda i: case_service.list_cases(
            sessions=sessions, now=NOW, store=picks[i][0].name, status=picks[i][1], limit=50
        )

    def repo_list(picks: list[tuple[Store, str]]) -> Callable[[int], Any]:
        def call(i: int) -> Any:
            with sessions() as s:
                return case_reads.list_filtered(
                    s.connection(), store_id=picks[i][0].id, status=picks[i][1], limit=50
                )

        return call

    list_sql = (
        "SELECT id FROM cases WHERE store_id = ? AND status = ? "
        "ORDER BY next_breach_at NULLS LAST, id LIMIT 50"
    )
    list_sql_plain = (
        "SELECT id FROM cases WHERE store_id = ? AND status = ? ORDER BY next_breach_at LIMIT 50"
    )

    def raw_list(picks: list[tuple[Store, str]], sql: str) -> Callable[[int], Any]:
        return lambda i: raw.run(sql, (picks[i][0].id, picks[i][1]))

    for label, picks in (("open status", picks_open), ("closed/resolved", picks_closed)):
        g = f"case list, {label}"
        add(g, "service list_cases (CLI)", svc_list(picks), TARGETS["list"])
        add(g, "repository list_filtered", repo_list(picks), TARGETS["list"])
        add(g, "SQL floor, same order (NULLS LAST, id)", raw_list(picks, list_sql), None)
        add(g, "SQL floor, ORDER BY next_breach_at only", raw_list(picks, list_sql_plain), None)
        plans.append(
            f"    {g}: {list_sql}  -- {picks[0][0].id}, {picks[0][1]!r}\n"
            + raw.explain(list_sql, (picks[0][0].id, picks[0][1]))
        )

    # identifiers
    def ident_fn(fn: Callable[..., Any]) -> Callable[[int], Any]:
        def call(i: int) -> Any:
            with sessions() as s:
                return fn(s, idents[i % len(idents)])

        return call

    ident_sql = (
        "SELECT case_id FROM amazon_case_ids WHERE amazon_case_id = ? UNION ALL "
        "SELECT case_id FROM case_identifiers WHERE value = ? LIMIT 50"
    )
    g = "identifier lookup (Case ID / order / ASIN)"
    add(g, "identifier_matches", ident_fn(store_search.identifier_matches), TARGETS["ident"])
    add(g, "search_cases (as `case search`)", ident_fn(store_search.search_cases), TARGETS["ident"])
    add(g, "SQL floor", lambda i: raw.run(ident_sql, (idents[i % len(idents)],) * 2), None)
    plans.append(
        f"    {g}: {ident_sql}  -- {idents[0]!r}\n" + raw.explain(ident_sql, (idents[0],) * 2)
    )

    # text: the CLI's search beside the hand-written statement with the same match expression
    if sqlite:
        text_sql = (
            "SELECT c.id FROM cases_fts JOIN cases AS c ON c.id = cases_fts.rowid "
            "WHERE cases_fts MATCH ? ORDER BY cases_fts.rowid DESC LIMIT 50"
        )
        count_sql = "SELECT count(*) FROM cases_fts WHERE cases_fts MATCH ?"
    else:  # the statements of storage.search._pg_text: the newest 5,000 cases, windows
        # below them sized from the density so far while the cap allows, then the index
        text_sql = (
            "SELECT r.id FROM (SELECT id, search_tokens FROM cases WHERE id < ? "
            "ORDER BY id DESC LIMIT ?) AS r WHERE r.search_tokens @@ CAST(? AS tsquery) "
            "ORDER BY r.id DESC LIMIT ?"
        )
        edge_sql = "SELECT id FROM cases WHERE id < ? ORDER BY id DESC OFFSET ? LIMIT 1"
        indexed_sql = (
            "WITH m AS MATERIALIZED (SELECT id FROM cases WHERE search_tokens @@ CAST(? AS tsquery)) "
            "SELECT id FROM m ORDER BY id DESC LIMIT 50"
        )
        count_sql = "SELECT count(*) FROM cases WHERE search_tokens @@ CAST(? AS tsquery)"
        # what the app sets (SET LOCAL) for its index read
        raw.cur.execute(f"SET work_mem = '{store_search.PG_SEARCH_WORK_MEM}'")

    def text_floor(params: tuple[str]) -> Any:
        if sqlite:
            return raw.run(text_sql, params)
        found: list[Any] = []
        below, size, scanned = store_search.PG_NO_ID, store_search.PG_RECENT_WINDOW, 0
        while True:
            found += raw.run(text_sql, (below, size, *params, 50 - len(found)))
            scanned += size
            if len(found) >= 50:
                return found
            next_size = store_search.pg_next_window(len(found), scanned, 50)
            if next_size is None:
                return raw.run(indexed_sql, params)
            edge = raw.run(edge_sql, (below, size - 1))
            if not edge:
                return found
            below, size = edge[0][0], next_size

    vocab_sql = search_terms.words_sql("?")

    def match(query: str) -> tuple[str]:
        # the app's statements: the vocabulary's words for a prefix term, then the match
        terms = query_terms(query)
        words = {}
        for i, term in enumerate(terms):
            bounds = search_terms.prefix_range(term.tokens[-1]) if term.prefix else None
            if bounds is not None:
                found = [r[0] for r in raw.run(vocab_sql, bounds)]
                if len(found) <= search_terms.MAX_EXPANSIONS:
                    words[i] = found
        return (fts5_match(terms, words) if sqlite else pg_tsquery(terms, words),)

    def pick(pool: list[str]) -> str:
        return rng.choice(pool)

    for label, make in (
        ("English word", lambda: pick(EN_TERMS)),
        ("English prefix (4 letters, type-ahead)", lambda: pick(EN_TERMS)[:4]),
        ("Chinese word (3+ chars)", lambda: pick(ZH_TERMS)),
        ("Chinese word (2 chars)", lambda: pick(ZH2_TERMS)),
        ("Chinese + English (2 terms)", lambda: f"{pick(ZH2_TERMS)} {pick(MIXED_EN)}"),
        ("two Chinese words", lambda: f"{pick(ZH2_TERMS)} {pick(ZH_TERMS)}"),
    ):
        terms = [make() for _ in range(queries + 20)]
        g = f"text search, {label}"

        def svc(i: int, terms: list[str] = terms) -> Any:
            with sessions() as s:
                return store_search.search_cases(s, terms[i])

        add(g, "search_cases", svc, TARGETS["text"])
        add(g, "SQL floor", lambda i, terms=terms: text_floor(match(terms[i])), None)
        hits = raw.run(count_sql, match(terms[0]))[0][0]
        plans.append(
            f"    {g}: {text_sql}  -- {match(terms[0])[0]!r} (matches {hits:,} cases)\n"
            + raw.explain(
                text_sql,
                match(terms[0])
                if sqlite
                else (store_search.PG_NO_ID, store_search.PG_RECENT_WINDOW, *match(terms[0]), 50),
            )
        )
        if not sqlite:
            plans.append(f"      then: {indexed_sql}\n" + raw.explain(indexed_sql, match(terms[0])))
    ones = [pick(ZH2_TERMS)[0] for _ in range(queries + 20)]

    def one_char(i: int) -> Any:
        with sessions() as s:
            return store_search.search_cases(s, ones[i])

    add("text search, diagnostics", "one Chinese character (prefix query)", one_char, None)

    # duplicate check on create
    dup_inputs = []
    for _ in range(queries + 20):
        st = rng.choice(stores)
        subject, pairs = gen.new_case_input(st)
        dup_inputs.append((st, subject, pairs))

    def dup(i: int) -> Any:
        st, subject, pairs = dup_inputs[i]
        with sessions() as s, s.begin():
            return case_service.find_duplicates(s, store_id=st.id, subject=subject, pairs=pairs)

    statuses = ",".join(f"'{s}'" for s in OPEN_STATUSES)
    dup_ident_sql = (  # the statement of case_rows.open_cases_sharing
        "SELECT i.case_id, i.kind, i.value FROM case_identifiers AS i WHERE i.value IN (?, ?, ?) "
        "AND (SELECT c.store_id FROM cases AS c WHERE c.id = i.case_id "
        f"AND c.status IN ({statuses})) = ? ORDER BY i.case_id"
    )

    def dup_params(i: int) -> tuple[Any, ...]:
        st, _, pairs = dup_inputs[i]
        vals = [v for _, v in pairs] + ["-"] * (3 - len(pairs))
        return (*vals, st.id)

    g = "duplicate check on create"
    add(g, "find_duplicates (create path)", dup, TARGETS["dup"])
    add(g, "SQL floor: identifier statement", lambda i: raw.run(dup_ident_sql, dup_params(i)), None)
    plans.append(f"    {g}: {dup_ident_sql}\n" + raw.explain(dup_ident_sql, dup_params(0)))
    raw.close()
    return rows, plans
