"""The Plan of Action pages: ``/cases/<id>/poa`` (the structured form, the linter's
findings beside it, the paste text, save as the next version), ``/cases/<id>/poa/draft``
(draft from the case's facts) and ``/poa`` (what a POA needs, with each rule's source; the
new-case page links here for appeal categories).

Every page calls :mod:`sellerdesk.services.poa`; a viewer reads but is refused a save, a
case of a store not granted is "not found".
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sellerdesk.core.i18n import catalog, t
from sellerdesk.core.poa.lint import field_words
from sellerdesk.core.poa.model import Action, Poa, poa_from_mapping
from sellerdesk.core.poa.rules import PoaRules, load_poa_rules
from sellerdesk.services import poa as poa_service
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web.layout import (
    csrf_refused,
    error_page,
    page_lang,
    problem_text,
    render,
    signed_in,
    templates,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, same
from sellerdesk.web.state import State

router = APIRouter(include_in_schema=False)
TEXT_FIELDS = ("version", "kind", "lang", "notice", "root_causes", "corrective_actions")
FORM_FIELDS = (*TEXT_FIELDS, "preventive_measures", "evidence", "order_ids", "asins", "case_ids")
MAX_FORM = 60_000  # characters of one text box (50 items of a part, each at most 4,000: less)


@cache
def _shipped() -> PoaRules:
    return load_poa_rules()


def poa_kinds(category: str | None) -> tuple[str, ...]:
    """The kinds of appeal a category suggests (templates: offer a POA only for these)."""
    return _shipped().kinds_for(category)


templates().globals["poa_kinds"] = poa_kinds  # new_case.html and case.html ask it


def _rules(state: Runtime) -> PoaRules:
    return poa_service.rules_at(state.settings.home)


def _actions(actions: tuple[Action, ...]) -> str:
    return "\n".join(" | ".join((a.what, a.date, a.owner)).rstrip(" |") for a in actions)


def form_of(poa: Poa, version: int) -> dict[str, str]:
    return {
        "version": str(version),
        "kind": poa.kind,
        "lang": poa.lang,
        "notice": poa.notice,
        "root_causes": "\n".join(poa.root_causes),
        "corrective_actions": _actions(poa.corrective_actions),
        "preventive_measures": _actions(poa.preventive_measures),
        "evidence": "\n".join(poa.evidence),
        "order_ids": ", ".join(poa.order_ids),
        "asins": ", ".join(poa.asins),
        "case_ids": ", ".join(poa.case_ids),
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _ids(text: str) -> list[str]:
    return [x.strip() for x in text.replace("\n", ",").replace("，", ",").split(",") if x.strip()]


def _action_rows(text: str) -> list[dict[str, str]]:
    rows = []
    for line in _lines(text):
        what, date, owner = ([p.strip() for p in line.split("|", 2)] + ["", ""])[:3]
        rows.append({"what": what, "date": date, "owner": owner})
    return rows


def poa_of_form(form: dict[str, str], case_id: int) -> Poa:
    """The form's text boxes as a POA (refused naming the field, as a file would be)."""
    for name, text in form.items():
        if len(text) > MAX_FORM:
            raise InvalidInput.of("poa.too_long", field=name, size=len(text), most=MAX_FORM)
    return poa_from_mapping(
        {
            "kind": form["kind"].strip(),
            "lang": form["lang"].strip() or "en",
            "case": case_id,
            "notice": form["notice"],
            "root_causes": _lines(form["root_causes"]),
            "corrective_actions": _action_rows(form["corrective_actions"]),
            "preventive_measures": _action_rows(form["preventive_measures"]),
            "evidence": _lines(form["evidence"]),
            "order_ids": _ids(form["order_ids"]),
            "asins": _ids(form["asins"]),
            "case_ids": _ids(form["case_ids"]),
        }
    )


def _show(
    request: Request,
    state: Runtime,
    found: WebSession,
    case_id: int,
    status: int = 200,
    **more: Any,
) -> Response:
    lang = page_lang(request)
    try:
        shown = poa_service.page(
            sessions=state.sessions,
            case_id=case_id,
            rules=_rules(state),
            lang=lang,
            principal=found.principal,
        )
    except NotFound as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    current = shown.current
    form = more.pop("form", None) or (
        form_of(current.poa, current.version) if current is not None else None
    )
    return render(
        request,
        "poa",
        status,
        current=found,
        case=shown,
        poa=current,
        form=form,
        kinds=_rules(state).kinds,
        writable=found.principal.can_write(shown.store_id),
        saved=request.query_params.get("saved") == "1",
        unchanged=request.query_params.get("unchanged") == "1",
        **more,
    )


@router.get("/cases/{case_id:int}/poa")
def poa_page(request: Request, state: State, case_id: int) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    return _show(request, state, found, case_id)


async def _posted(request: Request, names: tuple[str, ...]) -> tuple[Any, dict[str, str]]:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found, {}
    raw = await request.form(max_files=0, max_fields=len(names) + 5)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found), {}
    return found, {k: str(raw.get(k) or "") for k in names}


@router.post("/cases/{case_id:int}/poa/draft")
async def draft_from_case(request: Request, state: State, case_id: int) -> Response:
    found, form = await _posted(request, ("kind", "lang"))
    if isinstance(found, Response):
        return found
    return await run_in_threadpool(_draft, request, state, found, case_id, form)


def _draft(
    request: Request, state: Runtime, found: WebSession, case_id: int, form: dict[str, str]
) -> Response:
    try:
        poa_service.create(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(found.principal),
            case_id=case_id,
            kind=form["kind"].strip(),
            poa_lang=form["lang"].strip() if form["lang"].strip() in ("en", "zh") else "en",
            rules=_rules(state),
            lang=page_lang(request),
            principal=found.principal,
        )
    except NotFound as exc:
        return error_page(request, found, 404, problem_text(request, exc))
    except Forbidden as exc:
        return error_page(request, found, 403, problem_text(request, exc))
    except InvalidInput as exc:
        return _show(request, state, found, case_id, 422, error=problem_text(request, exc))
    return to(f"/cases/{case_id}/poa")


def _problem(request: Request, exc: InvalidInput | Conflict) -> str:
    """The refusal in the page's words, opening with the box it is about ("Root cause(s),
    item 2: is 70000 characters …"): the plan's own messages leave the field to the caller."""
    text = problem_text(request, exc)
    lang = page_lang(request)
    field = exc.field or ""
    part = field.split("[")[0].split(".")[0]
    if (exc.key or "").startswith("poa.") and part and f"poa.part.{part}" in catalog(lang):
        separator = "：" if lang == "zh" else ": "
        return f"{field_words(field, lang)}{separator}{text}"
    return text


@router.post("/cases/{case_id:int}/poa")
async def save_poa(request: Request, state: State, case_id: int) -> Response:
    found, form = await _posted(request, FORM_FIELDS)
    if isinstance(found, Response):
        return found
    return await run_in_threadpool(_save, request, state, found, case_id, form)


def _save(
    request: Request, state: Runtime, found: WebSession, case_id: int, form: dict[str, str]
) -> Response:
    version = form["version"].strip()
    try:
        if not version.isdigit() or len(version) > 9:
            raise InvalidInput.of("poa_file.no_version", field="expected_version")
        done = poa_service.save(
            sessions=state.sessions,
            now=state.clock(),
            ctx=state.context_for(found.principal),
            case_id=case_id,
            poa=poa_of_form(form, case_id),
            rules=_rules(state),
            lang=page_lang(request),
            expected_version=int(version),
            principal=found.principal,
        )
    except NotFound as exc:
        if exc.key == "case.not_found":
            return error_page(request, found, 404, problem_text(request, exc))
        return _show(
            request, state, found, case_id, 422, form=form, error=problem_text(request, exc)
        )
    except Forbidden as exc:
        return error_page(request, found, 403, problem_text(request, exc))
    except (InvalidInput, Conflict) as exc:
        code = 409 if isinstance(exc, Conflict) else 422
        return _show(request, state, found, case_id, code, form=form, error=_problem(request, exc))
    return to(f"/cases/{case_id}/poa?{'unchanged' if done.unchanged else 'saved'}=1")


@router.get("/poa")
def poa_guide(request: Request, state: State, category: str = "") -> Response:
    """What a POA needs and where each rule comes from; the kinds for ``category`` first."""
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    rules = _rules(state)
    lang = page_lang(request)
    checks = [
        (key, t(f"poa.guide.{key}", lang), check.fact, check.source(lang))
        for key, check in rules.checks.items()
    ]
    return render(
        request,
        "poa_guide",
        current=found,
        kinds=rules.kinds,
        suggested=rules.kinds_for(category[:200]),
        checks=checks,
    )
