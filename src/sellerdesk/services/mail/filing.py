"""A mail put on a case: an event on the case's timeline written through the same path as
a typed reply (services.cases.events.append_event: search text, clocks, reminders, audit),
as done by the mail source (actor ``mail:<source>``). It moves the status by who acts next
and sets Amazon's label ("Answered") when Amazon replied; Amazon's reply on a resolved or
closed case reopens it (→ reopened → needs-action: a team that closed a case still hears of
Amazon's new reply; our own mail, ``out``, leaves it as it is) — unless a person moved the
status or logged a reply after the mail was sent (a label: set it after): mail never
overrides a newer human decision.

Old mail (an mbox of last year's replies, a first poll of a full mailbox) is filed the same
way but sends no alert: sent longer ago than the age limit (rule data, core.alerts.freshness)
or before a person's last status move or logged reply (not an owner or tag set meanwhile:
that is no sign the reply was read), it is history, and the mail carries the note
``alert-skipped-old`` the import's summary counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sellerdesk.core.alerts.freshness import SKIPPED_OLD, for_data_dir, is_old
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.alerts import triggers as alert_triggers
from sellerdesk.services.attachments import StoredFile
from sellerdesk.services.cases import followups
from sellerdesk.services.cases.events import MAX_BODY, append_event
from sellerdesk.services.cases.records import load_for_change, move_status, record
from sellerdesk.services.mail.blobs import checks_in, left_out_data
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.records import CaseRow
from sellerdesk.storage.repositories import audit as audit_rows
from sellerdesk.storage.repositories import mail as mail_rows
from sellerdesk.storage.session import Session

AMAZON_REPLIED_LABEL = "Answered"  # the Case Log's own status word (integrations.md §2.1)
REOPENED = "reopened-by-reply"  # the mail's note: it moved a resolved/closed case to needs-action
# the states Amazon's reply reopens (core.cases.status allows each → reopened)
REOPENS = ("resolved", "closed")


def is_amazon_reply(kind: str, reason: str) -> bool:
    """Amazon writing on the case: Seller Support's mail, or other Amazon mail that names the
    case (its Case ID or its thread). A notice or a mail sharing only an order ID is not."""
    if kind == "case-reply":
        return True
    return kind == "amazon" and reason not in ("identifier", "notice-draft")


def _reopen(
    session: Session,
    case: CaseRow,
    *,
    mail_id: int,
    at: datetime,
    now: datetime,
    ctx: TrackerContext,
    alert: bool,
) -> None:
    """resolved or closed → reopened, as done by the mail (the event that follows moves it on
    to needs-action, who acts next), audited with the mail that did it."""
    move_at = followups.not_before_last_move(session, case.id, at)
    extra = {"auto": True, "mail_id": mail_id}
    was = case.status
    move_status(session, case, "reopened", at=move_at, now=now, ctx=ctx, extra=extra, alert=alert)
    detail = {"from": was, "to": "reopened", "mail_id": mail_id, "reason": REOPENED}
    record(session, case.id, "status", now=now, ctx=ctx, detail=detail)


def _relabelled_since(session: Session, case_id: int, at: datetime) -> bool:
    """A person set Amazon's label after ``at`` (a status change or relabel with a label)."""
    return any(
        row.action == "status"
        and row.detail.get("amazon_label")
        and not row.actor.startswith("mail:")
        and row.at > at
        for row in audit_rows.list_for(session, "case", case_id)
    )


def event_text(subject: str, shown_text: str) -> str:
    """The event's text: subject and the text shown. What the mail carried that the case
    does not have is in the event's data (``left_out``, codes and sizes), worded by the page
    in its reader's language rather than fixed in English in the text."""
    text = "\n\n".join(p for p in (subject, shown_text) if p) or "(e-mail)"
    return text[:MAX_BODY]


def file_on_case(
    session: Session,
    *,
    mail: mail_rows.MailRecord,
    case_id: int,
    reason: str,
    now: datetime,
    ctx: TrackerContext,
    actor: str,
    files: tuple[StoredFile, ...] | None = None,
) -> tuple[int, int, list[str]]:
    """Write the mail's event on ``case_id`` (a merged case: the case it went into) and mark
    the mail filed; (case id, event id, the mail's notes). ``files``: the mail's stored
    attachments (read from its rows when not given)."""
    as_mail = replace(ctx, actor=actor)
    case = load_for_change(session, case_id, now=now, field="case")
    hops = 0
    while case.status == "merged" and case.merged_into_id is not None and hops < 10:
        case, hops = load_for_change(session, case.merged_into_id, now=now, field="case"), hops + 1
    if case.status == "merged":
        raise InvalidInput.of("mail.case_merged", field="case", case_id=case.id)
    if files is None:
        files = tuple(
            StoredFile(f.sha256, f.size, f.media_type, f.file_name)
            for f in mail_rows.files_of(session, mail.id)
        )
    at = min(mail.sent_at or now, now)
    seen = mail_rows.last_human_change_at(session, case.id)
    follow = seen is None or at >= seen
    old = is_old(at, now=now, max_age=for_data_dir(ctx.data_dir).max_age, last_change=seen)
    direction = "note" if mail.kind == "notice" else mail.direction
    replied = direction == "in" and is_amazon_reply(mail.kind, reason)
    reopened = follow and replied and case.status in REOPENS
    if reopened:  # Amazon answered after the resolve or close: the case needs us again
        _reopen(session, case, mail_id=mail.id, at=at, now=now, ctx=as_mail, alert=not old)
    event = append_event(
        session,
        case,
        now=now,
        ctx=as_mail,
        direction=direction,
        body=event_text(mail.subject, mail.shown_text),
        channel="e-mail",
        author=(mail.from_addr or actor)[:80],
        at=at,
        stored=files,
        follow=follow,
        alert=not old,
        excerpt=mail.shown_text,
        data={
            "mail_id": mail.id,
            "raw_sha256": mail.raw_sha256,
            "link": reason,
            # the case page words a file the byte check doubted (read by the file's name)
            **({"file_checks": checks} if (checks := checks_in(mail.notes)) else {}),
            **left_out_data(mail.notes),
        },
    )
    # the label already says so: no need to read the case's audit trail (a hot path on import)
    relabel = replied and follow and case.amazon_label != AMAZON_REPLIED_LABEL
    if relabel and not _relabelled_since(session, case.id, at):
        record(
            session,
            case.id,
            "label",
            now=now,
            ctx=as_mail,
            detail={"from": case.amazon_label, "to": AMAZON_REPLIED_LABEL, "mail_id": mail.id},
        )
        case.amazon_label = AMAZON_REPLIED_LABEL
    notes = [
        *mail.notes,
        *([] if follow else ["older-than-human-change"]),
        *([REOPENED] if reopened else []),
        *([SKIPPED_OLD] if old and direction == "in" and SKIPPED_OLD not in mail.notes else []),
    ]
    mail_rows.set_values(
        session,
        mail.id,
        state="filed",
        case_id=case.id,
        event_id=event.id,
        link_reason=reason,
        notes=notes,
    )
    return case.id, int(event.id), notes


def alert_unfiled(
    session: Session, mail: mail_rows.MailRecord, *, ctx: TrackerContext
) -> list[str]:
    """The alert that ``mail`` could not be filed (routes taking "mail-unfiled" hear of it
    with the mail, or not), linked to the Unfiled page; none for old mail, whose note is
    returned (a full mailbox's first poll would ping once per mail a person files at
    leisure)."""
    now = mail.received_at
    sent = min(mail.sent_at or now, now)
    if is_old(sent, now=now, max_age=for_data_dir(ctx.data_dir).max_age):
        return [SKIPPED_OLD]
    alert_triggers.enqueue_for(
        session,
        trigger=alert_triggers.MAIL_UNFILED,
        now=now,
        key=f"mail:{mail.id}",
        store_id=mail.store_id,
        facts={
            "subject": mail.subject or "-",
            "sender": mail.from_addr or "-",
            "link": f"/mail/unfiled#mail-{mail.id}",
        },
    )
    return []
