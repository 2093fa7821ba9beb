"""Editing a case's own fields (subject, priority, category, marketplace, tags, assignee):
the REST API's ``PATCH`` and the case page's "edit details" form; and its structured draft
(timeline, expected/actual, error codes, steps, identifiers): the case page's "edit draft"
form and ``PATCH …/draft``. One transaction each, with the version the caller read (stale:
Conflict)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.body import (
    DRAFT_FIELDS,
    EDITABLE_DRAFT_FIELDS,
    TEXT_FIELDS,
    build_body,
    identifier_pairs,
)
from sellerdesk.core.cases.tags import MAX_TAGS, normalise_tag
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.cases import followups
from sellerdesk.services.cases.assignees import check_assignee
from sellerdesk.services.cases.creating import PRIORITIES, check_subject, desk_for_case
from sellerdesk.services.cases.models import Outcome
from sellerdesk.services.cases.records import load_for_change, rebuild_search_text, record
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import stores as store_rows
from sellerdesk.storage.session import Session, sessionmaker

EDITABLE = ("subject", "priority", "category", "marketplace", "tags", "assignee")


def _tags(values: Sequence[str]) -> list[str]:
    """Normalised as ``case tag`` stores them, so that the tag filter finds them."""
    out = list(dict.fromkeys(normalise_tag(v, field="tags") for v in values if v.strip()))
    if len(out) > MAX_TAGS:
        raise InvalidInput.of("tags.too_many", field="tags", count=len(out), most=MAX_TAGS)
    return out


def edit(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    changes: dict[str, Any],
    expected_version: int | None,
    principal: Principal | None = None,
) -> Outcome:
    """Apply ``changes`` (only :data:`EDITABLE` keys); the new status and version."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput.of(
            "case.not_editable",
            field=unknown[0],
            names=", ".join(unknown),
            editable=", ".join(EDITABLE),
        )
    clean: dict[str, Any] = {}
    if "subject" in changes:
        clean["subject"] = check_subject(str(changes["subject"] or ""))
    if "priority" in changes:
        if changes["priority"] not in PRIORITIES:
            raise InvalidInput.of(
                "case.bad_priority",
                field="priority",
                value=changes["priority"],
                allowed=", ".join(PRIORITIES),
            )
        clean["priority"] = changes["priority"]
    if "category" in changes:
        clean["category"] = " ".join(str(changes["category"] or "").split())[:200] or None
    if "marketplace" in changes:
        clean["marketplace"] = str(changes["marketplace"] or "").strip().upper()
    if "tags" in changes:
        clean["tags"] = _tags(list(changes["tags"] or []))
    if "assignee" in changes:
        name = " ".join(str(changes["assignee"] or "").split())
        if len(name) > 80:
            raise InvalidInput.of("case.bad_assignee", field="assignee", value=name)
        clean["assignee"] = name or None
    with transaction(sessions) as session:
        case = load_for_change(
            session, case_id, now=now, expected_version=expected_version, principal=principal
        )
        if "assignee" in clean:  # the rule of `case assign` and the assignee forms
            clean["assignee"] = check_assignee(session, case.store_id, clean["assignee"])
        if "marketplace" in clean:  # the rule of `case new`: one the store sells on
            _check_marketplace(session, case.store_id, clean["marketplace"])
        # the audit row names what changed (a form sends every field, most unchanged)
        clean = {k: v for k, v in clean.items() if getattr(case, k) != v} or clean
        before = {k: getattr(case, k) for k in clean}
        for key, value in clean.items():
            setattr(case, key, value)
        if "marketplace" in clean and before["marketplace"] != clean["marketplace"]:
            # the desk (and with it the hours its clocks run on) follows the marketplace
            case.desk = desk_for_case(ctx, clean["marketplace"], None)
            followups.refresh(session, ctx, case, now)
        if "subject" in clean:
            session.flush()
            rebuild_search_text(session, case)
        record(session, case.id, "edit", now=now, ctx=ctx, detail={"from": before, "to": clean})
        return Outcome.of(case)


def _check_marketplace(session: Session, store_id: int, code: str) -> None:
    owner = store_rows.get(session, store_id)
    allowed = list(owner.marketplaces) if owner is not None else []
    if code not in allowed:
        raise InvalidInput.of(
            "case.not_on_marketplace",
            field="marketplace",
            store=owner.name if owner is not None else "",
            code=code,
            allowed=", ".join(allowed),
        )


def draft_body(stored: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The case's body with ``changes`` (only :data:`EDITABLE_DRAFT_FIELDS`) over the stored,
    checked as at creation (an identifier in a wrong format is refused naming its field)."""
    unknown = sorted(set(changes) - set(EDITABLE_DRAFT_FIELDS))
    if unknown:
        raise InvalidInput.of(
            "case_draft.not_editable",
            field=unknown[0],
            names=", ".join(unknown),
            editable=", ".join(EDITABLE_DRAFT_FIELDS),
        )
    merged = {k: v for k, v in stored.items() if k in DRAFT_FIELDS}
    return build_body({**merged, **changes})


def edit_draft(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    changes: Mapping[str, Any],
    expected_version: int,
    principal: Principal | None = None,
    lint: Mapping[str, Any] | None = None,
) -> Outcome:
    """Replace the draft fields in ``changes`` (the rest stay); the identifier index follows
    the draft's identifiers. The audit row keeps each changed field before and after, and
    ``lint`` (the coach's score and finding codes for the new draft) when given."""
    with transaction(sessions) as session:
        case = load_for_change(
            session, case_id, now=now, expected_version=expected_version, principal=principal
        )
        old = dict(case.body or {})
        new = draft_body(old, changes)
        changed = [
            k for k in EDITABLE_DRAFT_FIELDS if old.get(k, [] if k in _LISTS else "") != new[k]
        ]
        before, after = set(identifier_pairs(old)), set(identifier_pairs(new))
        case_rows.remove_identifiers(session, case.id, before - after)
        have = set(case_rows.identifiers_of(session, case.id))
        case_rows.add_identifiers(session, case.id, [p for p in after - before if p not in have])
        case.body = new
        session.flush()
        rebuild_search_text(session, case)
        detail: dict[str, Any] = {
            "fields": changed,
            "from": {k: old.get(k) for k in changed},
            "to": {k: new[k] for k in changed},
        }
        if lint is not None:
            detail["lint_score"] = lint.get("score")
            detail["lint_codes"] = [f.get("code") for f in lint.get("findings", [])]
        record(session, case.id, "edit_draft", now=now, ctx=ctx, detail=detail)
        return Outcome.of(case)


_LISTS = tuple(f for f in EDITABLE_DRAFT_FIELDS if f not in TEXT_FIELDS)  # empty is [], not ""
