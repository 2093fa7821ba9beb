"""The Admin page's backup section (template ``_admin_backups.html``): the schedule, the last
successful scheduled backup (time, size, file) and the last failure when it is newer."""

from __future__ import annotations

from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.backup import scheduled
from sellerdesk.services.runtime import Runtime


def _size(n: int | None) -> str:
    if n is None:
        return "—"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n / 1024 / 1024:.1f} MiB"


def section(state: Runtime) -> dict[str, Any]:
    """What the section shows; read on every view of the page (one indexed query each)."""
    shown = scheduled.status(state.sessions)
    try:
        plan = scheduled.plan_of(
            state.settings.config, home=state.settings.home, zone=state.ctx.team_zone
        )
    except InvalidInput:
        plan = None
    ok = shown["last_ok"]
    return {
        "schedule": str(plan.schedule) if plan and plan.schedule else None,
        "keep": plan.keep if plan else None,
        "folder": str(plan.folder) if plan else None,
        "last_ok": {**ok, "size": _size(ok["size"])} if ok else None,
        "last_failed": shown["last_failed"],
    }
