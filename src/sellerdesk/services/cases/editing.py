"""Editing a case's own fields (subject, priority, category, tags, assignee): the REST
API's ``PATCH``. One transaction, with the version the caller read (stale: Conflict)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.tags import MAX_TAGS, normalise_tag
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.cases.creating import PRIORITIES, check_subject
from sellerdesk.services.cases.models import Outcome
from sellerdesk.services.cases.records import load_for_change, rebuild_search_text, record
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.session import Session, sessionmaker

EDITABLE = ("subject", "priority", "category", "tags", "assignee")


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
    expected_version: int,
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
        before = {k: getattr(case, k) for k in clean}
        for key, value in clean.items():
            setattr(case, key, value)
        if "subject" in clean:
            session.flush()
            rebuild_search_text(session, case)
        record(session, case.id, "edit", now=now, ctx=ctx, detail={"from": before, "to": clean})
        return Outcome.of(case)
