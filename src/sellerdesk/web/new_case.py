"""The new-case form: the draft's structured fields, attachments, "Check" (the coach's score,
findings, fixes, the duplicate warning and the English text to copy) and "Create".

Works without script: both buttons post the form (multipart, with the files), and the page
comes back filled in. A body over the upload limit is answered here, in the page's language,
with the text as typed (``web/uploads.py``); the files themselves must be chosen again, as
after any refusal (a browser never refills a file input)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.coach.help import knowledge_base_lookup
from sellerdesk.core.coach.pasted import is_labelled_draft, with_pasted_draft
from sellerdesk.core.coach.text_draft import timeline_entry
from sellerdesk.core.errors import Conflict, Forbidden, InvalidInput, NotFound, SellerDeskError
from sellerdesk.core.i18n import catalog, t
from sellerdesk.core.input_guard import check_length
from sellerdesk.core.kb import load_knowledge_base
from sellerdesk.core.sizes import human_size
from sellerdesk.services import cases, stores
from sellerdesk.services.attachments import StoredFile, check_upload, store_stream
from sellerdesk.services.cases.creating import DuplicateConflict
from sellerdesk.services.coach import coach_draft, create_from_draft
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.services.store_views import StoreView
from sellerdesk.web.case_page_assets import allow_script
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
from sellerdesk.web.uploads import Upload, UploadTooLarge, chunks_of, limits_of, read_upload

router = APIRouter(include_in_schema=False)
TEXTS = ("store", "marketplace", "subject", "description", "expected", "actual", "category")
LINES = ("error_codes", "steps")
IDS = ("order_ids", "asins", "skus", "shipment_ids")
FIELDS = (*TEXTS, *LINES, *IDS, "timeline", "priority", "force", "reason", "action")
MAX_TEXT = 20_000
MAX_FILES = 10
TOO_LARGE = "case_page.upload_too_large"  # the refusal worded for this form


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
        if bar:
            timeline.append({"at": at.strip(), "what": what.strip()})
        elif (
            line.strip()
        ):  # "2026-11-20：…", "（1）2026-11-26 …": read as a draft's timeline line is
            entry = timeline_entry(line)
            timeline.append({"at": entry.at, "what": entry.what})
    out["timeline"] = timeline
    return out


def form_of(fields: dict[str, Any]) -> dict[str, str]:
    """The form's text boxes for the draft fields (the reverse of :func:`draft_fields`)."""
    out = {k: str(fields.get(k) or "") for k in TEXTS}
    for key in (*LINES, *IDS):
        out[key] = "\n".join(fields.get(key) or [])
    out["timeline"] = "\n".join(
        f"{e['at']} | {e['what']}" if e.get("at") else e["what"] for e in fields["timeline"]
    )
    return out


def _page_findings(state: Runtime, coached: Any, lang: str) -> list[dict[str, Any]]:
    """The coach's findings with fixes worded for a page (no command lines), as the case
    page words them (services/case_drafts.py): ``case_page.fix.<code>`` where the catalog
    has it, and for a help-page topic the article to read, named as on the Ask page."""
    out = []
    for finding in coached.lint["findings"]:
        code, fix = finding["code"], finding["fix"]
        key = f"case_page.fix.{code}"
        if key in catalog(lang) or key in catalog("en"):
            fix = t(key, lang)
        elif code == "self-service-topic":
            kb = load_knowledge_base(state.settings.home)
            article = knowledge_base_lookup(kb)(coached.draft, lang)
            if article is not None:
                fix = t("case_page.fix_article", lang, title=article.title, where=article.where)
            else:
                fix = t("coach.finding.self-service-topic.fix", lang)
        out.append({**finding, "fix": fix})
    # the checks on the paste text, worded as such ("In the paste text: …")
    return out + list(coached.lint.get("paste_findings", []))


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
    page = render(
        request,
        "new_case",
        status,
        current=found,
        form=form,
        stores=_writable_stores(state, found),
        priorities=cases.PRIORITIES,
        upload=limits_of(state, MAX_FILES),
        **more,
    )
    return allow_script(page)


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
    try:
        upload = await read_upload(
            request,
            limit=state.upload_limit,
            per_file=state.ctx.max_attachment_bytes,
            max_files=MAX_FILES,
            max_fields=len(FIELDS) + 5,
            too_large_key=TOO_LARGE,
        )
    except UploadTooLarge as exc:
        if not same(exc.fields.get(CSRF_FIELD, ""), found.csrf_token):
            return csrf_refused(request, found)
        form = {k: exc.fields.get(k, "") for k in FIELDS}
        return await run_in_threadpool(
            _page, request, state, found, form, 413, error=problem_text(request, exc), kept=True
        )
    try:
        if not same(upload.fields.get(CSRF_FIELD, ""), found.csrf_token):
            return csrf_refused(request, found)
        form = {k: upload.fields.get(k, "") for k in FIELDS}
        return await run_in_threadpool(_check_or_create, request, state, found, form, upload)
    finally:
        upload.close()


def _refused(
    request: Request,
    state: Runtime,
    found: WebSession,
    form: dict[str, str],
    exc: SellerDeskError,
    **more: Any,
) -> Response:
    """The form again, as typed, with the problem in the page's language."""
    lang = page_lang(request)
    code = 409 if isinstance(exc, Conflict) else 403 if isinstance(exc, Forbidden) else 422
    code = 404 if isinstance(exc, NotFound) else code
    text = problem_text(request, exc)
    if isinstance(exc, DuplicateConflict):  # its words are built from its matches
        text = f"{exc.words(lang)[0]} {t('error.duplicate.page_fix', lang)}"
    # the subject's problem is said at the subject field (templates/new_case.html)
    return _page(request, state, found, form, code, error=text, error_field=exc.field, **more)


def _too_big(upload: Upload, most: int) -> InvalidInput | None:
    """A chosen file over the per-file limit, found before anything is stored."""
    for u in upload.files:
        if (u.size or 0) > most:
            return InvalidInput.of(
                "attach.too_big",
                field="attachment",
                name=u.filename or "",
                size=human_size(u.size or 0),
                limit=human_size(most),
            )
    return None


def _not_as_named(upload: Upload) -> InvalidInput | None:
    """The refusal of the first file whose bytes are not what its name says, if any."""
    try:
        for u in upload.files:
            check_upload(u.file, u.filename or "", u.content_type)
    except InvalidInput as exc:
        return exc
    return None


def _check_or_create(
    request: Request,
    state: Runtime,
    found: WebSession,
    form: dict[str, str],
    upload: Upload,
) -> Response:
    lang = page_lang(request)
    chosen = bool(upload.files)
    try:  # refused, never cut short (the subject's own limit is checked as the CLI's)
        for key, value in form.items():
            check_length(value, key, MAX_TEXT)
        upload.check()
    except InvalidInput as exc:
        return _refused(request, state, found, form, exc, kept=chosen)
    fields = draft_fields(form)
    if is_labelled_draft(fields["description"]):  # a whole draft pasted into "what happened"
        fields = with_pasted_draft(fields)
        form = {**form, **form_of(fields)}  # the page comes back with the fields as read
    named = [u.filename for u in upload.files if u.filename]
    fields["attachments"] = list(dict.fromkeys(named + list(fields.get("attachments", []))))
    coached = coach_draft(
        sessions=state.sessions,
        home=state.settings.home,
        fields=fields,
        lang=lang,
        principal=found.principal,
    )
    lint = {**coached.lint, "findings": _page_findings(state, coached, lang)}
    shown: dict[str, Any] = {"lint": lint, "english": coached.english, "kept": chosen}
    if form["action"] != "create":
        return _page(request, state, found, form, **shown)
    refused = _too_big(upload, state.ctx.max_attachment_bytes) or _not_as_named(upload)
    if refused is not None:  # refused before the case exists: nothing half made
        return _refused(request, state, found, form, refused, **shown)
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
        duplicate = isinstance(exc, Conflict)
        return _refused(request, state, found, form, exc, duplicate=duplicate, **shown)
    if upload.files:  # the case exists: its files are its first note (sizes checked above)
        stored: list[StoredFile] = [
            store_stream(
                chunks_of(u), u.filename or "", ctx=state.ctx, declared_type=u.content_type
            )
            for u in upload.files
        ]
        cases.log_event(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(found.principal),
            case_id=created.id,
            direction="note",
            body="",
            stored=stored,
            principal=found.principal,
        )
    return to(f"/cases/{created.id}")
