"""The admin page: users and roles, per-store access, and the team's hours (admins only;
anyone else gets 404, as if the page did not exist)."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.core.input_guard import check_length
from sellerdesk.hours import team_schedule
from sellerdesk.services import stores, user_config, users
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web import admin_backups, admin_calendars, admin_users
from sellerdesk.web.layout import (
    State,
    csrf_refused,
    problem_text,
    render,
    signed_in_admin,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, same

router = APIRouter(include_in_schema=False)
router.include_router(admin_users.router)  # People: /admin/users and each person's pages
router.include_router(admin_calendars.router)  # Holiday calendars: /admin/calendars
ROLES = ("admin", "agent", "viewer")


def _page(
    request: Request, state: Runtime, found: WebSession, status: int = 200, error: str = ""
) -> Response:
    return render(
        request,
        "admin",
        status,
        current=found,
        users=users.list_users(sessions=state.sessions),
        stores=stores.list_stores(sessions=state.sessions),
        roles=ROLES,
        team_hours=state.settings.team_hours,
        team_zone=state.ctx.team_zone,
        backups=admin_backups.section(state),
        error=error,
    )


@router.get("/admin")
def admin_page(request: Request, state: State) -> Response:
    found = signed_in_admin(request)
    return found if isinstance(found, Response) else _page(request, state, found)


def _team_hours(state: Runtime, spec: str, zone: str) -> None:
    """Save the team's hours and zone, and use them from now on in this process."""
    schedule = team_schedule(spec, zone, state.settings.team_holidays)  # validates both
    user_config.set_value(state.settings, "team.hours", spec)
    user_config.set_value(state.settings, "team.timezone", zone)
    state.settings = dataclasses.replace(state.settings, team_hours=spec, team_timezone=zone)
    state.ctx = dataclasses.replace(state.ctx, team=schedule, team_zone=zone)


@router.post("/admin")
async def admin_action(request: Request, state: State) -> Response:
    found = await run_in_threadpool(signed_in_admin, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=0, max_fields=10)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    # nothing is cut short: users.check_password refuses a password over 1,024 characters,
    # check_length any other field over 200
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    actor = found.principal.name
    action = form.get("action", "")

    def work() -> None:
        for key, value in form.items():
            if key != "password":
                check_length(value, key, 200)
        common: dict[str, Any] = {"sessions": state.sessions, "now": state.clock()}
        if action == "add-user":
            users.add(
                **common,
                name=form.get("name", ""),
                role=form.get("role", ""),
                password=form.get("password", ""),
                must_change_password=True,
                actor=actor,
            )
        elif action in ("grant", "revoke"):
            change = users.grant if action == "grant" else users.revoke
            change(**common, name=form.get("name", ""), store=form.get("store", ""), actor=actor)
            state.token_cache.clear()  # this process sees the new grants at once
        elif action == "team-hours":
            _team_hours(state, form.get("team_hours", ""), form.get("team_zone", ""))
        else:
            raise InvalidInput.of("web.bad_action", field="action", value=action)

    try:
        await run_in_threadpool(work)
    except (InvalidInput, Conflict) as exc:
        code = 409 if isinstance(exc, Conflict) else 422
        return _page(request, state, found, code, problem_text(request, exc))
    return to("/admin")
