"""The case domain: the use cases the adapters call and the read models they get back.

One module per kind of work (``creating``, ``read``, ``editing``, ``moving``, ``events``,
``files``, ``followups``), with ``models`` (the frozen views) and ``records`` (what every change
shares: load at a version, status event, audit row, search text). Adapters call the names
below, e.g. ``cases.create``, ``cases.show``, ``cases.move``; the follow-ups (clocks and
reminders) are ``cases.followups``.

The names are imported when first used (PEP 562): ``case list`` and ``case show`` load only
``read`` and what it needs, not the writes and the ORM they bring (``tests/cli/
test_light_paths.py``). The imports under ``TYPE_CHECKING`` are the same names for mypy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sellerdesk.services.cases import followups
    from sellerdesk.services.cases.assignees import assignable, check_assignee, people
    from sellerdesk.services.cases.bulk import BulkFailure, BulkResult, bulk_change
    from sellerdesk.services.cases.creating import (
        LISTED_MATCHES,
        PRIORITIES,
        DuplicateConflict,
        DuplicateMatch,
        check_subject,
        create,
        find_duplicates,
        shortlist,
    )
    from sellerdesk.services.cases.editing import EDITABLE, edit
    from sellerdesk.services.cases.events import (
        DIRECTIONS,
        EVENT_CHANNELS,
        MAX_BODY,
        assign,
        log_event,
        tag,
    )
    from sellerdesk.services.cases.files import CaseFile, attachment_of_case
    from sellerdesk.services.cases.models import (
        AttachmentView,
        CaseView,
        ClockView,
        EventView,
        Outcome,
    )
    from sellerdesk.services.cases.moving import SUBMIT_CHANNELS, move
    from sellerdesk.services.cases.read import ViewCount, list_cases, show, view_counts

# each name and the module of this package that defines it (a module's own name: the module)
_HOMES = {
    "followups": "followups",
    "assignable": "assignees",
    "check_assignee": "assignees",
    "people": "assignees",
    "BulkFailure": "bulk",
    "BulkResult": "bulk",
    "bulk_change": "bulk",
    "LISTED_MATCHES": "creating",
    "PRIORITIES": "creating",
    "DuplicateConflict": "creating",
    "DuplicateMatch": "creating",
    "check_subject": "creating",
    "create": "creating",
    "find_duplicates": "creating",
    "shortlist": "creating",
    "EDITABLE": "editing",
    "edit": "editing",
    "DIRECTIONS": "events",
    "EVENT_CHANNELS": "events",
    "MAX_BODY": "events",
    "assign": "events",
    "log_event": "events",
    "tag": "events",
    "CaseFile": "files",
    "attachment_of_case": "files",
    "AttachmentView": "models",
    "CaseView": "models",
    "ClockView": "models",
    "EventView": "models",
    "Outcome": "models",
    "SUBMIT_CHANNELS": "moving",
    "move": "moving",
    "list_cases": "read",
    "ViewCount": "read",
    "view_counts": "read",
    "show": "read",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module(f"{__name__}.{home}")
    value = module if home == name else getattr(module, name)  # "followups" is a module
    globals()[name] = value  # the next lookup is a plain global
    return value


__all__ = [
    "DIRECTIONS",
    "EDITABLE",
    "EVENT_CHANNELS",
    "LISTED_MATCHES",
    "MAX_BODY",
    "PRIORITIES",
    "SUBMIT_CHANNELS",
    "AttachmentView",
    "BulkFailure",
    "BulkResult",
    "CaseFile",
    "CaseView",
    "ClockView",
    "DuplicateConflict",
    "DuplicateMatch",
    "EventView",
    "Outcome",
    "ViewCount",
    "assign",
    "assignable",
    "attachment_of_case",
    "bulk_change",
    "check_assignee",
    "check_subject",
    "create",
    "edit",
    "find_duplicates",
    "followups",
    "list_cases",
    "log_event",
    "move",
    "people",
    "shortlist",
    "show",
    "tag",
    "view_counts",
]
