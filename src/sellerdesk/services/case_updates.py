"""Changes to an existing case: submit, log a communication, move status, assign, tag, merge.

Each is one transaction that bumps the case's version (optimistic locking), writes an audit
row and refreshes the clocks; an error anywhere rolls the whole command back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.identifiers import check
from sellerdesk.core.cases.status import WAITING_ON, check_status
from sellerdesk.core.cases.tags import retag, split_tags
from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services import case_clocks
from sellerdesk.services.attachments import StoredFile, store_file
from sellerdesk.services.case_records import (
    load_for_change,
    move_status,
    rebuild_search_text,
    record,
)
from sellerdesk.services.case_views import Outcome
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.records import EventRow
from sellerdesk.storage.repositories import attachments as attachment_rows
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import events as event_rows
from sellerdesk.storage.session import IntegrityError, Session, sessionmaker

SUBMIT_CHANNELS = ("case", "chat", "phone")
EVENT_CHANNELS = ("case", "e-mail", "chat", "phone", "call-back")
DIRECTIONS = ("in", "out", "note")
MAX_BODY = 100_000


def _choice(value: str, allowed: Sequence[str], field: str) -> str:
    if value not in allowed:
        raise InvalidInput.of(
            "case.not_allowed_here", field=field, value=value, allowed=", ".join(allowed)
        )
    return value


def _held_by(case_id: int, amazon_case_id: str) -> Conflict:
    return Conflict.of(
        "case.case_id_held", field="amazon_case_id", case_id=case_id, amazon_case_id=amazon_case_id
    )


def submit(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    amazon_case_id: str,
    channel: str = "case",
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> Outcome:
    """Record Amazon's Case ID and move the draft to ``submitted``."""
    number = check("case-id", amazon_case_id, field="amazon_case_id")
    _choice(channel, SUBMIT_CHANNELS, "channel")
    try:
        with transaction(sessions) as session:
            case = load_for_change(
                session, case_id, now=now, expected_version=expected_version, principal=principal
            )
            holder = case_rows.case_holding_amazon_id(session, number)
            if holder is not None:
                raise _held_by(holder, number)
            case_rows.add_amazon_case_id(session, case.id, number, now)
            move_status(session, case, "submitted", at=now, now=now, ctx=ctx)
            case.submitted_at = now
            case.channel = channel
            case.search_text = f"{case.search_text}\n{number}"
            record(
                session,
                case.id,
                "submit",
                now=now,
                ctx=ctx,
                detail={"case_id": number, "channel": channel},
            )
            case_clocks.refresh(session, case, now=now, ctx=ctx)
            return Outcome.of(case, case_id=number)
    except IntegrityError:  # another process recorded the same Case ID first
        with transaction(sessions) as session:
            holder = case_rows.case_holding_amazon_id(session, number)
        raise _held_by(holder or 0, number) from None


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
    _choice(direction, DIRECTIONS, "direction")
    _choice(channel, EVENT_CHANNELS, "channel")
    text = body.strip()
    if not text and not attachments and not stored:
        raise InvalidInput.of("event.empty", field="body")
    if len(text) > MAX_BODY:
        raise InvalidInput.of("event.too_long", field="body", size=len(text), most=MAX_BODY)
    at = occurred_at or now
    if at > now:
        raise InvalidInput.of("event.in_future", field="occurred_at")
    # bytes first, then the rows (``stored``: files an adapter already streamed in)
    stored = [*stored, *(store_file(Path(p), ctx=ctx) for p in attachments)]
    with transaction(sessions) as session:
        case = load_for_change(
            session, case_id, now=now, expected_version=expected_version, principal=principal
        )
        if case.status == "merged":
            raise InvalidInput.of(
                "event.case_merged", field="case_id", case_id=case.id, into=case.merged_into_id
            )
        event = event_rows.add(
            session,
            EventRow(
                case_id=case.id,
                direction=direction,
                channel=channel,
                author=author or ctx.actor,
                occurred_at=at,
                recorded_at=now,
                body=text,
                data={},
            ),
        )
        for f in stored:
            blob = attachment_rows.get_or_add(
                session, sha256=f.sha256, size=f.size, media_type=f.media_type, now=now
            )
            attachment_rows.link(
                session, event_id=event.id, attachment_id=blob.id, file_name=f.file_name
            )
        follow = _follow_up(case.status, direction)
        if follow is not None:
            # never before the last move: the clocks' history stays in order
            last = case_clocks.transitions_of(session, case.id)
            move_at = max([at, *(t.at for t in last)])
            move_status(session, case, follow, at=move_at, now=now, ctx=ctx, extra={"auto": True})
        if text:
            case.search_text = f"{case.search_text}\n{text}"
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
                "status": follow,
            },
        )
        case_clocks.refresh(session, case, now=now, ctx=ctx)
        return Outcome.of(case, event_id=event.id)


def _follow_up(status: str, direction: str) -> str | None:
    if direction == "in" and WAITING_ON.get(status) == "amazon":
        return "needs-action"
    if direction == "out" and status == "needs-action":
        return "waiting-amazon"
    return None


def set_status(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    status: str,
    amazon_label: str | None = None,
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> Outcome:
    """Move the case (illegal moves are refused, listing the allowed ones)."""
    check_status(status, field="status")
    if status in ("submitted", "merged"):
        command = "case submit ID --case-id N" if status == "submitted" else "case merge ID INTO"
        raise InvalidInput.of("case.own_command", field="status", status=status, command=command)
    label = " ".join((amazon_label or "").split())[:80] or None
    with transaction(sessions) as session:
        case = load_for_change(
            session, case_id, now=now, expected_version=expected_version, principal=principal
        )
        old = case.status
        extra = {"amazon_label": label} if label else {}
        if status == old and label:  # Amazon relabelled the case; our status stands
            pass
        else:
            move_status(session, case, status, at=now, now=now, ctx=ctx, extra=extra)
        if label:
            case.amazon_label = label
        detail = {"from": old, "to": status, "amazon_label": label}
        record(session, case.id, "status", now=now, ctx=ctx, detail=detail)
        case_clocks.refresh(session, case, now=now, ctx=ctx)
        return Outcome.of(case)


def assign(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    user: str,
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> Outcome:
    name = " ".join(user.split())
    if not name or len(name) > 80:
        raise InvalidInput.of("case.bad_assignee", field="assignee", value=user)
    with transaction(sessions) as session:
        case = load_for_change(
            session, case_id, now=now, expected_version=expected_version, principal=principal
        )
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


def merge(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    into_id: int,
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> Outcome:
    """Fold ``case_id`` into ``into_id``: every Case ID, identifier and communication record
    ends on the target; the source becomes ``merged``."""
    if case_id == into_id:
        raise InvalidInput.of("merge.into_itself", field="into")
    with transaction(sessions) as session:
        # lock in id order, so two opposite merges cannot deadlock
        first, second = sorted((case_id, into_id))
        locked = {
            first: load_for_change(
                session,
                first,
                now=now,
                expected_version=expected_version if first == case_id else None,
                field="case_id" if first == case_id else "into",
                principal=principal,
            ),
            second: load_for_change(
                session,
                second,
                now=now,
                expected_version=expected_version if second == case_id else None,
                field="case_id" if second == case_id else "into",
                principal=principal,
            ),
        }
        source, target = locked[case_id], locked[into_id]
        if source.store_id != target.store_id:
            raise InvalidInput.of("merge.other_store", field="into", case_id=case_id, into=into_id)
        if target.status == "merged":
            raise InvalidInput.of(
                "merge.target_merged", field="into", into=into_id, final=target.merged_into_id
            )
        moved_ids = case_rows.amazon_case_ids_of(session, source.id)
        move_status(session, source, "merged", at=now, now=now, ctx=ctx, extra={"into": target.id})
        source.merged_into_id = target.id
        case_rows.move_amazon_case_ids(session, source.id, target.id)
        case_rows.move_identifiers(session, source.id, target.id)
        moved = event_rows.move_communication(session, source.id, target.id)
        for row, text in (
            (source, f"Merged into case {target.id}."),
            (target, f"Case {source.id} merged into this case ({moved} records moved)."),
        ):
            event_rows.add(
                session,
                EventRow(
                    case_id=row.id,
                    direction="note",
                    channel=None,
                    author=ctx.actor,
                    occurred_at=now,
                    recorded_at=now,
                    body=text,
                    data={"merge": {"from": source.id, "into": target.id}},
                ),
            )
        session.flush()
        rebuild_search_text(session, target)
        rebuild_search_text(session, source)
        detail = {"from": source.id, "into": target.id, "case_ids": moved_ids, "events": moved}
        record(session, source.id, "merge", now=now, ctx=ctx, detail=detail)
        record(session, target.id, "merge", now=now, ctx=ctx, detail=detail)
        case_clocks.refresh(session, source, now=now, ctx=ctx)
        case_clocks.refresh(session, target, now=now, ctx=ctx)
        return Outcome.of(source, into=target.id, into_version=target.version)
