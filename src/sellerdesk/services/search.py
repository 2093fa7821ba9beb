"""Search cases by identifier (exact, indexed) or by text (Chinese and English)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services import access
from sellerdesk.services.tracker import read_transaction, transaction
from sellerdesk.storage import search as store_search
from sellerdesk.storage.duplicate_index import rebuild_duplicate_candidates
from sellerdesk.storage.repositories import case_summaries
from sellerdesk.storage.session import Session, sessionmaker

MAX_LIMIT = 500


@dataclass(frozen=True)
class SearchHit:
    """A found case, as the result lists show it."""

    id: int
    store: str
    marketplace: str
    subject: str
    status: str
    priority: str
    amazon_case_ids: tuple[str, ...]
    updated_at: datetime
    matched: str  # how it was found: an identifier kind (case-id, order, asin, ...) or text


def search(
    session: Session,
    query: str,
    *,
    store: str | None = None,
    limit: int = 50,
    principal: Principal | None = None,
) -> list[SearchHit]:
    """Matching cases, best first.

    ``matched`` names how the case was found: an identifier kind (``case-id``, ``order``,
    ``asin`` …) or ``text``. With a ``principal``, only cases of the stores it may read.
    """
    if not query.strip():
        raise InvalidInput.of("search.empty", field="text")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput.of("search.bad_limit", field="limit", limit=limit, most=MAX_LIMIT)
    if store:
        store_ids: list[int] | None = [access.store_for(session, principal, store).id]
    else:
        readable = access.readable_store_ids(principal)
        store_ids = None if readable is None else sorted(readable)
    by_id = dict(store_search.search_hits(session, query, store_ids=store_ids, limit=limit))
    ids = list(by_id)
    if not ids:
        return []
    cases = case_summaries.cases_with_store(session, ids)
    amazon = case_summaries.amazon_case_ids(session, ids)
    hits = []
    for cid in ids:
        if cid not in cases:
            continue
        case, store_name = cases[cid]
        hits.append(
            SearchHit(
                id=cid,
                store=store_name,
                marketplace=case.marketplace,
                subject=case.subject,
                status=case.status,
                priority=case.priority,
                amazon_case_ids=tuple(amazon.get(cid, [])),
                updated_at=case.updated_at,
                matched=by_id.get(cid, "text"),
            )
        )
    return hits


def search_in(
    sessions: sessionmaker[Session],
    query: str,
    *,
    store: str | None = None,
    limit: int = 50,
    principal: Principal | None = None,
) -> list[SearchHit]:
    """:func:`search` in a read-only transaction of its own (the command, the API)."""
    with read_transaction(sessions) as session:
        return search(session, query, store=store, limit=limit, principal=principal)


def reindex(
    sessions: sessionmaker[Session], *, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild the search index (recreating it if missing) and the duplicate guard's trigram
    index; returns the steps run."""
    with transaction(sessions) as session:
        steps = store_search.rebuild_index(session.connection(), progress)
        rebuild_duplicate_candidates(session.connection())
        return steps + 1
