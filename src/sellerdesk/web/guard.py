"""The one gate every request passes: a session that must change its password can do
nothing else (issue 13, item 5).

An ASGI middleware, so it stands in front of every route — API, pages, docs — including
routes added later. A request whose session cookie belongs to a session that must change
its password is answered here: 403 with the JSON error ``account.password_change_required``
under ``/api/`` (and for the OpenAPI document), a redirect to the change form anywhere
else. Only what it takes to change the password or leave gets through: the change form
and its API endpoint, sign-out, the style sheet, the language switch and ``/healthz``.
An API request with a Bearer token is the token's, not the session's, and is not gated (a
reset does not break a team's scripts).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from sellerdesk.core.errors import Forbidden
from sellerdesk.services import sign_in
from sellerdesk.services.runtime import Runtime
from sellerdesk.web.session import SESSION_COOKIE
from sellerdesk.web.state import state_of

CHANGE_FORM = "/password"
CHANGE_API = "/api/v1/me/password"
ALLOWED = frozenset({CHANGE_FORM, CHANGE_API, "/logout", "/healthz", "/lang"})
ALLOWED_PREFIXES = ("/static/",)
RESOLVED = "web_session"  # request.state attribute: the session this gate looked up


def allowed(path: str) -> bool:
    return path in ALLOWED or path.startswith(ALLOWED_PREFIXES)


def _lookup(state: Runtime, secret: str) -> sign_in.WebSession | None:
    return sign_in.session_of(state.sessions, secret, now=state.clock())


def refusal(path: str) -> Response:
    if path.startswith("/api/") or path == "/openapi.json":
        error = Forbidden.of("account.password_change_required", field="session")
        return JSONResponse({"error": error.as_dict()}, status_code=403)
    return RedirectResponse(CHANGE_FORM, status_code=303, headers={"Cache-Control": "no-store"})


class PasswordChangeGate:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or allowed(scope["path"]):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if scope["path"].startswith("/api/") and request.headers.get("authorization"):
            await self.app(scope, receive, send)  # the token acts, not the session
            return
        secret = request.cookies.get(SESSION_COOKIE)
        if secret:
            # an ASGI middleware runs before routing, outside FastAPI's dependency
            # injection: it cannot declare ``state: State``, so it reads the runtime itself
            found = await run_in_threadpool(_lookup, state_of(request), secret)
            setattr(request.state, RESOLVED, found)  # the page or API reuses it
            if found is not None and found.must_change_password:
                await refusal(scope["path"])(scope, receive, send)
                return
        await self.app(scope, receive, send)
