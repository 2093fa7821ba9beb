"""Admin: one desk's hours as a form (``/admin/desks/{key}``): the weekday x channel grid of
ranges, the holiday calendars, closed and extra open dates, the desk's zone, where each rule
comes from, and the next two weeks on the team's clock.

Nothing is saved in one click and nothing needs a script: *Review* checks the form (a
refused form comes back with the field named and everything typed kept) and shows what
changes and the two weeks it makes; only *Yes, save* on that page writes, carrying the
form in hidden fields. *Reset* asks the same way. The service
(``services/desk_editor.py``) writes what the TOML editor would, checked by the loader."""

from __future__ import annotations

import dataclasses
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.core.hours.desk_form import COMMON_CALENDARS, DeskForm, cell_field
from sellerdesk.core.hours.ranges import WEEKDAY_KEYS
from sellerdesk.core.i18n import catalog, t
from sellerdesk.core.zones import common_zones
from sellerdesk.services import desk_editor, desk_preview
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web.layout import (
    State,
    csrf_refused,
    error_page,
    page_lang,
    render,
    signed_in_admin,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, same

router = APIRouter(include_in_schema=False)
_PLAIN_FIELDS = ("zone", "cal_other", "closed", "open", "closed_yearly", "open_hours")
_MAX_TEXT = 4000  # a field longer than this is not hours a person typed


def field_words(field: str | None, lang: str) -> str:
    """The form's words for a field an error names (``week.case.mon`` → "Case · Monday")."""
    if not field:
        return ""
    parts = field.split(".")
    if len(parts) == 3 and parts[0] == "week":
        channel, day = parts[1], parts[2]
        return f"{t('labels.channel.' + channel, lang)} · {t('desk_admin.day.' + day, lang)}"
    return t(f"desk_admin.field.{field}", lang)


def _problem(error: InvalidInput, lang: str) -> str:
    """The refusal in this form's own syntax: an hour range that crosses midnight is written
    here with ``+1`` (the team-hours fix, ``20:00-04:00``, would be refused again)."""
    message, fix = error.words(lang, page=True)
    desk_fix = f"mend_desk.fix.{error.key}"
    if desk_fix in catalog(lang) or desk_fix in catalog("en"):
        fix = t(desk_fix, lang)
    return f"{message} {fix}" if fix else message


def _form_of(raw: FormData, channels: tuple[str, ...]) -> DeskForm:
    names = [*_PLAIN_FIELDS, *(cell_field(c, d) for c in channels for d in WEEKDAY_KEYS)]
    fields = {n: str(raw.get(n) or "")[:_MAX_TEXT] for n in names}
    calendars = tuple(str(c) for c in raw.getlist("cal") if isinstance(c, str))[:40]
    return DeskForm(fields, calendars)


def _edit_page(
    request: Request,
    state: State,
    found: WebSession,
    key: str,
    *,
    form: DeskForm | None = None,
    error: InvalidInput | None = None,
) -> Response:
    page = desk_editor.desk_page(state.settings, state.ctx.desks, key)
    now = state.clock()
    lang = page_lang(request)
    return render(
        request,
        "admin_desks_edit",
        422 if error else 200,
        current=found,
        desk=page,
        form=form or page.form,
        weekdays=WEEKDAY_KEYS,
        calendars=COMMON_CALENDARS,
        zones=common_zones(),
        preview=desk_preview.preview(state.ctx.desks[key], state.ctx.team_zone, now),
        error=f"{field_words(error.field, lang)}: {_problem(error, lang)}" if error else "",
        bad=error.field if error else "",
        saved=request.query_params.get("saved") == "1",
    )


@router.get("/admin/desks/{key}")
def desk_form_page(request: Request, key: str, state: State) -> Response:
    found = signed_in_admin(request)
    if isinstance(found, Response):
        return found
    if key not in state.ctx.desks:
        return error_page(request, found, 404, t("app.error.not_found", page_lang(request)))
    return _edit_page(request, state, found, key)


@router.post("/admin/desks/{key}")
async def desk_form_action(request: Request, key: str, state: State) -> Response:
    found = await run_in_threadpool(signed_in_admin, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=0, max_fields=300)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    desk = state.ctx.desks.get(key)
    if desk is None:
        return error_page(request, found, 404, t("app.error.not_found", page_lang(request)))
    form = _form_of(raw, tuple(desk.channels))
    action = str(raw.get("action") or "")
    confirmed = raw.get("confirm") == "yes"
    return await run_in_threadpool(_act, request, state, found, key, form, action, confirmed)


def _act(
    request: Request,
    state: State,
    found: WebSession,
    key: str,
    form: DeskForm,
    action: str,
    confirmed: bool,
) -> Response:
    common: dict[str, Any] = {
        "sessions": state.sessions,
        "settings": state.settings,
        "now": state.clock(),
        "actor": found.principal.name,
        "desks": state.ctx.desks,
        "key": key,
    }
    try:
        if action == "edit":
            return _edit_page(request, state, found, key, form=form)
        if action in ("review", "save") and not confirmed:
            return _confirm_save(request, state, found, key, form)
        if action == "save":
            desks = desk_editor.save_edit(**common, team_zone=state.ctx.team_zone, form=form)
            state.ctx = dataclasses.replace(state.ctx, desks=desks)  # effective from now on
            return to(f"/admin/desks/{key}?saved=1")
        if action == "reset" and not confirmed:
            return _confirm_reset(request, state, found, key)
        if action == "reset":
            desks = desk_editor.reset_desk(**common)
            state.ctx = dataclasses.replace(state.ctx, desks=desks)
            return to(f"/admin/desks?reset={key}")
        raise InvalidInput.of("web.bad_action", field="action", value=action[:40])
    except NotFound:
        return error_page(request, found, 404, t("app.error.not_found", page_lang(request)))
    except InvalidInput as exc:
        named = desk_editor.form_error(exc, state.settings)
        return _edit_page(request, state, found, key, form=form, error=named)


def _confirm_save(
    request: Request, state: State, found: WebSession, key: str, form: DeskForm
) -> Response:
    today = state.clock().astimezone(ZoneInfo(state.ctx.team_zone)).date()
    planned = desk_editor.plan_edit(
        state.settings, state.ctx.desks, key, form, today=today, actor=found.principal.name
    )
    return render(
        request,
        "admin_desks_confirm",
        current=found,
        kind="desk_save",
        target=f"/admin/desks/{key}",
        desk=state.ctx.desks[key],
        names=(),
        changed=planned.changed,
        hidden=dict(form.fields),
        calendars=form.calendars,
        preview=desk_preview.preview(planned.desk, state.ctx.team_zone, state.clock()),
    )


def _confirm_reset(request: Request, state: State, found: WebSession, key: str) -> Response:
    page = desk_editor.desk_page(state.settings, state.ctx.desks, key)
    return render(
        request,
        "admin_desks_confirm",
        current=found,
        kind="desk_reset" if page.shipped else "desk_remove",
        target=f"/admin/desks/{key}",
        desk=state.ctx.desks[key],
        names=(),
        changed=tuple(c for f in page.facts if f.confidence == "user" for c in f.channels),
        hidden={},
        calendars=(),
        preview=None,
    )
