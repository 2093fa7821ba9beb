"""The admin page: the users (adding one is on the People page, ``web/admin_users.py``),
per-store access, the team's zone, hours, holiday calendar and language (the first-start
setup's fields and savers: ``web/setup_form.py``) and the backup schedule
(``web/admin_backups.py``) (admins only; anyone else gets 404, as if the page did not
exist)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.core.input_guard import check_length
from sellerdesk.services import stores, user_config, users
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web import (
    admin_alert_outbox,
    admin_alerts,
    admin_backups,
    admin_calendars,
    admin_mailboxes,
    admin_users,
    setup,
    setup_form,
)
from sellerdesk.web.layout import (
    State,
    csrf_refused,
    page_lang,
    problem_text,
    render,
    signed_in_admin,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, same

router = APIRouter(include_in_schema=False)
router.include_router(admin_users.router)  # People: /admin/users and each person's pages
router.include_router(admin_calendars.router)  # Holiday calendars: /admin/calendars
router.include_router(admin_alerts.router)  # Alert channels: /admin/alerts
router.include_router(admin_alert_outbox.router)  # /admin/alert-routes, /admin/alert-outbox
router.include_router(admin_mailboxes.router)  # IMAP mailboxes: /admin/mailboxes
router.include_router(setup.router)  # the first-start setup: /setup


def _page(
    request: Request,
    state: Runtime,
    found: WebSession,
    status: int = 200,
    error: str = "",
    *,
    problem: setup_form.Problem | None = None,
    typed: dict[str, str] | None = None,
    backup_problem: admin_backups.Problem | None = None,
) -> Response:
    lang = page_lang(request)
    team_typed = typed if problem is not None else None
    return render(
        request,
        "admin",
        status,
        current=found,
        users=users.list_users(sessions=state.sessions),
        stores=stores.list_stores(sessions=state.sessions),
        backups=admin_backups.section(state),
        backup_form=admin_backups.form_values(state, typed if backup_problem else None),
        backup_problem=backup_problem,
        done=request.query_params.get("done", "") if not error else "",
        error=error,
        problem=problem,
        setup_pending=user_config.setup_step(state.settings) is not None,
        **setup_form.zone_values(state, lang, team_typed),
        **setup_form.hours_values(state, team_typed),
        **setup_form.holiday_values(state, team_typed),
        **setup_form.language_values(state, request, team_typed),
    )


@router.get("/admin")
def admin_page(request: Request, state: State) -> Response:
    found = signed_in_admin(request)
    return found if isinstance(found, Response) else _page(request, state, found)


@router.post("/admin")
async def admin_action(request: Request, state: State) -> Response:
    found = await run_in_threadpool(signed_in_admin, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=0, max_fields=40)  # the week grid: 7 × 3 fields
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    # nothing is cut short: check_length refuses a field over 200 characters
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    actor = found.principal.name
    action = form.get("action", "")

    def work() -> None:
        for key, value in form.items():
            check_length(value, key, 200)
        common: dict[str, Any] = {"sessions": state.sessions, "now": state.clock()}
        if action in ("grant", "revoke"):
            change = users.grant if action == "grant" else users.revoke
            change(**common, name=form.get("name", ""), store=form.get("store", ""), actor=actor)
            state.token_cache.clear()  # this process sees the new grants at once
        elif action == "team-hours":  # the setup's fields and checks
            setup_form.save_team(state, form, page_lang(request))
        elif action == "backup":
            admin_backups.save(state, form)
        else:  # adding a user is the People page's (/admin/users): one form, one rule
            raise InvalidInput.of("web.bad_action", field="action", value=action)

    try:
        await run_in_threadpool(work)
    except InvalidInput as exc:
        if action == "team-hours":  # named at its field, what was typed kept
            problem = setup_form.problem_of(request, exc)
            return _page(request, state, found, 422, problem=problem, typed=form)
        if action == "backup":
            shown = admin_backups.problem_of(page_lang(request), exc, problem_text(request, exc))
            return _page(request, state, found, 422, backup_problem=shown, typed=form)
        return _page(request, state, found, 422, problem_text(request, exc))
    except Conflict as exc:
        return _page(request, state, found, 409, problem_text(request, exc))
    if action in ("team-hours", "backup"):  # the note says it was saved, at its section
        section = "team-hours" if action == "team-hours" else "backups"
        return to(f"/admin?done={action}#{section}")
    return to("/admin")
