"""The one entry point of mail read in: :func:`ingest_raw`, called by every source (a file,
an upload, an IMAP mailbox) with one message's raw bytes inside the caller's transaction.

* idempotent: a message already read by any door — a file, an upload, any mailbox (same
  Message-ID, or the same bytes when it has none: core.mail.identity) — is reported as a
  duplicate ("already read") and nothing changes: no row, no event, no alert. The database
  holds the key unique, so two workers reading it at once file it once;
* the raw bytes are kept content-addressed (sha256 recorded), attachments too, within the
  limits (a file over them is left out with a note; the mail is still filed);
* an auto-reply is recorded as ignored: never a case, never an event (no loops);
* exactly one linked case: filed as an event on it; several or none: Unfiled, with the
  candidates; a notice opens a draft case or annotates one by rule.

Never commits: the caller owns one transaction per message (``importing.import_paths``,
the upload, the IMAP poll with its checkpoint).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sellerdesk.core.mail.identity import read_key
from sellerdesk.core.mail.parse import MalformedMail, ParsedMail, parse_mail
from sellerdesk.core.mail.senders import MailRules, is_auto_reply, load_mail_rules
from sellerdesk.core.mail.text import forwarded_sender, trim_quoted
from sellerdesk.services.attachments import StoredFile
from sellerdesk.services.mail.blobs import BlobPlace, MailBlobs, store_mail_blobs
from sellerdesk.services.mail.filing import alert_unfiled, file_on_case
from sellerdesk.services.mail.linking import find_link
from sellerdesk.services.mail.models import IngestOutcome, MailSource
from sellerdesk.services.mail.notices import open_draft
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.repositories import mail as mail_rows
from sellerdesk.storage.session import Session

__all__ = ["IngestOutcome", "MailSource", "find_duplicate", "ingest_parsed", "ingest_raw"]


def _kind(mail: ParsedMail, rules: MailRules) -> tuple[str, str]:
    """(kind, direction): the sender's kind (``other`` when not Amazon) and in/out.

    A forward of Amazon's mail by anyone not Amazon — a teammate under ``[team]`` included —
    is Amazon's mail, ``in``: that is how a team feeds its mailbox. Only the team's own words
    are ``out``, and so is a forward the team sends to Amazon itself."""
    team = rules.is_team(mail.from_addr)
    sender = None if team else rules.sender_kind(mail.from_addr)
    if sender is None and not any(rules.sender_kind(a) for a in mail.to_addrs):
        quoted = forwarded_sender(mail.text, subject=mail.subject)
        amazon = rules.sender_kind(quoted) if quoted else None
        if amazon is not None:
            return amazon, "in"
    if team:
        return "team", "out"
    return sender or "other", "in"


def _duplicate(found: mail_rows.MailRecord) -> IngestOutcome:
    return IngestOutcome(
        mail_id=found.id,
        state=found.state,
        case_id=found.case_id,
        reason=found.link_reason,
        duplicate=True,
        event_id=found.event_id,
        candidates=tuple(found.candidates),
        notes=tuple(found.notes),
        subject=found.subject,
    )


def ingest_raw(
    session: Session,
    *,
    raw: bytes,
    source: MailSource,
    now: datetime,
    ctx: TrackerContext,
    rules: MailRules | None = None,
) -> IngestOutcome:
    """Read one message into the tracker (see the module's text); never commits."""
    rules = rules or load_mail_rules(ctx.data_dir)
    try:
        mail = parse_mail(raw, max_file_bytes=ctx.max_attachment_bytes)
    except MalformedMail as exc:
        return IngestOutcome(None, "refused", None, exc.code)
    found = find_duplicate(session, mail)
    if found is not None:
        return found
    blobs = store_mail_blobs(mail, raw, place=BlobPlace.of(ctx, rules.max_raw_bytes))
    return ingest_parsed(
        session, mail=mail, blobs=blobs, source=source, now=now, ctx=ctx, rules=rules
    )


def find_duplicate(session: Session, mail: ParsedMail) -> IngestOutcome | None:
    """The outcome of the first reading of this message, if any — by any source: a mail
    first imported from a file and then polled from a mailbox is the same mail, and the
    mailbox's reading adds nothing (the source is not part of the key)."""
    found = mail_rows.existing(session, read_key=read_key(mail.message_id, mail.sha256))
    return None if found is None else _duplicate(found)


def ingest_parsed(
    session: Session,
    *,
    mail: ParsedMail,
    blobs: MailBlobs,
    source: MailSource,
    now: datetime,
    ctx: TrackerContext,
    rules: MailRules,
) -> IngestOutcome:
    """:func:`ingest_raw` after the parse, the duplicate check and the bytes (a batch
    import does those for many messages first, and flushes their files to disk at once)."""
    kind, direction = _kind(mail, rules)
    from_amazon = kind in ("case-reply", "notice", "amazon")
    auto = is_auto_reply(mail.headers, mail.subject, from_amazon=from_amazon)
    raw_id = (
        mail_rows.blob_id(
            session,
            sha256=blobs.raw.sha256,
            size=blobs.raw.size,
            media_type="message/rfc822",
            now=now,
        )
        if blobs.raw is not None
        else None
    )
    link = None if auto else find_link(session, mail, source)
    record = mail_rows.add(
        session,
        raw_sha256=blobs.raw.sha256 if blobs.raw is not None else None,
        source_key=source.source_key,
        store_id=source.store_id,
        message_id=mail.message_id,
        content_sha256=mail.sha256,
        read_key=read_key(mail.message_id, mail.sha256),
        raw_attachment_id=raw_id,
        from_addr=mail.from_addr,
        from_name=mail.from_name,
        to_addrs=", ".join(mail.to_addrs)[:4000],
        subject=mail.subject,
        sent_at=mail.sent_at,
        received_at=now,
        thread_ids=list(mail.thread_ids)[:50],
        kind="auto-reply" if auto else kind,
        direction=direction,
        state="ignored" if auto else "unfiled",
        link_reason=None,
        candidates=list(link.cases[:20]) if link else [],
        notes=list(blobs.notes),
        shown_text=trim_quoted(mail.text, subject=mail.subject)[:100_000],
    )
    if record is None:  # read meanwhile by another door or worker: theirs is the reading
        first = find_duplicate(session, mail)
        assert first is not None  # the key's holder committed (else this insert had won)
        return first
    _keep_files(session, record.id, blobs.files, now)
    if auto or link is None:
        return _outcome(record, "auto-reply")
    if len(link.cases) == 1 and link.reason is not None:
        return _filed(session, record, link.cases[0], link.reason, blobs, source, now, ctx)
    if kind == "notice" and not link.cases:
        return _notice(session, record, mail, source=source, rules=rules, now=now, ctx=ctx)
    return _unfiled(session, record, "several" if link.cases else "none", ctx)


def _filed(
    session: Session,
    record: mail_rows.MailRecord,
    case_id: int,
    reason: str,
    blobs: MailBlobs | None,
    source: MailSource,
    now: datetime,
    ctx: TrackerContext,
) -> IngestOutcome:
    case, event, notes = file_on_case(
        session,
        mail=record,
        case_id=case_id,
        reason=reason,
        now=now,
        ctx=ctx,
        actor=source.actor,
        files=blobs.files if blobs is not None else None,
    )
    filed = replace(
        record, state="filed", case_id=case, event_id=event, link_reason=reason, notes=notes
    )
    return _outcome(filed, reason)


def _keep_files(
    session: Session, mail_id: int, files: tuple[StoredFile, ...], now: datetime
) -> None:
    for f in files:
        blob = mail_rows.blob_id(
            session, sha256=f.sha256, size=f.size, media_type=f.media_type, now=now
        )
        mail_rows.add_file(session, mail_id=mail_id, attachment_id=blob, file_name=f.file_name)


def _notice(
    session: Session,
    record: mail_rows.MailRecord,
    mail: ParsedMail,
    *,
    source: MailSource,
    rules: MailRules,
    now: datetime,
    ctx: TrackerContext,
) -> IngestOutcome:
    """A notice that names no case: a draft case by rule in the owning store, or Unfiled."""
    rule = rules.notice_for(mail.subject)
    if rule is None or rule.action != "draft-case":
        return _unfiled(session, record, "none", ctx)
    if source.store_id is None:
        return _unfiled(session, record, "no-store", ctx)
    case_id = open_draft(
        session,
        mail=record,
        rule=rule,
        store_id=source.store_id,
        text=record.shown_text,
        now=now,
        ctx=ctx,
        actor=source.actor,
    )
    if case_id is None:
        return _unfiled(session, record, "no-store", ctx)
    return _filed(session, record, case_id, "notice-draft", None, source, now, ctx)


def _unfiled(
    session: Session, record: mail_rows.MailRecord, reason: str, ctx: TrackerContext
) -> IngestOutcome:
    notes = [*record.notes, reason, *alert_unfiled(session, record, ctx=ctx)]
    mail_rows.set_values(session, record.id, notes=notes)
    return _outcome(replace(record, notes=notes), reason)


def _outcome(record: mail_rows.MailRecord, reason: str) -> IngestOutcome:
    return IngestOutcome(
        mail_id=record.id,
        state=record.state,
        case_id=record.case_id,
        reason=record.link_reason if record.state == "filed" else reason,
        duplicate=False,
        event_id=record.event_id,
        candidates=tuple(record.candidates),
        notes=tuple(record.notes),
        subject=record.subject,
    )
