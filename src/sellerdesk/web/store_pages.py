"""Stores & health: the stores a user may read, and each store's profile, Account Health
(exactly as ``health show`` computes it), a history chart of the main rates, and the
registration documents check-list.

Admins create, edit and remove stores (web/store_forms.py; an admin with no store gets the
"create your first store" form). Admins and agents granted the store record documents, type
figures and upload a performance report; the profile is the admin's alone, which the
service enforces; viewers read only (a post gets 403); a store not granted does not exist
(404).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from sellerdesk.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sellerdesk.core.health.picture import RateLine
from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import check_length, scrub
from sellerdesk.services import account_health, store_health, stores
from sellerdesk.services.health_views import HealthPicture
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web import store_forms
from sellerdesk.web.charts import rate_lines
from sellerdesk.web.layout import (
    State,
    csrf_refused,
    error_page,
    page_lang,
    problem_text,
    render,
    signed_in,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, same
from sellerdesk.web.store_forms import StoreForm

router = APIRouter(include_in_schema=False)
MAX_FIELD = 600  # characters in one of the store forms' text fields
MAX_REPORT_BYTES = 512 * 1024  # a performance report is a few kB; the body limit is 1 MiB
FIGURES = ("odr", "late_shipment", "pre_fulfilment_cancel", "valid_tracking")
DOC_STATES = ("have", "missing", "expired")
MIN_POINTS = 2


def _list_page(
    request: Request,
    state: Runtime,
    found: WebSession,
    status: int = 200,
    error: str = "",
    kept: StoreForm | None = None,
) -> Response:
    rows = stores.list_stores(sessions=state.sessions, principal=found.principal)
    return render(
        request,
        "stores",
        status,
        current=found,
        stores=rows,
        quote=quote,
        done=store_forms.notice(request),
        error=error,
        **store_forms.form_values(state, page_lang(request), kept),
    )


@router.get("/stores")
def store_list(request: Request, state: State) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    return _list_page(request, state, found)


@router.post("/stores")
async def store_create(request: Request, state: State) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=0, max_fields=80)
    try:
        if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
            return csrf_refused(request, found)
        return await run_in_threadpool(_create, request, state, found, raw)
    finally:
        await raw.close()


def _create(request: Request, state: Runtime, found: WebSession, raw: Any) -> Response:
    kept = StoreForm()
    try:
        kept = StoreForm.posted(raw)
        added = store_forms.create(state, found, kept)
    except Forbidden as exc:
        return error_page(request, found, 403, problem_text(request, exc))
    except (InvalidInput, Conflict) as exc:
        code = 409 if isinstance(exc, Conflict) else 422
        text = store_forms.error_text(request, exc)
        return _list_page(request, state, found, code, text, kept)
    return to(store_forms.store_path(added.name) + "?done=added")


def _charts(
    series: Mapping[str, Sequence[RateLine]], shown: HealthPicture, lang: str
) -> dict[str, list[dict[str, Any]]]:
    """Per marketplace, one chart per rate (or the "not enough data" line)."""
    targets = {
        (m.marketplace, r.metric, r.fulfilment): r.target
        for m in shown.marketplaces
        for r in m.metrics
        if r.target
    }
    out: dict[str, list[dict[str, Any]]] = {}
    for code, lines in series.items():
        for line in lines:
            name = t(f"health.metric.{line.metric}", lang)
            if line.fulfilment:
                name += f" ({t('health.fulfilment.' + line.fulfilment, lang)})"
            target = targets.get((code, line.metric, line.fulfilment))
            points = [(at.strftime("%Y-%m-%d"), v) for at, v in line.points]
            chart = None
            if len(points) >= MIN_POINTS:
                chart = rate_lines(
                    points,
                    target=target.value if target else None,
                    title=name,
                    target_label=t("health.col.target", lang),
                )
            out.setdefault(code, []).append({"name": name, "chart": chart})
    return out


def _store_page(
    request: Request,
    state: Runtime,
    found: WebSession,
    name: str,
    status: int = 200,
    error: str = "",
    kept: StoreForm | None = None,
) -> Response:
    principal = found.principal
    try:
        rules = store_health.rules_for(state.settings.home)
    except InvalidInput as exc:  # the data folder's health.toml: the server's fault, not yours
        return error_page(request, found, 500, f"{exc.field}: {problem_text(request, exc)}")
    try:
        shown = store_health.store_health(
            sessions=state.sessions, rules=rules, principal=principal, name=name
        )
    except NotFound as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    lang = page_lang(request)
    profile = shown.profile
    return render(
        request,
        "store",
        status,
        current=found,
        store=profile,
        shown=shown.health,
        charts=_charts(shown.series, shown.health, lang),
        writable=principal.can_write(profile.id),
        profile_writable=principal.is_admin,
        profile_error=kept is not None and bool(error),
        edit_open=request.query_params.get("step") == "edit",
        done=store_forms.notice(request),
        documents=rules.documents,
        doc_states=DOC_STATES,
        figures=FIGURES,
        statement=t("health.statement", lang),
        action_path=store_forms.store_path(profile.name),
        error=error,
        **store_forms.form_values(state, lang, kept or StoreForm.of(profile)),
    )


@router.get("/stores/{name:path}")  # a name may hold "/" (its link encodes it)
def store_page(request: Request, name: str, state: State) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    if request.query_params.get("step") == "remove":
        return _removal_step(request, state, found, name)
    return _store_page(request, state, found, name)


def _removal_step(request: Request, state: Runtime, found: WebSession, name: str) -> Response:
    try:
        store_health.check_store(sessions=state.sessions, principal=found.principal, name=name)
        return store_forms.removal_page(request, state, found, name)
    except NotFound as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    except Forbidden as exc:
        return _store_page(request, state, found, name, 403, problem_text(request, exc))


def _percent(form: dict[str, str], field: str) -> float | None:
    text = form.get(field, "").strip().replace(",", ".").rstrip("%").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidInput.of("health.bad_percent", field=field, value=text) from None


def _ahr(form: dict[str, str]) -> int | None:
    text = form.get("ahr", "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 6:
        raise InvalidInput.of("health.bad_ahr", field="ahr", value=text)
    return int(text)


def _report_name(upload: Any) -> str:
    """What a refusal names: the uploaded file's name (errors add the path inside it)."""
    name = getattr(upload, "filename", None) or ""
    return f"report {scrub(name)!r}" if name else "report"


def _report(upload: Any) -> bytes:
    if not isinstance(upload, UploadFile):
        raise InvalidInput.of("health.no_report", field="report")
    upload.file.seek(0)
    data: bytes = upload.file.read(MAX_REPORT_BYTES + 1)
    if len(data) > MAX_REPORT_BYTES:
        raise InvalidInput.of("health.report_too_big", field="report", kib=MAX_REPORT_BYTES // 1024)
    return data


def _write(state: Runtime, found: WebSession, name: str, form: dict[str, str], upload: Any) -> None:
    principal = found.principal
    for key, value in form.items():  # refused, never cut short
        check_length(value, key, MAX_FIELD)
    store = store_health.check_store(
        sessions=state.sessions, principal=principal, name=name, write=True
    ).name
    ctx, rules = state.context_for(principal), store_health.rules_for(state.settings.home)
    common: dict[str, Any] = {"sessions": state.sessions, "now": state.clock(), "ctx": ctx}
    action = form.get("action", "")
    if action == "docs":
        chosen = {k: form.get(f"doc-{k}", "") for k in (d.key for d in rules.documents)}
        account_health.update_documents(
            **common,
            rules=rules,
            store=store,
            have=[k for k, v in chosen.items() if v == "have"],
            missing=[k for k, v in chosen.items() if v == "missing"],
            expired=[k for k, v in chosen.items() if v == "expired"],
            note=form.get("note", "").strip() or None,
        )
    elif action == "figures":
        account_health.set_figures(
            **common,
            rules=rules,
            store=store,
            marketplace=form.get("marketplace") or None,
            figures={f: _percent(form, f) for f in FIGURES},
            ahr=_ahr(form),
        )
    elif action == "import":
        account_health.import_report(
            **common, rules=rules, store=store, text=_report(upload), where=_report_name(upload)
        )
    else:
        raise InvalidInput.of("web.bad_action", field="action", value=action)


@router.post("/stores/{name:path}")
async def store_action(request: Request, name: str, state: State) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=1, max_fields=80)
    try:
        if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
            return csrf_refused(request, found)
        return await run_in_threadpool(_act, request, state, found, name, raw)
    finally:
        await raw.close()


def _act(request: Request, state: Runtime, found: WebSession, name: str, raw: Any) -> Response:
    """One form's action; a refusal answers on the same page, what was typed kept."""
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    action, kept = form.get("action", ""), None
    try:
        # a store not granted is not found, whatever the action (before the role's refusal)
        store_health.check_store(sessions=state.sessions, principal=found.principal, name=name)
        if action == "profile":
            kept = StoreForm.posted(raw)
            saved = store_forms.save_profile(state, found, name, kept)
            done = "saved" if saved.changed else "unchanged"
            return to(f"{store_forms.store_path(saved.name)}?done={done}")
        if action == "remove":
            if form.get("confirm") != "yes":  # the step that asks first
                return store_forms.removal_page(request, state, found, name)
            store_forms.remove(state, found, name)
            return to("/stores?done=removed")
        _write(state, found, name, form, raw.get("report"))
    except NotFound as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    except Forbidden as exc:
        return _store_page(request, state, found, name, 403, problem_text(request, exc))
    except (InvalidInput, Conflict) as exc:
        code = 409 if isinstance(exc, Conflict) else 422
        if action == "remove":
            text = store_forms.error_text(request, exc)
            return store_forms.removal_page(request, state, found, name, code, text)
        if action == "profile":
            text = store_forms.error_text(request, exc)
            return _store_page(request, state, found, name, code, text, kept)
        text = problem_text(request, exc)
        if action == "import" and exc.field:  # which file, and where inside it
            text = f"{exc.field}: {text}"
        return _store_page(request, state, found, name, code, text)
    return to(store_forms.store_path(name))
