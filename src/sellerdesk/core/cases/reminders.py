"""Which follow-ups a case needs, and when they fire (pure: clock states in, instants out).

Three kinds:

* ``amazon-reply-overdue`` — Amazon has not replied by the Amazon clock's due instant.
* ``team-reply-due`` — Amazon replied and our answer is due: fires ``lead`` of team business
  time before the team clock's due instant (never before the turn started).
* ``auto-close-soon`` — a resolved case Amazon will close by itself ``auto_close`` after the
  resolution (rule ``resolved-auto-close``): fires one team business day before.

Reminders fire only inside the team's hours: every fire time is ``team.next_open(...)``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sellerdesk.core.cases.clocks import ClockState
from sellerdesk.core.hours.schedule import Schedule

AMAZON_REPLY_OVERDUE = "amazon-reply-overdue"
TEAM_REPLY_DUE = "team-reply-due"
AUTO_CLOSE_SOON = "auto-close-soon"
KINDS = (AMAZON_REPLY_OVERDUE, TEAM_REPLY_DUE, AUTO_CLOSE_SOON)

DEFAULT_TEAM_LEAD = timedelta(hours=1)
_LOOK_BACK = timedelta(days=21)  # how far back a "business day before" may lie


def fire_time(team: Schedule, condition_at: datetime) -> datetime:
    """The first instant at or after ``condition_at`` when our team is at work."""
    opened = team.next_open(condition_at)
    return condition_at if opened is None else opened


def business_day_before(team: Schedule, moment: datetime) -> datetime:
    """The opening of the team's last working window that starts a day or more before ``moment``.

    Close on Monday 10:00 -> Friday's opening; on Wednesday 10:00 -> Tuesday's. With no
    working window in three weeks, a plain day before.
    """
    day_before = moment - timedelta(days=1)
    starts = [s for s, _ in team.windows(moment - _LOOK_BACK, moment) if s <= day_before]
    return max(starts) if starts else day_before


def wanted(
    states: dict[str, ClockState],
    *,
    status: str,
    resolved_at: datetime | None,
    team: Schedule,
    auto_close: timedelta,  # rule resolved-auto-close: no default here, rules.toml has it
    lead: timedelta = DEFAULT_TEAM_LEAD,
) -> dict[str, datetime]:
    """The reminders the case needs now, by kind, with their (team-hours) fire instants."""
    out: dict[str, datetime] = {}
    amazon, ours = states.get("amazon"), states.get("team")
    if amazon is not None and amazon.running and amazon.due_at is not None:
        out[AMAZON_REPLY_OVERDUE] = fire_time(team, amazon.due_at)
    if ours is not None and ours.running and ours.due_at is not None:
        at = ours.due_at
        if lead > timedelta(0):
            at = team.add(ours.due_at, -lead)
            if ours.started_at is not None and at < ours.started_at:
                at = ours.started_at
        out[TEAM_REPLY_DUE] = fire_time(team, at)
    if status == "resolved" and resolved_at is not None:
        closes = resolved_at + auto_close
        out[AUTO_CLOSE_SOON] = fire_time(team, max(resolved_at, business_day_before(team, closes)))
    return out
