"""The sign-in page, sign-out, the password change and a first home page.

Jinja2 autoescapes everything (no user text reaches a page unescaped); every form carries a
CSRF token; pages are sent with a strict Content-Security-Policy and never cached.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import InvalidInput, TooManyAttempts, Unauthenticated
from sellerdesk.core.i18n import normalise_lang, t
from sellerdesk.services import cases, sign_in, users
from sellerdesk.services.tracker import transaction
from sellerdesk.web.session import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    clear_session_cookie,
    login_csrf,
    same,
    secure,
    session_secret,
    set_login_csrf_cookie,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@cache
def templates() -> Environment:
    return Environment(loader=PackageLoader("sellerdesk.web", "templates"), autoescape=True)


def page_lang(request: Request) -> str:
    """``?lang=``, else the first of zh/en in Accept-Language (by q-value), else English."""
    explicit = normalise_lang(request.query_params.get("lang"))
    if explicit:
        return explicit
    ranked = []
    for i, part in enumerate(request.headers.get("accept-language", "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if (lang := normalise_lang(tag)) is not None:
            ranked.append((-q, i, lang))
    return min(ranked)[2] if ranked else "en"


def render(request: Request, page: str, status: int = 200, **values: Any) -> HTMLResponse:
    lang = page_lang(request)

    def tr(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    title = tr(f"web.{page}.title")
    html = templates().get_template(f"{page}.html").render(lang=lang, t=tr, title=title, **values)
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


def _state(request: Request) -> Any:
    return request.app.state.sellerdesk


def _current(request: Request) -> sign_in.WebSession | None:
    secret = session_secret(request)
    if not secret:
        return None
    state = _state(request)
    with transaction(state.sessions) as session:
        return sign_in.resolve(session, secret, now=state.clock())


def _login_page(request: Request, status: int = 200, error: str = "", name: str = "") -> Response:
    token = login_csrf(request)
    response = render(request, "login", status, csrf_token=token, error=error, name=name)
    set_login_csrf_cookie(response, token, secure=secure(request))
    return response


def _to(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303, headers={"Cache-Control": "no-store"})


@router.get("/login")
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    name = str(form.get("name") or "")[:80]
    lang = page_lang(request)
    if not same(str(form.get(CSRF_FIELD) or ""), request.cookies.get(LOGIN_CSRF_COOKIE)):
        return _login_page(request, 403, t("web.login.csrf", lang), name)
    state = _state(request)
    client = request.client.host if request.client else "unknown"
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
        page = _login_page(request, 429, t("web.login.too_many", lang), name)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    except Unauthenticated:
        return _login_page(request, 401, t("web.login.wrong", lang), name)
    response = _to("/password" if signed.must_change_password else "/")
    lifetime = int(sign_in.SESSION_LIFETIME.total_seconds())
    set_session_cookie(response, signed.secret, max_age=lifetime, secure=secure(request))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    current = await run_in_threadpool(_current, request)
    state = _state(request)
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


@router.get("/")
def home(request: Request) -> Response:
    current = _current(request)
    if current is None:
        return _to("/login")
    if current.must_change_password:
        return _to("/password")
    state = _state(request)
    rows = cases.list_cases(
        sessions=state.sessions, now=state.clock(), limit=50, principal=current.principal
    )
    return render(
        request, "home", principal=current.principal, csrf_token=current.csrf_token, cases=rows
    )


@router.get("/password")
def password_form(request: Request) -> Response:
    current = _current(request)
    if current is None:
        return _to("/login")
    return render(request, "password", csrf_token=current.csrf_token, error="")


@router.post("/password")
async def change_password(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    current = await run_in_threadpool(_current, request)
    if current is None:
        return _to("/login")
    lang = page_lang(request)
    if not same(str(form.get(CSRF_FIELD) or ""), current.csrf_token):
        return render(
            request, "password", 403, csrf_token=current.csrf_token, error=t("web.login.csrf", lang)
        )
    password, repeat = str(form.get("password") or ""), str(form.get("repeat") or "")
    if password != repeat:
        return render(
            request,
            "password",
            422,
            csrf_token=current.csrf_token,
            error=t("web.password.mismatch", lang),
        )
    state = _state(request)
    try:
        await run_in_threadpool(
            users.set_password,
            sessions=state.sessions,
            now=state.clock(),
            name=current.principal.name,
            password=password,
            actor=current.principal.name,
        )
    except InvalidInput:
        return render(
            request,
            "password",
            422,
            csrf_token=current.csrf_token,
            error=t("web.password.weak", lang),
        )
    return _to("/")
