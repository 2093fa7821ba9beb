"""The Unfiled inbox: mail no rule could put on exactly one case, waiting for a person who
files it on a case, creates a case from it, or dismisses it — each one step, one
transaction, audited. Also the mail of a case (its timeline links to each raw message)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Conflict, InvalidInput, NotFound
from sellerdesk.core.mail.parse import MalformedMail, parse_mail
from sellerdesk.core.mail.text import sanitise_html
from sellerdesk.services import access
from sellerdesk.services.attachments import blob_path
from sellerdesk.services.cases import creating
from sellerdesk.services.cases.records import load
from sellerdesk.services.mail.blobs import checks_in, left_out_in
from sellerdesk.services.mail.filing import file_on_case
from sellerdesk.services.mail.models import MailFileView, MailView
from sellerdesk.services.tracker import (
    TrackerContext,
    joined_transaction,
    read_transaction,
    transaction,
)
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.repositories import cases as case_rows
from sellerdesk.storage.repositories import mail as mail_rows
from sellerdesk.storage.repositories import stores as store_rows
from sellerdesk.storage.session import Session, sessionmaker

PAGE = 25  # a page of the Unfiled inbox (web, CLI, the API's default)
AMAZON_DIGITS = 9  # the shortest Amazon Case ID (core.mail.case_ids); our numbers are shorter
MOST_DIGITS = 20


@dataclass(frozen=True)
class UnfiledPage:
    mails: tuple[MailView, ...]
    total: int
    offset: int


def view_of(record: mail_rows.MailRecord, files: tuple[mail_rows.MailFile, ...] = ()) -> MailView:
    reasons = [n for n in record.notes if n in ("several", "none", "no-store")]
    checks = checks_in(record.notes)
    return MailView(
        id=record.id,
        source_key=record.source_key,
        from_addr=record.from_addr,
        from_name=record.from_name,
        subject=record.subject,
        sent_at=record.sent_at,
        received_at=record.received_at,
        state=record.state,
        kind=record.kind,
        case_id=record.case_id,
        reason=record.link_reason or (reasons[-1] if reasons else None),
        candidates=tuple(record.candidates),
        notes=tuple(record.notes),
        shown_text=record.shown_text,
        raw_sha256=record.raw_sha256,
        files=tuple(f.file_name for f in files),
        attachments=tuple(
            MailFileView(f.file_name, f.size, checks.get(f.file_name)) for f in files
        ),
        left_out=left_out_in(record.notes),
    )


def _visible_ids(principal: Principal | None) -> frozenset[int] | None:
    return access.readable_store_ids(principal)


def list_unfiled(
    sessions: sessionmaker[Session],
    *,
    principal: Principal | None = None,
    offset: int = 0,
    limit: int = PAGE,
) -> UnfiledPage:
    """Unfiled mail, newest first, of the stores the principal may read (mail of a source
    that owns no store: an admin's only)."""
    stores = _visible_ids(principal)
    with read_transaction(sessions) as session:
        rows = mail_rows.in_state(
            session, "unfiled", store_ids=stores, limit=limit, offset=max(0, offset)
        )
        total = mail_rows.count_in_state(session, "unfiled", store_ids=stores)
        return UnfiledPage(tuple(view_of(r) for r in rows), total, max(0, offset))


def _load(
    session: Session, mail_id: int, principal: Principal | None, *, unfiled: bool = True
) -> mail_rows.MailRecord:
    record = mail_rows.get(session, mail_id)
    # mail of a source that owns no store is the admin's (and the CLI operator's)
    if record is None or not (
        principal is None
        or principal.is_admin
        or (record.store_id is not None and access.can_read(principal, record.store_id))
    ):
        raise NotFound.of("mail.not_found", field="mail", mail_id=mail_id)
    if unfiled and record.state != "unfiled":
        raise Conflict.of("mail.not_unfiled", field="mail", mail_id=mail_id, state=record.state)
    return record


def _audit(
    session: Session, mail_id: int, action: str, *, now: datetime, actor: str, **detail: object
) -> None:
    audit.record(
        session,
        at=now,
        actor=actor,
        entity="mail",
        entity_id=mail_id,
        action=action,
        detail=dict(detail),
    )


def file_mail(
    sessions: sessionmaker[Session],
    *,
    mail_id: int,
    case: int | str,
    now: datetime,
    ctx: TrackerContext,
    principal: Principal | None = None,
) -> MailView:
    """Put an unfiled mail on a case (an event, as the mail source would have): ``case`` our
    case number (an int, or typed: ``51``, ``#51``) or, typed, an Amazon Case ID of it."""
    with transaction(sessions) as session:
        record = _load(session, mail_id, principal)
        case_id = case if isinstance(case, int) else case_typed(session, case)
        typed = str(case).strip()
        try:
            check = load(session, case_id, field="case")
        except NotFound as exc:  # the typed words, said at the box they were typed in
            if exc.key != "case.not_found":
                raise
            raise NotFound.of("mail.case_not_found", field="case", case_id=typed) from None
        access.check_write(
            principal,
            check.store_id,
            lambda: NotFound.of("mail.case_not_found", field="case", case_id=typed),
        )
        file_on_case(
            session,
            mail=record,
            case_id=case_id,
            reason="by-hand",
            now=now,
            ctx=ctx,
            actor=ctx.actor,
        )
        _audit(session, mail_id, "file", now=now, actor=ctx.actor, case_id=case_id)
        return view_of(_load(session, mail_id, principal, unfiled=False))


def case_typed(session: Session, typed: str) -> int:
    """The case a person typed: ``#51`` is our number; a number as long as Amazon's Case IDs
    (core.mail.case_ids: 9 digits and more) is looked up as one first (a person copies it
    from the mail or the Case Log), else it is our number."""
    text = "".join(typed.split())
    ours = text.startswith("#")
    digits = text.lstrip("#")
    if not digits.isdigit() or len(digits) > MOST_DIGITS:
        raise InvalidInput.of("mail.case_typed_bad", field="case", value=typed.strip()[:40])
    if not ours and len(digits) >= AMAZON_DIGITS:
        found = case_rows.cases_by_amazon_id(session, [digits])
        if digits in found:
            return found[digits]
    if len(digits) >= AMAZON_DIGITS:  # not a number we give (nor an Amazon Case ID we hold)
        raise NotFound.of("mail.case_not_found", field="case", case_id=typed.strip())
    return int(digits)


def new_case_from_mail(
    sessions: sessionmaker[Session],
    *,
    mail_id: int,
    store: str | None,
    marketplace: str | None,
    now: datetime,
    ctx: TrackerContext,
    principal: Principal | None = None,
) -> MailView:
    """A new draft case from an unfiled mail (its subject, its text as the description) and
    the mail filed on it, in one transaction; ``store`` None: the store owning the mail."""
    with joined_transaction(sessions) as session:
        record = _load(session, mail_id, principal)
        if not store:  # the store that owns the mail's source, when it has one
            owner_row = store_rows.get(session, record.store_id) if record.store_id else None
            if owner_row is None:
                raise InvalidInput.of("mail.store_needed", field="store")
            store = owner_row.name
        owner = access.store_for(session, principal, store, write=True)
        code = (marketplace or (owner.marketplaces[0] if owner.marketplaces else "")).upper()
        subject = " ".join(record.subject.split())[: creating.MAX_SUBJECT] or f"E-mail {mail_id}"
        case_id = creating.create(
            sessions=sessions,
            now=now,
            ctx=ctx,
            store=owner.name,
            marketplace=code,
            subject=subject,
            body={"description": record.shown_text[:4000] or subject},
            principal=principal,
            force=True,
            reason=f"from e-mail {mail_id}",
        )
        file_on_case(
            session,
            mail=record,
            case_id=case_id,
            reason="new-case",
            now=now,
            ctx=ctx,
            actor=ctx.actor,
        )
        _audit(session, mail_id, "new-case", now=now, actor=ctx.actor, case_id=case_id)
        return view_of(_load(session, mail_id, principal, unfiled=False))


def dismiss_mail(
    sessions: sessionmaker[Session],
    *,
    mail_id: int,
    now: datetime,
    ctx: TrackerContext,
    principal: Principal | None = None,
) -> MailView:
    """Take a mail out of the Unfiled inbox without filing it (kept, never deleted)."""
    with transaction(sessions) as session:
        record = _load(session, mail_id, principal)
        _may_change(principal, record.store_id, mail_id)
        mail_rows.set_values(session, mail_id, state="dismissed")
        _audit(session, mail_id, "dismiss", now=now, actor=ctx.actor)
        return view_of(_load(session, mail_id, principal, unfiled=False))


def restore_mail(
    sessions: sessionmaker[Session],
    *,
    mail_id: int,
    now: datetime,
    ctx: TrackerContext,
    principal: Principal | None = None,
) -> MailView:
    """Undo a dismiss: the mail is back in the Unfiled inbox (audited); a mail not dismissed
    (filed, still unfiled, an auto-reply) is refused as a conflict naming its state."""
    with transaction(sessions) as session:
        record = _load(session, mail_id, principal, unfiled=False)
        _may_change(principal, record.store_id, mail_id)  # before the state: a viewer learns none
        if record.state != "dismissed":
            raise Conflict.of(
                "mail.not_dismissed", field="mail", mail_id=mail_id, state=record.state
            )
        mail_rows.set_values(session, mail_id, state="unfiled")
        _audit(session, mail_id, "restore", now=now, actor=ctx.actor)
        return view_of(_load(session, mail_id, principal))


def _may_change(principal: Principal | None, store_id: int | None, mail_id: int) -> None:
    """A mail of a store is changed only by those who may write in it (others: not found)."""
    if store_id is not None:
        hidden = NotFound.of("mail.not_found", field="mail", mail_id=mail_id)
        access.check_write(principal, store_id, lambda: hidden)


def mail_of_case(
    sessions: sessionmaker[Session], *, case_id: int, principal: Principal | None = None
) -> tuple[MailView, ...]:
    with read_transaction(sessions) as session:
        rows = mail_rows.of_case(session, case_id)
        return tuple(
            view_of(r) for r in rows if r.store_id is None or access.can_read(principal, r.store_id)
        )


def raw_message(
    sessions: sessionmaker[Session],
    *,
    mail_id: int,
    ctx: TrackerContext,
    principal: Principal | None = None,
) -> tuple[MailView, Path]:
    """A mail and the file of its raw message (NotFound when it was too big to keep)."""
    with read_transaction(sessions) as session:
        record = _load(session, mail_id, principal, unfiled=False)
        if record.case_id is not None:
            case = load(session, record.case_id, field="mail")
            access.check_read(
                principal,
                case.store_id,
                lambda: NotFound.of("mail.not_found", field="mail", mail_id=mail_id),
            )
        if record.raw_sha256 is None:
            raise NotFound.of("mail.raw_not_kept", field="mail", mail_id=mail_id)
        files = tuple(mail_rows.files_of(session, record.id))
        return view_of(record, files), blob_path(ctx, record.raw_sha256)


@dataclass(frozen=True)
class MailPage:
    """A mail as its own page shows it: the text, and its HTML made safe (nh3) if it had any."""

    mail: MailView
    safe_html: str | None


def mail_page(
    sessions: sessionmaker[Session],
    *,
    mail_id: int,
    ctx: TrackerContext,
    principal: Principal | None = None,
) -> MailPage:
    view, path = raw_message(sessions, mail_id=mail_id, ctx=ctx, principal=principal)
    try:
        parsed = parse_mail(path.read_bytes(), max_file_bytes=0)  # its HTML only
    except (OSError, MalformedMail):
        return MailPage(view, None)
    return MailPage(view, sanitise_html(parsed.html) if parsed.html else None)
