"""A case created from a draft that states "no error code" keeps that statement: its draft
on the case page asks for no code afterwards (issue 16, third trial)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.coach.data import load_coach_data
from sellerdesk.core.coach.draft import draft_from_mapping
from sellerdesk.services import case_drafts, cases, coach
from sellerdesk.services.tracker import TrackerContext
from tests.services.case_fixtures import NOW

DRAFT = {
    "store": "acme",
    "marketplace": "US",
    "category": "listing",
    "subject": "Cannot change the price of HW-LAMP-01",
    "description": "Saving a new price on the inventory page fails every time since 2026-11-28.",
    "error_codes": ["无"],
    "steps": ["Open Manage All Inventory", "Edit the price of HW-LAMP-01 and save"],
    "skus": ["HW-LAMP-01"],
}


def test_a_case_from_a_draft_saying_no_error_code_is_not_asked_for_one_later(
    sessions: sessionmaker[Session], ctx: TrackerContext, acme: str, tmp_path: Path
) -> None:
    draft = draft_from_mapping(DRAFT, "json")
    done = coach.create_from_draft(
        sessions=sessions, now=NOW, ctx=ctx, draft=draft, data=load_coach_data(), lang="zh"
    )
    assert "missing-error-code" not in [f["code"] for f in done.lint["findings"]]
    shown = cases.show(sessions=sessions, now=NOW, ctx=ctx, case_id=done.id)
    assert shown.body["error_codes"] == ["未显示错误代码"]
    page = case_drafts.show_draft(
        sessions=sessions,
        now=NOW,
        ctx=ctx,
        home=tmp_path,
        case_id=done.id,
        lang="en",
        principal=None,
    )
    assert "missing-error-code" not in [f.code for f in page.findings]
    assert page.error_codes == ()
    assert "Error codes:\n  - None shown\n" in page.english


def test_editing_the_draft_through_its_form_keeps_the_no_code_statement(
    sessions: sessionmaker[Session], ctx: TrackerContext, acme: str, tmp_path: Path
) -> None:
    from sellerdesk.web.case_draft import form_of

    draft = draft_from_mapping(DRAFT, "json")
    done = coach.create_from_draft(
        sessions=sessions, now=NOW, ctx=ctx, draft=draft, data=load_coach_data(), lang="en"
    )
    view = case_drafts.show_draft(
        sessions=sessions,
        now=NOW,
        ctx=ctx,
        home=tmp_path,
        case_id=done.id,
        lang="zh",
        principal=None,
    )
    assert view.error_codes_none_stated
    box = form_of(view, "zh")["error_codes"]
    assert box == "未显示错误代码"
    edited = case_drafts.change_draft(
        sessions=sessions,
        now=NOW,
        ctx=ctx,
        home=tmp_path,
        case_id=done.id,
        changes={"description": view.description + " 已重试三次。", "error_codes": [box]},
        expected_version=view.version,
        lang="zh",
        principal=None,
    )
    assert edited.error_codes_none_stated
    assert "missing-error-code" not in [f.code for f in edited.findings]
