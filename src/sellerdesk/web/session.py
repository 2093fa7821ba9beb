"""The browser session cookie and the CSRF token, shared by the pages and the API.

The session cookie is HttpOnly and SameSite=Lax (and Secure behind HTTPS); its value is a
random secret looked up by hash (``services/sign_in.py``). Forms carry a CSRF token: the
session's own once signed in; on the sign-in form before that, a random cookie with a token
the server signed for it and the client (``services/login_csrf.py``): a planted pair fails.
"""

from __future__ import annotations

import hmac

from fastapi import Request, Response

from sellerdesk.services import login_csrf
from sellerdesk.web.state import state_of

SESSION_COOKIE = "sellerdesk_session"
LOGIN_CSRF_COOKIE = "sellerdesk_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def secure(request: Request) -> bool:
    """Cookies carry Secure over HTTPS (or when the app is told it sits behind HTTPS)."""
    forced = state_of(request).secure_cookies
    return forced or request.url.scheme == "https"


def session_secret(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def set_session_cookie(response: Response, secret: str, *, max_age: int, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def clear_session_cookie(response: Response, *, secure: bool) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _login_key(request: Request, *, fresh: bool = False) -> bytes:
    """The server's key for sign-in form tokens, read once per process (again if asked)."""
    key: bytes | None = None if fresh else getattr(request.app.state, "login_csrf_key", None)
    if key is None:
        state = state_of(request)
        key = login_csrf.server_key(sessions=state.sessions, now=state.clock())
        request.app.state.login_csrf_key = key
    return key


def login_csrf_pair(request: Request) -> tuple[str, str]:
    """(cookie, token) for the sign-in form: issued by this server, for this client."""
    state = state_of(request)
    return login_csrf.issue(
        _login_key(request),
        client=client_address(request),
        now=state.clock(),
        cookie=request.cookies.get(LOGIN_CSRF_COOKIE),
    )


def login_csrf_valid(request: Request, token: str | None) -> bool:
    """Whether the form's token and the cookie are a pair this server issued to this client
    (the key is read again once on a mismatch: a restore may have brought another)."""
    state = state_of(request)
    for fresh in (False, True):
        ok = login_csrf.verify(
            _login_key(request, fresh=fresh),
            cookie=request.cookies.get(LOGIN_CSRF_COOKIE),
            token=token,
            client=client_address(request),
            now=state.clock(),
        )
        if ok:
            return True
    return False


def set_login_csrf_cookie(response: Response, cookie: str, *, secure: bool) -> None:
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        cookie,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/login",
    )
