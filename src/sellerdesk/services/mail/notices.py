"""A performance or policy notice that names no case opens a draft case in the store that
owns the source, when its rule says so (``data/mail_senders.toml``, ``[[notice]]``): the
team sees it in the case list and decides. The draft names the notice's identifiers, so a
second notice about the same ASIN links to it instead of opening another."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sellerdesk.core.cases.body import build_body, identifier_pairs
from sellerdesk.core.cases.identifiers import find_all
from sellerdesk.core.input_guard import check_line
from sellerdesk.core.mail.senders import NoticeRule
from sellerdesk.hours import desk_for_marketplace
from sellerdesk.services.cases import followups
from sellerdesk.services.cases.records import record, search_text
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.records import CaseRow, EventRow
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import events as event_rows
from sellerdesk.storage.repositories import mail as mail_rows
from sellerdesk.storage.repositories import stores as store_rows
from sellerdesk.storage.session import Session

MAX_SUBJECT = 300


def _subject(text: str) -> str:
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    line = " ".join(cleaned.split())[:MAX_SUBJECT] or "Amazon notice"
    try:
        return check_line(line, field="subject")
    except Exception:  # anything the guard refuses: a plain title instead
        return "Amazon notice"


def open_draft(
    session: Session,
    *,
    mail: mail_rows.MailRecord,
    rule: NoticeRule,
    store_id: int,
    text: str,
    now: datetime,
    ctx: TrackerContext,
    actor: str,
) -> int | None:
    """A new draft case for the notice; its id (None: the store sells nowhere a desk serves)."""
    store = store_rows.get(session, store_id)
    if store is None or not store.marketplaces:
        return None
    marketplace = store.marketplaces[0]
    try:
        desk = desk_for_marketplace(ctx.desks, marketplace)
    except Exception:  # no desk serves it: left for a person
        return None
    found = {k: find_all(k, text)[:20] for k in ("order", "asin", "shipment")}
    body = build_body(
        {"description": text[:4000] or mail.subject},
        {"order_ids": found["order"], "asins": found["asin"], "shipment_ids": found["shipment"]},
    )
    pairs = identifier_pairs(body)
    title = _subject(mail.subject)
    as_mail = replace(ctx, actor=actor)
    case = case_rows.add(
        session,
        CaseRow(
            store_id=store.id,
            marketplace=marketplace,
            desk=desk.key,
            category=rule.category,
            subject=title,
            body=body,
            priority="high",
            language=desk.language,
            channel="case",
            status="draft",
            tags=["mail-notice", rule.name],
            version=1,
            created_at=now,
            updated_at=now,
            search_text=search_text(title, body, [v for _, v in pairs]),
        ),
    )
    case_rows.add_identifiers(session, case.id, pairs)
    event_rows.add(
        session,
        EventRow(
            case_id=case.id,
            direction="status",
            channel=None,
            author=actor,
            occurred_at=now,
            recorded_at=now,
            body="",
            data={"from": None, "to": "draft"},
        ),
    )
    detail = {"store": store.name, "marketplace": marketplace, "subject": title}
    record(session, case.id, "create", now=now, ctx=as_mail, detail={**detail, "notice": rule.name})
    followups.refresh(session, as_mail, case, now)
    return int(case.id)
