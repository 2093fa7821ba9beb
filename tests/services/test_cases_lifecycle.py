"""A case's life: submit, replies that move the status, manual moves, assign, merge, and
optimistic locking (a stale or racing update is refused, never silently applied)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services import cases
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.tables import AmazonCaseIdRow, AuditRow, CaseRow, EventRow
from tests.services.case_fixtures import NOW, count, later
from tests.services.owners import add_owners


def submitted(sessions, ctx, new_case, number="12345678901", **kwargs):  # type: ignore[no-untyped-def]
    case_id = new_case(**kwargs)
    cases.move(
        status="submitted",
        sessions=sessions,
        now=later(0.5),
        ctx=ctx,
        case_id=case_id,
        amazon_case_id=number,
    )
    return case_id


def status_of(sessions, case_id):  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.get(CaseRow, case_id).status


def test_submit_records_the_case_id_and_starts_the_amazon_clock(sessions, ctx, new_case):
    case_id = submitted(sessions, ctx, new_case)
    shown = cases.show(sessions=sessions, now=later(1), ctx=ctx, case_id=case_id)
    assert (shown.status, shown.case_ids, shown.version) == (
        "submitted",
        ("12345678901",),
        2,
    )
    assert shown.submitted_at == later(0.5)
    assert shown.clocks["amazon"].running and not shown.clocks["team"].running
    assert shown.waiting_on == "amazon" and shown.next_breach_at is not None


def test_a_malformed_case_id_is_refused_naming_the_amazon_case_id_field(sessions, ctx, new_case):
    case_id = new_case()
    with pytest.raises(InvalidInput) as err:
        cases.move(
            status="submitted",
            sessions=sessions,
            now=NOW,
            ctx=ctx,
            case_id=case_id,
            amazon_case_id="12ab",
        )
    assert err.value.field == "amazon_case_id"
    assert status_of(sessions, case_id) == "draft"


def test_a_case_id_already_on_another_case_is_a_conflict_naming_that_case(sessions, ctx, new_case):
    first = submitted(sessions, ctx, new_case)
    second = new_case("Another issue entirely")
    with pytest.raises(Conflict) as err:
        cases.move(
            status="submitted",
            sessions=sessions,
            now=later(1),
            ctx=ctx,
            case_id=second,
            amazon_case_id="12345678901",
        )
    assert f"case {first}" in err.value.message
    assert status_of(sessions, second) == "draft"
    assert count(sessions, AmazonCaseIdRow) == 1


def test_a_reply_from_amazon_moves_the_case_to_needs_action_and_our_answer_moves_it_back(
    sessions, ctx, new_case
):
    case_id = submitted(sessions, ctx, new_case)
    cases.log_event(
        sessions=sessions,
        now=later(2),
        ctx=ctx,
        case_id=case_id,
        direction="in",
        body="Please send the invoice.",
    )
    assert status_of(sessions, case_id) == "needs-action"
    shown = cases.show(sessions=sessions, now=later(2), ctx=ctx, case_id=case_id)
    assert shown.clocks["team"].running and not shown.clocks["amazon"].running
    cases.log_event(
        sessions=sessions,
        now=later(3),
        ctx=ctx,
        case_id=case_id,
        direction="out",
        body="Invoice attached.",
        channel="e-mail",
    )
    assert status_of(sessions, case_id) == "waiting-amazon"
    cases.log_event(
        sessions=sessions, now=later(4), ctx=ctx, case_id=case_id, direction="note", body="FYI"
    )
    assert status_of(sessions, case_id) == "waiting-amazon"
    shown = cases.show(sessions=sessions, now=later(4), ctx=ctx, case_id=case_id)
    moves = [(e.data["from"], e.data["to"]) for e in shown.events if e.direction == "status"]
    assert moves == [
        (None, "draft"),
        ("draft", "submitted"),
        ("submitted", "needs-action"),
        ("needs-action", "waiting-amazon"),
    ]
    with sessions() as session:
        assert "Invoice attached." in session.get(CaseRow, case_id).search_text


def test_bad_event_input_is_refused_and_nothing_is_written(sessions, ctx, new_case):
    case_id = new_case()
    before = count(sessions, EventRow)
    for kwargs, field in [
        ({"direction": "sideways"}, "direction"),
        ({"channel": "fax"}, "channel"),
        ({"body": "  "}, "body"),
        ({"occurred_at": later(5)}, "occurred_at"),
    ]:
        args = {"direction": "note", "body": "hello", **kwargs}
        with pytest.raises(InvalidInput) as err:
            cases.log_event(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, **args)
        assert err.value.field == field
    with pytest.raises(InvalidInput) as err:
        cases.log_event(
            sessions=sessions, now=NOW, ctx=ctx, case_id=999, direction="note", body="x"
        )
    assert err.value.field == "case_id"
    assert count(sessions, EventRow) == before


def test_an_illegal_status_move_is_refused_listing_the_allowed_ones(sessions, ctx, new_case):
    case_id = new_case()
    with pytest.raises(InvalidInput) as err:
        cases.move(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, status="resolved")
    assert "Closed" in (err.value.fix or "")  # the statuses in words
    assert status_of(sessions, case_id) == "draft"


def test_resolving_keeps_amazons_label_and_stamps_the_time(sessions, ctx, new_case):
    case_id = submitted(sessions, ctx, new_case)
    cases.move(
        sessions=sessions,
        now=later(5),
        ctx=ctx,
        case_id=case_id,
        status="resolved",
        amazon_label="Answered",
    )
    shown = cases.show(sessions=sessions, now=later(6), ctx=ctx, case_id=case_id)
    assert (shown.status, shown.amazon_label) == ("resolved", "Answered")
    assert shown.resolved_at == later(5)
    assert not shown.clocks["amazon"].running and shown.next_breach_at is None


def test_assign_names_the_owner_and_writes_an_audit_row(sessions, ctx, new_case):
    case_id = new_case()
    add_owners(sessions, "li.wei")
    done = cases.assign(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, user="li.wei")
    shown = cases.show(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id)
    assert (shown.assignee, shown.version, done.version) == ("li.wei", 2, 2)
    with sessions() as session:
        assert "assign" in session.scalars(select(AuditRow.action)).all()


def test_merging_moves_every_case_id_and_record_to_the_target(sessions, ctx, new_case):
    source = submitted(sessions, ctx, new_case, "11111111111", subject="Refund missing")
    target = submitted(sessions, ctx, new_case, "22222222222", subject="Inventory lost at FC")
    cases.log_event(
        sessions=sessions, now=later(1), ctx=ctx, case_id=source, direction="in", body="We checked."
    )
    cases.move(
        status="merged", sessions=sessions, now=later(2), ctx=ctx, case_id=source, into=target
    )
    into = cases.show(sessions=sessions, now=later(2), ctx=ctx, case_id=target)
    gone = cases.show(sessions=sessions, now=later(2), ctx=ctx, case_id=source)
    assert sorted(into.case_ids) == ["11111111111", "22222222222"]
    assert "We checked." in [e.body for e in into.events]
    assert any("merged into this case" in e.body for e in into.events)
    assert (gone.status, gone.merged_into_id, gone.case_ids) == ("merged", target, ())
    assert any("Merged into case" in e.body for e in gone.events)
    with pytest.raises(InvalidInput):
        cases.move(
            status="merged", sessions=sessions, now=later(3), ctx=ctx, case_id=target, into=target
        )


def test_a_stale_expected_version_is_a_conflict_and_changes_nothing(sessions, ctx, new_case):
    case_id = new_case()
    add_owners(sessions, "a")
    cases.assign(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, user="a")
    with pytest.raises(Conflict) as err:
        cases.move(
            sessions=sessions,
            now=later(1),
            ctx=ctx,
            case_id=case_id,
            status="closed",
            expected_version=1,
        )
    assert "version 1, now 2" in err.value.message
    assert status_of(sessions, case_id) == "draft"


def test_two_sessions_that_read_the_same_version_cannot_both_update(sessions, new_case):
    case_id = new_case()
    with sessions() as first, sessions() as second:
        # each reads in its own short transaction, as two CLI processes do
        a = first.get(CaseRow, case_id)
        first.commit()
        b = second.get(CaseRow, case_id)
        second.commit()
        read_a, read_b = a.version, b.version
        assert read_a == read_b == 1
        with first.begin():
            assert case_rows.claim_version(first, a, read_version=read_a, now=later(1))
        with second.begin():
            assert not case_rows.claim_version(second, b, read_version=read_b, now=later(1))
    with sessions() as session:
        assert session.get(CaseRow, case_id).version == 2


def test_two_writers_racing_on_one_case_one_wins_and_the_other_gets_a_conflict(
    sessions, ctx, new_case
):
    case_id = new_case()
    add_owners(sessions, "a", "b")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def writer(user: str) -> None:
        start.wait()
        try:
            cases.assign(
                sessions=sessions,
                now=later(1),
                ctx=ctx,
                case_id=case_id,
                user=user,
                expected_version=1,
            )
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=writer, args=(u,)) for u in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["conflict", "ok"]
    with sessions() as session:
        assert session.get(CaseRow, case_id).version == 2
