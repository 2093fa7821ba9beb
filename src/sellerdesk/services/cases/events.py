"""What happens on a case besides a status move: a communication record (which may move
the status by itself: who acts next), an owner, tags.

Each is one transaction that bumps the case's version (optimistic locking) and writes an
audit row; an error anywhere rolls the whole change back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.status import WAITING_ON
from sellerdesk.core.cases.tags import retag, split_tags
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.alerts import triggers as alert_triggers
from sellerdesk.services.attachments import StoredFile, check_file, store_file
from sellerdesk.services.cases import followups
from sellerdesk.services.cases.assignees import check_assignee, clean_assignee
from sellerdesk.services.cases.models import Outcome
from sellerdesk.services.cases.records import check_choice, load_for_change, move_status, record
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.records import CaseRow, EventRow
from sellerdesk.storage.repositories import attachments as attachment_rows
from sellerdesk.storage.repositories import events as event_rows
from sellerdesk.storage.session import Session, sessionmaker

EVENT_CHANNELS = ("case", "e-mail", "chat", "phone", "call-back")
DIRECTIONS = ("in", "out", "note")
MAX_BODY = 100_000


def log_event(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    direction: str,
    body: str,
    channel: str = "case",
    author: str | None = None,
    occurred_at: datetime | None = None,
    attachments: Sequence[Path] = (),
    stored: Sequence[StoredFile] = (),
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> Outcome:
    """Append a communication record (``event_id`` in the answer).

    Who acts next follows from it: a reply from Amazon while we wait on Amazon moves the case
    to ``needs-action``; our answer while Amazon waits on us moves it to ``waiting-amazon``.
    """
    check_choice(direction, DIRECTIONS, "direction")
    check_choice(channel, EVENT_CHANNELS, "channel")
    text = body.strip()
    if not text and not attachments and not stored:
        raise InvalidInput.of("event.empty", field="body")
    if len(text) > MAX_BODY:
        raise InvalidInput.of("event.too_long", field="body", size=len(text), most=MAX_BODY)
    at = occurred_at or now
    if at > now:
        raise InvalidInput.of("event.in_future", field="occurred_at")
    # bytes first, then the rows (``stored``: files an adapter already streamed in); every
    # file's content checked before any is stored, so a refused one leaves no blob behind
    for path in attachments:
        check_file(Path(path))
    stored = [*stored, *(store_file(Path(p), ctx=ctx) for p in attachments)]
    with transaction(sessions) as session:
        case = load_for_change(
            session, case_id, now=now, expected_version=expected_version, principal=principal
        )
        if case.status == "merged":
            raise InvalidInput.of(
                "event.case_merged", field="case_id", case_id=case.id, into=case.merged_into_id
            )
        event = append_event(
            session,
            case,
            now=now,
            ctx=ctx,
            direction=direction,
            body=text,
            channel=channel,
            author=author,
            at=at,
            stored=stored,
        )
        return Outcome.of(case, event_id=event.id)


def append_event(
    session: Session,
    case: CaseRow,
    *,
    now: datetime,
    ctx: TrackerContext,
    direction: str,
    body: str,
    channel: str,
    author: str | None,
    at: datetime,
    stored: Sequence[StoredFile] = (),
    follow: bool = True,
    data: dict[str, Any] | None = None,
    alert: bool = True,
    excerpt: str | None = None,
) -> EventRow:
    """The event written into an open transaction, on a case already loaded for change:
    its files linked, the status moved by who acts next (unless ``follow`` is False: mail
    older than a person's last status change), the search text, the audit row, the clocks
    and reminders. :func:`log_event` and mail read in (services/mail) both write through it.
    ``alert`` False: no alert of this change (old mail read in is history, not news);
    ``excerpt``: what an alert quotes of the reply (mail: its text without the subject)."""
    event = event_rows.add(
        session,
        EventRow(
            case_id=case.id,
            direction=direction,
            channel=channel,
            author=author or ctx.actor,
            occurred_at=at,
            recorded_at=now,
            body=body,
            data=dict(data or {}),
        ),
    )
    for f in stored:
        blob = attachment_rows.get_or_add(
            session, sha256=f.sha256, size=f.size, media_type=f.media_type, now=now
        )
        attachment_rows.link(
            session, event_id=event.id, attachment_id=blob.id, file_name=f.file_name
        )
    move = _follow_up(case.status, direction) if follow else None
    if move is not None:
        move_at = followups.not_before_last_move(session, case.id, at)
        move_status(
            session, case, move, at=move_at, now=now, ctx=ctx, extra={"auto": True}, alert=alert
        )
    if body:
        case.search_text = f"{case.search_text}\n{body}"
    record(
        session,
        case.id,
        "log",
        now=now,
        ctx=ctx,
        detail={
            "event_id": event.id,
            "direction": direction,
            "channel": channel,
            "attachments": [f.sha256 for f in stored],
            "status": move,
        },
    )
    followups.refresh(session, ctx, case, now)
    if direction == "in" and alert:  # Amazon answered: its alert commits with the event
        quoted = body if excerpt is None else excerpt
        alert_triggers.amazon_replied(session, case, event_id=event.id, now=now, excerpt=quoted)
    return event


def _follow_up(status: str, direction: str) -> str | None:
    if direction == "in" and WAITING_ON.get(status) == "amazon":
        return "needs-action"
    if direction == "out" and status == "needs-action":
        return "waiting-amazon"
    return None


def assign(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    user: str | None,
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> Outcome:
    """Give the case an owner, or none (``user`` None or blank): a user who exists, is
    enabled and may work on the case's store (:mod:`.assignees`)."""
    clean_assignee(user)  # a malformed name is refused before the database is opened
    with transaction(sessions) as session:
        case = load_for_change(
            session, case_id, now=now, expected_version=expected_version, principal=principal
        )
        name = check_assignee(session, case.store_id, user)
        old = case.assignee
        case.assignee = name
        record(session, case.id, "assign", now=now, ctx=ctx, detail={"from": old, "to": name})
        return Outcome.of(case)


def tag(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> Outcome:
    """Add and remove tags (normalised: ``FBA`` and ``fba`` are one tag); ``tags`` after."""
    adding, removing = split_tags(add, field="add"), split_tags(remove, field="remove")
    if not adding and not removing:
        raise InvalidInput.of("tags.none_given", field="add")
    with transaction(sessions) as session:
        case = load_for_change(
            session, case_id, now=now, expected_version=expected_version, principal=principal
        )
        old = list(case.tags or [])
        case.tags = retag(old, adding, removing)
        added = tuple(t for t in case.tags if t not in old)
        removed = tuple(t for t in old if t not in case.tags)
        detail = {"added": list(added), "removed": list(removed), "tags": case.tags}
        record(session, case.id, "tag", now=now, ctx=ctx, detail=detail)
        return Outcome.of(case, added=added, removed=removed, tags=tuple(case.tags))
