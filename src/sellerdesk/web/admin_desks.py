"""Admin: the desks. ``/admin/desks`` is one compact row per desk (open now, where its hours
come from, whether the team changed it), each linking to its form (``web/admin_desk_form.py``).
``/admin/desks/advanced`` keeps the whole override file for power users: edit or upload the
TOML, checked by the desks loader and confirmed before it is written, or remove it (also
confirmed). No server path is shown: the file is "desks.toml in the data folder". A save
applies at once in this process (other processes read it at their next start). Admins
only; anyone else gets 404."""

from __future__ import annotations

import dataclasses
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from sellerdesk.core.errors import InvalidInput
from sellerdesk.services import desk_editor, desk_overrides
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web import admin_desk_form
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
_CSS = resources.files("sellerdesk.web") / "static" / "admin_desks.css"


@router.get("/static/admin_desks.css")
def desks_style_sheet() -> Response:
    return Response(
        _CSS.read_text(encoding="utf-8"),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/admin/desks")
def desks_page(request: Request) -> Response:
    found = signed_in_admin(request)
    if isinstance(found, Response):
        return found
    state = state_of(request)
    rows = desk_editor.overview(state.settings, state.ctx.desks, state.clock())
    reset = request.query_params.get("reset", "")
    return render(request, "admin_desks", current=found, rows=rows, reset=reset[:40])


def _advanced(
    request: Request,
    found: WebSession,
    status: int = 200,
    error: str = "",
    text: str | None = None,
    saved: bool = False,
) -> Response:
    state = state_of(request)
    return render(
        request,
        "admin_desks_advanced",
        status,
        current=found,
        text=desk_overrides.current_text(state.settings) if text is None else text,
        limit_kib=desk_overrides.MAX_OVERRIDE_BYTES // 1024,
        error=error,
        saved=saved or request.query_params.get("saved") == "1",
    )


@router.get("/admin/desks/advanced")
def advanced_page(request: Request) -> Response:
    found = signed_in_admin(request)
    return found if isinstance(found, Response) else _advanced(request, found)


async def _upload(value: Any) -> bytes | None:
    if isinstance(value, UploadFile) and value.filename:
        data: bytes = await value.read(desk_overrides.MAX_OVERRIDE_BYTES + 1)
        return data
    return None


@router.post("/admin/desks/advanced")
async def advanced_action(request: Request, state: State) -> Response:
    found = await run_in_threadpool(signed_in_admin, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=1, max_fields=6)
    try:
        if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
            return csrf_refused(request, found)
        text = raw.get("toml")
        typed = text if isinstance(text, str) else ""
        data = await _upload(raw.get("file")) or typed.encode("utf-8")
    finally:
        await raw.close()
    action = str(raw.get("action") or "")
    confirmed = raw.get("confirm") == "yes"
    common: dict[str, Any] = {
        "sessions": state.sessions,
        "settings": state.settings,
        "now": state.clock(),
        "actor": found.principal.name,
    }

    def work() -> tuple[str, ...] | None:
        if action == "save" and not confirmed:
            return desk_overrides.check(state.settings, data)
        if action == "save":
            desks = desk_overrides.save(**common, data=data)
        elif action == "reset" and not confirmed:
            return ()
        elif action == "reset":
            desks = desk_overrides.reset(**common)
        else:
            raise InvalidInput.of("web.bad_action", field="action", value=action[:40])
        state.ctx = dataclasses.replace(state.ctx, desks=desks)  # effective from now on
        return None

    try:
        asked = await run_in_threadpool(work)
    except InvalidInput as exc:
        shown = data.decode("utf-8", errors="replace")[: desk_overrides.MAX_OVERRIDE_BYTES]
        named = desk_editor.form_error(exc, state.settings)
        where = f"{named.field}: " if named.field else ""  # the key in the file, as the CLI says
        return _advanced(request, found, 422, where + problem_text(request, named), text=shown)
    if asked is None:
        return to("/admin/desks/advanced?saved=1" if action == "save" else "/admin/desks")
    return render(
        request,
        "admin_desks_confirm",
        current=found,
        kind="file_" + action,
        target="/admin/desks/advanced",
        names=asked,
        hidden={"toml": data.decode("utf-8")} if action == "save" else {},
        calendars=(),
        desk=None,
        changed=(),
        preview=None,
    )


router.include_router(admin_desk_form.router)  # after /admin/desks/advanced: {key} matches it
