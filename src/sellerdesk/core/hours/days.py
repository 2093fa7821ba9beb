"""The dated exceptions of a channel's weekly hours: holidays, closed and extra open dates.

Its own module (not :mod:`.model`): the sources (:mod:`.sources`) compile it into windows,
and the desk model compiles its channels through the sources, so the two cannot share it
without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DayRules:
    """Which local dates are closed or extra open, on top of the weekly hours."""

    holidays: tuple[str, ...] = ()  # calendar names: CN, US, DE, GB, JP, US-CA …
    closed: frozenset[date] = frozenset()
    open: frozenset[date] = frozenset()
    closed_yearly: frozenset[tuple[int, int]] = frozenset()  # (month, day)
    open_hours_from: int = 0  # extra open dates get this weekday's hours (0 = Monday)
