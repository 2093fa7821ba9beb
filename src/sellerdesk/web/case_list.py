"""The cases list: filters, search, sort by next breach, pages.

It goes through the services with the user's Principal: a store not granted is not listed.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sellerdesk.core.cases.status import STATUSES
from sellerdesk.core.cases.tags import normalise_tag
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import cases, stores
from sellerdesk.services import search as search_service
from sellerdesk.web.layout import render, signed_in
from sellerdesk.web.state import State

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
MAX_LISTED = 2000  # a far page reads at most this many cases
MAX_FOUND = 500  # the search service's own ceiling


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, int(value or default))
    except ValueError:
        return default


@router.get("/cases")
def case_list(request: Request, state: State) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    principal = found.principal
    params = request.query_params
    store = (params.get("store") or "").strip()[:200] or None
    status = params.get("status") or None
    status = status if status in STATUSES else None
    tag = (params.get("tag") or "").strip()[:80]
    try:  # stored tags are normalised (FBA and fba are one tag): match them the same way
        wanted = normalise_tag(tag, field="tag") if tag else None
    except InvalidInput:
        wanted = "\x00"  # no stored tag can match: an empty list, not an error page
    query = (params.get("q") or "").strip()[:200]
    page = _int(params.get("page"), 1)
    visible = stores.list_stores(sessions=state.sessions, principal=principal)
    if store not in {s.name for s in visible}:
        store = None
    now = state.clock()
    if query:
        rows = jsonable(
            search_service.search_in(
                state.sessions, query, store=store, limit=MAX_FOUND, principal=principal
            )
        )
        rows = [r for r in rows if status is None or r["status"] == status]
    elif wanted == "\x00":
        rows = []
    else:
        rows = cases.list_cases(
            sessions=state.sessions,
            now=now,
            store=store,
            status=status,
            tag=wanted,
            limit=min(MAX_LISTED, page * PAGE_SIZE + 1),
            principal=principal,
            cache=state.list_cache,
        )
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    for row in shown:
        due = row.get("next_breach_at")
        left = None if not due or row.get("breached") else datetime.fromisoformat(due) - now
        row["left_seconds"] = None if left is None else left.total_seconds()
    filters = {"store": store or "", "status": status or "", "tag": tag, "q": query}
    return render(
        request,
        "cases",
        current=found,
        rows=shown,
        stores=visible,
        statuses=STATUSES,
        filters=filters,
        page_no=page,
        more=len(rows) > page * PAGE_SIZE,
        query=urlencode({k: v for k, v in filters.items() if v}),
    )
