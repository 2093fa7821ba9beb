"""What the POA linter knows of a plan's case beyond the plan: the languages Amazon's team
for its marketplace works in, and the files attached to the case (``case lint`` on a plan
file that names its case asks the latter; the service's own reads pass them directly)."""

from __future__ import annotations

from sellerdesk.core.access import Principal
from sellerdesk.core.coach.data import load_coach_data
from sellerdesk.services import access
from sellerdesk.storage.repositories import attachments as attachment_rows
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.session import SessionFactory, read_transaction


def team_languages(marketplace: str) -> tuple[str, ...] | None:
    """The languages Amazon's team for ``marketplace`` works in (the coach's shipped
    marketplace data, the same the coach's language check reads); None when unknown."""
    entry = load_coach_data().marketplaces.get(marketplace.strip().upper())
    return (tuple(entry.words("languages")) or None) if entry is not None else None


def case_attachments(
    sessions: SessionFactory, case_id: int, principal: Principal | None = None
) -> tuple[str, ...] | None:
    """The names of the files attached to the case; None when there is no such case (or
    it may not be read): the linter then says nothing of attachments."""
    with read_transaction(sessions) as session:
        case = case_rows.get(session, case_id)
        if case is None or not access.can_read(principal, case.store_id):
            return None
        return tuple(attachment_rows.file_names_on_case(session, case_id))
