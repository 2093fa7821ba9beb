"""Reading cases back: one case with everything it carries (:func:`show`) and the list,
sorted by next breach (:func:`list_cases`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.status import check_status
from sellerdesk.core.cases.tags import normalise_tag
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services import access
from sellerdesk.services.cases import followups
from sellerdesk.services.cases.models import (
    AttachmentView,
    CaseView,
    ClockView,
    event_view,
)
from sellerdesk.services.cases.records import load, not_found
from sellerdesk.services.list_cache import Item as ListItem
from sellerdesk.services.list_cache import ListCache, with_breach
from sellerdesk.services.tracker import TrackerContext, read_transaction
from sellerdesk.storage.records import CaseRow
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import events as event_rows
from sellerdesk.storage.repositories import stores as store_rows
from sellerdesk.storage.repositories.versions import data_version
from sellerdesk.storage.session import Session, sessionmaker


def case_view(case: CaseRow, store: str, **more: Any) -> CaseView:
    """The case's own fields (``more``: its Case IDs, identifiers, events and clocks)."""
    return CaseView(
        id=case.id,
        store=store,
        marketplace=case.marketplace,
        desk=case.desk,
        category=case.category,
        subject=case.subject,
        priority=case.priority,
        language=case.language,
        channel=case.channel,
        status=case.status,
        amazon_label=case.amazon_label,
        assignee=case.assignee,
        tags=tuple(case.tags or ()),
        merged_into_id=case.merged_into_id,
        version=case.version,
        created_at=case.created_at,
        updated_at=case.updated_at,
        submitted_at=case.submitted_at,
        resolved_at=case.resolved_at,
        waiting_on=case.waiting_on,
        next_breach_at=case.next_breach_at,
        **more,
    )


def show(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    principal: Principal | None = None,
) -> CaseView:
    """The case with its Case IDs, identifiers, events (with attachments) and both clocks."""
    with read_transaction(sessions) as session:
        case = load(session, case_id)
        access.check_read(principal, case.store_id, lambda: not_found(case_id))
        store = store_rows.get(session, case.store_id)
        identifiers: dict[str, list[str]] = {}
        for kind, value in case_rows.identifiers_of(session, case.id):
            identifiers.setdefault(kind, []).append(value)
        events = event_rows.list_for_case(session, case.id)
        files = event_rows.attachments_of(session, [e.id for e in events])
        states = followups.states_of(session, case, now=now, ctx=ctx)
        return case_view(
            case,
            store.name if store else "",
            body=case.body,
            case_ids=tuple(case_rows.amazon_case_ids_of(session, case.id)),
            identifiers={k: tuple(v) for k, v in identifiers.items()},
            events=tuple(
                event_view(
                    e,
                    tuple(
                        AttachmentView(link.file_name, blob.sha256, blob.size, blob.media_type)
                        for link, blob in files.get(e.id, [])
                    ),
                )
                for e in events
            ),
            clocks={side: ClockView.of(s, now) for side, s in states.items()},
        )


def list_cases(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    store: str | None = None,
    status: str | None = None,
    breaching: bool = False,
    tag: str | None = None,
    limit: int = 100,
    principal: Principal | None = None,
    cache: ListCache | None = None,
) -> list[dict[str, Any]]:
    """Cases sorted by next breach (soonest first; cases with no running clock last).
    With a ``cache``, a page read before at the same data version is reused (exact: see
    :mod:`sellerdesk.services.list_cache`); ``breaching`` pages depend on ``now`` and are
    always read."""
    if status is not None:
        check_status(status, field="status")
    wanted_tag = normalise_tag(tag, field="tag") if tag is not None else None
    if not 1 <= limit <= 10_000:
        raise InvalidInput.of("case.limit_out_of_range", field="limit", limit=limit)
    readable = access.readable_store_ids(principal)
    if breaching:
        cache = None  # which cases have breached depends on now
    with read_transaction(sessions) as session:
        # the version first: rows read after it are as new or newer (see versions.py)
        version = data_version(session) if cache is not None else None
        store_id = access.store_for(session, principal, store).id if store else None
        key = (version, store_id, readable, status, wanted_tag, limit)
        page = cache.get(key) if cache is not None else None
        if page is None:
            rows = case_rows.list_filtered(
                session,
                store_id=store_id,
                store_ids=readable,
                status=status,
                breaching_at=now if breaching else None,
                tag=wanted_tag,
                limit=limit,
            )
            page = [_list_item(row) for row in rows]
            if cache is not None:
                cache.put(key, page)
    return [with_breach(item, now) for item in page]


def _list_item(row: Sequence[Any]) -> ListItem:
    """A list row (the :class:`CaseView` own fields, positionally, times already ISO text) as
    JSON-ready values and its next breach. Positional on purpose: a named lookup per field
    was most of a 100-row page's cost."""
    item = dict(zip(case_rows.LIST_KEYS, row, strict=True))
    item["tags"] = list(item["tags"] or [])
    due_text = row[-1]
    return item, datetime.fromisoformat(due_text) if due_text is not None else None
