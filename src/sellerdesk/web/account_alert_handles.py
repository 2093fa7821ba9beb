"""My account › Chat @mentions (``/account/alert-handles``): each person's own handle per chat
app, so that an alert routed with @mention names them there. Every signed-in user, for
themselves only."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.alerts.routes_handles import KINDS, handles_of, set_handles
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web.layout import State, csrf_refused, problem_text, render, signed_in, to
from sellerdesk.web.session import CSRF_FIELD, same

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    state: Runtime,
    found: WebSession,
    *,
    status: int = 200,
    error: str = "",
    bad: str = "",
    typed: dict[str, str] | None = None,
) -> Response:
    saved = handles_of(sessions=state.sessions, name=found.principal.name)
    return render(
        request,
        "account_alert_handles",
        status,
        current=found,
        kinds=KINDS,
        handles=typed if typed is not None else saved,
        error=error,
        bad=bad,
        done=request.query_params.get("done") == "1",
    )


@router.get("/account/alert-handles")
def alert_handles_page(request: Request, state: State) -> Response:
    found = signed_in(request)
    return found if isinstance(found, Response) else _page(request, state, found)


@router.post("/account/alert-handles")
async def save_alert_handles(request: Request, state: State) -> Response:
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=0, max_fields=len(KINDS) + 2)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    typed = {k: str(raw.get(f"handle_{k}") or "")[:1000] for k in KINDS}
    try:
        await run_in_threadpool(
            lambda: set_handles(
                sessions=state.sessions, now=state.clock(), name=found.principal.name,
                handles=typed,
            )
        )  # fmt: skip
    except InvalidInput as exc:
        return _page(
            request, state, found, status=422, error=problem_text(request, exc),
            bad=exc.field or "", typed=typed,
        )  # fmt: skip
    return to("/account/alert-handles?done=1")
