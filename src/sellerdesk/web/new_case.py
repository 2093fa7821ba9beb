"""The new-case form: the draft's structured fields, "Check" (the coach's score, findings,
fixes, the duplicate warning and the English text to copy) and "Create".

Works without script: both buttons post the form, and the page comes back filled in."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sellerdesk.core.input_guard import check_length
from sellerdesk.services import cases, stores
from sellerdesk.services.coach import coach_draft, create_from_draft
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.services.store_views import StoreView
from sellerdesk.web.layout import (
    csrf_refused,
    page_lang,
    problem_text,
    render,
    signed_in,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, same
from sellerdesk.web.state import State

router = APIRouter(include_in_schema=False)
TEXTS = ("store", "marketplace", "subject", "description", "expected", "actual", "category")
LINES = ("error_codes", "steps")
IDS = ("order_ids", "asins", "skus", "shipment_ids")
FIELDS = (*TEXTS, *LINES, *IDS, "timeline", "priority", "force", "reason", "action")
MAX_TEXT = 20_000


def draft_fields(form: dict[str, str]) -> dict[str, Any]:
    """The form's text boxes as the draft format's fields (lists from lines or commas)."""
    out: dict[str, Any] = {k: form.get(k, "").strip() for k in TEXTS}
    for key in LINES:
        out[key] = [line.strip() for line in form.get(key, "").splitlines() if line.strip()]
    for key in IDS:
        out[key] = [v for v in re.split(r"[\s,，;；]+", form.get(key, "")) if v]
    timeline = []
    for line in form.get("timeline", "").splitlines():
        at, bar, what = line.partition("|")
        if line.strip():
            timeline.append(
                {"at": at.strip(), "what": what.strip()} if bar else {"what": at.strip()}
            )
    out["timeline"] = timeline
    return out


def _writable_stores(state: Runtime, found: WebSession) -> list[StoreView]:
    listed = stores.list_stores(sessions=state.sessions, principal=found.principal)
    return [s for s in listed if found.principal.can_write(s.id)]


def _page(
    request: Request,
    state: Runtime,
    found: WebSession,
    form: dict[str, str],
    status: int = 200,
    **more: Any,
) -> Response:
    return render(
        request,
        "new_case",
        status,
        current=found,
        form=form,
        stores=_writable_stores(state, found),
        priorities=cases.PRIORITIES,
        **more,
    )


@router.get("/cases/new")
def new_case_form(request: Request, state: State) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    return _page(request, state, found, {"priority": "normal"})


@router.post("/cases/new")
async def new_case(request: Request, state: State) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=0, max_fields=len(FIELDS) + 5)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    form = {k: str(raw.get(k) or "") for k in FIELDS}
    return await run_in_threadpool(_check_or_create, request, state, found, form)


def _check_or_create(
    request: Request, state: Runtime, found: WebSession, form: dict[str, str]
) -> Response:
    lang = page_lang(request)
    try:  # refused, never cut short (the subject's own limit is checked as the CLI's)
        for key, value in form.items():
            check_length(value, key, MAX_TEXT)
    except InvalidInput as exc:
        return _page(request, state, found, form, 422, error=problem_text(request, exc))
    fields = draft_fields(form)
    coached = coach_draft(
        sessions=state.sessions,
        home=state.settings.home,
        fields=fields,
        lang=lang,
        principal=found.principal,
    )
    if form["action"] != "create":
        return _page(request, state, found, form, lint=coached.lint, english=coached.english)
    from sellerdesk.core.coach.data import load_coach_data

    try:
        created = create_from_draft(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(found.principal),
            draft=coached.draft,
            data=load_coach_data(state.settings.home / "coach"),
            lang=lang,
            priority=form["priority"] or "normal",
            force=form["force"] == "1",
            reason=form["reason"].strip() or None,
            principal=found.principal,
        )
    except (InvalidInput, Conflict, Forbidden) as exc:
        # a store not granted is "not found" (404) on every page, as in the API
        code = 409 if isinstance(exc, Conflict) else 403 if isinstance(exc, Forbidden) else 422
        code = 404 if isinstance(exc, NotFound) else code
        return _page(
            request,
            state,
            found,
            form,
            code,
            lint=coached.lint,
            english=coached.english,
            error=problem_text(request, exc),
            duplicate=isinstance(exc, Conflict),
        )
    return to(f"/cases/{created.id}")
