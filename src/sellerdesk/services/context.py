"""What the tracker's use cases need besides a session and "now": rules and schedules.

Imports no database library: the read commands build it without SQLAlchemy's ORM.

Built by the runtime (:func:`sellerdesk.services.runtime.build_runtime`, once per process or
CLI run) and passed explicitly to every service function, so services never read settings
or files themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sellerdesk.core.hours.model import Desk
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.core.support_rules import SupportRules

DEFAULT_TEAM_REPLY_HOURS = 8.0
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


@dataclass
class TrackerContext:
    desks: dict[str, Desk]
    rules: SupportRules
    team: Schedule  # our team's working hours (team.hours, team.timezone, team.holidays)
    team_zone: str
    attachments_dir: Path
    team_reply_hours: float = DEFAULT_TEAM_REPLY_HOURS
    max_attachment_bytes: int = MAX_ATTACHMENT_BYTES
    actor: str = "cli"
    # the data folder, where the team's own rule files (poa.toml, …) live; None: shipped only
    data_dir: Path | None = None
    _amazon: dict[str, Schedule] = field(default_factory=dict, repr=False)

    def amazon_schedule(self, desk: str) -> Schedule:
        """The desk's ``case`` channel, in which Amazon's reply time is counted."""
        return self.desks[desk].schedule(self.amazon_channel)

    @property
    def amazon_channel(self) -> str:
        return self.rules.first_reply_expected.channel

    @property
    def amazon_budget(self) -> timedelta:
        return self.rules.first_reply_expected.budget

    @property
    def team_budget(self) -> timedelta:
        return timedelta(hours=self.team_reply_hours)
