"""``doctor-contact``: gather a store's and a case's facts, then run the seed's S20 checks.

Read-only: the checks never change the store. The topic of a case is judged by the case
coach's route (seller-support, self-service or third-party) on its subject and body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sellerdesk.core.coach.classify import suggest
from sellerdesk.core.coach.data import CoachData
from sellerdesk.core.coach.draft import Draft, TimelineEntry
from sellerdesk.core.contact.doctor import (
    CaseFacts,
    Check,
    Outcome,
    OutgoingRecord,
    StoreFacts,
    run_checks,
)
from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.services.stores import store_named
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.records import CaseRow, StoreRow
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import contact as contact_rows
from sellerdesk.storage.repositories import health as health_rows
from sellerdesk.storage.repositories import stores as store_rows
from sellerdesk.storage.session import Session, SessionFactory

CHANNEL_CHECK_CASES = 200  # newest open cases whose outgoing records the channel check reads
WAITING_SHOWN = 10

RouteOf = Callable[[CaseRow], str | None]


def coach_route(data: CoachData) -> RouteOf:
    """The case coach's route for a stored case, from its subject and structured body."""

    def route(row: CaseRow) -> str:
        body = row.body or {}
        draft = Draft(
            category=row.category or "",
            subject=row.subject,
            description=str(body.get("description", "")),
            timeline=[
                TimelineEntry(str(e.get("at", "")), str(e.get("what", "")))
                for e in body.get("timeline", [])
                if isinstance(e, dict)
            ],
            error_codes=[str(c) for c in body.get("error_codes", [])],
            steps=[str(s) for s in body.get("steps", [])],
            expected=str(body.get("expected", "")),
            actual=str(body.get("actual", "")),
        )
        return suggest(draft, data).route

    return route


AccountStatusOf = Callable[[Session, StoreRow], str | None]


def diagnose(
    session: Session,
    *,
    ctx: TrackerContext,
    store: str | None = None,
    case_id: int | None = None,
    route_of: RouteOf | None = None,
    account_status_of: AccountStatusOf | None = None,
) -> list[Check]:
    """The four checks for a store, a case, or a case within its store."""
    if store is None and case_id is None:
        raise InvalidInput.of("doctor.nothing_to_check", field="store/case")
    case_row = _case(session, case_id) if case_id is not None else None
    store_row = _store(session, store, case_row)
    store_facts = None
    if store_row is not None:
        status = (account_status_of or latest_account_status)(session, store_row)
        store_facts = StoreFacts(store_row.name, store_row.selling_plan, store_row.verified, status)
    if case_row is not None:
        facts = _case_facts(session, [case_row], route_of)
        return run_checks(store=store_facts, case=facts[0], rules=ctx.rules)
    assert store_row is not None
    open_rows = contact_rows.open_cases(session, store_row.id, limit=CHANNEL_CHECK_CASES)
    return run_checks(
        store=store_facts,
        case=None,
        store_cases=_case_facts(session, open_rows, None),
        waiting_cases=contact_rows.waiting_on_team(session, store_row.id, limit=WAITING_SHOWN),
        rules=ctx.rules,
    )


def diagnose_in(
    sessions: SessionFactory,
    *,
    ctx: TrackerContext,
    store: str | None = None,
    case_id: int | None = None,
    route_of: RouteOf | None = None,
) -> list[Check]:
    """:func:`diagnose` in a transaction of its own (the ``doctor-contact`` command)."""
    with transaction(sessions) as session:
        return diagnose(session, ctx=ctx, store=store, case_id=case_id, route_of=route_of)


_STATUS_ORDER = ("DEACTIVATED", "SUSPENDED", "AT_RISK")  # worst first; others read as fine


def latest_account_status(session: Session, store: StoreRow) -> str | None:
    """The worst account status of the newest health reading that states one (any market)."""
    for row in health_rows.snapshots(session, store.id, limit=20):
        statuses = [
            str(entry["account_status"])
            for entry in row.metrics.get("marketplaces", [])
            if entry.get("account_status")
        ]
        if statuses:
            bad = [s for s in _STATUS_ORDER if s in statuses]
            return bad[0] if bad else statuses[0]
    return None


def _case(session: Session, case_id: int) -> CaseRow:
    row = case_rows.get(session, case_id)
    if row is None:
        raise NotFound.of("case.not_found", field="case", case_id=case_id)
    return row


def _store(session: Session, name: str | None, case_row: CaseRow | None) -> StoreRow | None:
    if name is None:
        return store_rows.get(session, case_row.store_id) if case_row is not None else None
    row = store_named(session, name, field="store")
    if case_row is not None and case_row.store_id != row.id:
        raise InvalidInput.of(
            "doctor.case_elsewhere", field="case", case_id=case_row.id, store=row.name
        )
    return row


def _case_facts(session: Session, rows: list[CaseRow], route_of: RouteOf | None) -> list[CaseFacts]:
    ids = [row.id for row in rows]
    times = contact_rows.reply_times(session, ids)
    sent = contact_rows.outgoing(session, ids)
    out = []
    for row in rows:
        replies = times.get(row.id, {})
        out.append(
            CaseFacts(
                id=row.id,
                status=row.status,
                channel=row.channel,
                amazon_case_ids=case_rows.amazon_case_ids_of(session, row.id),
                last_reply_in=replies.get("in"),
                last_reply_out=replies.get("out"),
                outgoing=[OutgoingRecord(c, a, at) for c, a, at in sent.get(row.id, [])],
                route=route_of(row) if route_of else None,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class CheckView:
    """One check as the adapters show it: its message and fix in one language."""

    step: str
    outcome: Outcome
    reason: str  # the last part of the message key (``no_reply``)
    message: str
    fix: str | None  # only for a failed check (printed as null otherwise)


@dataclass(frozen=True, slots=True)
class DoctorReport:
    """``doctor-contact --json``: did every check pass, and each check."""

    passed: bool
    checks: tuple[CheckView, ...]

    @property
    def failed(self) -> int:
        return sum(c.outcome == "failed" for c in self.checks)


def report(checks: list[Check], messages: Callable[[str, dict[str, Any]], str]) -> DoctorReport:
    """The checks with their messages and fixes in one language.

    ``messages(key, params)`` renders a message; it gets the raw values (times as
    datetimes) so that the adapter shows them in the viewer's zone."""
    items = []
    for check in checks:
        params = dict(check.params)
        fix = messages(f"{check.reason}_fix", params) if check.outcome == "failed" else None
        items.append(
            CheckView(
                step=check.step,
                outcome=check.outcome,
                reason=check.reason.rsplit(".", 1)[-1],
                message=messages(check.reason, params),
                fix=fix,
            )
        )
    return DoctorReport(all(c.outcome != "failed" for c in checks), tuple(items))
