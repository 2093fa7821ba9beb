"""The first start in the browser: after the first admin signs in (and has changed the
one-time password), a few steps set up the team — its time zone, its hours, its holiday
calendar, its language — and lead to the first store (issue 15, point 1).

Server-rendered, one form a step, no script. Each step saves through the code behind
``sellerdesk config set`` (``web/setup_form.py``) and records where the setup resumes in
``setup.step``; a step may be skipped, the setup finished later (a cookie until the browser
closes: the next sign-in resumes it) or dismissed (``setup.step = done``), and any admin
may walk it again from the Admin page. Admins only: anyone else gets "not found".
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.services import stores, user_config
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web import setup_form
from sellerdesk.web.layout import (
    SETUP_LATER_COOKIE,
    State,
    csrf_refused,
    error_page,
    page_lang,
    render,
    signed_in_admin,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, same

router = APIRouter(include_in_schema=False)
STEPS = user_config.SETUP_STEPS[:-1]  # zone, hours, holidays, language, store
STATIC = resources.files("sellerdesk.web") / "static"
SAVE = {
    "zone": setup_form.save_zone,
    "hours": setup_form.save_hours,
    "holidays": setup_form.save_holidays,
    "language": setup_form.save_language,
}


@router.get("/static/setup.css")
def setup_style() -> Response:
    css = (STATIC / "setup.css").read_text(encoding="utf-8")
    headers = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
    return Response(css, media_type="text/css; charset=utf-8", headers=headers)


def _values(
    request: Request, state: Runtime, step: str, typed: dict[str, str] | None
) -> dict[str, Any]:
    lang = page_lang(request)
    if step == "zone":
        return setup_form.zone_values(state, lang, typed)
    if step == "hours":
        return setup_form.hours_values(state, typed)
    if step == "holidays":
        return setup_form.holiday_values(state, typed)
    if step == "language":
        return setup_form.language_values(state, request)
    count = len(stores.list_stores(sessions=state.sessions))
    return {"store_count": count}


def _page(
    request: Request,
    state: Runtime,
    found: WebSession,
    step: str,
    status: int = 200,
    *,
    problem: setup_form.Problem | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    resume = user_config.setup_step(state.settings)
    return render(
        request,
        "setup",
        status,
        current=found,
        step=step,
        steps=STEPS,
        number=STEPS.index(step) + 1,
        finished=resume is None,
        problem=problem,
        saved=request.query_params.get("saved") in STEPS,
        **_values(request, state, step, typed),
    )


@router.get("/setup")
def setup_start(request: Request, state: State) -> Response:
    """Where the setup resumes (its first step once it is done: walking it again)."""
    found = signed_in_admin(request)
    if isinstance(found, Response):
        return found
    return to(f"/setup/{user_config.setup_step(state.settings) or STEPS[0]}")


@router.get("/setup/{step}")
def setup_step(request: Request, state: State, step: str) -> Response:
    found = signed_in_admin(request)
    if isinstance(found, Response):
        return found
    if step not in STEPS:
        return error_page(request, found, 404, t("app.error.not_found", page_lang(request)))
    return _page(request, state, found, step)


def _act(state: Runtime, step: str, action: str, values: dict[str, str]) -> str:
    """Do what the button asked, record where the setup resumes (the step after this one,
    unless it is done or already further on); the page to go to next."""
    resume = user_config.setup_step(state.settings)  # before saving: a zone set ends "due"
    if action in ("later", "dismiss"):
        if action == "dismiss":
            setup_form.save_step(state, "done")
        return "/"
    if action == "save" and step in SAVE:
        SAVE[step](state, values)
    elif action not in ("skip", "finish"):
        raise InvalidInput.of("web.bad_action", field="action", value=action)
    following = STEPS[STEPS.index(step) + 1] if step != STEPS[-1] else "done"
    if resume is not None:
        order = user_config.SETUP_STEPS
        setup_form.save_step(state, max(following, resume, key=order.index))
    if following != "done":
        return f"/setup/{following}?saved={step}" if action == "save" else f"/setup/{following}"
    has_store = bool(stores.list_stores(sessions=state.sessions))
    return "/" if has_store else "/stores"


@router.post("/setup/{step}")
async def setup_save(request: Request, state: State, step: str) -> Response:
    found = await run_in_threadpool(signed_in_admin, request)
    if isinstance(found, Response):
        return found
    if step not in STEPS:
        text = t("app.error.not_found", page_lang(request))
        return await run_in_threadpool(error_page, request, found, 404, text)
    raw = await request.form(max_files=0, max_fields=40)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    action = str(raw.get("action") or "save")

    def work() -> Response:
        values = {k: v for k, v in raw.items() if isinstance(v, str)}
        try:
            return to(_act(state, step, action, setup_form.posted(values)))
        except InvalidInput as exc:
            problem = setup_form.problem_of(request, exc)
            return _page(request, state, found, step, 422, problem=problem, typed=values)

    response = await run_in_threadpool(work)
    if action == "later":  # until this browser closes; the next sign-in resumes the setup
        response.set_cookie(SETUP_LATER_COOKIE, "1", samesite="lax", path="/", httponly=True)
    return response
