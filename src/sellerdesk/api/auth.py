"""Who is calling: a Bearer token, or a browser session (whose writes need the CSRF header)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sellerdesk.api.state import State
from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Forbidden, Unauthenticated
from sellerdesk.services import sign_in, tokens
from sellerdesk.web.layout import MISSING
from sellerdesk.web.session import CSRF_HEADER, SAFE_METHODS, same, session_secret

bearer = HTTPBearer(auto_error=False, description="A token from `sellerdesk token create USER`.")


BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]


def current_principal(request: Request, state: State, credentials: BearerCredentials) -> Principal:
    now = state.clock()
    if request.headers.get("authorization"):
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise Unauthenticated(
                "the Authorization header is not a Bearer token.",
                field="Authorization",
                fix="send `Authorization: Bearer TOKEN`.",
            )
        return tokens.authenticate(
            sessions=state.sessions,
            secret=credentials.credentials.strip(),
            now=now,
            cache=state.token_cache,
        )
    secret = session_secret(request)
    if secret:
        # web/guard.py looked the session up for this request already
        found: sign_in.WebSession | None = getattr(request.state, "web_session", MISSING)
        if found is MISSING:
            found = sign_in.session_of(state.sessions, secret, now=now)
        if found is None:
            raise Unauthenticated(
                "the session has ended.", field="session", fix="sign in again at /login."
            )
        if request.method not in SAFE_METHODS and not same(
            request.headers.get(CSRF_HEADER), found.csrf_token
        ):
            raise Forbidden(
                "the CSRF token is missing or wrong.",
                field=CSRF_HEADER,
                fix="send the page's CSRF token in the X-CSRF-Token header.",
            )
        return found.principal
    raise Unauthenticated(
        "no credentials were sent.",
        field="Authorization",
        fix="send `Authorization: Bearer TOKEN` (sellerdesk token create USER) or sign in.",
    )


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
