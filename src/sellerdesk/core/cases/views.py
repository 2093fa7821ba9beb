"""The case list's views (My cases, Unassigned, Breaching soon, …) and sorts, as pure rules.

A view is a named filter: :func:`view_filter` turns its name into the columns and bounds
the list query applies, given who asks, "now" and the team's zone (a week starts on Monday
there). The web's left-hand list, ``GET /api/v1/cases?view=`` and ``case list --view`` all
read this one definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sellerdesk.core.cases.status import OPEN_STATUSES, STATUSES
from sellerdesk.core.errors import InvalidInput

VIEWS = (
    "mine",
    "unassigned",
    "breaching-soon",
    "needs-action",
    "waiting-amazon",
    "resolved-week",
)

# How far ahead "Breaching soon" looks. A day, not a rule of Amazon's (so not in
# rules.toml, whose entries are sourced facts): a case due tomorrow morning must show up
# before the team leaves tonight. Overdue cases stay in the view: they need action most.
BREACHING_SOON = timedelta(hours=24)

# the list's sortable columns (``next_breach`` is the default: soonest first)
SORTS = ("next_breach", "updated", "assignee", "priority", "status", "marketplace")
PRIORITIES = ("urgent", "high", "normal")  # most pressing first: the priority sort's order
# "no assignee" as a filter value (a user name has no spaces at its ends: never this)
UNASSIGNED = "-"


@dataclass(frozen=True)
class ViewFilter:
    """What a view keeps. ``assignee``: exactly that user's (``UNASSIGNED``: nobody's);
    ``statuses``: one of those; ``breach_by``: a running clock due by then (overdue too);
    ``resolved_since``: resolved at or after then."""

    assignee: str | None = None
    statuses: tuple[str, ...] | None = None
    breach_by: datetime | None = None
    resolved_since: datetime | None = None


def check_view(view: str, field: str = "view") -> str:
    if view not in VIEWS:
        raise InvalidInput.of(
            "case_views.bad_view", field=field, value=view, views=", ".join(VIEWS)
        )
    return view


def check_sort(sort: str, field: str = "sort") -> str:
    if sort not in SORTS:
        raise InvalidInput.of(
            "case_views.bad_sort", field=field, value=sort, sorts=", ".join(SORTS)
        )
    return sort


def week_start(now: datetime, zone: tzinfo) -> datetime:
    """Monday 00:00 of ``now``'s week on the wall clock of ``zone`` (aware, in that zone)."""
    local = now.astimezone(zone)
    monday = (local - timedelta(days=local.weekday())).date()
    return datetime(monday.year, monday.month, monday.day, tzinfo=zone)


def soon_bound(now: datetime) -> datetime:
    """The "Breaching soon" bound: ``now`` + :data:`BREACHING_SOON`, up to the next whole
    minute, so that the view (and its count) is one value for a minute and can be kept
    in the list cache under it; a case is in the view a minute early at most."""
    bound = now + BREACHING_SOON
    whole = bound.replace(second=0, microsecond=0)
    return whole if whole == bound else whole + timedelta(minutes=1)


def view_filter(view: str, *, me: str, now: datetime, zone: tzinfo) -> ViewFilter:
    """The filter of ``view`` for the user named ``me`` at ``now`` (the team's ``zone``)."""
    check_view(view)
    if view == "mine":
        return ViewFilter(assignee=me, statuses=OPEN_STATUSES)
    if view == "unassigned":
        return ViewFilter(assignee=UNASSIGNED, statuses=OPEN_STATUSES)
    if view == "breaching-soon":
        return ViewFilter(breach_by=soon_bound(now))
    if view == "resolved-week":
        return ViewFilter(resolved_since=week_start(now, zone))
    assert view in STATUSES  # needs-action, waiting-amazon: the status of that name
    return ViewFilter(statuses=(view,))
