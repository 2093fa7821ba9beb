"""A case's structured draft after creation: shown with its English paste text and the
coach's findings, and edited (versioned, audited, re-linted).

The draft lives in the case's body (``core/cases/body.py``); the paste text and the findings
are worked out from it when asked, in the reader's language, so they never lag behind an
edit. The edit itself is :func:`sellerdesk.services.cases.editing.edit_draft`: this module
reads the case, lints the edited draft and hands the score to the edit's audit row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.coach.data import CoachData, load_coach_data
from sellerdesk.core.coach.draft import Draft, draft_from_mapping
from sellerdesk.core.coach.help import knowledge_base_lookup
from sellerdesk.core.coach.lint import LintResult, finding_json
from sellerdesk.core.i18n import catalog, t
from sellerdesk.core.kb import load_knowledge_base
from sellerdesk.services import cases
from sellerdesk.services.cases.editing import draft_body, edit_draft
from sellerdesk.services.cases.models import CaseView
from sellerdesk.services.coach import lint_with_store
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.session import Session, sessionmaker


@dataclass(frozen=True, slots=True)
class TimelineLine:
    at: str  # as the person wrote it ("2026-03-05", "3月5日 上午"); may be empty
    what: str


@dataclass(frozen=True, slots=True)
class FindingView:
    """One of the coach's findings as a sentence with its fix, in the reader's language."""

    code: str
    severity: str  # error | warning | info
    message: str
    fix: str


@dataclass(frozen=True, slots=True)
class CaseDraftView:
    """The draft of a case (``version``: the case's, to name when editing it), the coach's
    verdict on it and the English text to paste into Seller Central."""

    case_id: int
    store: str
    version: int
    description: str
    timeline: tuple[TimelineLine, ...]
    expected: str
    actual: str
    error_codes: tuple[str, ...]
    steps: tuple[str, ...]
    order_ids: tuple[str, ...]
    asins: tuple[str, ...]
    skus: tuple[str, ...]
    shipment_ids: tuple[str, ...]
    attachments: tuple[str, ...]  # file names the draft lists
    score: int
    category: str
    route: str
    findings: tuple[FindingView, ...]
    english: str
    # the draft states there is no error code ("无"): the edit form shows that statement
    error_codes_none_stated: bool = False

    @property
    def written(self) -> bool:
        """Whether the draft has anything beyond the subject (a case made without one)."""
        return any(
            (
                self.description,
                self.timeline,
                self.expected,
                self.actual,
                self.error_codes,
                self.steps,
                self.order_ids,
                self.asins,
                self.skus,
                self.shipment_ids,
            )
        )


def _draft(case: CaseView, body: Mapping[str, Any]) -> Draft:
    return draft_from_mapping(
        {
            **body,
            "store": case.store,
            "marketplace": case.marketplace,
            "category": case.category or "",
            "subject": case.subject,
            "case_ids": list(case.case_ids),
        },
        "json",
    )


def _page_fix(code: str, fix: str, lang: str) -> str:
    """A person at a page gets words without command lines where the catalog has them."""
    key = f"case_page.fix.{code}"
    return t(key, lang) if key in catalog(lang) or key in catalog("en") else fix


def _findings(
    result: LintResult, data: CoachData, draft: Draft, home: Path, lang: str, page: bool
) -> tuple[FindingView, ...]:
    article = None
    if page and "self-service-topic" in result.codes:  # the index is built only when needed
        article = knowledge_base_lookup(load_knowledge_base(home))(draft, lang)
    out = []
    for finding in result.findings:
        shown = finding_json(finding, data, lang)
        fix = shown["fix"]
        if page and finding.code == "self-service-topic" and article is not None:
            fix = t("case_page.fix_article", lang, title=article.title, where=article.where)
        elif page:
            fix = _page_fix(finding.code, fix, lang)
        elif finding.code == "self-service-topic":
            lookup = knowledge_base_lookup(load_knowledge_base(home))
            fix = finding_json(finding, data, lang, draft=draft, help_article=lookup)["fix"]
        out.append(FindingView(finding.code, shown["severity"], shown["message"], fix))
    return tuple(out)


def _linted(
    *,
    sessions: sessionmaker[Session],
    case: CaseView,
    draft: Draft,
    data: CoachData,
    lang: str,
    principal: Principal | None,
) -> LintResult:
    return lint_with_store(
        sessions=sessions,
        draft=draft,
        data=data,
        store=case.store,
        marketplace=case.marketplace,
        lang=lang,
        principal=principal,
        exclude=case.id,
    )


def draft_of(
    case: CaseView,
    *,
    sessions: sessionmaker[Session],
    home: Path,
    lang: str,
    principal: Principal | None,
    page: bool = False,
) -> CaseDraftView:
    """The draft of a case already read (the case page has it), linted in ``lang``.

    ``page``: the fixes are worded for a person at a web page (no command lines)."""
    from sellerdesk.core.coach.paste import paste_and_check, paste_findings_json

    data = load_coach_data(home / "coach")
    body = dict(case.body or {})
    draft = _draft(case, body)
    result = _linted(
        sessions=sessions, case=case, draft=draft, data=data, lang=lang, principal=principal
    )
    category = data.category_key(case.category or "") or result.category
    # what is pasted is what was checked: the paste text's own findings join the draft's
    english, pasted = paste_and_check(
        draft,
        dataclasses.replace(result, category=category),
        data,
        lang="en",
        marketplace=case.marketplace,
        # the newest Case ID Amazon gave is the case's own; the older ones are "earlier"
        case_id=case.case_ids[-1] if case.case_ids else "",
    )
    on_paste = tuple(FindingView(**f) for f in paste_findings_json(pasted, data, lang))
    return CaseDraftView(
        case_id=case.id,
        store=case.store,
        version=case.version,
        description=draft.description,
        timeline=tuple(TimelineLine(e.at, e.what) for e in draft.timeline),
        expected=draft.expected,
        actual=draft.actual,
        error_codes=tuple(draft.error_codes),
        steps=tuple(draft.steps),
        order_ids=tuple(draft.order_ids),
        asins=tuple(draft.asins),
        skus=tuple(draft.skus),
        shipment_ids=tuple(draft.shipment_ids),
        attachments=tuple(draft.attachments),
        score=result.score,
        category=result.category,
        route=result.route,
        findings=(*_findings(result, data, draft, home, lang, page), *on_paste),
        english=english.text,
        error_codes_none_stated=draft.error_codes_none_stated,
    )


def show_draft(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    home: Path,
    case_id: int,
    lang: str,
    principal: Principal | None,
    page: bool = False,
) -> CaseDraftView:
    """The draft of case ``case_id`` (a store not granted: not found)."""
    case = cases.show(sessions=sessions, now=now, ctx=ctx, case_id=case_id, principal=principal)
    return draft_of(case, sessions=sessions, home=home, lang=lang, principal=principal, page=page)


def change_draft(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    home: Path,
    case_id: int,
    changes: Mapping[str, Any],
    expected_version: int,
    lang: str,
    principal: Principal | None,
    page: bool = False,
) -> CaseDraftView:
    """Edit the draft at the version the caller read (stale: Conflict; a bad identifier or
    an unknown field: InvalidInput naming it); the draft as it is now, re-linted.

    The lint is worked out from the case as read; the edit is refused if the case moved on
    since (the version), so the score in the audit row is the new draft's."""
    case = cases.show(sessions=sessions, now=now, ctx=ctx, case_id=case_id, principal=principal)
    body = draft_body(case.body or {}, changes)  # refused here already if it is wrong
    data = load_coach_data(home / "coach")
    result = _linted(
        sessions=sessions,
        case=case,
        draft=_draft(case, body),
        data=data,
        lang="en",
        principal=principal,
    )
    edit_draft(
        sessions=sessions,
        now=now,
        ctx=ctx,
        case_id=case_id,
        changes=changes,
        expected_version=expected_version,
        principal=principal,
        lint={"score": result.score, "findings": [{"code": c} for c in result.codes]},
    )
    return show_draft(
        sessions=sessions,
        now=now,
        ctx=ctx,
        home=home,
        case_id=case_id,
        lang=lang,
        principal=principal,
        page=page,
    )
