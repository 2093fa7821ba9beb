"""One tracker context for tests: shipped desks and rules, a Shanghai team on CN holidays."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sellerdesk.hours import load_desks, load_rules, team_schedule
from sellerdesk.services.tracker import TrackerContext


def shanghai_team_context(tmp: Path, **overrides: Any) -> TrackerContext:
    settings: dict[str, Any] = {
        "desks": load_desks(user_files=False),
        "rules": load_rules(user_files=False),
        "team": team_schedule("Mon-Fri 09:00-18:00", "Asia/Shanghai", ("CN",)),
        "team_zone": "Asia/Shanghai",
        "attachments_dir": tmp / "attachments",
    }
    return TrackerContext(**{**settings, **overrides})
