"""What follows a case change: its two clocks and its reminders, kept in step with its status
history; and the reminders' life after that (claimed once, delivered as a note, listed).

* :func:`refresh` — after every case change: read the status history once, derive both
  clocks from it, store ``waiting_on``, ``clock_started_at`` and ``next_breach_at``, and
  bring the case's reminders in line (add the ones it now needs, cancel pending ones whose
  condition went away).
* :func:`claim_due` — a worker takes due reminders, each by a conditional UPDATE, and
  commits; two workers never both get one. A claim older than :data:`LEASE` that was never
  completed (a crashed worker) may be taken again.
* :func:`deliver` — write the note on the case and mark the reminder done, in one transaction.
* :func:`due_list` — what is due now (``sellerdesk remind --due``).

Status moves are recorded as events with ``direction = "status"`` and
``data = {"from": old, "to": new}``; who the case waits on follows from the status
(:data:`sellerdesk.core.cases.status.WAITING_ON`). A reminder's stored ``due_at`` is the fire
instant: the condition's instant moved into team hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sellerdesk.core.access import Principal
from sellerdesk.core.cases import reminders as rules
from sellerdesk.core.cases.clocks import ClockState, Transition, next_breach
from sellerdesk.core.i18n import t
from sellerdesk.services.alerts import triggers as alert_triggers
from sellerdesk.services.cases.clocks import StatusMoves, clock_states_of, transitions
from sellerdesk.services.cases.records import record
from sellerdesk.services.tracker import TrackerContext, read_transaction, transaction
from sellerdesk.storage.records import CaseRow, EventRow, ReminderRow
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import events as event_rows
from sellerdesk.storage.repositories import reminders as repo
from sellerdesk.storage.session import Session, sessionmaker

KINDS = rules.KINDS
LEASE = timedelta(minutes=10)


@dataclass(frozen=True)
class Reminder:
    id: int
    case_id: int
    kind: str
    due_at: datetime
    claimed_at: datetime | None
    claimed_by: str | None
    done_at: datetime | None

    @property
    def cancelled(self) -> bool:
        return self.claimed_by == repo.CANCELLED

    @classmethod
    def of(cls, row: ReminderRow) -> Reminder:
        return cls(
            row.id, row.case_id, row.kind, row.due_at, row.claimed_at, row.claimed_by, row.done_at
        )


@dataclass(frozen=True)
class Delivery:
    reminder: Reminder
    case_subject: str
    text: str  # the note written on the case


@dataclass(frozen=True)
class DueReminder:
    reminder: Reminder
    case_subject: str
    case_status: str
    overdue_by: timedelta  # wall-clock time since the fire instant (negative: upcoming)
    team_open: bool  # False: it waits for the team's next opening to be delivered
    case_assignee: str | None = None


def transitions_of(session: Session, case_id: int) -> list[Transition]:
    return transitions(event_rows.status_moves(session, case_id))


def not_before_last_move(session: Session, case_id: int, at: datetime) -> datetime:
    """When a status move dated ``at`` is written: never before the case's last move, so the
    clocks' history stays in order (a reply sent before a later move is filed after it)."""
    return max([at, *(t.at for t in transitions_of(session, case_id))])


def states_of(
    session: Session, case: CaseRow, *, now: datetime, ctx: TrackerContext
) -> dict[str, ClockState]:
    """Both clocks of the case as of ``now`` (read-only: nothing is stored)."""
    return clock_states_of(ctx, case.desk, event_rows.status_moves(session, case.id), now)


def refresh(
    session: Session, ctx: TrackerContext, case: CaseRow, now: datetime
) -> dict[str, ClockState]:
    """Recompute the clocks from the status history (read once), store ``waiting_on``,
    ``clock_started_at``, ``next_breach_at``, and bring the case's reminders in line."""
    session.flush()  # the status event just added must be visible to the query
    moves = event_rows.status_moves(session, case.id)
    states = clock_states_of(ctx, case.desk, moves, now)
    running = next((s for s in states.values() if s.running), None)
    case.waiting_on = running.side if running else None
    case.clock_started_at = running.started_at if running else None
    case.next_breach_at = next_breach(states)
    resolved = _last_resolved(moves, case) if case.status == "resolved" else None
    schedule_reminders(session, ctx, case, now, states=states, resolved_at=resolved)
    return states


def _last_resolved(moves: StatusMoves, case: CaseRow) -> datetime | None:
    """When the case last moved to ``resolved`` (its status history), else its stored stamp."""
    for at, data in reversed(moves):
        if data.get("to") == "resolved":
            return at
    return case.resolved_at


def auto_close_after(ctx: TrackerContext) -> timedelta:
    return ctx.rules.resolved_auto_close.after


def schedule_reminders(
    session: Session,
    ctx: TrackerContext,
    case: CaseRow,
    now: datetime,
    *,
    states: dict[str, ClockState],
    resolved_at: datetime | None = None,
) -> list[Reminder]:
    """Bring the case's reminders in line with ``states``; the pending ones, by due time.

    Unique per (case, kind, due_at): an existing row is kept (a delivered one is not sent
    again), a cancelled one revived. Pending rows no longer wanted are cancelled.
    """
    want = rules.wanted(
        states,
        status=case.status,
        resolved_at=resolved_at,
        team=ctx.team,
        auto_close=auto_close_after(ctx),
    )
    rows = repo.for_case(session, case.id)
    kept: list[ReminderRow] = []
    for kind, due in want.items():
        row = next((r for r in rows if r.kind == kind and r.due_at == due), None)
        if row is None:
            row = repo.add(session, case_id=case.id, kind=kind, due_at=due, now=now)
        elif row.claimed_by == repo.CANCELLED:
            repo.revive(row)
        kept.append(row)
    for row in rows:
        if row.done_at is None and all(row is not k for k in kept):
            repo.cancel(row, now=now)
    session.flush()
    pending = [Reminder.of(r) for r in kept if r.done_at is None]
    return sorted(pending, key=lambda r: r.due_at)


def claim_due(
    sessions: sessionmaker[Session],
    *,
    now: datetime,
    worker_id: str,
    limit: int = 50,
    lease: timedelta = LEASE,
    ctx: TrackerContext | None = None,
) -> list[Reminder]:
    """Claim up to ``limit`` due reminders for ``worker_id`` and commit; the ones we got.

    With ``ctx``, nothing is claimed while the team is off work (the fire time was moved
    into team hours, but a worker that was down may only catch up once the team is back).
    """
    if ctx is not None and not ctx.team.is_open(now):
        return []
    stale = now - lease
    with transaction(sessions) as session:
        ids = repo.claimable_ids(session, now=now, stale_before=stale, limit=limit)
        won = [
            i
            for i in ids
            if repo.try_claim(session, i, now=now, worker_id=worker_id, stale_before=stale)
        ]
        return [Reminder.of(r) for r in repo.by_ids(session, won)]


def complete(session: Session, reminder_id: int, *, now: datetime, worker_id: str) -> bool:
    """Mark a claimed reminder done; False when the claim was lost or it was cancelled."""
    return repo.mark_done(session, reminder_id, now=now, worker_id=worker_id)


def message(reminder: Reminder, case: CaseRow, *, ctx: TrackerContext, lang: str) -> str:
    """The reminder in words, e.g. "reminder: Amazon has not replied for 24 business hours"."""
    params = {
        "hours": _number(ctx.amazon_budget / timedelta(hours=1)),
        "team_hours": _number(ctx.team_budget / timedelta(hours=1)),
        "days": _number(auto_close_after(ctx) / timedelta(days=1)),
        "case": case.id,
        "subject": case.subject,
    }
    return t(f"remind.{reminder.kind}", lang, **params)


def _number(value: float) -> str:
    return f"{value:g}"


def deliver(
    sessions: sessionmaker[Session],
    reminder: Reminder,
    *,
    now: datetime,
    ctx: TrackerContext,
    worker_id: str,
    lang: str = "en",
) -> Delivery | None:
    """Write the reminder as a note on its case and mark it done, atomically.

    Returns what was written, or None when the claim was lost or the reminder cancelled
    meanwhile (nothing is written then).
    """
    with transaction(sessions) as session:
        case = case_rows.get(session, reminder.case_id)
        if case is None or not complete(session, reminder.id, now=now, worker_id=worker_id):
            return None  # nothing was written: the commit is empty
        text = message(reminder, case, ctx=ctx, lang=lang)
        data = {
            "reminder_id": reminder.id,
            "kind": reminder.kind,
            "due_at": reminder.due_at.isoformat(),
        }
        author = f"worker:{worker_id}"[:80]
        note = event_rows.add(
            session,
            EventRow(
                case_id=case.id,
                direction="note",
                channel=None,
                author=author,
                occurred_at=now,
                recorded_at=now,
                body=text,
                data=data,
            ),
        )
        # like any other event: searchable, and audited. The case's version stays: a note
        # changes no field a person edits, and must not refuse a change made meanwhile
        case.search_text = f"{case.search_text}\n{text}"
        detail = {"event_id": note.id, "reminder_id": reminder.id, "kind": reminder.kind}
        record(session, case.id, "remind", now=now, ctx=ctx, detail=detail, actor=author)
        alert_triggers.reminder_due(session, case, reminder_id=reminder.id, text=text, now=now)
        return Delivery(reminder, case.subject, text)


def due_list(
    session: Session,
    *,
    now: datetime,
    ctx: TrackerContext,
    upcoming: bool = False,
    principal: Principal | None = None,
) -> list[DueReminder]:
    """Pending reminders whose fire instant has come (all pending ones with ``upcoming``);
    with a ``principal``, only those of cases in the stores it may read."""
    team_open = ctx.team.is_open(now)
    store_ids = None if principal is None else principal.readable_store_ids
    found = repo.pending_with_cases(session, due_by=None if upcoming else now, store_ids=store_ids)
    return [
        DueReminder(Reminder.of(r), c.subject, c.status, now - r.due_at, team_open, c.assignee)
        for r, c in found
    ]


def reminders_due(
    sessions: sessionmaker[Session],
    *,
    now: datetime,
    ctx: TrackerContext,
    upcoming: bool = False,
    principal: Principal | None = None,
) -> list[DueReminder]:
    """:func:`due_list` in its own read transaction (for adapters that hold no session)."""
    with read_transaction(sessions) as session:
        return due_list(session, now=now, ctx=ctx, upcoming=upcoming, principal=principal)
