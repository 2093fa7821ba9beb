"""The draft's edit form (``/cases/<id>/draft``): the case's structured draft as text boxes,
saved through :func:`sellerdesk.services.case_drafts.change_draft` at the version the page
showed. A stale version comes back with the text as typed and, beside it, the draft as it is
saved now (its version in the form, so saving again keeps the typed one on purpose)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from sellerdesk.core.cases.body import EDITABLE_DRAFT_FIELDS
from sellerdesk.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import check_length
from sellerdesk.core.sizes import human_size
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


def is_draft_form(path: str) -> bool:
    """The draft's edit form (``/cases/<id>/draft``): over its limit it answers with its
    page in the reader's language, naming the box (api/limits.py, api/text_guard.py)."""
    parts = path.split("/")
    return len(parts) == 4 and parts[1] == "cases" and parts[2].isdigit() and parts[3] == "draft"


# every box of the draft form full to its maxlength in Chinese, percent-encoded (9 bytes a
# character): six boxes of 20,000 and four of 5,000 come to 1.3 MB, so a form a browser
# lets one fill is never refused for its size
DRAFT_FORM_LIMIT = 2 << 20


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
    read, cut = await _read_until_limit(request)
    if cut is not None:
        if not same(read.get(CSRF_FIELD, ""), found.csrf_token):
            return csrf_refused(request, found)
        return await run_in_threadpool(_too_large, request, state, found, case_id, read, cut)
    raw = await request.form(max_files=0, max_fields=len(EDITABLE_DRAFT_FIELDS) + 5)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    form = {k: str(raw.get(k) or "") for k in ("version", *EDITABLE_DRAFT_FIELDS)}
    return await run_in_threadpool(_save, request, state, found, case_id, form)


async def _read_until_limit(request: Request) -> tuple[dict[str, str], str | None]:
    """The body read whole (kept for ``request.form()``: ``{}, None``), or, over the form's
    limit (api/limits.py stops it), the fields read whole before it and the box it cut."""
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
    except HTTPException as exc:
        if exc.status_code != 413:
            raise
        pairs = parse_qsl(bytes(body).decode("utf-8", "replace"), keep_blank_values=True)
        names = ("version", CSRF_FIELD, *EDITABLE_DRAFT_FIELDS)
        cut = pairs[-1][0] if pairs and pairs[-1][0] in EDITABLE_DRAFT_FIELDS else "description"
        read = {k: v for k, v in pairs[:-1] if k in names}
        return read, cut
    request._body = bytes(body)  # what Request.body() keeps, read again by form()
    return {}, None


def _too_large(
    request: Request,
    state: Runtime,
    found: WebSession,
    case_id: int,
    read: dict[str, str],
    cut: str,
) -> Response:
    """The form again, 413, in the page's language: the box that is too long named with the
    limit; the boxes read whole as typed, the cut one as saved (its text did not arrive)."""
    lang = page_lang(request)
    try:
        now = _draft(request, state, found, case_id)
    except NotFound as gone:
        return error_page(request, found, 404, problem_text(request, gone))
    saved = form_of(now, lang)
    form = {k: read.get(k, saved[k]) if k != cut else saved[k] for k in saved}
    error = InvalidInput.of(
        "draft_form.too_large",
        field=cut,
        box=t(f"case_page.draft.{cut}", lang),
        limit=human_size(DRAFT_FORM_LIMIT),
        most=f"{MAX_TEXT:,}",
    )
    return _page(request, found, now, form, 413, error=problem_text(request, error))


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
