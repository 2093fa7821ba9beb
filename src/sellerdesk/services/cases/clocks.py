"""A case's two clocks from its status history: whom it waits on since when, and how much
of each side's budget (Amazon's desk hours, our team's hours) is left.

Shared by :mod:`.followups` (which stores the result on the case and schedules reminders)
and :mod:`.read` (which only shows it); it reads no database and imports no ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sellerdesk.core.cases.clocks import ClockState, Transition, clock_states
from sellerdesk.core.cases.status import WAITING_ON

if TYPE_CHECKING:
    from sellerdesk.core.hours.calendars import CoverageNote
    from sellerdesk.services.context import TrackerContext

StatusMoves = Sequence[tuple[datetime, dict[str, Any]]]


def transitions(moves: StatusMoves) -> list[Transition]:
    """The clocks' view of a status history: when, and whom the case then waited on."""
    return [Transition(at, WAITING_ON.get(str(data.get("to")))) for at, data in moves]


def clock_states_of(
    ctx: TrackerContext, desk: str, moves: StatusMoves, now: datetime
) -> dict[str, ClockState]:
    """Both clocks of a case at the desk ``desk`` with this status history, as of ``now``."""
    budgets = {"amazon": ctx.amazon_budget, "team": ctx.team_budget}
    return clock_states(transitions(moves), now, _schedules(ctx, desk), budgets)


def estimated_years_of(
    ctx: TrackerContext, desk: str, moves: StatusMoves, states: dict[str, ClockState], now: datetime
) -> dict[str, tuple[CoverageNote, ...]]:
    """Per clock, the calendar years its figures rest on that are only guessed by rule: from
    the first status move to now or the clock's due time, whichever is later."""
    if not moves:
        return {side: () for side in states}
    first = min(at for at, _data in moves)
    schedules = _schedules(ctx, desk)
    out = {}
    for side, state in states.items():
        end = max(now, state.due_at or now)
        notes = schedules[side].coverage_notes(min(first, end), end)
        out[side] = tuple({(n.calendar, n.year): n for n in notes}.values())
    return out


def _schedules(ctx: TrackerContext, desk: str) -> dict[str, Any]:
    return {"amazon": ctx.amazon_schedule(desk), "team": ctx.team}
