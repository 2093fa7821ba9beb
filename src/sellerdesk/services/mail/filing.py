"""A mail put on a case: an event on the case's timeline written through the same path as
a typed reply (services.cases.events.append_event: search text, clocks, reminders, audit),
as done by the mail source (actor ``mail:<source>``). It moves the status by who acts next
and sets Amazon's label when Amazon replied — unless a person changed the case's status
after the mail was sent: mail never overrides a newer human decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.attachments import StoredFile
from sellerdesk.services.cases.events import MAX_BODY, append_event
from sellerdesk.services.cases.records import load_for_change
from sellerdesk.services.mail.blobs import checks_in
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.repositories import mail as mail_rows
from sellerdesk.storage.session import Session

AMAZON_REPLIED_LABEL = "Answered"  # the Case Log's own status word (integrations.md §2.1)


def event_text(subject: str, shown_text: str, notes: Sequence[str] = ()) -> str:
    """The event's text: subject and the text shown, and a line per file left out (the
    timeline says what the mail carried that the case does not have)."""
    left_out = [n.split(":", 1)[1] for n in notes if n.startswith("attachment-too-big:")]
    lines = [f"[attachment too big to keep: {name}]" for name in left_out]
    if "raw-too-big" in notes:
        lines.append("[raw message too big to keep]")
    text = "\n\n".join(p for p in (subject, shown_text, "\n".join(lines)) if p) or "(e-mail)"
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
    human = mail_rows.last_human_status_at(session, case.id)
    follow = human is None or at >= human
    direction = "note" if mail.kind == "notice" else mail.direction
    event = append_event(
        session,
        case,
        now=now,
        ctx=as_mail,
        direction=direction,
        body=event_text(mail.subject, mail.shown_text, mail.notes),
        channel="e-mail",
        author=(mail.from_addr or actor)[:80],
        at=at,
        stored=files,
        follow=follow,
        data={
            "mail_id": mail.id,
            "raw_sha256": mail.raw_sha256,
            "link": reason,
            # the case page words a file the byte check doubted (read by the file's name)
            **({"file_checks": checks} if (checks := checks_in(mail.notes)) else {}),
        },
    )
    if follow and mail.kind == "case-reply" and direction == "in":
        case.amazon_label = AMAZON_REPLIED_LABEL
    notes = [*mail.notes, *([] if follow else ["older-than-human-change"])]
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
