"""The Admin page's backup section (template ``_admin_backups.html``): the schedule, the last
successful scheduled backup (time, size, file) and the last failure when it is newer, its
reason in the page's language. The schedule is the config file's as it is now (read again when
the file changes), so a ``backup.schedule`` set while the server runs shows without a restart
(and the worker thread picks it up at its next round)."""

from __future__ import annotations

from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.sizes import human_size
from sellerdesk.services.backup import scheduled
from sellerdesk.services.runtime import Runtime


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
    return {
        "schedule": str(plan.schedule) if plan and plan.schedule else None,
        "keep": plan.keep if plan else None,
        "folder": str(plan.folder) if plan else None,
        "last_ok": {"at": ok.at, "file": ok.file, "size": _size(ok.size)} if ok else None,
        "last_failed": shown.last_failed,
    }
