"""Holiday calendars by name, from maintained libraries.

``CN`` is the PRC's statutory schedule *with* make-up working days (调休), read from
``chinese-calendar`` for the years it has the State Council's announcement; for later
years we fall back to the rule-based estimate of ``holidays`` and say so, because China
publishes each year's arrangement only in November of the year before.
Every other name (``US``, ``DE``, ``GB``, ``JP``, ``US-CA`` for a subdivision …) comes
from ``holidays``, which computes them by rule for any year it supports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache


@dataclass(frozen=True)
class CalendarYear:
    """One calendar's closed days and extra working days in one year."""

    closed: frozenset[date]
    extra_open: frozenset[date]
    # None when the library has the official data for this year; otherwise a short reason.
    estimate_note: str | None = None


@dataclass(frozen=True)
class CoverageNote:
    """A year for which a calendar is only estimated, shown to users instead of guessing silently."""

    calendar: str
    year: int
    reason: str


def is_known_calendar(name: str) -> bool:
    if name == "CN":
        return True
    country, _, subdiv = name.partition("-")
    if country not in _country_codes():
        return False
    if not subdiv:
        return True
    import holidays

    try:
        holidays.country_holidays(country, subdiv=subdiv, years=[])
    except (NotImplementedError, ValueError):
        return False
    return True


def calendar_year(name: str, year: int) -> CalendarYear:
    """Closed and extra-open dates of calendar ``name`` in ``year`` (cached)."""
    if name == "CN":
        return _china_year(year)
    return _holidays_year(name, year)


@cache
def _country_codes() -> frozenset[str]:
    # the registry lists codes without importing every country's module (fast start-up)
    from holidays.registry import COUNTRIES

    return frozenset(names[1] for names in COUNTRIES.values())


@cache
def _china_known_years() -> tuple[int, int]:
    import chinese_calendar.constants as cc

    years = {d.year for d in cc.holidays} | {d.year for d in cc.workdays}
    return min(years), max(years)


@cache
def _china_year(year: int) -> CalendarYear:
    first, last = _china_known_years()
    if first <= year <= last:
        import chinese_calendar.constants as cc

        closed = frozenset(d for d in cc.holidays if d.year == year)
        extra = frozenset(d for d in cc.workdays if d.year == year)
        return CalendarYear(closed, extra)
    estimate = _holidays_year("CN", year)
    import chinese_calendar

    reason = (
        f"chinese-calendar {getattr(chinese_calendar, '__version__', '')} knows {first}-{last}; "
        f"{year} uses the rule-based holidays of the `holidays` library, without make-up days"
    ).replace("  ", " ")
    return CalendarYear(estimate.closed, frozenset(), reason)


@cache
def _holidays_year(name: str, year: int) -> CalendarYear:
    import holidays

    country, _, subdiv = name.partition("-")
    cls = holidays.country_holidays(country, subdiv=subdiv or None, years=[]).__class__
    end_year = getattr(cls, "end_year", 9999)
    start_year = getattr(cls, "start_year", 1)
    if not start_year <= year <= end_year:
        reason = f"the holidays library covers {name} for {start_year}-{end_year} only"
        return CalendarYear(frozenset(), frozenset(), reason)
    days = holidays.country_holidays(country, subdiv=subdiv or None, years=[year])
    return CalendarYear(frozenset(d for d in days if d.year == year), frozenset())
