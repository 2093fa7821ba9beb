"""The sign-in page, sign-out, the password change, the language switch and the style sheet.

Every form carries a CSRF token (see ``web/layout.py`` for what all pages share).
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import InvalidInput, TooManyAttempts, Unauthenticated
from sellerdesk.core.i18n import normalise_lang, t
from sellerdesk.services import accounts, sign_in
from sellerdesk.web.layout import (
    LANG_COOKIE,
    State,
    current,
    local_path,
    page_lang,
    problem_text,
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
STATIC = resources.files("sellerdesk.web") / "static"


def _current(request: Request) -> sign_in.WebSession | None:
    return current(request)


def _login_page(request: Request, status: int = 200, error: str = "", name: str = "") -> Response:
    cookie, token = login_csrf_pair(request)
    response = render(request, "login", status, csrf_token=token, error=error, name=name)
    set_login_csrf_cookie(response, cookie, secure=secure(request))
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    return _login_page(request)


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
    except Unauthenticated:
        return await run_in_threadpool(_login_page, request, 401, t("web.login.wrong", lang), name)
    response = _to("/password" if signed.must_change_password else "/")
    lifetime = int(sign_in.SESSION_LIFETIME.total_seconds())
    set_session_cookie(response, signed.secret, max_age=lifetime, secure=secure(request))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


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


def _password_page(
    request: Request, found: sign_in.WebSession, status: int = 200, error: str = ""
) -> Response:
    return render(
        request,
        "password",
        status,
        csrf_token=found.csrf_token,
        error=error,
        forced=found.must_change_password,
    )


@router.get("/password")
def password_form(request: Request) -> Response:
    current = _current(request)
    if current is None:
        return _to("/login")
    return _password_page(request, current)


@router.post("/password")
async def change_password(request: Request, state: State) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    current = await run_in_threadpool(_current, request)
    if current is None:
        return _to("/login")
    lang = page_lang(request)
    if not same(str(form.get(CSRF_FIELD) or ""), current.csrf_token):
        return _password_page(request, current, 403, t("web.login.csrf", lang))
    password, repeat = str(form.get("password") or ""), str(form.get("repeat") or "")
    if password != repeat:
        return _password_page(request, current, 422, t("web.password.mismatch", lang))
    try:
        await run_in_threadpool(
            accounts.change_own_password,
            sessions=state.sessions,
            now=state.clock(),
            name=current.principal.name,
            current=str(form.get("current") or ""),
            new=password,
            keep_session=session_secret(request),
            client=client_address(request),
        )
    except TooManyAttempts:
        return _password_page(request, current, 429, t("web.login.too_many", lang))
    except InvalidInput as exc:
        return _password_page(request, current, 422, problem_text(request, exc))
    return _to("/")
