"""Creating cases, with the duplicate guard (S19, S22a), and reading them back.

Changes to existing cases (submit, log, status, assign, merge) live in
:mod:`sellerdesk.services.case_updates`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.body import build_body, identifier_pairs
from sellerdesk.core.cases.duplicates import SIMILAR_SUBJECT, shingles
from sellerdesk.core.cases.status import OPEN_STATUSES, check_status
from sellerdesk.core.cases.tags import normalise_tag
from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import check_line
from sellerdesk.services import access, case_clocks
from sellerdesk.services.case_records import load, not_found, record, search_text
from sellerdesk.services.case_views import AttachmentView, CaseView, ClockView, event_view
from sellerdesk.services.list_cache import Item as ListItem
from sellerdesk.services.list_cache import ListCache, with_breach
from sellerdesk.services.tracker import TrackerContext, read_transaction, transaction
from sellerdesk.storage.duplicate_candidates import similar_open_subjects
from sellerdesk.storage.records import CaseRow, EventRow
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import events as event_rows
from sellerdesk.storage.repositories import stores as store_rows
from sellerdesk.storage.repositories.versions import data_version
from sellerdesk.storage.session import Session, sessionmaker

PRIORITIES = ("normal", "high", "urgent")
DUPLICATE_KINDS = ("order", "asin", "shipment")  # a SKU alone is too common to mean "same issue"
MAX_SUBJECT = 300
# A refusal names this many matching cases, the strongest first, and counts the rest: a store
# flooded with one template subject can match hundreds, and a list that long hides the point.
LISTED_MATCHES = 10


@dataclass
class DuplicateMatch:
    case_id: int
    shared: list[tuple[str, str]] = field(default_factory=list)  # (kind, value) in common
    subject: str | None = None  # its subject, when very similar
    similarity: float = 0.0

    def reasons(self, lang: str) -> list[str]:
        out = [
            t("error.duplicate.same", lang, kind=t(f"error.duplicate.kind.{k}", lang), value=v)
            for k, v in self.shared
        ]
        if self.subject is not None:
            out.append(
                t("error.duplicate.similar", lang, subject=self.subject, score=self.similarity)
            )
        return out


def shortlist(matches: Sequence[DuplicateMatch]) -> tuple[list[DuplicateMatch], int]:
    """The ``LISTED_MATCHES`` strongest (a shared order ID, ASIN or shipment first, then the
    most similar subject, then the oldest case) and how many are left out."""
    ranked = sorted(matches, key=lambda m: (not m.shared, -m.similarity, m.case_id))
    return ranked[:LISTED_MATCHES], max(0, len(matches) - LISTED_MATCHES)


class DuplicateConflict(Conflict):
    """The refusal of a duplicate case, worded in each language from its matches."""

    def __init__(self, matches: Sequence[DuplicateMatch]) -> None:
        self.matches = list(matches)
        message, fix = self.words("en")
        super().__init__(message, field="store", fix=fix)

    def words(self, lang: str, *, page: bool = False) -> tuple[str, str | None]:
        shown, more = shortlist(self.matches)
        comma = t("error.duplicate.comma", lang)
        listed = t("error.duplicate.separator", lang).join(
            t("error.duplicate.case", lang, case_id=m.case_id, reasons=comma.join(m.reasons(lang)))
            for m in shown
        )
        if more:
            listed += t("error.duplicate.more", lang, n=more)
        return t("error.duplicate.message", lang, listed=listed), t("error.duplicate.fix", lang)


def check_subject(subject: str, field: str = "subject") -> str:
    """The subject with its whitespace collapsed; the same refusal for the CLI, the API, the
    web form and drafts (never cut short): over :data:`MAX_SUBJECT` characters, control
    characters, bidirectional controls, or nothing visible (core/input_guard.check_line)."""
    check_line(subject, field)
    text = " ".join(subject.split())
    if not text or len(text) > MAX_SUBJECT or any(ord(c) < 32 and c not in "\t\n" for c in subject):
        raise InvalidInput.of("case.bad_subject", field=field, most=MAX_SUBJECT)
    return text


def find_duplicates(
    session: Session, *, store_id: int, subject: str, pairs: Iterable[tuple[str, str]]
) -> list[DuplicateMatch]:
    """Open cases of the store that share an order ID, ASIN or shipment ID, or whose subject
    is very similar; identifiers are looked up through their index, subjects through the
    trigram index of open cases, which gives the exact Jaccard index without re-shingling."""
    found: dict[int, DuplicateMatch] = {}
    shared = [(k, v) for k, v in pairs if k in DUPLICATE_KINDS]
    hits = case_rows.open_cases_sharing(
        session, store_id=store_id, open_statuses=OPEN_STATUSES, pairs=shared
    )
    for case_id, kind, value in hits:
        found.setdefault(case_id, DuplicateMatch(case_id)).shared.append((kind, value))
    similar = similar_open_subjects(
        session, store_id=store_id, grams=shingles(subject), threshold=SIMILAR_SUBJECT
    )
    for match in similar:
        hit = found.setdefault(match.case_id, DuplicateMatch(match.case_id))
        hit.subject, hit.similarity = match.subject, match.score
    return [found[k] for k in sorted(found)]


def create(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    store: str,
    marketplace: str,
    subject: str,
    body: Mapping[str, Any] | None = None,
    order_ids: Iterable[str] = (),
    asins: Iterable[str] = (),
    skus: Iterable[str] = (),
    shipment_ids: Iterable[str] = (),
    priority: str = "normal",
    category: str | None = None,
    desk: str | None = None,
    language: str | None = None,
    force: bool = False,
    reason: str | None = None,
    principal: Principal | None = None,
    lint: Mapping[str, Any] | None = None,
) -> int:
    """A new draft case; its id. Refused (Conflict) when it duplicates an open case.

    ``lint`` (the case coach's result for the draft) is kept as a note event."""
    title = check_subject(subject)
    structured = build_body(
        body,
        {"order_ids": order_ids, "asins": asins, "skus": skus, "shipment_ids": shipment_ids},
    )
    pairs = identifier_pairs(structured)
    if priority not in PRIORITIES:
        raise InvalidInput.of(
            "case.bad_priority", field="priority", value=priority, allowed=", ".join(PRIORITIES)
        )
    why = " ".join((reason or "").split())
    if force and not why:
        raise InvalidInput.of("case.force_needs_reason", field="reason")
    code = marketplace.strip().upper()
    with transaction(sessions) as session:
        owner = access.store_for(session, principal, store, write=True)
        if code not in owner.marketplaces:
            raise InvalidInput.of(
                "case.not_on_marketplace",
                field="marketplace",
                store=owner.name,
                code=code,
                allowed=", ".join(owner.marketplaces),
            )
        chosen = _desk(ctx, code, desk)
        store_rows.lock(session, owner.id)
        matches = find_duplicates(session, store_id=owner.id, subject=title, pairs=pairs)
        if matches and not force:
            raise DuplicateConflict(matches)
        case = case_rows.add(
            session,
            CaseRow(
                store_id=owner.id,
                marketplace=code,
                desk=chosen,
                category=(category or "").strip() or None,
                subject=title,
                body=structured,
                priority=priority,
                language=(language or ctx.desks[chosen].language).strip().lower(),
                channel="case",
                status="draft",
                tags=[],
                version=1,
                created_at=now,
                updated_at=now,
                search_text=search_text(title, structured, [v for _, v in pairs]),
            ),
        )
        case_rows.add_identifiers(session, case.id, pairs)
        event_rows.add(
            session, _event(case.id, "status", now, ctx, data={"from": None, "to": "draft"})
        )
        detail: dict[str, Any] = {"store": owner.name, "marketplace": code, "subject": title}
        if matches:
            dupes = {str(m.case_id): m.reasons("en") for m in matches}
            detail.update(forced=True, reason=why, duplicates=dupes)
            note = f"Created despite open case(s) {', '.join(dupes)}: {why}"
            event_rows.add(session, _event(case.id, "note", now, ctx, body=note))
        if lint is not None:
            codes = ", ".join(str(f.get("code")) for f in lint.get("findings", [])) or "none"
            note = f"Case coach: score {lint.get('score')}/100; findings: {codes}"
            event_rows.add(
                session, _event(case.id, "note", now, ctx, body=note, data={"lint": dict(lint)})
            )
            detail["lint_score"] = lint.get("score")
        record(session, case.id, "create", now=now, ctx=ctx, detail=detail)
        case_clocks.refresh(session, case, now=now, ctx=ctx)
        return case.id


def _desk(ctx: TrackerContext, marketplace: str, override: str | None) -> str:
    from sellerdesk.hours import desk_for_marketplace

    if override:
        if override not in ctx.desks:
            raise InvalidInput.of(
                "case.no_such_desk", field="desk", desk=override, allowed=", ".join(ctx.desks)
            )
        return override
    return desk_for_marketplace(ctx.desks, marketplace).key


def _event(
    case_id: int,
    direction: str,
    now: datetime,
    ctx: TrackerContext,
    *,
    body: str = "",
    data: dict[str, Any] | None = None,
) -> EventRow:
    return EventRow(
        case_id=case_id,
        direction=direction,
        channel=None,
        author=ctx.actor,
        occurred_at=now,
        recorded_at=now,
        body=body,
        data=data or {},
    )


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
        states = case_clocks.states_of(session, case, now=now, ctx=ctx)
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
