"""Admin: holiday calendars. ``/admin/calendars`` lists the years and what they rest on
(holiday library, added here, or an estimate by rule) and takes a year's official
arrangement: the State Council's notice pasted, or days typed per calendar. Every input is
previewed as a year of month grids, checked by the service, and saved only when the admin
confirms (the preview page sends the same text back: nothing from the preview is trusted).
A save or a removal applies at once in this process. Admins only; anyone else gets 404."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.errors import InvalidInput, NotFound, SellerDeskError
from sellerdesk.core.hours.calendars import unreadable_saved_files
from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import check_length
from sellerdesk.services import holiday_years
from sellerdesk.services.holiday_years import YearPreview
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web.layout import (
    State,
    csrf_refused,
    error_page,
    label,
    page_lang,
    problem_text,
    render,
    signed_in_admin,
    state_of,
    to,
)
from sellerdesk.web.session import CSRF_FIELD, same

router = APIRouter(include_in_schema=False)
_CSS = resources.files("sellerdesk.web") / "static" / "admin_calendars.css"
FIELDS = ("action", "kind", "year", "calendar", "notice", "closed", "working", "source", "as_of")
FIELD_LIMITS = {"notice": 20_000, "closed": 4_000, "working": 2_000, "source": 300}


@router.get("/static/admin_calendars.css")
def calendars_style_sheet() -> Response:
    return Response(
        _CSS.read_text(encoding="utf-8"),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


def _list_page(
    request: Request,
    state: Runtime,
    found: WebSession,
    *,
    status: int = 200,
    error: str = "",
    form: dict[str, str] | None = None,
    bad: str = "",
) -> Response:
    today = state.clock().astimezone(state.display_zone()).date()
    years = holiday_years.list_years(state.settings.home, today)
    form = form or {}
    return render(
        request,
        "admin_calendars",
        status,
        current=found,
        years=years,
        broken=unreadable_saved_files(),
        form=form,
        next_year=today.year + 1,
        default_year=form.get("year") or str(today.year + 1),
        today=today,
        error=error,
        bad=bad,
        saved=request.query_params.get("saved", "")[:40],
        removed=request.query_params.get("removed", "")[:40],
        year_name=lambda value: _year_name(value, page_lang(request)),
    )


def _year_name(value: str, lang: str) -> str:
    """``CN-2027`` (the redirect's note) as a person says it: 中国 2027 年 / China 2027."""
    calendar, _, year = value.rpartition("-")
    if not calendar or not year.isdigit():
        return value
    return t("calendars.shown_title", lang, calendar=label("calendar", calendar, lang), year=year)


@router.get("/admin/calendars")
def calendars_page(request: Request) -> Response:
    found = signed_in_admin(request)
    if isinstance(found, Response):
        return found
    return _list_page(request, state_of(request), found)


@router.get("/admin/calendars/{calendar}/{year}")
def calendar_year_page(request: Request, calendar: str, year: int) -> Response:
    found = signed_in_admin(request)
    if isinstance(found, Response):
        return found
    return _year_page(request, state_of(request), found, calendar, year)


def _year_page(
    request: Request,
    state: Runtime,
    found: WebSession,
    calendar: str,
    year: int,
    *,
    confirm_remove: bool = False,
) -> Response:
    not_found = t("app.error.not_found", page_lang(request))
    if not 2000 <= year <= 2100:
        return error_page(request, found, 404, not_found)
    today = state.clock().astimezone(state.display_zone()).date()
    holiday_years.list_years(state.settings.home, today)  # the saved years as on disk
    try:
        summary = holiday_years.summary(calendar, year)
    except InvalidInput:
        return error_page(request, found, 404, not_found)
    return render(
        request,
        "admin_calendars_year",
        current=found,
        summary=summary,
        months=holiday_years.year_months(summary.calendar, year),
        confirm_remove=confirm_remove,
    )


@router.post("/admin/calendars")
async def calendars_action(request: Request, state: State) -> Response:
    found = await run_in_threadpool(signed_in_admin, request)
    if isinstance(found, Response):
        return found
    raw = await request.form(max_files=0, max_fields=20)
    if not same(str(raw.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    form = {k: str(raw.get(k) or "") for k in FIELDS}
    confirmed = raw.get("confirm") == "yes"
    return await run_in_threadpool(_act, request, state, found, form, confirmed)


def _act(
    request: Request, state: Runtime, found: WebSession, form: dict[str, str], confirmed: bool
) -> Response:
    action = form["action"]
    try:
        for key, limit in FIELD_LIMITS.items():
            check_length(form[key], key, limit)
        if action == "remove":
            calendar, year = form["calendar"].strip().upper(), _year(form["year"])
            if not confirmed:
                return _year_page(request, state, found, calendar, year, confirm_remove=True)
            holiday_years.remove(state.settings.home, calendar, year)
            state.ctx = holiday_years.reloaded(state.ctx, state.settings)  # effective now
            return to(f"/admin/calendars?removed={calendar}-{year}")
        if action not in ("preview", "save"):
            raise InvalidInput.of("web.bad_action", field="action", value=action[:40])
        preview = _preview(state, form)
        if action == "preview" or not confirmed:
            return render(
                request, "admin_calendars_preview", current=found, preview=preview, form=form
            )
        holiday_years.save(
            state.settings.home,
            preview,
            source=form["source"],
            as_of=_as_of(form["as_of"], state, preview),
            now=state.clock(),
            actor=found.principal.name,
            notice=form["notice"] if form["kind"] == "notice" else "",
        )
        state.ctx = holiday_years.reloaded(state.ctx, state.settings)  # every schedule, now
        found_year = preview.arrangement
        return to(f"/admin/calendars?saved={found_year.calendar}-{found_year.year}")
    except NotFound as exc:
        return _list_page(request, state, found, status=404, error=problem_text(request, exc))
    except SellerDeskError as exc:
        return _list_page(
            request,
            state,
            found,
            status=422,
            error=problem_text(request, exc),
            form=form,
            bad=_bad_field(exc, form["kind"]),
        )


def _preview(state: Runtime, form: dict[str, str]) -> YearPreview:
    year = _year(form["year"])
    home = state.settings.home
    if form["kind"] == "notice":
        return holiday_years.preview_notice(home, form["notice"], year)
    return holiday_years.preview_days(home, form["calendar"], year, form["closed"], form["working"])


def _year(text: str) -> int:
    if not re.fullmatch(r"\s*\d{4}\s*", text):
        raise InvalidInput.of("calendars.bad_year", field="year", value=text[:20])
    return int(text)


def _as_of(text: str, state: Runtime, preview: YearPreview) -> date:
    if not text.strip():  # the notice's own date when it has one, else today
        today = state.clock().astimezone(state.display_zone()).date()
        return holiday_years.default_as_of(preview, today)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput.of("time.bad_date", field="as_of", value=text[:20]) from None


def _bad_field(exc: SellerDeskError, kind: str) -> str:
    """The form field to mark: the service's field, on the form the admin used."""
    field: Any = exc.field or ""
    if field in ("closed", "working", "calendar") and kind != "notice":
        return f"days-{field}"
    if field == "year":
        return f"{kind or 'notice'}-year"
    return f"{kind or 'notice'}-{field}" if field else ""
