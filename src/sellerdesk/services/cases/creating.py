"""Creating a case, with the duplicate guard (S19, S22a): a draft, its first status event,
its identifiers, its audit row and its follow-ups (clocks and reminders)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ParamSpec

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.body import build_body, identifier_pairs
from sellerdesk.core.cases.duplicates import SIMILAR_SUBJECT, shingles
from sellerdesk.core.cases.identifiers import is_valid
from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import check_line
from sellerdesk.services import access
from sellerdesk.services.alerts import triggers as alert_triggers
from sellerdesk.services.cases import followups
from sellerdesk.services.cases.records import record, search_text
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.duplicate_candidates import similar_open_subjects
from sellerdesk.storage.records import CaseRow, EventRow
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import events as event_rows
from sellerdesk.storage.repositories import stores as store_rows
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

    def __init__(self, matches: Sequence[DuplicateMatch], **attempt: Any) -> None:
        self.matches = list(matches)
        self.attempt = attempt  # store_id, store, subject, actor: what its alert says
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
    if not text:
        raise InvalidInput.of("case.subject_empty", field=field, most=MAX_SUBJECT)
    if len(text) > MAX_SUBJECT:  # each refusal says which rule: the person fixes that one
        raise InvalidInput.of(
            "case.subject_too_long", field=field, most=MAX_SUBJECT, length=len(text)
        )
    if any(ord(c) < 32 and c not in "\t\n" for c in subject):
        raise InvalidInput.of("case.subject_control", field=field, most=MAX_SUBJECT)
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


P = ParamSpec("P")
log = logging.getLogger(__name__)


def _alerting_refusals(make: Callable[P, int]) -> Callable[P, int]:
    """A refused duplicate is alerted (trigger ``duplicate-refused``) in a transaction of its
    own once the refusal rolled back: the refusal stands even if the alert cannot be written."""

    @functools.wraps(make)
    def create(*args: P.args, **kwargs: P.kwargs) -> int:
        try:
            return make(*args, **kwargs)
        except DuplicateConflict as refused:
            if refused.attempt:
                try:
                    with transaction(kwargs["sessions"]) as session:  # type: ignore[arg-type]
                        alert_triggers.duplicate_refused(
                            session,
                            matches=tuple(m.case_id for m in refused.matches),
                            now=kwargs["now"],  # type: ignore[arg-type]
                            **refused.attempt,
                        )
                except Exception:
                    log.exception("the alert of a refused duplicate could not be enqueued")
            raise

    return create


@_alerting_refusals
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
    amazon_case_ids: Iterable[str] = (),
) -> int:
    """A new draft case; its id. Refused (Conflict) when it duplicates an open case.

    ``lint`` (the case coach's result for the draft) is kept as a note event;
    ``amazon_case_ids``: Seller Support Case IDs the case already had (a draft's "Case ID:"),
    kept as the submit keeps one; a malformed one, or one another case holds, is left out
    (the coach reports the first; the second is that other case's)."""
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
        chosen = desk_for_case(ctx, code, desk)
        store_rows.lock(session, owner.id)
        matches = find_duplicates(session, store_id=owner.id, subject=title, pairs=pairs)
        if matches and not force:
            actor = principal.name if principal is not None else ctx.actor
            raise DuplicateConflict(
                matches, store_id=owner.id, store=owner.name, subject=title, actor=actor
            )
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
        for number in _earlier_case_ids(session, amazon_case_ids):
            case_rows.add_amazon_case_id(session, case.id, number, now)
            case.search_text = f"{case.search_text}\n{number}"
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
        followups.refresh(session, ctx, case, now)
        return case.id


def _earlier_case_ids(session: Session, given: Iterable[str]) -> list[str]:
    numbers = list(dict.fromkeys(v.strip() for v in given if is_valid("case-id", v.strip())))
    held = case_rows.cases_by_amazon_id(session, numbers) if numbers else {}
    return [n for n in numbers if n not in held]


def desk_for_case(ctx: TrackerContext, marketplace: str, override: str | None) -> str:
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
