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
    from sellerdesk.services.context import TrackerContext

StatusMoves = Sequence[tuple[datetime, dict[str, Any]]]


def transitions(moves: StatusMoves) -> list[Transition]:
    """The clocks' view of a status history: when, and whom the case then waited on."""
    return [Transition(at, WAITING_ON.get(str(data.get("to")))) for at, data in moves]


def clock_states_of(
    ctx: TrackerContext, desk: str, moves: StatusMoves, now: datetime
) -> dict[str, ClockState]:
    """Both clocks of a case at the desk ``desk`` with this status history, as of ``now``."""
    schedules = {"amazon": ctx.amazon_schedule(desk), "team": ctx.team}
    budgets = {"amazon": ctx.amazon_budget, "team": ctx.team_budget}
    return clock_states(transitions(moves), now, schedules, budgets)
