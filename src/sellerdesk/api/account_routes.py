"""``/api/v1/me/password``: change one's own password (the current one is asked for).

The one API route a session that must change its password may still call (web/guard.py).
A browser session keeps itself and ends the account's other sessions; a Bearer token ends
them all (it is not a session).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sellerdesk.api.auth import CurrentPrincipal
from sellerdesk.api.case_routes import ERRORS
from sellerdesk.api.state import State
from sellerdesk.services import accounts
from sellerdesk.web.session import client_address, session_secret

router = APIRouter(prefix="/api/v1", tags=["account"])


class PasswordChange(BaseModel):
    current_password: str = Field(description="The password you signed in with.")
    new_password: str = Field(
        description="At least 10 characters, at most 1,024; not a common password, not "
        "containing your user name."
    )


# a wrong current password counts against the sign-in limit, so this route can answer 429
@router.post("/me/password", status_code=204, responses={**ERRORS, 429: ERRORS[401]})
def change_password(
    request: Request, state: State, principal: CurrentPrincipal, body: PasswordChange
) -> Response:
    """Change your own password; your other browser sessions are signed out."""
    by_token = bool(request.headers.get("authorization"))
    accounts.change_own_password(
        sessions=state.sessions,
        now=state.clock(),
        name=principal.name,
        current=body.current_password,
        new=body.new_password,
        keep_session=None if by_token else session_secret(request),
        client=client_address(request),
    )
    return Response(status_code=204)
