"""``doctor-contact`` reads the store and the case to run the seed's S20 checks (both databases)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.services import cases, contact_doctor
from sellerdesk.services.tracker import TrackerContext, transaction
from tests.services.case_fixtures import NOW, later


def outcomes(checks: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {c.step: c.outcome for c in checks}


def diagnose(sessions: sessionmaker[Session], ctx: TrackerContext, **kwargs: object) -> list:  # type: ignore[type-arg]
    with transaction(sessions) as session:
        return contact_doctor.diagnose(session, ctx=ctx, **kwargs)  # type: ignore[arg-type]


def submitted(sessions, ctx, new_case: Callable[..., int]) -> int:  # type: ignore[no-untyped-def]
    case_id = new_case()
    cases.move(
        status="submitted",
        sessions=sessions,
        now=later(1),
        ctx=ctx,
        case_id=case_id,
        amazon_case_id="12345678901",
    )
    return case_id


def log(sessions, ctx, case_id: int, direction: str, hours: float, **kwargs: object) -> None:  # type: ignore[no-untyped-def]
    cases.log_event(
        sessions=sessions,
        now=later(hours),
        ctx=ctx,
        case_id=case_id,
        direction=direction,
        body="…",
        **kwargs,  # type: ignore[arg-type]
    )


def test_an_unanswered_amazon_reply_fails_the_reply_step_of_the_case(sessions, ctx, new_case):
    case_id = submitted(sessions, ctx, new_case)
    log(sessions, ctx, case_id, "in", 3)
    checks = diagnose(sessions, ctx, case_id=case_id)
    assert outcomes(checks)["reply"] == "failed"
    log(sessions, ctx, case_id, "out", 4)
    assert outcomes(diagnose(sessions, ctx, case_id=case_id))["reply"] == "passed"


def test_an_unverified_store_fails_the_account_step(sessions, ctx, new_case, acme):
    checks = diagnose(sessions, ctx, store=acme)
    assert outcomes(checks)["account"] == "failed"
    assert checks[0].reason == "doctor.account.unverified"


def test_a_store_lists_its_cases_waiting_on_the_team(sessions, ctx, new_case, acme):
    case_id = submitted(sessions, ctx, new_case)
    log(sessions, ctx, case_id, "in", 3)
    checks = diagnose(sessions, ctx, store=acme)
    assert checks[1].outcome == "failed"
    assert checks[1].params["cases"] == f"#{case_id}"


def test_an_outgoing_mail_from_a_personal_mailbox_fails_the_channel_step(sessions, ctx, new_case):
    case_id = submitted(sessions, ctx, new_case)
    log(sessions, ctx, case_id, "out", 2, channel="e-mail", author="Boss <boss@163.com>")
    checks = diagnose(sessions, ctx, case_id=case_id)
    assert outcomes(checks)["channel"] == "failed"
    assert checks[2].params["address"] == "boss@163.com"


def test_a_case_of_another_store_is_refused_naming_the_case_option(sessions, ctx, new_case):
    from sellerdesk.services import stores

    stores.add(sessions=sessions, now=NOW, ctx=ctx, name="other", region="eu", marketplaces=["DE"])
    case_id = new_case()
    with pytest.raises(InvalidInput) as err:
        diagnose(sessions, ctx, store="other", case_id=case_id)
    assert err.value.field == "case"


def test_unknown_store_and_unknown_case_are_clear_errors(sessions, ctx, acme):
    with pytest.raises(InvalidInput) as err:
        diagnose(sessions, ctx, store="nope")
    assert err.value.field == "store"
    with pytest.raises(NotFound):
        diagnose(sessions, ctx, case_id=999)
    with pytest.raises(InvalidInput):
        diagnose(sessions, ctx)


def test_a_help_page_question_fails_the_topic_step_through_the_coachs_route(
    sessions, ctx, new_case
):
    from sellerdesk.core.coach.data import load_coach_data

    route_of = contact_doctor.coach_route(load_coach_data(None))
    question = new_case("How are FBA monthly storage fees calculated?")
    ruling = new_case("Listing B0ABCDEFGH removed for a policy we did not break")
    asked = diagnose(sessions, ctx, case_id=question, route_of=route_of)
    assert outcomes(asked)["topic"] == "failed"
    assert asked[3].reason == "doctor.topic.self_service"
    assert outcomes(diagnose(sessions, ctx, case_id=ruling, route_of=route_of))["topic"] == "passed"


def test_an_at_risk_account_in_the_latest_health_report_fails_the_account_step(sessions, ctx, acme):
    from pathlib import Path

    from sellerdesk.core.health.rules import builtin_health_path, load_health_rules
    from sellerdesk.services import account_health, stores

    stores.update(sessions=sessions, now=NOW, ctx=ctx, name=acme, verified=True)
    report = Path(__file__).resolve().parents[1] / "data" / "health" / "report-property-names.json"
    account_health.import_report(
        sessions=sessions,
        now=later(1),
        ctx=ctx,
        rules=load_health_rules([builtin_health_path()]),
        store=acme,
        text=report.read_bytes(),
    )
    checks = diagnose(sessions, ctx, store=acme)
    assert checks[0].reason == "doctor.account.health"
    assert checks[0].params["status"] == "AT_RISK"
