"""The draft's edit form (``/cases/<id>/draft``): the case's structured draft as text boxes,
saved through :func:`sellerdesk.services.case_drafts.change_draft` at the version the page
showed. A stale version comes back with the text as typed and, beside it, the draft as it is
saved now (its version in the form, so saving again keeps the typed one on purpose)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.cases.body import EDITABLE_DRAFT_FIELDS
from sellerdesk.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import check_length
from sellerdesk.services import stores
from sellerdesk.services.case_drafts import CaseDraftView, change_draft, show_draft
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web.layout import (
    csrf_refused,
    error_page,
    page_lang,
    problem_text,
    render,
    signed_in,
    to,
)
from sellerdesk.web.new_case import MAX_TEXT, draft_fields
from sellerdesk.web.session import CSRF_FIELD, same
from sellerdesk.web.state import State

router = APIRouter(include_in_schema=False)


def form_of(draft: CaseDraftView, lang: str = "en") -> dict[str, str]:
    """The draft as the form's text boxes (the timeline as "date | what" lines; "no error
    code", when the draft states it, in the error-code box so a save keeps saying it)."""
    lines = [f"{e.at} | {e.what}" if e.at else e.what for e in draft.timeline]
    codes = list(draft.error_codes)
    if not codes and draft.error_codes_none_stated:
        codes = [t("coach.render.no_error_code", lang)]
    return {
        "version": str(draft.version),
        "description": draft.description,
        "timeline": "\n".join(lines),
        "expected": draft.expected,
        "actual": draft.actual,
        "error_codes": "\n".join(codes),
        "steps": "\n".join(draft.steps),
        "order_ids": ", ".join(draft.order_ids),
        "asins": ", ".join(draft.asins),
        "skus": ", ".join(draft.skus),
        "shipment_ids": ", ".join(draft.shipment_ids),
    }


def _draft(request: Request, state: Runtime, found: WebSession, case_id: int) -> CaseDraftView:
    return show_draft(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.ctx,
        home=state.settings.home,
        case_id=case_id,
        lang=page_lang(request),
        principal=found.principal,
        page=True,
    )


def _page(
    request: Request,
    found: WebSession,
    draft: CaseDraftView,
    form: dict[str, str],
    status: int = 200,
    **more: Any,
) -> Response:
    return render(request, "case_draft", status, current=found, draft=draft, form=form, **more)


def _may_write(state: Runtime, found: WebSession, draft: CaseDraftView) -> bool:
    listed = stores.list_stores(sessions=state.sessions, principal=found.principal)
    return any(s.name == draft.store and found.principal.can_write(s.id) for s in listed)


@router.get("/cases/{case_id:int}/draft")
def draft_form(request: Request, state: State, case_id: int) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    try:
        draft = _draft(request, state, found, case_id)
    except NotFound as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    if not _may_write(state, found, draft):  # a viewer reads the draft on the case page
        return error_page(request, found, 403, t("case_page.edit.read_only", page_lang(request)))
    return _page(request, found, draft, form_of(draft, page_lang(request)))


@router.post("/cases/{case_id:int}/draft")
async def save_draft(request: Request, state: State, case_id: int) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=0, max_fields=len(EDITABLE_DRAFT_FIELDS) + 5)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    form = {k: str(raw.get(k) or "") for k in ("version", *EDITABLE_DRAFT_FIELDS)}
    return await run_in_threadpool(_save, request, state, found, case_id, form)


def _save(
    request: Request, state: Runtime, found: WebSession, case_id: int, form: dict[str, str]
) -> Response:
    version = form["version"].strip()
    parsed = draft_fields(form)
    changes = {k: parsed[k] for k in EDITABLE_DRAFT_FIELDS}
    try:
        for key in EDITABLE_DRAFT_FIELDS:
            check_length(form[key], key, MAX_TEXT)
        if not version.isdigit() or not 0 < len(version) < 10:
            raise InvalidInput.of("case_draft.no_version", field="expected_version")
        change_draft(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(found.principal),
            home=state.settings.home,
            case_id=case_id,
            changes=changes,
            expected_version=int(version),
            lang=page_lang(request),
            principal=found.principal,
            page=True,
        )
    except NotFound as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    except (InvalidInput, Conflict, Forbidden) as exc:
        code = 409 if isinstance(exc, Conflict) else 403 if isinstance(exc, Forbidden) else 422
        try:
            now = _draft(request, state, found, case_id)
        except NotFound as gone:
            return error_page(request, found, 404, problem_text(request, gone))
        stale = isinstance(exc, Conflict)
        if stale:  # saving again now means "keep mine", knowingly
            form = {**form, "version": str(now.version)}
        text = problem_text(request, exc)
        return _page(request, found, now, form, code, error=text, stale=stale)
    return to(f"/cases/{case_id}#draft")
