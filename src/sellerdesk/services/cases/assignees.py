"""Who may own a case: the rule ``case assign``, ``PATCH /api/v1/cases/{id}`` and the web's
assignee forms share. The owner is a user who exists, is enabled and may work on the
case's store: an admin, or an agent granted the store (a viewer reads, so never owns).
No owner ("unassigned") is always allowed."""

from __future__ import annotations

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.access import check_write
from sellerdesk.services.cases.errors import not_found
from sellerdesk.services.cases.records import load
from sellerdesk.storage.repositories import assignees as assignee_rows
from sellerdesk.storage.repositories import users as user_rows
from sellerdesk.storage.session import Session, read_transaction, sessionmaker

MAX_NAME = 80


def clean_assignee(value: str | None) -> str | None:
    """The name as typed, spaces tidied; None (or blank): no owner."""
    name = " ".join((value or "").split())
    if len(name) > MAX_NAME:
        raise InvalidInput.of("case.bad_assignee", field="assignee", value=value)
    return name or None


def check_assignee(session: Session, store_id: int, value: str | None) -> str | None:
    """``value`` as the owner of a case of ``store_id`` (None: unassigned), or the reason
    not, naming the field ``assignee``."""
    name = clean_assignee(value)
    if name is None:
        return None
    user = user_rows.get_by_name(session, name)
    if user is None:
        raise InvalidInput.of("case_views.assignee_unknown", field="assignee", name=name)
    if not user.active:
        raise InvalidInput.of("case_views.assignee_disabled", field="assignee", name=name)
    if user.role == "viewer":
        raise InvalidInput.of("case_views.assignee_viewer", field="assignee", name=name)
    if user.role != "admin" and not assignee_rows.has_grant(session, user.id, store_id):
        raise InvalidInput.of("case_views.assignee_no_store", field="assignee", name=name)
    return name


def assignable(
    *, sessions: sessionmaker[Session], case_id: int, principal: Principal | None = None
) -> tuple[str, ...]:
    """The names a case may be assigned to (the case page's choice), by name; offered only
    to whom may set it (a viewer of the store: Forbidden, anyone else without it: NotFound)."""
    with read_transaction(sessions) as session:
        case = load(session, case_id)
        check_write(principal, case.store_id, lambda: not_found(case_id))
        return tuple(assignee_rows.names_for_stores(session, [case.store_id]))


def people(
    *, sessions: sessionmaker[Session], principal: Principal | None = None
) -> tuple[str, ...]:
    """Everyone who may own a case the ``principal`` can read (the list's assignee filter
    and bulk assign), by name."""
    readable = principal.readable_store_ids if principal is not None else None
    with read_transaction(sessions) as session:
        return tuple(assignee_rows.names_for_stores(session, readable))
