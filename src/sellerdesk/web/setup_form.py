"""The team's settings as forms show them, shared by the first-start setup (``web/setup.py``)
and the Admin page's team-hours section: the zone picker (common cities with their Chinese
and English names, or a name typed: ``core/zones.zone_from_text``), the weekday grid with a
lunch break (``core/hours/team_grid.py``), the holiday calendars and the language.

Every value is saved through ``services/user_config.set_value``, the code behind ``sellerdesk
config set``, and the running app uses it at once (``Runtime.use_settings``). A refusal is
shown naming the field, with what was typed kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.ranges import WEEKDAY_KEYS
from sellerdesk.core.hours.team_grid import TeamGrid, grid_from_form, grid_of, spec_of
from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import check_length
from sellerdesk.core.zones import common_zones, zone_from_text
from sellerdesk.hours import team_schedule
from sellerdesk.services import locale, user_config
from sellerdesk.services.runtime import Runtime
from sellerdesk.web.layout import page_lang, problem_text

# the calendars the setup offers (``holidays`` names; GB is the UK's), "" for none
CALENDARS = ("CN", "HK", "US", "DE", "JP", "GB", "")
LANGUAGES = ("zh", "en")
# the calendar a team in this zone most likely keeps (only a suggestion: nothing is saved)
SUGGESTED = {
    "Asia/Shanghai": "CN",
    "Asia/Hong_Kong": "HK",
    "Asia/Tokyo": "JP",
    "Europe/Berlin": "DE",
    "Europe/London": "GB",
    "America/New_York": "US",
    "America/Chicago": "US",
    "America/Denver": "US",
    "America/Los_Angeles": "US",
}
FIELD = "team.timezone"


@dataclass(frozen=True, slots=True)
class Problem:
    """A refusal as a form shows it: the field's words, the message, the input to mark."""

    field: str  # the domain field: team.timezone, team.hours.mon, team.hours.lunch, …
    text: str

    @property
    def input_id(self) -> str:
        """The id of the input the message is about (the page marks and links it)."""
        day = self.field.removeprefix("team.hours.")
        return f"start_{day}" if day in WEEKDAY_KEYS else _INPUTS.get(self.field, "")


_INPUTS = {
    "team.timezone": "zone_text",
    "team.hours": "open_mon",
    "team.hours.lunch": "lunch_start",
    "team.holidays": "holidays_CN",
    "lang": "lang_zh",
}


def problem_of(request: Request, exc: InvalidInput) -> Problem:
    """The refusal in the page's language, starting with the field's name."""
    lang, field = page_lang(request), exc.field or ""
    day = field.removeprefix("team.hours.")
    if day in WEEKDAY_KEYS:
        label = t(f"setup.day.{day}", lang)
    elif field in _INPUTS:
        label = t(f"setup.field.{field}", lang)
    else:
        label = ""
    text = problem_text(request, exc)
    return Problem(field, t("setup.named", lang, field=label, text=text) if label else text)


def posted(form: Mapping[str, Any]) -> dict[str, str]:
    """The form's text fields (a file is no value here), each at most 200 characters."""
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    for key, value in values.items():
        check_length(value, key, 200)
    return values


# ---------------------------------------------------------------- what the forms show


def zone_values(
    state: Runtime, lang: str, typed: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The picker: the common zones (the team's own added when it is not one of them), the
    one chosen, and the text typed (kept after a refusal)."""
    current = locale.team_zone_name(state.settings)
    commons = [(z.zone, z.label(lang)) for z in common_zones()]
    if current not in {zone for zone, _ in commons}:
        commons.insert(0, (current, current))
    chosen = (typed or {}).get("zone_pick", current)
    now = state.clock().astimezone(locale.display_zone(state.settings, team=current))
    return {
        "zones": commons,
        "zone_chosen": chosen,
        "zone_typed": (typed or {}).get("zone_text", ""),
        "zone_current": current,
        "zone_configured": state.settings.team_timezone is not None,
        "zone_now": now.strftime("%H:%M"),
    }


def hours_values(state: Runtime, typed: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The weekday grid: as posted (after a refusal), else the saved ``team.hours``."""
    grid = grid_from_form(typed) if typed is not None else grid_of(state.settings.team_hours)
    return {"grid": grid, "weekdays": WEEKDAY_KEYS}


def holiday_values(state: Runtime, typed: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The calendars offered; the saved one chosen, else the one of the team's zone."""
    saved = ",".join(state.settings.team_holidays)
    if "team.holidays" not in state.settings.config:
        saved = SUGGESTED.get(locale.team_zone_name(state.settings), "")
    chosen = (typed or {}).get("holidays", saved)
    offered = CALENDARS if saved in CALENDARS else (saved, *CALENDARS)
    return {"calendars": offered, "holidays_chosen": chosen, "standard": CALENDARS}


def language_values(
    state: Runtime, request: Request, typed: Mapping[str, str] | None = None
) -> dict[str, Any]:
    chosen = (typed or {}).get("lang") or state.settings.lang or page_lang(request)
    return {"languages": LANGUAGES, "lang_chosen": chosen}


# ---------------------------------------------------------------- saving


def _zone(values: Mapping[str, str]) -> str:
    """The zone asked for: the text typed when there is one, else the picker's choice."""
    chosen = values.get("zone_text", "").strip() or values.get("zone_pick", "").strip()
    if not chosen:
        raise InvalidInput.of("setup.zone_empty", field=FIELD)
    return chosen


def check_zone_and_hours(state: Runtime, values: Mapping[str, str]) -> tuple[str, str]:
    """The IANA zone and the ``team.hours`` text the form asks for, both checked (a city
    name is refused naming ``team.timezone``, a day naming ``team.hours.<day>``)."""
    zone = zone_from_text(_zone(values), field="team.timezone")
    spec = spec_of(grid_from_form(values))
    team_schedule(spec, zone, state.settings.team_holidays)  # the runtime's own check
    return zone, spec


def save_zone(state: Runtime, values: Mapping[str, str]) -> None:
    zone = _zone(values)
    state.use_settings(user_config.set_value(state.settings, "team.timezone", zone, field=FIELD))


def save_hours(state: Runtime, values: Mapping[str, str]) -> TeamGrid:
    spec = spec_of(grid_from_form(values))
    state.use_settings(user_config.set_value(state.settings, "team.hours", spec))
    return grid_of(spec)


def save_zone_and_hours(state: Runtime, values: Mapping[str, str]) -> None:
    """The Admin page's form: both checked before either is saved."""
    zone, spec = check_zone_and_hours(state, values)
    settings = user_config.set_value(state.settings, "team.timezone", zone)
    state.use_settings(user_config.set_value(settings, "team.hours", spec))


def save_team(state: Runtime, values: Mapping[str, str], page_language: str) -> None:
    """The Admin page's team form: zone and hours (both checked first), the holiday
    calendar and the language, each saved by the setup's own step (a form without one of
    them leaves it as it is). The language is left unset (each browser's own) when it was
    and the form shows that browser's language."""
    check_zone_and_hours(state, values)
    chosen = values.get("lang")
    if chosen is not None and chosen not in LANGUAGES:
        raise InvalidInput.of("config.bad_lang", field="lang", value=chosen)
    if "holidays" in values:
        save_holidays(state, values)  # its own check first: a refusal saves nothing else
    save_zone_and_hours(state, values)
    if chosen is not None and (state.settings.lang is not None or chosen != page_language):
        save_language(state, values)


def save_holidays(state: Runtime, values: Mapping[str, str]) -> None:
    chosen = values.get("holidays", "").strip()
    if chosen:
        settings = user_config.set_value(state.settings, "team.holidays", chosen)
    else:
        settings = user_config.unset_value(state.settings, "team.holidays")
    state.use_settings(settings)


def save_language(state: Runtime, values: Mapping[str, str]) -> None:
    chosen = values.get("lang", "")
    if chosen not in LANGUAGES:  # the setting's own check would take zh_CN: a form does not
        raise InvalidInput.of("config.bad_lang", field="lang", value=chosen)
    state.use_settings(user_config.set_value(state.settings, "lang", chosen))


def save_step(state: Runtime, step: str) -> None:
    """Record where the setup resumes (``done`` at the end or when dismissed)."""
    state.use_settings(user_config.set_value(state.settings, "setup.step", step))
