"""The one time-driven trigger: a case's clock (Amazon's or ours) about to breach.

Each worker round looks at open cases whose ``next_breach_at`` (kept by the case services'
follow-ups) falls within :data:`WARN_BEFORE`; one alert per case, clock side and breach
instant (the dedupe key), so a deadline that moves alerts again and one that stays does not.
Urgent when waiting for the team's next opening would be too late.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sellerdesk.services.alerts import triggers
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.repositories import alert_outbox as rows
from sellerdesk.storage.session import Session, sessionmaker

WARN_BEFORE = timedelta(hours=2)


def scan_breaches(
    sessions: sessionmaker[Session],
    ctx: TrackerContext,
    *,
    now: datetime,
    warn_before: timedelta = WARN_BEFORE,
) -> int:
    """Enqueue the alerts of clocks breaching by ``now + warn_before``; how many were new."""
    made = 0
    back = ctx.team.next_open(now)
    with transaction(sessions) as session:
        for case in rows.cases_breaching(session, after=now, by=now + warn_before):
            breach_at = case.next_breach_at
            urgent = back is None or back >= breach_at
            made += len(
                triggers.breach_soon(
                    session,
                    case,
                    side=case.waiting_on or "team",
                    breach_at=breach_at,
                    urgent=urgent,
                    now=now,
                )
            )
    return made
