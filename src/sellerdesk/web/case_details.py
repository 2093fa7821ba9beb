"""The case page's "edit details" form (subject, priority, category, marketplace): it posts
here, and the change goes through ``cases.edit``, the service behind ``PATCH
/api/v1/cases/{id}`` (versioned, audited, the subject and marketplace checked as at
creation). A refusal comes back on the case page in the page's language.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.services import cases
from sellerdesk.web import case_pages
from sellerdesk.web.layout import csrf_refused, signed_in
from sellerdesk.web.session import CSRF_FIELD, same
from sellerdesk.web.state import State

router = APIRouter(include_in_schema=False)
FIELDS = ("subject", "priority", "category", "marketplace")


@router.post("/cases/{case_id:int}/details")
async def edit_details(request: Request, state: State, case_id: int) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    form = await request.form(max_files=0, max_fields=10)
    if not same(str(form.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    # a field the form did not send stays as it is (a page without the marketplace choice)
    changes = {name: str(form.get(name) or "") for name in FIELDS if name in form}

    def work() -> None:
        cases.edit(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(found.principal),
            case_id=case_id,
            changes=changes,
            expected_version=case_pages.version_of(form.get("version")),
            principal=found.principal,
        )

    run = case_pages._run  # back on the case page with "details saved" beside the form
    return await run_in_threadpool(run, request, state, found, case_id, work, done="details")
