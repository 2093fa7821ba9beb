"""The case coach with the store: findings that need the tracker's database, and storing a
draft as a case with its lint result.

``duplicate-of-open-case`` reuses the tracker's duplicate guard
(:func:`sellerdesk.services.cases.find_duplicates`) read-only; ``account-not-ready`` reads
the store profile (verified flag, selling plan). Nothing here writes except
:func:`create_from_draft`, which goes through :func:`sellerdesk.services.cases.create`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.identifiers import is_valid
from sellerdesk.core.coach.checks import Finding, marketplace_code
from sellerdesk.core.coach.data import CoachData, load_coach_data
from sellerdesk.core.coach.draft import Draft, draft_from_mapping
from sellerdesk.core.coach.help import knowledge_base_lookup
from sellerdesk.core.coach.lint import HelpLookup, LintResult, lint, result_json
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.core.kb import load_knowledge_base
from sellerdesk.services import access, cases
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.repositories import stores as store_rows
from sellerdesk.storage.session import Session, sessionmaker

_ID_FIELDS = {"order_ids": "order", "asins": "asin", "shipment_ids": "shipment"}


def valid_identifiers(draft: Draft) -> dict[str, list[str]]:
    """The draft's identifiers that match their formats (wrong ones stay lint findings)."""
    out = {
        name: [v for v in getattr(draft, name) if is_valid(kind, v)]
        for name, kind in _ID_FIELDS.items()
    }
    out["skus"] = [s for s in draft.skus if 0 < len(s) <= 40]
    return out


def store_findings(
    session: Session, *, store: str, draft: Draft, lang: str, exclude: int | None = None
) -> list[Finding]:
    """Findings about the store; none when the database has no store of that name.

    ``exclude``: the case the draft already is (its own draft is no duplicate of it)."""
    row = store_rows.get_by_name(session, " ".join(store.split()))
    if row is None:
        return []
    out: list[Finding] = []
    reasons = []  # codes, worded in the reader's language when shown (core/coach/lint.py)
    if not row.verified:
        reasons.append("unverified")
    if row.selling_plan == "individual":
        reasons.append("individual")
    if reasons:
        out.append(Finding("account-not-ready", {"reasons": reasons}))
    pairs = [
        (_ID_FIELDS[name], value)
        for name, values in valid_identifiers(draft).items()
        if name in _ID_FIELDS
        for value in values
    ]
    subject = " ".join(draft.subject.split())
    matches = cases.find_duplicates(session, store_id=row.id, subject=subject, pairs=pairs)
    matches = [m for m in matches if m.case_id != exclude]
    if matches:
        shown, more = cases.shortlist(matches)
        comma = t("error.duplicate.comma", lang)
        listed = [f"{m.case_id} ({comma.join(m.reasons(lang))})" for m in shown]
        if more:
            listed.append(t("coach.more_cases", lang, n=more))
        out.append(Finding("duplicate-of-open-case", {"cases": listed}))
    return out


def lint_with_store(
    *,
    sessions: sessionmaker[Session],
    draft: Draft,
    data: CoachData,
    store: str,
    marketplace: str | None,
    lang: str,
    principal: Principal | None = None,
    exclude: int | None = None,
) -> LintResult:
    """The draft's lint result plus the store's findings (one read-only transaction).

    A store the principal may not read adds no findings (it does not exist for them);
    ``exclude``: the case whose draft this is, never its own duplicate."""
    with transaction(sessions) as session:
        row = store_rows.get_by_name(session, " ".join(store.split()))
        hidden = row is not None and not access.can_read(principal, row.id)
        extra = (
            []
            if hidden
            else store_findings(session, store=store, draft=draft, lang=lang, exclude=exclude)
        )
    return lint(draft, data, marketplace=marketplace, extra=extra)


def _only_marketplace(
    sessions: sessionmaker[Session], store: str, principal: Principal | None
) -> str:
    """The store's marketplace when it sells on one only (no need to name it), else ""."""
    with transaction(sessions) as session:
        row = store_rows.get_by_name(session, " ".join(store.split()))
        if row is None or not access.can_read(principal, row.id):
            return ""
        return row.marketplaces[0] if len(row.marketplaces) == 1 else ""


def create_from_draft(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    draft: Draft,
    data: CoachData,
    lang: str,
    store: str | None = None,
    marketplace: str | None = None,
    priority: str = "normal",
    force: bool = False,
    reason: str | None = None,
    help_article: HelpLookup | None = None,
    principal: Principal | None = None,
) -> StoredDraft:
    """Store the draft as a case (status draft) with its lint result.

    Flags win over the draft's own store and marketplace. The duplicate guard of
    :func:`cases.create` still applies (Conflict unless ``force``)."""
    owner = (store or draft.store).strip()
    if not owner:
        raise InvalidInput.of("draft.no_store", field="store")
    code = (
        marketplace_code(marketplace or draft.marketplace, data)
        or (marketplace or draft.marketplace).strip().upper()
    )
    if not code:
        code = _only_marketplace(sessions, owner, principal)
    if not code:
        raise InvalidInput.of("draft.no_marketplace", field="marketplace")
    if not draft.subject.strip():
        raise InvalidInput.of("draft.no_subject", field="subject")
    # as the check the person saw: the store's findings (not verified, a duplicate) count too
    result = lint_with_store(
        sessions=sessions,
        draft=draft,
        data=data,
        store=owner,
        marketplace=code,
        lang=lang,
        principal=principal,
    )
    shown = result_json(result, data, lang, draft=draft, help_article=help_article)
    stored = _in_both_languages(shown, result, data, lang, draft, help_article)
    body = {
        "description": draft.description,
        "timeline": [{"at": e.at, "what": e.what} for e in draft.timeline if e.what],
        # "错误代码：无" is kept as said, so the case's draft still states there is no code
        "error_codes": draft.error_codes
        or ([t("coach.render.no_error_code", lang)] if draft.error_codes_none_stated else []),
        "steps": draft.steps,
        "expected": draft.expected,
        "actual": draft.actual,
        "attachments": draft.attachments,
        **valid_identifiers(draft),
    }
    case_id = cases.create(
        sessions=sessions,
        now=now,
        ctx=ctx,
        store=owner,
        marketplace=code,
        subject=cases.check_subject(draft.subject.splitlines()[0], field="subject"),
        body=body,
        priority=priority,
        category=result.category,
        language=result.language,
        force=force,
        reason=reason,
        lint=stored,
        principal=principal,
        amazon_case_ids=draft.case_ids,  # "Case ID: …" in the draft: the case's earlier one
    )
    return StoredDraft(case_id, shown)


def _in_both_languages(
    shown: dict[str, Any],
    result: Any,
    data: Any,
    lang: str,
    draft: Draft,
    help_article: Any,
) -> dict[str, Any]:
    """The coach's result as kept with the case: each finding's sentence in zh and en
    (``messages``), so the case page and the dossier say it in the reader's language, not in
    the language of whoever created the case."""
    other = "en" if lang == "zh" else "zh"
    theirs = result_json(result, data, other, draft=draft, help_article=help_article)
    findings = []
    for mine, other_words in zip(shown["findings"], theirs["findings"], strict=True):
        messages = {lang: mine["message"], other: other_words["message"]}
        findings.append({**mine, "messages": messages})
    return {**shown, "findings": findings}


@dataclass(frozen=True, slots=True)
class StoredDraft:
    """A draft stored as a case: ``case new --from-draft --json`` prints it (``id``, ``lint``)."""

    id: int
    lint: Mapping[str, Any]  # the shape of ``case lint --json``, as stored with the case


@dataclass(frozen=True)
class CoachedDraft:
    draft: Draft
    lint: dict[str, Any]  # the shape of ``case lint --json`` (with ``paste_findings``)
    english: str  # the case text to paste into Seller Central


def coach_draft(
    *,
    sessions: sessionmaker[Session],
    home: Path,
    fields: Mapping[str, Any],
    lang: str,
    principal: Principal | None,
) -> CoachedDraft:
    """Lint a draft given as the draft format's fields (the API's and the form's), with the
    findings of its store when the principal may read it, and render its English text; the
    checks run on that text too (``paste_findings``: what is pasted is what was checked)."""
    from sellerdesk.core.coach.paste import paste_and_check, paste_findings_json

    data = load_coach_data(home / "coach")
    draft = draft_from_mapping(fields, "json")
    marketplace = draft.marketplace or None
    if draft.store:
        result = lint_with_store(
            sessions=sessions,
            draft=draft,
            data=data,
            store=draft.store,
            marketplace=marketplace,
            lang=lang,
            principal=principal,
        )
    else:
        result = lint(draft, data, marketplace=marketplace)

    def lookup(asked: Draft, lang: str) -> Any:  # the index is built only if a draft needs it
        return knowledge_base_lookup(load_knowledge_base(home))(asked, lang)

    shown = result_json(result, data, lang, draft=draft, help_article=lookup)
    english, pasted = paste_and_check(draft, result, data, lang="en", marketplace=marketplace)
    shown["paste_findings"] = paste_findings_json(pasted, data, lang)
    return CoachedDraft(draft, shown, english.text)
