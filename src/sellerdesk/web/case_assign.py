"""The case page's owner: the form that sets or clears it (``_case_assignee.html``) posts
here, and the page without the inline choice links to :func:`assignee_form`.

The rule of who may own a case is the service's (``services/cases/assignees.py``), shared
with ``case assign`` and the API; a refused name comes back on the case page in the page's
language, naming the field.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import Forbidden, NotFound
from sellerdesk.services import cases
from sellerdesk.web import case_pages
from sellerdesk.web.layout import csrf_refused, error_page, problem_text, render, signed_in
from sellerdesk.web.session import CSRF_FIELD, same
from sellerdesk.web.state import State

router = APIRouter(include_in_schema=False)


def _version(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and 0 < len(text) < 10 else None


@router.get("/cases/{case_id:int}/assignee")
def assignee_form(request: Request, state: State, case_id: int) -> Response:
    """The owner's choice on a page of its own (for a case page that does not carry it)."""
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    try:
        case = cases.show(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.ctx,
            case_id=case_id,
            principal=found.principal,
        )
        names = cases.assignable(
            sessions=state.sessions, case_id=case_id, principal=found.principal
        )
    except NotFound as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    except Forbidden as exc:  # a viewer reads the owner on the case page
        return error_page(request, found, 403, problem_text(request, exc))
    return render(
        request, "case_assignee", current=found, case=case, assignees=names, writable=True
    )


@router.post("/cases/{case_id:int}/assignee")
async def set_assignee(request: Request, state: State, case_id: int) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    form = await request.form(max_files=0, max_fields=10)
    if not same(str(form.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)

    def work() -> None:
        cases.assign(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(found.principal),
            case_id=case_id,
            user=str(form.get("assignee") or ""),
            expected_version=_version(form.get("version")),
            principal=found.principal,
        )

    run = case_pages._run  # back on the case page with "owner saved" beside the owner
    return await run_in_threadpool(run, request, state, found, case_id, work, done="assignee")
