"""The case domain: the use cases the adapters call and the read models they get back.

One module per kind of work (``create``, ``read``, ``edit``, ``move``, ``events``, ``files``,
``followups``), with ``models`` (the frozen views) and ``records`` (what every change
shares: load at a version, status event, audit row, search text). Adapters call the names
below, e.g. ``cases.create``, ``cases.show``, ``cases.move``; the follow-ups (clocks and
reminders) are ``cases.followups``.
"""

from __future__ import annotations

from sellerdesk.services.cases import followups
from sellerdesk.services.cases.create import (
    LISTED_MATCHES,
    PRIORITIES,
    DuplicateConflict,
    DuplicateMatch,
    check_subject,
    create,
    find_duplicates,
    shortlist,
)
from sellerdesk.services.cases.edit import EDITABLE, edit
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
from sellerdesk.services.cases.move import SUBMIT_CHANNELS, move
from sellerdesk.services.cases.read import list_cases, show

__all__ = [
    "DIRECTIONS",
    "EDITABLE",
    "EVENT_CHANNELS",
    "LISTED_MATCHES",
    "MAX_BODY",
    "PRIORITIES",
    "SUBMIT_CHANNELS",
    "AttachmentView",
    "CaseFile",
    "CaseView",
    "ClockView",
    "DuplicateConflict",
    "DuplicateMatch",
    "EventView",
    "Outcome",
    "assign",
    "attachment_of_case",
    "check_subject",
    "create",
    "edit",
    "find_duplicates",
    "followups",
    "list_cases",
    "log_event",
    "move",
    "shortlist",
    "show",
    "tag",
]
