"""What every change to a case shares: load it at the version the caller read, move its
status with a status event, write the audit row, keep ``search_text`` whole."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.status import check_move
from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services.access import check_write
from sellerdesk.services.alerts import triggers as alert_triggers
from sellerdesk.services.cases.errors import not_found
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.records import CaseRow, EventRow
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import events as event_rows
from sellerdesk.storage.session import Session


def check_choice(value: str, allowed: Sequence[str], field: str) -> str:
    """``value`` when it is one of ``allowed``; refused naming ``field`` otherwise."""
    if value not in allowed:
        raise InvalidInput.of(
            "case.not_allowed_here", field=field, value=value, allowed=", ".join(allowed)
        )
    return value


def load(session: Session, case_id: int, *, field: str = "case_id") -> CaseRow:
    row = case_rows.get(session, case_id)
    if row is None:
        raise not_found(case_id, field)
    return row


def load_for_change(
    session: Session,
    case_id: int,
    *,
    now: datetime,
    expected_version: int | None = None,
    field: str = "case_id",
    principal: Principal | None = None,
) -> CaseRow:
    """The case, its version already moved on; Conflict when it is not the version expected.

    The version is claimed with a conditional UPDATE, so two writers that read the same
    version cannot both succeed, whatever the isolation level. A ``principal`` must be
    allowed to write the case's store (a store not granted: not found).
    """
    case = case_rows.get_for_update(session, case_id)
    if case is None:
        raise not_found(case_id, field)
    check_write(principal, case.store_id, lambda: not_found(case_id, field))
    read = case.version
    if expected_version is not None and expected_version != read:
        raise _stale(case_id, expected_version, read)
    if not case_rows.claim_version(session, case, read_version=read, now=now):
        raise _stale(case_id, read, case_rows.current_version(session, case_id) or read)
    return case


def _stale(case_id: int, seen: int, current: int) -> Conflict:
    return Conflict.of(
        "case.stale", field="expected_version", case_id=case_id, seen=seen, current=current
    )


def move_status(
    session: Session,
    case: CaseRow,
    target: str,
    *,
    at: datetime,
    now: datetime,
    ctx: TrackerContext,
    extra: dict[str, Any] | None = None,
    alert: bool = True,
) -> None:
    """Check the move, record it as a status event (the clocks' history) and apply it;
    ``alert`` False: the move sends no alert (made by old mail read in)."""
    has_case_id = bool(case_rows.amazon_case_ids_of(session, case.id))
    check_move(case.status, target, has_case_id=has_case_id)
    moved = event_rows.add(
        session,
        EventRow(
            case_id=case.id,
            direction="status",
            channel=None,
            author=ctx.actor,
            occurred_at=at,
            recorded_at=now,
            body="",
            data={"from": case.status, "to": target, **(extra or {})},
        ),
    )
    case.status = target
    if target == "needs-action" and alert:  # its alert commits with the move, or neither
        alert_triggers.needs_action(session, case, event_id=moved.id, now=now)
    if target == "resolved":
        case.resolved_at = at
    elif target == "reopened":
        case.resolved_at = None


def record(
    session: Session,
    case_id: int,
    action: str,
    *,
    now: datetime,
    ctx: TrackerContext,
    detail: dict[str, Any] | None = None,
    actor: str | None = None,
) -> None:
    """The audit row of a change (``actor``: who did it, when not the context's actor)."""
    audit.record(
        session,
        at=now,
        actor=actor or ctx.actor,
        entity="case",
        entity_id=case_id,
        action=action,
        detail=detail or {},
    )


def search_text(
    subject: str, body: dict[str, Any], identifiers: Sequence[str], more: Sequence[str] = ()
) -> str:
    """Subject, body, identifiers and event bodies: the text the search helper indexes."""
    parts = [subject, body.get("description", ""), body.get("expected", ""), body.get("actual", "")]
    parts += list(body.get("steps", [])) + list(body.get("error_codes", []))
    parts += [e.get("what", "") for e in body.get("timeline", [])]
    parts += [*identifiers, *more]
    return "\n".join(p for p in parts if p)


def rebuild_search_text(session: Session, case: CaseRow) -> None:
    identifiers = [v for _, v in case_rows.identifiers_of(session, case.id)]
    identifiers += case_rows.amazon_case_ids_of(session, case.id)
    case.search_text = search_text(
        case.subject, case.body, identifiers, event_rows.bodies_of(session, case.id)
    )
