"""The Admin page's backup section (template ``_admin_backups.html``): the schedule, the last
successful scheduled backup (time, size, file) and the last failure when it is newer, its
reason in the page's language. The schedule is the config file's as it is now (read again when
the file changes), so a ``backup.schedule`` set while the server runs shows without a restart
(and the worker thread picks it up at its next round).

Its form turns the schedule on (every day at a time of the team's zone, keeping the last N)
or off; the values are checked and saved by ``services/user_config.set_value``, the code
behind ``sellerdesk config set backup.schedule``, and a refusal names its field in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sellerdesk.core.backup_schedule import DEFAULT_KEEP, parse_keep, parse_schedule
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.core.sizes import human_size
from sellerdesk.services import user_config
from sellerdesk.services.backup import scheduled
from sellerdesk.services.runtime import Runtime

# the form's inputs of each setting (a refusal marks and links that input)
INPUTS = {"backup.schedule": "backup_time", "backup.keep": "backup_keep"}


def _size(n: int | None) -> str:
    return "—" if n is None else human_size(n)


_SOURCES: dict[tuple[str, str], scheduled.PlanSource] = {}


def _source(state: Runtime) -> scheduled.PlanSource:
    """One plan source per running app (it remembers the config file's mtime)."""
    settings = state.settings
    key = (str(settings.config_path), state.ctx.team_zone)
    found = _SOURCES.get(key)
    if found is None or found.initial is not settings.config:
        found = scheduled.PlanSource(
            settings.config,
            config_path=settings.config_path,
            home=settings.home,
            zone=state.ctx.team_zone,
        )
        _SOURCES[key] = found
    return found


def section(state: Runtime) -> dict[str, Any]:
    """What the section shows; read on every view of the page (one indexed query each)."""
    shown = scheduled.status(state.sessions)
    try:
        plan: scheduled.Plan | None = _source(state).plan()
    except InvalidInput:
        plan = None
    ok = shown.last_ok
    at = plan.schedule if plan else None
    return {
        "schedule": str(plan.schedule) if plan and plan.schedule else None,
        "time": f"{at.hour:02d}:{at.minute:02d}" if at else None,
        "keep": plan.keep if plan else None,
        "folder": str(plan.folder) if plan else None,
        "last_ok": {"at": ok.at, "file": ok.file, "size": _size(ok.size)} if ok else None,
        "last_failed": shown.last_failed,
    }


def form_values(state: Runtime, typed: Mapping[str, str] | None = None) -> dict[str, str]:
    """The form as saved (``backup.schedule``, ``backup.keep``), or as typed after a refusal."""
    if typed is not None:
        return {k: typed.get(k, "") for k in ("backup_on", "backup_time", "backup_keep")}
    raw = state.settings.config
    try:
        at = parse_schedule(str(raw.get("backup.schedule", "off")))
    except InvalidInput:
        at = None
    return {
        "backup_on": "daily" if at else "off",
        "backup_time": f"{at.hour:02d}:{at.minute:02d}" if at else "03:00",
        "backup_keep": str(raw.get("backup.keep", DEFAULT_KEEP)),
    }


def save(state: Runtime, form: Mapping[str, str]) -> None:
    """On: the time and the count, both checked by the settings' own parsers (those of
    ``config set``) before either is saved; off: ``backup.schedule = off``."""
    settings = state.settings
    if form.get("backup_on") == "daily":
        schedule = "daily " + (form.get("backup_time", "").strip() or "-")
        keep = form.get("backup_keep", "").strip() or str(DEFAULT_KEEP)
        parse_schedule(schedule)
        parse_keep(keep)
        settings = user_config.set_value(settings, "backup.schedule", schedule)
        settings = user_config.set_value(settings, "backup.keep", keep)
    elif form.get("backup_on") == "off":
        settings = user_config.set_value(settings, "backup.schedule", "off")
    else:
        raise InvalidInput.of("web.bad_action", field="backup_on", value=form.get("backup_on"))
    state.use_settings(settings)


@dataclass(frozen=True, slots=True)
class Problem:
    """A refusal as the form shows it: the input to mark, and the words naming its field."""

    input_id: str
    text: str


def problem_of(lang: str, exc: InvalidInput, text: str) -> Problem:
    field = exc.field or ""
    input_id = INPUTS.get(field, "")
    if not input_id:
        return Problem("", text)
    if exc.key == "config.bad_backup_schedule":  # the setting's words are "daily HH:MM"
        text = t("mend_backup.bad_time", lang)
    label = t(f"mend_backup.field.{input_id}", lang)
    return Problem(input_id, t("setup.named", lang, field=label, text=text))
