"""May this principal log an event on this case? Asked before an upload's body is read.

Adapters call :func:`authorize_event` before they read a request body that may carry files,
and again (with the version the body names) before they write any blob: a request refused
for access (404/403), a merged case or a stale version never puts bytes on disk.
:func:`sellerdesk.services.cases.log_event` checks all of it once more inside its transaction.
"""

from __future__ import annotations

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services.access import check_write
from sellerdesk.services.cases.errors import not_found
from sellerdesk.services.tracker import read_transaction
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.session import Session, sessionmaker


def authorize_event(
    *,
    sessions: sessionmaker[Session],
    case_id: int,
    principal: Principal | None,
    expected_version: int | None = None,
) -> None:
    """NotFound (no such case, or its store not granted), Forbidden (read-only), InvalidInput
    (merged case) or Conflict (stale version); nothing when the event may be logged."""
    with read_transaction(sessions) as session:
        case = case_rows.get(session, case_id)
        if case is None:
            raise not_found(case_id)
        check_write(principal, case.store_id, lambda: not_found(case_id))
        if case.status == "merged":
            raise InvalidInput.of(
                "event.case_merged", field="case_id", case_id=case.id, into=case.merged_into_id
            )
        if expected_version is not None and expected_version != case.version:
            raise Conflict.of(
                "case.stale",
                field="expected_version",
                case_id=case_id,
                seen=expected_version,
                current=case.version,
            )
