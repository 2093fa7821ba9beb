"""The two clocks of a case, in business time.

* The **Amazon clock** runs while the case waits on Amazon (submitted, waiting-amazon,
  reopened), in the desk's ``case`` channel hours; a reply is expected within its budget
  (default: the seed's unverified 24 business hours, rule ``first-reply-expected``).
* The **team clock** runs while Amazon waits on us (needs-action), in our team's hours; our
  answer is due within its budget (setting ``team.reply_hours``).

Each clock pauses while the case waits on the other side. Both report the current turn
(started when the wait began; due at start + budget in business time) and the total business
time the side has held the case. Breaches are wall-clock facts: "due 3 h ago".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sellerdesk.core.hours.schedule import Schedule

SIDES = ("amazon", "team")


@dataclass(frozen=True)
class Transition:
    """From ``at`` on, the case waits on ``side`` ("amazon", "team" or None: nobody)."""

    at: datetime
    side: str | None


@dataclass(frozen=True)
class ClockState:
    side: str
    running: bool
    started_at: datetime | None  # start of the current (or last) turn of this side
    due_at: datetime | None  # when the current turn breaches; None when not running
    budget: timedelta
    turn_elapsed: timedelta  # business time of the current turn so far
    total: timedelta  # business time this side has held the case, all turns
    turns: int

    def breached(self, now: datetime) -> bool:
        return self.running and self.due_at is not None and now >= self.due_at

    def overdue_by(self, now: datetime) -> timedelta | None:
        """Wall-clock time since the breach, or None."""
        if not self.breached(now):
            return None
        assert self.due_at is not None
        return now - self.due_at


def clock_states(
    transitions: Sequence[Transition],
    now: datetime,
    schedules: dict[str, Schedule],
    budgets: dict[str, timedelta],
) -> dict[str, ClockState]:
    """Both clocks at ``now`` from the case's waiting history (in time order)."""
    ordered = sorted((t for t in transitions if t.at <= now), key=lambda t: t.at)
    states = {}
    for side in SIDES:
        schedule, budget = schedules[side], budgets[side]
        total = timedelta(0)
        turns = 0
        started: datetime | None = None
        for i, tr in enumerate(ordered):
            end = ordered[i + 1].at if i + 1 < len(ordered) else now
            if tr.side != side:
                continue
            # consecutive transitions to the same side continue one turn
            if i == 0 or ordered[i - 1].side != side:
                turns += 1
                started = tr.at
            total += schedule.elapsed(tr.at, end)
        running = bool(ordered) and ordered[-1].side == side
        turn_elapsed = schedule.elapsed(started, now) if running and started else timedelta(0)
        due = schedule.add(started, budget) if running and started else None
        states[side] = ClockState(side, running, started, due, budget, turn_elapsed, total, turns)
    return states


def next_breach(states: dict[str, ClockState]) -> datetime | None:
    """The due instant of whichever clock runs (the value ``case list`` sorts by)."""
    dues = [s.due_at for s in states.values() if s.running and s.due_at is not None]
    return min(dues) if dues else None
