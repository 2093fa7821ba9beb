"""Moving a case to another status: one entry point, :func:`move`, for every adapter.

``submitted`` records Amazon's Case ID (and the channel it came through), ``merged`` folds
the case into another, any other status goes through the lifecycle check (with Amazon's own
label, optionally). Each is one transaction that bumps the case's version (optimistic
locking), writes a status event and an audit row and refreshes the follow-ups (clocks and
reminders); an error anywhere rolls the whole change back.
"""

from __future__ import annotations

from datetime import datetime

from sellerdesk.core.access import Principal
from sellerdesk.core.cases.identifiers import check
from sellerdesk.core.cases.status import check_status
from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services.cases import followups
from sellerdesk.services.cases.models import Outcome
from sellerdesk.services.cases.records import (
    check_choice,
    load_for_change,
    move_status,
    rebuild_search_text,
    record,
)
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.records import EventRow
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import events as event_rows
from sellerdesk.storage.session import IntegrityError, Session, sessionmaker

SUBMIT_CHANNELS = ("case", "chat", "phone")


def move(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    status: str,
    amazon_case_id: str | None = None,
    channel: str = "case",
    into: int | None = None,
    amazon_label: str | None = None,
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> Outcome:
    """Move the case to ``status``: ``submitted`` needs ``amazon_case_id`` (``channel``:
    case, chat or phone), ``merged`` needs ``into``; any other status the lifecycle allows.

    The answer carries the Case ID recorded (submitted) or the target and its version
    (merged)."""
    if status == "submitted":
        number = (amazon_case_id or "").strip()
        if not number:
            raise InvalidInput.of("case.move_needs_case_id", field="amazon_case_id")
        return _submit(sessions, now, ctx, case_id, number, channel, expected_version, principal)
    if status == "merged":
        if into is None:
            raise InvalidInput.of("case.move_needs_target", field="into")
        return _merge(sessions, now, ctx, case_id, into, expected_version, principal)
    check_status(status, field="status")
    return _set_status(
        sessions, now, ctx, case_id, status, amazon_label, expected_version, principal
    )


def _held_by(case_id: int, amazon_case_id: str) -> Conflict:
    return Conflict.of(
        "case.case_id_held", field="amazon_case_id", case_id=case_id, amazon_case_id=amazon_case_id
    )


def _submit(
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    amazon_case_id: str,
    channel: str,
    expected_version: int | None,
    principal: Principal | None,
) -> Outcome:
    """Record Amazon's Case ID and move the draft to ``submitted``."""
    number = check("case-id", amazon_case_id, field="amazon_case_id")
    check_choice(channel, SUBMIT_CHANNELS, "channel")
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
            followups.refresh(session, ctx, case, now)
            return Outcome.of(case, case_id=number)
    except IntegrityError:  # another process recorded the same Case ID first
        with transaction(sessions) as session:
            holder = case_rows.case_holding_amazon_id(session, number)
        raise _held_by(holder or 0, number) from None


def _set_status(
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    status: str,
    amazon_label: str | None,
    expected_version: int | None,
    principal: Principal | None,
) -> Outcome:
    """Any other move (illegal ones are refused, listing the allowed ones); an ``amazon_label``
    alone, on the status the case already has, records Amazon's relabelling."""
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
        followups.refresh(session, ctx, case, now)
        return Outcome.of(case)


def _merge(
    sessions: sessionmaker[Session],
    now: datetime,
    ctx: TrackerContext,
    case_id: int,
    into_id: int,
    expected_version: int | None,
    principal: Principal | None,
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
        followups.refresh(session, ctx, source, now)
        followups.refresh(session, ctx, target, now)
        return Outcome.of(source, into=target.id, into_version=target.version)
