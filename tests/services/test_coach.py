"""The coach with the store: account readiness, open duplicates (read-only), and a draft
stored as a case with its lint result, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.coach.data import load_coach_data
from sellerdesk.core.coach.draft import draft_from_mapping
from sellerdesk.core.coach.lint import result_json
from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services import cases, coach, stores
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.tables import CaseRow
from tests.services.case_fixtures import NOW, count

DATA = load_coach_data()
DRAFT: dict[str, Any] = {
    "store": "acme",
    "marketplace": "US",
    "category": "fba-reimbursement",
    "subject": "20 units lost in shipment FBA15H8KZ2LP",
    "description": "Our shipment FBA15H8KZ2LP was delivered on 2026-10-09 with 240 units; only "
    "220 were received. Please investigate and reimburse the 20 lost units.",
    "timeline": [{"at": "2026-10-09", "what": "delivered"}],
    "shipment_ids": ["FBA15H8KZ2LP"],
    "order_ids": ["112-8834521-99812"],
    "attachments": ["pod.pdf"],
}


def test_an_unverified_individual_store_gets_account_not_ready(
    sessions: sessionmaker[Session], ctx: TrackerContext
) -> None:
    stores.add(
        sessions=sessions,
        now=NOW,
        ctx=ctx,
        name="solo",
        region="na",
        marketplaces=["US"],
        plan="individual",
        verified=False,
    )
    draft = draft_from_mapping({**DRAFT, "order_ids": []}, "json")
    result = coach.lint_with_store(
        sessions=sessions, draft=draft, data=DATA, store="solo", marketplace=None, lang="en"
    )
    assert result.codes == ["account-not-ready"]
    assert list(result.findings[0].params["reasons"]) == ["unverified", "individual"]
    worded = {
        lang: result_json(result, DATA, lang)["findings"][0]["message"] for lang in ("en", "zh")
    }
    assert "Individual plan" in worded["en"] and "Individual" not in worded["zh"]


def test_a_verified_professional_store_without_open_cases_adds_nothing(
    sessions: sessionmaker[Session], ctx: TrackerContext
) -> None:
    stores.add(
        sessions=sessions,
        now=NOW,
        ctx=ctx,
        name="pro",
        region="na",
        marketplaces=["US"],
        verified=True,
    )
    draft = draft_from_mapping({**DRAFT, "order_ids": []}, "json")
    result = coach.lint_with_store(
        sessions=sessions, draft=draft, data=DATA, store="pro", marketplace=None, lang="en"
    )
    assert result.codes == []


def test_an_open_case_on_the_same_shipment_is_a_duplicate_and_nothing_is_written(
    sessions: sessionmaker[Session],
    ctx: TrackerContext,
    acme: str,
    new_case: Callable[..., int],
) -> None:
    first = new_case("Shipment short", shipment_ids=["FBA15H8KZ2LP"])
    before = count(sessions, CaseRow)
    draft = draft_from_mapping({**DRAFT, "order_ids": []}, "json")
    result = coach.lint_with_store(
        sessions=sessions, draft=draft, data=DATA, store=acme, marketplace=None, lang="en"
    )
    assert "duplicate-of-open-case" in result.codes
    found = next(f for f in result.findings if f.code == "duplicate-of-open-case")
    assert str(first) in found.params["cases"][0]
    assert count(sessions, CaseRow) == before


def test_a_flood_of_open_duplicates_is_cut_to_the_strongest_and_counted_in_the_draft_language(
    sessions: sessionmaker[Session], ctx: TrackerContext, new_case: Callable[..., int], acme: str
) -> None:
    forced = {"force": True, "reason": "separate pallets"}
    for _ in range(12):
        new_case(DRAFT["subject"], **forced)
    draft = draft_from_mapping({**DRAFT, "order_ids": [], "shipment_ids": []}, "json")
    result = coach.lint_with_store(
        sessions=sessions, draft=draft, data=DATA, store=acme, marketplace=None, lang="zh"
    )
    listed = next(f for f in result.findings if f.code == "duplicate-of-open-case").params["cases"]
    assert len(listed) == cases.LISTED_MATCHES + 1
    assert listed[-1] == "另有 2 个"


def test_an_unknown_store_adds_no_store_findings(sessions: sessionmaker[Session]) -> None:
    draft = draft_from_mapping({**DRAFT, "order_ids": []}, "json")
    result = coach.lint_with_store(
        sessions=sessions, draft=draft, data=DATA, store="nobody", marketplace=None, lang="en"
    )
    assert result.codes == []


def test_a_draft_is_stored_as_a_case_with_its_lint_result(
    sessions: sessionmaker[Session], ctx: TrackerContext, acme: str
) -> None:
    done = coach.create_from_draft(
        sessions=sessions,
        now=NOW,
        ctx=ctx,
        draft=draft_from_mapping(DRAFT, "json"),
        data=DATA,
        lang="en",
    )
    # acme is not verified: the check's store finding is saved with the case too
    assert [f["code"] for f in done.lint["findings"]] == ["invalid-order-id", "account-not-ready"]
    shown = cases.show(sessions=sessions, now=NOW, ctx=ctx, case_id=done.id)
    assert shown.category == "fba-reimbursement"
    assert shown.status == "draft"
    assert shown.body["attachments"] == ["pod.pdf"]
    assert shown.body["order_ids"] == []  # the malformed one stays a finding only
    assert shown.identifiers == {"shipment": ("FBA15H8KZ2LP",)}
    notes = [e for e in shown.events if e.direction == "note"]
    assert notes[0].data["lint"]["score"] == done.lint["score"]
    assert "invalid-order-id" in notes[0].body


def test_storing_a_draft_keeps_the_duplicate_guard(
    sessions: sessionmaker[Session],
    ctx: TrackerContext,
    acme: str,
    new_case: Callable[..., int],
) -> None:
    new_case("Shipment short", shipment_ids=["FBA15H8KZ2LP"])
    with pytest.raises(Conflict):
        coach.create_from_draft(
            sessions=sessions,
            now=NOW,
            ctx=ctx,
            draft=draft_from_mapping(DRAFT, "json"),
            data=DATA,
            lang="en",
        )


def test_a_draft_without_a_store_or_subject_is_refused(
    sessions: sessionmaker[Session], ctx: TrackerContext
) -> None:
    for missing in ("store", "subject"):
        with pytest.raises(InvalidInput) as err:
            coach.create_from_draft(
                sessions=sessions,
                now=NOW,
                ctx=ctx,
                data=DATA,
                lang="en",
                draft=draft_from_mapping({**DRAFT, missing: ""}, "json"),
            )
        assert err.value.field in ("store", "subject")


def test_a_stored_draft_keeps_the_score_the_check_showed_with_the_stores_findings(
    sessions: sessionmaker[Session], ctx: TrackerContext
) -> None:
    """The score saved with the case is the one the person saw when checking: an unverified
    store's finding counts in both (it was left out of the saved one)."""
    stores.add(
        sessions=sessions,
        now=NOW,
        ctx=ctx,
        name="solo",
        region="na",
        marketplaces=["US"],
        verified=False,
    )
    draft = draft_from_mapping({**DRAFT, "store": "solo", "order_ids": []}, "json")
    checked = coach.lint_with_store(
        sessions=sessions, draft=draft, data=DATA, store="solo", marketplace="US", lang="en"
    )
    done = coach.create_from_draft(
        sessions=sessions, now=NOW, ctx=ctx, draft=draft, data=DATA, lang="en"
    )
    assert done.lint["score"] == checked.score < 100
    assert "account-not-ready" in [f["code"] for f in done.lint["findings"]]


def test_a_draft_without_a_marketplace_takes_its_stores_only_one(
    sessions: sessionmaker[Session], ctx: TrackerContext
) -> None:
    """A store selling on one marketplace needs no --marketplace; a store on several still does."""
    for name, markets in (("solo", ["US"]), ("multi", ["US", "CA"])):
        stores.add(
            sessions=sessions, now=NOW, ctx=ctx, name=name, region="na", marketplaces=markets
        )
    fields = {**DRAFT, "marketplace": "", "order_ids": []}
    solo = draft_from_mapping({**fields, "store": "solo"}, "json")
    done = coach.create_from_draft(
        sessions=sessions, now=NOW, ctx=ctx, draft=solo, data=DATA, lang="en"
    )
    assert cases.show(sessions=sessions, now=NOW, ctx=ctx, case_id=done.id).marketplace == "US"
    multi = draft_from_mapping({**fields, "store": "multi"}, "json")
    with pytest.raises(InvalidInput) as err:
        coach.create_from_draft(
            sessions=sessions, now=NOW, ctx=ctx, draft=multi, data=DATA, lang="en"
        )
    assert err.value.field == "marketplace"
