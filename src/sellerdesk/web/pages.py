"""The sign-in page, sign-out, the language switch and the style sheet; My account and the
password change are ``web/account_pages.py`` (its routes join this router).

Every form carries a CSRF token (see ``web/layout.py`` for what all pages share).
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import TooManyAttempts, Unauthenticated
from sellerdesk.core.i18n import normalise_lang, t
from sellerdesk.services import sign_in, user_config, users
from sellerdesk.services.runtime import Runtime
from sellerdesk.web import account_alert_handles, account_pages
from sellerdesk.web.layout import (
    LANG_COOKIE,
    SETUP_LATER_COOKIE,
    State,
    current,
    local_path,
    page_lang,
    render,
)
from sellerdesk.web.layout import to as _to
from sellerdesk.web.session import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    clear_session_cookie,
    client_address,
    login_csrf_pair,
    login_csrf_valid,
    same,
    secure,
    session_secret,
    set_login_csrf_cookie,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)
router.include_router(account_pages.router)
router.include_router(account_alert_handles.router)  # My account › Chat @mentions
STATIC = resources.files("sellerdesk.web") / "static"


def _current(request: Request) -> sign_in.WebSession | None:
    return current(request)


def _login_page(
    request: Request, status: int = 200, error: str = "", name: str = "", *, ended: bool = False
) -> Response:
    cookie, token = login_csrf_pair(request)
    response = render(
        request, "login", status, csrf_token=token, error=error, name=name, ended=ended
    )
    set_login_csrf_cookie(response, cookie, secure=secure(request))
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    ended = request.query_params.get("ended") == "disabled"  # a session ended by disabling
    return _login_page(request, ended=ended)


def _refused_login(request: Request, name: str) -> Response:
    return _login_page(request, 403, t("web.login.csrf", page_lang(request)), name)


@router.post("/login")
async def login(request: Request, state: State) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    name = str(form.get("name") or "")  # a name over 80 characters is no user's
    lang = page_lang(request)
    token = str(form.get(CSRF_FIELD) or "")
    if not await run_in_threadpool(login_csrf_valid, request, token):
        return await run_in_threadpool(_refused_login, request, name)
    client = client_address(request)
    try:
        signed = await run_in_threadpool(
            sign_in.sign_in,
            sessions=state.sessions,
            now=state.clock(),
            name=name,
            password=str(form.get("password") or ""),
            client=client,
        )
    except TooManyAttempts as exc:
        words = t("web.login.too_many", lang)
        page = await run_in_threadpool(_login_page, request, 429, words, name)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    except Unauthenticated as exc:
        # a one-time password past its expiry says so (only to who typed it right)
        key = "people.login.expired" if exc.key == "people.password_expired" else "web.login.wrong"
        return await run_in_threadpool(_login_page, request, 401, t(key, lang), name)
    # an admin goes on to the first-start setup while it is not done (after the forced
    # password change, the dashboard leads there: web/layout.signed_in)
    setup = signed.principal.is_admin and user_config.setup_step(state.settings) is not None
    response = _to("/password" if signed.must_change_password else "/setup" if setup else "/")
    response.delete_cookie(SETUP_LATER_COOKIE, path="/")  # "later" lasts until a new sign-in
    chosen = await run_in_threadpool(_own_language, state, signed.principal.name)
    if chosen:  # the user's own language (My account) wins over this browser's last choice
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="lax", path="/")
    lifetime = int(sign_in.SESSION_LIFETIME.total_seconds())
    set_session_cookie(response, signed.secret, max_age=lifetime, secure=secure(request))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


def _own_language(state: Runtime, name: str) -> str | None:
    return users.person(sessions=state.sessions, name=name).user.language


@router.post("/logout")
async def logout(request: Request, state: State) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    current = await run_in_threadpool(_current, request)
    if current is not None:
        if not same(str(form.get(CSRF_FIELD) or ""), current.csrf_token):
            return render(
                request,
                "login",
                403,
                csrf_token="",
                name="",
                error=t("web.login.csrf", page_lang(request)),
            )
        await run_in_threadpool(
            sign_in.sign_out,
            sessions=state.sessions,
            now=state.clock(),
            secret=session_secret(request) or "",
        )
    response = _to("/login")
    clear_session_cookie(response, secure=secure(request))
    return response


@router.get("/lang")
def switch_language(request: Request, to: str = "en", next: str = "/") -> Response:
    """Remember the chosen language in a cookie (a year) and go back to the page."""
    response = _to(local_path(next))
    chosen = normalise_lang(to) or "en"
    response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="lax", path="/")
    return response


@router.get("/static/app.css")
def style_sheet() -> Response:
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    return Response(
        css,
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
