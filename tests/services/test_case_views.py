"""The case services hand back frozen read models with real datetimes, not JSON dicts."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import cases
from sellerdesk.services.cases import CaseView, ClockView, EventView, Outcome
from tests.services.case_fixtures import NOW, later


def test_a_shown_case_is_a_frozen_view_with_datetimes_and_tuples(sessions, ctx, new_case):
    case_id = new_case(order_ids=["114-1234567-1234567"])
    cases.move(
        status="submitted",
        sessions=sessions,
        now=later(0.5),
        ctx=ctx,
        case_id=case_id,
        amazon_case_id="12345678901",
    )
    shown = cases.show(sessions=sessions, now=later(1), ctx=ctx, case_id=case_id)
    assert isinstance(shown, CaseView)
    assert shown.created_at == NOW and shown.submitted_at == later(0.5)
    assert isinstance(shown.next_breach_at, datetime)
    assert shown.case_ids == ("12345678901",) and shown.tags == ()
    assert all(isinstance(e, EventView) for e in shown.events)
    assert [e.occurred_at for e in shown.events] == [NOW, later(0.5)]
    amazon = shown.clocks["amazon"]
    assert isinstance(amazon, ClockView) and amazon.running and amazon.due_at is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        shown.status = "closed"  # type: ignore[misc]


def test_a_view_renders_as_the_json_the_cli_always_printed(sessions, ctx, new_case):
    case_id = new_case()
    shown = jsonable(cases.show(sessions=sessions, now=later(1), ctx=ctx, case_id=case_id))
    assert list(shown)[:3] == ["id", "store", "marketplace"]
    assert shown["created_at"] == NOW.isoformat() == "2026-04-14T17:00:00+00:00"
    assert shown["tags"] == [] and shown["case_ids"] == []
    assert shown["events"][0]["occurred_at"] == "2026-04-14T17:00:00+00:00"
    assert shown["events"][0]["attachments"] == []
    assert shown["clocks"]["team"]["started_at"] is None  # a missing time stays null


def test_a_change_reports_an_outcome_and_its_json_names_only_what_applies(sessions, ctx, new_case):
    case_id = new_case()
    done = cases.move(
        status="submitted",
        sessions=sessions,
        now=later(1),
        ctx=ctx,
        case_id=case_id,
        amazon_case_id="12345678901",
    )
    assert isinstance(done, Outcome) and (done.status, done.version) == ("submitted", 2)
    assert jsonable(done) == {
        "id": case_id,
        "status": "submitted",
        "version": 2,
        "case_id": "12345678901",
    }
