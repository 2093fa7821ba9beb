"""The browser session cookie and the CSRF token, shared by the pages and the API.

The session cookie is HttpOnly and SameSite=Lax (and Secure behind HTTPS); its value is a
random secret looked up by hash (``services/sign_in.py``). Forms carry a CSRF token: the
session's own once signed in, a double-submit cookie on the sign-in form before that.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

SESSION_COOKIE = "sellerdesk_session"
LOGIN_CSRF_COOKIE = "sellerdesk_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def secure(request: Request) -> bool:
    """Cookies carry Secure over HTTPS (or when the app is told it sits behind HTTPS)."""
    forced = bool(getattr(request.app.state.sellerdesk, "secure_cookies", False))
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


def login_csrf(request: Request) -> str:
    """The sign-in form's token: the browser's existing one, else a new one."""
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)


def set_login_csrf_cookie(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/login",
    )
