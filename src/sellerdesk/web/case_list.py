"""The cases list: views with counts on the left (My cases, Unassigned, …), filters, search,
a sort per column, pages, and bulk actions on the cases ticked (assign, add a tag, move).

It goes through the services with the user's Principal: a store not granted is not listed,
and a bulk change moves each case through the same use case as the case page does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.cases.status import STATUSES
from sellerdesk.core.cases.tags import normalise_tag
from sellerdesk.core.cases.views import PRIORITIES, SORTS, UNASSIGNED, VIEWS
from sellerdesk.core.errors import Conflict, Forbidden, InvalidInput, NotFound, SellerDeskError
from sellerdesk.core.jsonable import jsonable
from sellerdesk.core.zones import zone_named
from sellerdesk.services import cases, stores
from sellerdesk.services import search as search_service
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web.layout import csrf_refused, problem_text, render, signed_in
from sellerdesk.web.session import CSRF_FIELD, same
from sellerdesk.web.state import State

router = APIRouter(include_in_schema=False)
STATIC = resources.files("sellerdesk.web") / "static"
PAGE_SIZE = 25
MAX_LISTED = 2000  # a far page reads at most this many cases
MAX_FOUND = 500  # the search service's own ceiling
DESC_FIRST = ("updated",)  # sorts whose first click shows the newest first
REFUSALS = ((NotFound, 404), (Forbidden, 403), (Conflict, 409))
FILTERS = ("view", "store", "status", "tag", "q", "assignee", "priority", "marketplace")


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, int(value or default))
    except ValueError:
        return default


def _choice(value: str | None, allowed: tuple[str, ...] | list[str]) -> str:
    return value if value and value in allowed else ""


def _filters(
    params: Mapping[str, str], store_names: set[str], people: tuple[str, ...]
) -> dict[str, str]:
    """The page's filters as typed, each kept only when it can match (else dropped)."""
    assignee = (params.get("assignee") or "").strip()
    marketplace = (params.get("marketplace") or "").strip().upper()[:4]
    sort = _choice(params.get("sort"), SORTS) or "next_breach"
    default_order = "desc" if sort in DESC_FIRST else "asc"
    return {
        "view": _choice(params.get("view"), VIEWS),
        "store": _choice((params.get("store") or "").strip()[:200], sorted(store_names)),
        "status": _choice(params.get("status"), STATUSES),
        "tag": (params.get("tag") or "").strip()[:80],
        "q": (params.get("q") or "").strip()[:200],
        "assignee": assignee if assignee == UNASSIGNED or assignee in people else "",
        "priority": _choice(params.get("priority"), PRIORITIES),
        "marketplace": marketplace if marketplace.isalpha() else "",
        "sort": sort,
        "order": _choice(params.get("order"), ("asc", "desc")) or default_order,
    }


def _rows(state: Runtime, found: WebSession, f: dict[str, str], limit: int) -> list[dict[str, Any]]:
    principal = found.principal
    if f["q"]:
        hits = jsonable(
            search_service.search_in(
                state.sessions,
                f["q"],
                store=f["store"] or None,
                limit=MAX_FOUND,
                principal=principal,
            )
        )
        return [r for r in hits if not f["status"] or r["status"] == f["status"]]
    try:  # stored tags are normalised (FBA and fba are one tag): match them the same way
        wanted = normalise_tag(f["tag"], field="tag") if f["tag"] else None
    except InvalidInput:
        return []  # no stored tag can match: an empty list, not an error page
    return cases.list_cases(
        sessions=state.sessions,
        now=state.clock(),
        store=f["store"] or None,
        status=f["status"] or None,
        tag=wanted,
        limit=limit,
        principal=principal,
        cache=state.list_cache,
        view=f["view"] or None,
        zone=zone_named(state.ctx.team_zone, field="team.timezone"),
        assignee=f["assignee"] or None,
        priority=f["priority"] or None,
        marketplace=f["marketplace"] or None,
        sort=f["sort"],
        descending=f["order"] == "desc",
    )


def _sort_links(f: dict[str, str]) -> dict[str, str]:
    """Per column, the list sorted by it (the other way round when it is the sort now)."""
    out = {}
    for column in SORTS:
        order = "desc" if column in DESC_FIRST else "asc"
        if column == f["sort"]:
            order = "asc" if f["order"] == "desc" else "desc"
        kept = {k: f[k] for k in FILTERS if f[k]}
        out[column] = urlencode({**kept, "sort": column, "order": order})
    return out


def _page(
    request: Request, state: Runtime, found: WebSession, params: Mapping[str, str], **more: Any
) -> Response:
    principal = found.principal
    visible = stores.list_stores(sessions=state.sessions, principal=principal)
    people = cases.people(sessions=state.sessions, principal=principal)
    f = _filters(params, {s.name for s in visible}, people)
    page = _int(params.get("page"), 1)
    now = state.clock()
    rows = _rows(state, found, f, min(MAX_LISTED, page * PAGE_SIZE + 1))
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    for row in shown:
        due = row.get("next_breach_at")
        left = None if not due or row.get("breached") else datetime.fromisoformat(due) - now
        row["left_seconds"] = None if left is None else left.total_seconds()
    counts = cases.view_counts(
        sessions=state.sessions,
        now=now,
        zone=zone_named(state.ctx.team_zone, field="team.timezone"),
        principal=principal,
        cache=state.list_cache,
    )
    kept = {k: f[k] for k in FILTERS if f[k]}
    order = (
        {}
        if f["sort"] == "next_breach" and f["order"] == "asc"
        else {"sort": f["sort"], "order": f["order"]}
    )
    return render(
        request,
        "cases",
        more.pop("status", 200),
        current=found,
        rows=shown,
        stores=visible,
        statuses=STATUSES,
        priorities=PRIORITIES,
        people=people,
        unassigned=UNASSIGNED,
        counts=counts,
        filters=f,
        sort_links=_sort_links(f),
        view_query=urlencode({k: v for k, v in kept.items() if k != "view"}),
        writable=any(principal.can_write(s.id) for s in visible),
        page_no=page,
        more=len(rows) > page * PAGE_SIZE,
        past_end=page > 1 and not shown and bool(rows),  # cases there are, not this far
        unknown_view=bool(params.get("view")) and not f["view"],  # shown: all cases
        query=urlencode({**kept, **order}),
        **more,
    )


@router.get("/static/case-list.css")
def case_list_style() -> Response:
    css = (STATIC / "case-list.css").read_text(encoding="utf-8")
    headers = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
    return Response(css, media_type="text/css; charset=utf-8", headers=headers)


@router.get("/cases")
def case_list(request: Request, state: State) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    return _page(request, state, found, request.query_params)


def _selected(values: list[Any]) -> list[tuple[int, int | None]]:
    """The ticked cases as ``(id, version shown)`` from ``ID:VERSION`` values."""
    out: list[tuple[int, int | None]] = []
    for value in values[:500]:
        case_id, _, version = str(value).partition(":")
        if case_id.isdigit() and 0 < len(case_id) < 10:
            out.append(
                (int(case_id), int(version) if version.isdigit() and len(version) < 10 else None)
            )
    return out


def _code_of(error: SellerDeskError) -> int:
    return next((c for k, c in REFUSALS if isinstance(error, k)), 422)


def _status_of(result: cases.BulkResult) -> int:
    """200 when a case was changed; when none was, the refusal's code if every case had the
    same one (none found: 404, all read-only: 403, all changed meanwhile: 409), else 422."""
    codes = {_code_of(f.error) for f in result.failed}
    if result.done or not codes:
        return 200
    return codes.pop() if len(codes) == 1 else 422


@router.post("/cases/bulk")
async def bulk_change(request: Request, state: State) -> Response:
    """The ticked cases changed one by one; the list again with what was done and, for each
    case not changed, why."""
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    form = await request.form(max_files=0, max_fields=600)
    if not same(str(form.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    action = str(form.get("action") or "")
    value = str(
        form.get(
            {"assign": "assignee", "tag": "tag_add", "status": "status_to"}.get(action, "action")
        )
        or ""
    )
    back = {k: str(form.get(f"back_{k}") or "") for k in (*FILTERS, "sort", "order", "page")}

    def work() -> Response:
        try:
            result = cases.bulk_change(
                sessions=state.sessions,
                now=state.clock(),
                ctx=state.context_for(found.principal),
                action=action,
                value=value,
                cases=_selected(form.getlist("case")),
                principal=found.principal,
            )
        except SellerDeskError as exc:
            return _page(request, state, found, back, status=422, error=problem_text(request, exc))
        failed = [(f.case_id, problem_text(request, f.error)) for f in result.failed]
        report = {
            "action": action,
            "value": value,
            "done": [o.id for o in result.done],
            "failed": failed,
        }
        return _page(request, state, found, back, report=report, status=_status_of(result))

    return await run_in_threadpool(work)
