"""Reminders follow a case's clocks, fire in team hours, and are claimed exactly once.

Times as in tests/core/cases/test_clocks.py: desk ``na`` answers Mon-Fri 06:00-18:00 Los
Angeles (UTC-7 in April 2026); our team works Mon-Fri 09:00-18:00 Beijing (UTC+8).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.services import search as search_service
from sellerdesk.services.cases import followups
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.tables import CaseRow, EventRow, ReminderRow
from tests.services.reminder_fixtures import add_case, bj, la, make_context, move

SUBMITTED = la(17, 17)  # Amazon clock due Tue 21 Apr 17:00 LA = Wed 22 Apr 08:00 Beijing
ANSWERED = la(20, 10)  # team clock due Tue 21 Apr 17:00 Beijing


@pytest.fixture
def ctx(tmp_path):  # type: ignore[no-untyped-def]
    return make_context(tmp_path)


@pytest.fixture
def sessions(engine) -> sessionmaker[Session]:  # type: ignore[no-untyped-def]
    return sessionmaker(engine, expire_on_commit=False)


def submitted_case(sessions, ctx, *, subject: str = "Listing suppressed") -> int:  # type: ignore[no-untyped-def]
    with sessions.begin() as s:
        case = add_case(s, at=SUBMITTED, subject=subject)
        move(s, case, "submitted", SUBMITTED)
        followups.refresh(s, ctx, case, SUBMITTED)
        return case.id


def rows(sessions, case_id: int) -> list[ReminderRow]:  # type: ignore[no-untyped-def]
    with sessions() as s:
        return list(s.scalars(select(ReminderRow).where(ReminderRow.case_id == case_id)))


def pending(sessions, case_id: int) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    return [(r.kind, r.due_at) for r in rows(sessions, case_id) if r.done_at is None]


def test_a_submitted_case_gets_an_overdue_reminder_at_the_teams_next_opening(sessions, ctx):
    case_id = submitted_case(sessions, ctx)
    assert pending(sessions, case_id) == [("amazon-reply-overdue", bj(22, 9))]


def test_scheduling_twice_keeps_one_reminder(sessions, ctx):
    case_id = submitted_case(sessions, ctx)
    with sessions.begin() as s:
        case = s.get(CaseRow, case_id)
        followups.refresh(s, ctx, case, la(20, 8))
    assert len(rows(sessions, case_id)) == 1


def test_amazons_reply_cancels_the_overdue_reminder_and_schedules_our_answer(sessions, ctx):
    case_id = submitted_case(sessions, ctx)
    with sessions.begin() as s:
        case = s.get(CaseRow, case_id)
        move(s, case, "needs-action", ANSWERED)
        followups.refresh(s, ctx, case, ANSWERED)
    # due Tue 17:00 Beijing, one team hour of lead
    assert pending(sessions, case_id) == [("team-reply-due", bj(21, 16))]
    cancelled = [r for r in rows(sessions, case_id) if r.kind == "amazon-reply-overdue"]
    assert cancelled[0].done_at == ANSWERED
    assert cancelled[0].claimed_by == "(cancelled)"


def test_a_resolved_case_is_reminded_one_team_business_day_before_amazon_closes_it(sessions, ctx):
    case_id = submitted_case(sessions, ctx)
    resolved = bj(22, 10)  # Amazon would close it Wed 29 Apr 10:00 Beijing (rule: 7 days)
    with sessions.begin() as s:
        case = s.get(CaseRow, case_id)
        move(s, case, "resolved", resolved)
        followups.refresh(s, ctx, case, resolved)
    assert pending(sessions, case_id) == [("auto-close-soon", bj(28, 9))]


def test_a_closed_case_has_no_pending_reminder(sessions, ctx):
    case_id = submitted_case(sessions, ctx)
    with sessions.begin() as s:
        case = s.get(CaseRow, case_id)
        move(s, case, "closed", la(20, 8))
        followups.refresh(s, ctx, case, la(20, 8))
    assert pending(sessions, case_id) == []


def test_a_cancelled_reminder_comes_back_when_its_condition_returns(sessions, ctx):
    case_id = submitted_case(sessions, ctx)
    with sessions.begin() as s:
        case = s.get(CaseRow, case_id)
        followups.schedule_reminders(s, ctx, case, la(20, 8), states={})  # no clock runs
    assert pending(sessions, case_id) == []
    with sessions.begin() as s:
        case = s.get(CaseRow, case_id)
        followups.refresh(s, ctx, case, la(20, 9))
    assert pending(sessions, case_id) == [("amazon-reply-overdue", bj(22, 9))]
    assert len(rows(sessions, case_id)) == 1


def test_nothing_is_claimed_before_its_fire_time(sessions, ctx):
    submitted_case(sessions, ctx)
    assert followups.claim_due(sessions, now=bj(22, 8, 59), worker_id="w1") == []


def test_a_due_reminder_is_claimed_once(sessions, ctx):
    case_id = submitted_case(sessions, ctx)
    got = followups.claim_due(sessions, now=bj(22, 9), worker_id="w1")
    assert [(r.case_id, r.kind, r.claimed_by) for r in got] == [
        (case_id, "amazon-reply-overdue", "w1")
    ]
    assert followups.claim_due(sessions, now=bj(22, 9, 5), worker_id="w2") == []


def test_a_claim_left_by_a_crashed_worker_is_taken_again_after_the_lease(sessions, ctx):
    submitted_case(sessions, ctx)
    assert followups.claim_due(sessions, now=bj(22, 9), worker_id="crashed")
    assert followups.claim_due(sessions, now=bj(22, 9, 9), worker_id="w2") == []
    again = followups.claim_due(sessions, now=bj(22, 9, 11), worker_id="w2")
    assert [r.claimed_by for r in again] == ["w2"]


def test_no_reminder_is_claimed_while_the_team_is_off_work(sessions, ctx):
    submitted_case(sessions, ctx)
    assert followups.claim_due(sessions, now=bj(22, 19), worker_id="w1", ctx=ctx) == []
    assert followups.claim_due(sessions, now=bj(22, 10), worker_id="w1", ctx=ctx)


def test_delivering_writes_a_note_on_the_case_and_marks_the_reminder_done(sessions, ctx):
    case_id = submitted_case(sessions, ctx)
    [claimed] = followups.claim_due(sessions, now=bj(22, 9), worker_id="w1")
    done = followups.deliver(sessions, claimed, now=bj(22, 9, 1), ctx=ctx, worker_id="w1")
    assert done is not None
    assert done.text == "reminder: Amazon has not replied for 24 business hours"
    with sessions() as s:
        notes = s.scalars(select(EventRow).where(EventRow.direction == "note")).all()
    assert [(n.case_id, n.body, n.author) for n in notes] == [(case_id, done.text, "worker:w1")]
    assert rows(sessions, case_id)[0].done_at == bj(22, 9, 1)
    # a delivered reminder is neither claimed again nor scheduled again
    assert followups.claim_due(sessions, now=bj(22, 10), worker_id="w2", lease=timedelta(0)) == []
    with sessions.begin() as s:
        case = s.get(CaseRow, case_id)
        states = followups.states_of(s, case, now=bj(22, 10), ctx=ctx)
        assert followups.schedule_reminders(s, ctx, case, bj(22, 10), states=states) == []


def test_a_delivered_reminder_is_audited_and_found_by_search_like_any_other_event(sessions, ctx):
    case_id = submitted_case(sessions, ctx)
    with sessions() as s:
        version = s.get(CaseRow, case_id).version
    [claimed] = followups.claim_due(sessions, now=bj(22, 9), worker_id="w1")
    done = followups.deliver(sessions, claimed, now=bj(22, 9, 1), ctx=ctx, worker_id="w1")
    assert done is not None
    with sessions() as s:
        [audited] = [a for a in audit.list_for(s, "case", case_id) if a.action == "remind"]
        case = s.get(CaseRow, case_id)
        [note] = s.scalars(select(EventRow).where(EventRow.direction == "note")).all()
        hits = [hit.id for hit in search_service.search(s, "replied")]
    assert (audited.actor, audited.at) == ("worker:w1", bj(22, 9, 1))
    assert audited.detail == {
        "event_id": note.id,
        "reminder_id": claimed.id,
        "kind": "amazon-reply-overdue",
    }
    assert case.search_text.endswith(f"\n{done.text}")
    assert hits == [case_id]
    assert case.version == version  # a note changes no field a person edits


def test_a_reminder_cancelled_after_its_claim_is_not_delivered(sessions, ctx):
    case_id = submitted_case(sessions, ctx)
    [claimed] = followups.claim_due(sessions, now=bj(22, 9), worker_id="w1")
    with sessions.begin() as s:
        case = s.get(CaseRow, case_id)
        move(s, case, "needs-action", bj(22, 9))
        followups.refresh(s, ctx, case, bj(22, 9))
    assert followups.deliver(sessions, claimed, now=bj(22, 9, 1), ctx=ctx, worker_id="w1") is None
    with sessions() as s:
        assert s.scalars(select(EventRow).where(EventRow.direction == "note")).all() == []


def test_the_due_list_shows_what_is_due_and_whether_the_team_is_at_work(sessions, ctx):
    submitted_case(sessions, ctx, subject="A+ content rejected")
    with sessions() as s:
        assert followups.due_list(s, now=bj(22, 8), ctx=ctx) == []
        [due] = followups.due_list(s, now=bj(22, 19), ctx=ctx)
    assert due.reminder.kind == "amazon-reply-overdue"
    assert due.case_subject == "A+ content rejected"
    assert due.overdue_by == timedelta(hours=10)
    assert due.team_open is False
