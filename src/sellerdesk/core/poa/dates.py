"""The date of a POA's action or measure, as a reviewer reads it.

A reviewer checks a date against Amazon's own records, so it must be one day: with its year
(``12月3日`` or ``Dec 3`` could be any year), on the calendar (not ``2026-02-30``), and not
words (``next week``, ``soon``). A year-first date is read as year, month, day whatever its
separator (``2026/12/02``, ``2026.12.2``, ``2026年12月2日``) and shown as Seller Desk shows
every date, ``2026-12-02``. Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sellerdesk.core.coach import detect

_YEAR_FIRST = re.compile(
    r"(?<!\d)(20\d{2}|19\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})"
    r"(?:\s*[日号])?(?!\d)"
)
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|/\d{2}$")


@dataclass(frozen=True, slots=True)
class DateProblem:
    code: str  # poa-bad-date | poa-date-no-year | poa-not-a-date
    value: str  # the date (or the words) as written


def _day(found: re.Match[str]) -> date | None:
    year, month, day = (int(g) for g in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_problem(text: str) -> DateProblem | None:
    """What keeps ``text`` (an action's date, "from 2026-12-01" for a measure) from being
    one day a reviewer can check; None when it is one. Empty text is the caller's case."""
    year_first = list(_YEAR_FIRST.finditer(text))
    for found in year_first:
        if _day(found) is None:
            return DateProblem("poa-bad-date", found.group(0))
    if year_first:
        return None
    written = detect.first_date(text)
    if written is None:
        return DateProblem("poa-not-a-date", text.strip())
    if not _HAS_YEAR.search(written):
        return DateProblem("poa-date-no-year", written)
    return None


def shown(text: str) -> str:
    """``text`` with each year-first day written as Seller Desk shows dates (2026-12-02)."""

    def iso(found: re.Match[str]) -> str:
        day = _day(found)
        return day.isoformat() if day else found.group(0)

    return _YEAR_FIRST.sub(iso, text)
