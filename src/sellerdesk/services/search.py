"""Search cases by identifier (exact, indexed) or by text (Chinese and English)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services import access
from sellerdesk.services.tracker import transaction
from sellerdesk.storage import search as store_search
from sellerdesk.storage.duplicate_index import rebuild_duplicate_candidates
from sellerdesk.storage.repositories import case_summaries
from sellerdesk.storage.session import Session, sessionmaker

MAX_LIMIT = 500


def search(
    session: Session,
    query: str,
    *,
    store: str | None = None,
    limit: int = 50,
    principal: Principal | None = None,
) -> list[dict[str, Any]]:
    """Matching cases, best first: ``id, store, subject, status, amazon_case_ids, matched``.

    ``matched`` names how the case was found: an identifier kind (``case-id``, ``order``,
    ``asin`` …) or ``text``. With a ``principal``, only cases of the stores it may read.
    """
    if not query.strip():
        raise InvalidInput.of("search.empty", field="TEXT")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput.of("search.bad_limit", field="--limit", limit=limit, most=MAX_LIMIT)
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
            {
                "id": cid,
                "store": store_name,
                "marketplace": case.marketplace,
                "subject": case.subject,
                "status": case.status,
                "priority": case.priority,
                "amazon_case_ids": amazon.get(cid, []),
                "updated_at": case.updated_at.isoformat(),
                "matched": by_id.get(cid, "text"),
            }
        )
    return hits


def search_in(
    sessions: sessionmaker[Session], query: str, *, store: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """:func:`search` in a transaction of its own (the ``search`` command)."""
    with transaction(sessions) as session:
        return search(session, query, store=store, limit=limit)


def reindex(
    sessions: sessionmaker[Session], *, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild the search index (recreating it if missing) and the duplicate guard's trigram
    index; returns the steps run."""
    with transaction(sessions) as session:
        steps = store_search.rebuild_index(session.connection(), progress)
        rebuild_duplicate_candidates(session.connection())
        return steps + 1
