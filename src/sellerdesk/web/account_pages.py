"""My account (every signed-in user): one's language and personal time zone, and one's
password; and ``/password``, the forced change after a one-time password, which shows
nothing else (it is the way out of that state).

The language is kept with the user and, for this browser, in the ``lang`` cookie the
navigation's switch sets (sign-in sets it from the user's setting: ``web/pages.py``). The
personal zone is stored; which pages show times in it is the team-zone setup's business.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import InvalidInput, TooManyAttempts
from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import check_length
from sellerdesk.core.zones import common_zones
from sellerdesk.services import accounts, users
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web.layout import (
    LANG_COOKIE,
    State,
    csrf_refused,
    current,
    page_lang,
    problem_text,
    render,
    signed_in,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, client_address, same, session_secret

router = APIRouter(include_in_schema=False)
DONE = ("password", "settings")


def _account_page(
    request: Request,
    state: Runtime,
    found: WebSession,
    status: int = 200,
    *,
    settings_error: str = "",
    password_error: str = "",
    typed: dict[str, str] | None = None,
) -> Response:
    me = users.person(sessions=state.sessions, name=found.principal.name).user
    done = request.query_params.get("done", "")
    return render(
        request,
        "account",
        status,
        current=found,
        chosen_language=(typed or {}).get("language", me.language or ""),
        chosen_zone=(typed or {}).get("time_zone", me.time_zone or ""),
        team_zone=state.ctx.team_zone,
        common_zones=common_zones(),
        settings_error=settings_error,
        password_error=password_error,
        done=done if done in DONE else "",
    )


@router.get("/account")
def account_page(request: Request, state: State) -> Response:
    found = signed_in(request)
    return found if isinstance(found, Response) else _account_page(request, state, found)


@router.post("/account")
async def save_settings(request: Request, state: State) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=0, max_fields=5)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    typed = {k: str(raw.get(k) or "") for k in ("language", "time_zone")}

    def work() -> str | None:
        for key, value in typed.items():
            check_length(value, key, 64)
        saved = accounts.set_own_settings(
            sessions=state.sessions,
            now=state.clock(),
            name=found.principal.name,
            language=typed["language"],
            time_zone=typed["time_zone"],
        )
        return saved.language

    try:
        language = await run_in_threadpool(work)
    except InvalidInput as exc:
        text = problem_text(request, exc)
        return _account_page(request, state, found, 422, settings_error=text, typed=typed)
    response = to("/account?done=settings")
    if language:  # this browser follows the setting at once; others at their next sign-in
        response.set_cookie(LANG_COOKIE, language, max_age=365 * 86400, samesite="lax", path="/")
    return response


def _password_page(
    request: Request, state: Runtime, found: WebSession, status: int = 200, error: str = ""
) -> Response:
    if not found.must_change_password:  # the change as part of My account
        return _account_page(request, state, found, status, password_error=error)
    return render(
        request,
        "password",
        status,
        current=None,
        csrf_token=found.csrf_token,
        error=error,
        forced=True,
    )


@router.get("/password")
def password_form(request: Request) -> Response:
    found = current(request)
    if found is None:
        return to("/login")
    if not found.must_change_password:
        return to("/account#password")
    return render(
        request, "password", csrf_token=found.csrf_token, error="", forced=True, current=None
    )


@router.post("/password")
async def change_password(request: Request, state: State) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    found = await run_in_threadpool(current, request)
    if found is None:
        return to("/login")
    lang = page_lang(request)
    if not same(str(form.get(CSRF_FIELD) or ""), found.csrf_token):
        return _password_page(request, state, found, 403, t("web.login.csrf", lang))
    password, repeat = str(form.get("password") or ""), str(form.get("repeat") or "")
    if password != repeat:
        return _password_page(request, state, found, 422, t("web.password.mismatch", lang))
    try:
        await run_in_threadpool(
            accounts.change_own_password,
            sessions=state.sessions,
            now=state.clock(),
            name=found.principal.name,
            current=str(form.get("current") or ""),
            new=password,
            keep_session=session_secret(request),
            client=client_address(request),
        )
    except TooManyAttempts:
        return _password_page(request, state, found, 429, t("web.login.too_many", lang))
    except InvalidInput as exc:
        return _password_page(request, state, found, 422, problem_text(request, exc))
    return to("/" if found.must_change_password else "/account?done=password")
