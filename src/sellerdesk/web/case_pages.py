"""The case page (clocks, timeline, the structured draft with the coach's findings and the
English paste text, reply/note with attachments, status moves, dossier links); the cases
list is web/case_list.py, the draft's edit form web/case_draft.py.

Everything goes through the services with the user's Principal: a store not granted does
not exist (404), a viewer gets no write forms and a 403 if they post anyway.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.cases.status import ALLOWED
from sellerdesk.core.errors import Conflict, Forbidden, InvalidInput, NotFound, SellerDeskError
from sellerdesk.core.i18n import catalog, t
from sellerdesk.services import cases, stores
from sellerdesk.services.attachments import StoredFile, check_upload, store_stream
from sellerdesk.services.case_drafts import draft_of
from sellerdesk.services.event_guard import authorize_event
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web import case_page_assets
from sellerdesk.web.case_timeline import fold_timeline
from sellerdesk.web.layout import (
    error_page,
    page_lang,
    problem_text,
    render,
    signed_in,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, same
from sellerdesk.web.state import State
from sellerdesk.web.uploads import UploadTooLarge, chunks_of, limits_of, read_upload

router = APIRouter(include_in_schema=False)
MAX_FILES = 10
# the case coach's categories, as the catalogs name them (a typed one stays on offer too)
CATEGORIES = tuple(
    key.removeprefix("labels.category.")
    for key in catalog("en")
    if key.startswith("labels.category.")
)


def version_of(value: Any) -> int | None:
    """The version the page showed (a stale one is refused with 409), or none given."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and 0 < len(text) < 10 else None


def _case_view(
    request: Request, state: Runtime, found: WebSession, case_id: int, **extra: Any
) -> Response:
    principal = found.principal
    try:
        case = cases.show(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.ctx,
            case_id=case_id,
            principal=principal,
        )
    except NotFound as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    listed = stores.list_stores(sessions=state.sessions, principal=principal)
    store_ids = {s.name: s.id for s in listed}
    writable = principal.can_write(store_ids.get(case.store, -1))
    markets = next((s.marketplaces for s in listed if s.name == case.store), ())
    moves = [m for m in ALLOWED.get(case.status, ()) if m != "merged"]
    draft = draft_of(
        case,
        sessions=state.sessions,
        home=state.settings.home,
        lang=page_lang(request),
        principal=principal,
        page=True,
    )
    page = render(
        request,
        "case",
        extra.pop("status", 200),
        current=found,
        case=case,
        timeline=fold_timeline(case.events),  # a long one folded in the middle
        writable=writable,
        moves=moves,
        calendars={"missing_year": None, "estimated": _guessed(case)},  # clocks on guessed years
        directions=cases.DIRECTIONS,
        # who may own the case (templates/_case_assignee.html, posted to web/case_assign.py)
        assignees=cases.assignable(sessions=state.sessions, case_id=case_id) if writable else (),
        draft=draft,
        # the "edit details" form (templates/_case_details.html, posted to web/case_details.py)
        details={"markets": markets, "priorities": cases.PRIORITIES, "categories": CATEGORIES},
        upload=limits_of(state, MAX_FILES),
        error=extra.pop("error", ""),
        done=request.query_params.get("done", ""),  # "assignee": the owner saved
        **extra,
    )
    return case_page_assets.allow_script(page)


def _guessed(case: cases.CaseView) -> list[Any]:
    """The guessed calendar years both clocks rest on, each once (the page's note)."""
    once = {(n.calendar, n.year): n for c in case.clocks.values() for n in c.estimated_years}
    return [once[k] for k in sorted(once)]


@router.get("/cases/{case_id:int}")
def case_page(request: Request, state: State, case_id: int) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    return _case_view(request, state, found, case_id)


def _run(
    request: Request,
    state: Runtime,
    found: WebSession,
    case_id: int,
    work: Any,
    typed: str = "",
    direction: str = "",
    done: str = "",
) -> Response:
    """Do a write; back to the case page on success (``done``: the note that says what was
    saved, and where), the page with the problem otherwise (``typed``, ``direction``: the
    note as typed and its kind, shown again)."""
    kept = {"typed": typed, "typed_direction": direction}
    try:
        work()
    except NotFound as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    except Forbidden as exc:
        text = problem_text(request, exc)
        return _case_view(request, state, found, case_id, status=403, error=text, **kept)
    except (InvalidInput, Conflict) as exc:
        code = 409 if isinstance(exc, Conflict) else 422
        text = problem_text(request, exc)
        return _case_view(request, state, found, case_id, status=code, error=text, **kept)
    anchor = {"assignee": "owner"}.get(done, done)
    return to(f"/cases/{case_id}?done={done}#{anchor}" if done else f"/cases/{case_id}")


def _refused(
    request: Request,
    state: Runtime,
    found: WebSession,
    case_id: int,
    exc: Exception,
    typed: str,
    direction: str = "",
) -> Response:
    """The case page again with the problem and the note as it was typed."""
    if isinstance(exc, NotFound):
        return error_page(request, found, 404, problem_text(request, exc))
    assert isinstance(exc, SellerDeskError)
    code = {Forbidden: 403, Conflict: 409, UploadTooLarge: 413}.get(type(exc), 422)
    text = problem_text(request, exc)
    return _case_view(
        request,
        state,
        found,
        case_id,
        status=code,
        error=text,
        typed=typed,
        typed_direction=direction,
    )


@router.post("/cases/{case_id:int}/events")
async def add_event(request: Request, state: State, case_id: int) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    principal = found.principal
    try:  # before the body is read: a refused upload never reaches the disk
        await run_in_threadpool(
            authorize_event, sessions=state.sessions, case_id=case_id, principal=principal
        )
        form = await read_upload(
            request,
            limit=state.upload_limit,
            per_file=state.ctx.max_attachment_bytes,
            max_files=MAX_FILES,
            max_fields=10,
        )
    except UploadTooLarge as exc:
        typed, kind = exc.fields.get("body", ""), exc.fields.get("direction", "")
        return await run_in_threadpool(_refused, request, state, found, case_id, exc, typed, kind)
    except (NotFound, Forbidden, InvalidInput, Conflict) as exc:
        return await run_in_threadpool(_refused, request, state, found, case_id, exc, "")
    try:
        if not same(form.fields.get(CSRF_FIELD, ""), found.csrf_token):
            return error_page(request, found, 403, t("web.login.csrf", page_lang(request)))
        body = form.fields.get("body", "")  # never cut: the service refuses an overlong one
        direction = form.fields.get("direction") or "note"
        if form.nameless is not None:
            return await run_in_threadpool(
                _refused, request, state, found, case_id, form.nameless, body, direction
            )
        version = version_of(form.fields.get("version"))

        def work() -> None:
            if form.files:  # the version, once more, before any blob is written
                authorize_event(
                    sessions=state.sessions,
                    case_id=case_id,
                    principal=principal,
                    expected_version=version,
                )
            for u in form.files:  # every file checked before any is stored
                check_upload(u.file, u.filename or "", u.content_type)
            stored: list[StoredFile] = [
                store_stream(
                    chunks_of(u), u.filename or "", ctx=state.ctx, declared_type=u.content_type
                )
                for u in form.files
            ]
            cases.log_event(
                sessions=state.sessions,
                now=state.clock(),
                ctx=state.context_for(principal),
                case_id=case_id,
                direction=direction,
                body=body,
                stored=stored,
                expected_version=version,
                principal=principal,
            )

        return await run_in_threadpool(_run, request, state, found, case_id, work, body, direction)
    finally:
        form.close()


@router.post("/cases/{case_id:int}/tags")
async def tag_case(request: Request, state: State, case_id: int) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    form = await request.form(max_files=0, max_fields=10)
    if not same(str(form.get(CSRF_FIELD) or ""), found.csrf_token):
        return error_page(request, found, 403, t("web.login.csrf", page_lang(request)))

    def work() -> None:
        cases.tag(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(found.principal),
            case_id=case_id,
            add=[str(form.get("add") or "")],
            remove=[str(form.get("remove") or "")],
            expected_version=version_of(form.get("version")),
            principal=found.principal,
        )

    return await run_in_threadpool(_run, request, state, found, case_id, work)


@router.post("/cases/{case_id:int}/status")
async def move_case(request: Request, state: State, case_id: int) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    form = await request.form(max_files=0, max_fields=10)
    if not same(str(form.get(CSRF_FIELD) or ""), found.csrf_token):
        return error_page(request, found, 403, t("web.login.csrf", page_lang(request)))
    status = str(form.get("status") or "")

    def work() -> None:
        cases.move(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(found.principal),
            case_id=case_id,
            status=status,
            amazon_case_id=str(form.get("case_id") or "").strip(),
            expected_version=version_of(form.get("version")),
            principal=found.principal,
        )

    return await run_in_threadpool(_run, request, state, found, case_id, work)
