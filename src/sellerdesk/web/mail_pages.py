"""The Unfiled mail page (``/mail/unfiled``): mail no rule could put on exactly one case,
each with why and its candidate cases, and one-step actions — file on a case, create a
case from it, dismiss — plus an upload form for a ``.eml``/``.mbox`` file. ``/mail/N`` is one
mail, with the same three actions while it is unfiled; ``/mail/N/raw`` its raw message (the
case page's timeline links to both). Every action is the
service's (``services/mail``), shared with ``sellerdesk mail`` and the API."""

from __future__ import annotations

import io
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import Conflict, Forbidden, NotFound, SellerDeskError
from sellerdesk.core.i18n import t
from sellerdesk.services import stores
from sellerdesk.services.mail import importing, unfiled
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
from sellerdesk.web.session import CSRF_FIELD, same
from sellerdesk.web.state import State
from sellerdesk.web.uploads import FILES_FIELD, UploadTooLarge, read_upload

router = APIRouter(include_in_schema=False)
UPLOAD_PATH = "/mail/upload"
_CSS = resources.files("sellerdesk.web") / "static" / "mail.css"


@router.get("/static/mail.css")
def mail_style_sheet() -> Response:
    return Response(
        _CSS.read_text(encoding="utf-8"),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


def _page(
    request: Request,
    state: State,
    found: WebSession,
    *,
    status: int = 200,
    done: str = "",
    error: str = "",
    error_mail: int | None = None,
    warnings: list[str] | None = None,
    undo_mail: int | None = None,
) -> Response:
    raw_offset = request.query_params.get("offset", "0")
    offset = int(raw_offset) if raw_offset.isdigit() and len(raw_offset) < 9 else 0
    page = unfiled.list_unfiled(state.sessions, principal=found.principal, offset=offset)
    size = unfiled.PAGE
    names = [s.name for s in stores.list_stores(sessions=state.sessions, principal=found.principal)]
    return render(
        request,
        "mail_unfiled",
        status,
        current=found,
        listing=page,
        store_names=names,
        done=done,
        error=error,
        error_mail=error_mail,
        warnings=warnings or [],
        undo_mail=undo_mail,
        # paging: "1–25 of 60", page k of n, the previous and next pages
        first=offset + 1,
        last=offset + len(page.mails),
        page_no=offset // size + 1,
        pages=max(1, -(-page.total // size)),
        prev_offset=max(0, offset - size) if offset > 0 else None,
        next_offset=offset + size if offset + size < page.total else None,
        upload_mb=state.mail_upload_limit // 1_000_000,
    )


def _status(exc: SellerDeskError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Forbidden):
        return 403
    if isinstance(exc, Conflict):
        return 409
    return 400


@router.get("/mail/unfiled")
def unfiled_page(request: Request, state: State) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    lang = page_lang(request)
    q = request.query_params
    done = ""
    if q.get("done") == "filed" and q.get("mail", "").isdigit():
        done = t("mail.unfiled.filed_done", lang, mail_id=q["mail"], case_id=q.get("case", ""))
    elif q.get("done") == "dismissed" and q.get("mail", "").isdigit():
        done = t("mail.unfiled.dismissed_done", lang, mail_id=q["mail"])
        return _page(request, state, found, done=done, undo_mail=int(q["mail"][:12]))
    elif q.get("done") == "restored" and q.get("mail", "").isdigit():
        done = t("mail.unfiled.restored_done", lang, mail_id=q["mail"])
    return _page(request, state, found, done=done)


async def _act(request: Request, state: State, mail_id: int, action: str) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    form = await request.form(max_files=0, max_fields=10)
    if not same(str(form.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    ctx = state.context_for(found.principal)

    def work() -> Response:
        try:
            if action == "file":
                view = unfiled.file_mail(
                    state.sessions,
                    mail_id=mail_id,
                    case=str(form.get("case") or ""),
                    now=state.clock(),
                    ctx=ctx,
                    principal=found.principal,
                )
                return to(f"/mail/unfiled?done=filed&mail={mail_id}&case={view.case_id}")
            if action == "new":
                view = unfiled.new_case_from_mail(
                    state.sessions,
                    mail_id=mail_id,
                    store=str(form.get("store") or ""),
                    marketplace=None,
                    now=state.clock(),
                    ctx=ctx,
                    principal=found.principal,
                )
                return to(f"/cases/{view.case_id}")
            if action == "restore":
                unfiled.restore_mail(
                    state.sessions,
                    mail_id=mail_id,
                    now=state.clock(),
                    ctx=ctx,
                    principal=found.principal,
                )
                return to(f"/mail/unfiled?done=restored&mail={mail_id}")
            unfiled.dismiss_mail(
                state.sessions,
                mail_id=mail_id,
                now=state.clock(),
                ctx=ctx,
                principal=found.principal,
            )
            return to(f"/mail/unfiled?done=dismissed&mail={mail_id}")
        except SellerDeskError as exc:
            status = _status(exc)
            if str(form.get("back") or "") == "mail":  # sent from the mail's own page
                words = problem_text(request, exc)
                return _mail_view(request, state, found, mail_id, status=status, error=words)
            return _page(
                request,
                state,
                found,
                status=status,
                error=problem_text(request, exc),
                error_mail=mail_id,
            )

    return await run_in_threadpool(work)


@router.post("/mail/unfiled/{mail_id:int}/file")
async def file_on_case(request: Request, state: State, mail_id: int) -> Response:
    return await _act(request, state, mail_id, "file")


@router.post("/mail/unfiled/{mail_id:int}/new")
async def new_case(request: Request, state: State, mail_id: int) -> Response:
    return await _act(request, state, mail_id, "new")


@router.post("/mail/unfiled/{mail_id:int}/dismiss")
async def dismiss(request: Request, state: State, mail_id: int) -> Response:
    return await _act(request, state, mail_id, "dismiss")


@router.post("/mail/unfiled/{mail_id:int}/restore")
async def restore(request: Request, state: State, mail_id: int) -> Response:
    """Undo a dismiss: the mail is back on the Unfiled list."""
    return await _act(request, state, mail_id, "restore")


@router.post(UPLOAD_PATH)
async def upload(request: Request, state: State) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    limit = state.mail_upload_limit
    try:  # the file is spooled to a temporary file as it arrives, never held whole
        sent = await read_upload(request, limit=limit, per_file=limit, max_files=1, max_fields=5)
    except UploadTooLarge as exc:
        # one mail cannot be exported smaller: say who can help rather than "fewer mails"
        one = exc.file_name.lower().endswith(".eml")
        refused = UploadTooLarge.of(
            "mail.upload_too_large_one" if one else "mail.upload_too_large",
            field=FILES_FIELD,
            mb=limit // 1_000_000,
            name=exc.file_name,
        )
        words = problem_text(request, refused)
        return await run_in_threadpool(
            lambda: _page(request, state, found, status=413, error=words)
        )
    if not same(sent.fields.get(CSRF_FIELD, ""), found.csrf_token):
        sent.close()
        return csrf_refused(request, found)

    def work() -> Response:
        lang = page_lang(request)
        files = list(sent.files)
        try:
            source = importing.source_for(
                state.sessions,
                key="upload",
                store=sent.fields.get("store") or None,
                principal=found.principal,
            )
            summary = importing.import_upload(
                state.sessions,
                data=files[0].file if files else io.BytesIO(),
                file_name=(files[0].filename or "") if files else "",
                source=source,
                now=state.clock,
                ctx=state.context_for(found.principal),
            )
        except SellerDeskError as exc:
            return _page(
                request, state, found, status=_status(exc), error=problem_text(request, exc)
            )
        finally:
            sent.close()
        counts = {
            k: summary.count(k) for k in ("filed", "unfiled", "duplicate", "ignored", "refused")
        }
        done = t("mail.unfiled.uploaded", lang, **counts)
        done = " ".join([done, *summary.notes_words(lang)])
        # a file that is no mail: which one and why, as the CLI says it, not a bare count
        refused = [
            t(
                "mail.unfiled.refused_file",
                lang,
                name=m.where,
                reason=t(f"mail.reason.{m.outcome.reason or 'mail.refused'}", lang),
            )
            for m in summary.mails
            if m.outcome.state == "refused"
        ]
        return _page(request, state, found, done=done, warnings=refused)

    return await run_in_threadpool(work)


def _mail_view(
    request: Request,
    state: State,
    found: WebSession,
    mail_id: int,
    *,
    status: int = 200,
    error: str = "",
) -> Response:
    """One mail: who, when, its state, its text, its HTML as nh3 left it, and while it is
    unfiled the Unfiled list's actions (a refused one comes back here with ``error``)."""
    try:
        shown = unfiled.mail_page(
            state.sessions, mail_id=mail_id, ctx=state.ctx, principal=found.principal
        )
    except SellerDeskError as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    names: list[str] = []
    if shown.mail.state == "unfiled":
        listed = stores.list_stores(sessions=state.sessions, principal=found.principal)
        names = [s.name for s in listed]
    return render(
        request,
        "mail_view",
        status,
        current=found,
        shown=shown,
        safe_html=Markup(shown.safe_html or ""),
        store_names=names,
        error=error,
    )


@router.get("/mail/{mail_id:int}")
def mail_page(request: Request, state: State, mail_id: int) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    return _mail_view(request, state, found, mail_id)


@router.get("/mail/{mail_id:int}/raw")
def raw_message(request: Request, state: State, mail_id: int) -> Response:
    """The raw message as sent, shown as plain text (never rendered as HTML)."""
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    try:
        view, path = unfiled.raw_message(
            state.sessions, mail_id=mail_id, ctx=state.ctx, principal=found.principal
        )
        data = path.read_bytes()
    except SellerDeskError as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    except OSError:
        return error_page(request, found, 404, t("app.error.not_found", page_lang(request)))
    return Response(
        data,
        media_type="text/plain; charset=utf-8",
        headers={
            "Content-Disposition": f'inline; filename="mail-{view.id}.eml"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


__all__ = ["FILES_FIELD", "router"]
