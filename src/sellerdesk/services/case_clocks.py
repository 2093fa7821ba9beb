"""Keep a case's two clocks current: derive them from its status history, store the next breach.

Status moves are recorded as events with ``direction = "status"`` and
``data = {"from": old, "to": new}``; who the case waits on follows from the status
(:data:`sellerdesk.core.cases.status.WAITING_ON`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from sellerdesk.core.cases.clocks import ClockState, Transition, clock_states, next_breach
from sellerdesk.core.cases.status import WAITING_ON
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.records import CaseRow, EventRow
from sellerdesk.storage.session import Session


def transitions_of(session: Session, case_id: int) -> list[Transition]:
    rows = session.execute(
        select(EventRow.occurred_at, EventRow.data)
        .where(EventRow.case_id == case_id, EventRow.direction == "status")
        .order_by(EventRow.occurred_at, EventRow.id)
    ).all()
    return [Transition(at, WAITING_ON.get(str(data.get("to")))) for at, data in rows]


def states_of(
    session: Session, case: CaseRow, *, now: datetime, ctx: TrackerContext
) -> dict[str, ClockState]:
    schedules = {"amazon": ctx.amazon_schedule(case.desk), "team": ctx.team}
    budgets = {"amazon": ctx.amazon_budget, "team": ctx.team_budget}
    return clock_states(transitions_of(session, case.id), now, schedules, budgets)


def refresh(
    session: Session, case: CaseRow, *, now: datetime, ctx: TrackerContext
) -> dict[str, ClockState]:
    """Recompute the clocks, store ``waiting_on``, ``clock_started_at``, ``next_breach_at``,
    and bring the case's reminders in line with them."""
    session.flush()  # the status event just added must be visible to the query
    states = states_of(session, case, now=now, ctx=ctx)
    running = next((s for s in states.values() if s.running), None)
    case.waiting_on = running.side if running else None
    case.clock_started_at = running.started_at if running else None
    case.next_breach_at = next_breach(states)
    # reminders follow every case change (imported here: reminders reads the clocks from us)
    from sellerdesk.services.reminders import schedule_for_case

    schedule_for_case(session, case, now=now, ctx=ctx, states=states)
    return states


def clocks_json(states: dict[str, ClockState], now: datetime) -> dict[str, Any]:
    """The clocks as ``case show --json`` prints them (UTC ISO-8601, seconds)."""

    def iso(t: datetime | None) -> str | None:
        return None if t is None else t.isoformat()

    out = {}
    for side, s in states.items():
        overdue = s.overdue_by(now)
        out[side] = {
            "running": s.running,
            "started_at": iso(s.started_at),
            "due_at": iso(s.due_at),
            "budget_seconds": int(s.budget.total_seconds()),
            "turn_elapsed_seconds": int(s.turn_elapsed.total_seconds()),
            "total_seconds": int(s.total.total_seconds()),
            "turns": s.turns,
            "breached": s.breached(now),
            "overdue_seconds": None if overdue is None else int(overdue.total_seconds()),
        }
    return out
