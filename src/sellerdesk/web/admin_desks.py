"""Admin: the desks override. Every effective desk rule with its source, date and
confidence (as ``sellerdesk desks``), the override TOML to edit or upload (checked by the
desks loader before anything is written; a refused file names the field and the fix), and
"reset to shipped". A saved file applies at once in this process (other processes read it
at their next start). Admins only; anyone else gets 404."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from sellerdesk.core.errors import InvalidInput
from sellerdesk.services import desk_overrides
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web.layout import (
    State,
    csrf_refused,
    problem_text,
    render,
    signed_in_admin,
    state_of,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, same

router = APIRouter(include_in_schema=False)


def _page(
    request: Request, found: WebSession, status: int = 200, error: str = "", text: str | None = None
) -> Response:
    state = state_of(request)
    return render(
        request,
        "admin_desks",
        status,
        current=found,
        rules=desk_overrides.desk_rules(state.ctx.desks),
        text=desk_overrides.current_text(state.settings) if text is None else text,
        path_shown=str(state.settings.user_desks_path),
        limit_kib=desk_overrides.MAX_OVERRIDE_BYTES // 1024,
        error=error,
    )


@router.get("/admin/desks")
def desks_page(request: Request) -> Response:
    found = signed_in_admin(request)
    return found if isinstance(found, Response) else _page(request, found)


async def _upload(value: Any) -> bytes | None:
    if isinstance(value, UploadFile) and value.filename:
        data: bytes = await value.read(desk_overrides.MAX_OVERRIDE_BYTES + 1)
        return data
    return None


@router.post("/admin/desks")
async def desks_action(request: Request, state: State) -> Response:
    found = await run_in_threadpool(signed_in_admin, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=1, max_fields=5)
    try:
        if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
            return csrf_refused(request, found)
        text = raw.get("toml")
        typed = text if isinstance(text, str) else ""
        data = await _upload(raw.get("file")) or typed.encode("utf-8")
    finally:
        await raw.close()
    action = str(raw.get("action") or "")
    common: dict[str, Any] = {
        "sessions": state.sessions,
        "settings": state.settings,
        "now": state.clock(),
        "actor": found.principal.name,
    }

    def work() -> None:
        if action == "save":
            desks = desk_overrides.save(**common, data=data)
        elif action == "reset":
            desks = desk_overrides.reset(**common)
        else:
            raise InvalidInput.of("web.bad_action", field="action", value=action)
        state.ctx = dataclasses.replace(state.ctx, desks=desks)  # effective from now on

    try:
        await run_in_threadpool(work)
    except InvalidInput as exc:
        shown = data.decode("utf-8", errors="replace")[: desk_overrides.MAX_OVERRIDE_BYTES]
        where = f"{exc.field}: " if exc.field else ""  # the key in the file, as the CLI says
        return _page(request, found, 422, where + problem_text(request, exc), text=shown)
    return to("/admin/desks")
