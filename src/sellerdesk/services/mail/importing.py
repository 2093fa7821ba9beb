"""Mail read from files: a ``.eml``, an ``.mbox`` or a folder of them (``mail import``), and
one upload from the web. One transaction per message: a mail that fails is reported and
the rest go on; nothing of it is half-written."""

from __future__ import annotations

import io
import logging
import mailbox
import multiprocessing
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sellerdesk.core.access import Principal
from sellerdesk.core.alerts.freshness import for_data_dir
from sellerdesk.core.errors import InvalidInput, SellerDeskError
from sellerdesk.core.i18n import t
from sellerdesk.core.mail.parse import MalformedMail, ParsedMail, parse_mail
from sellerdesk.core.mail.senders import MailRules, load_mail_rules
from sellerdesk.services import access
from sellerdesk.services.mail.blobs import BlobPlace, MailBlobs, store_mail_blobs, sync_blobs
from sellerdesk.services.mail.filing import REOPENED
from sellerdesk.services.mail.ingest import find_duplicate, ingest_parsed, ingest_raw
from sellerdesk.services.mail.models import IngestOutcome, MailSource
from sellerdesk.services.tracker import TrackerContext, read_transaction, transaction
from sellerdesk.storage.session import Session, sessionmaker

MAIL_SUFFIXES = (".eml", ".mbox", ".mbx")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportedMail:
    where: str  # the file, and the message's number in an mbox (``a.mbox#12``)
    outcome: IngestOutcome


@dataclass
class ImportSummary:
    mails: list[ImportedMail] = field(default_factory=list)
    # mail older than this (or than its case's last change) was filed without an alert
    alert_age_hours: float = 0.0

    def alerts_skipped(self, state: str | None = None) -> int:
        """How many new mails sent no alert because they were old (history, not news);
        ``state``: only those now ``filed`` (or ``unfiled``), which are worded apart."""
        return sum(1 for m in self.mails if m.outcome.alert_left_out_as_old(state))

    def reopened(self) -> int:
        """How many new mails reopened a resolved or closed case (Amazon replied after it)."""
        return sum(1 for m in self.mails if not m.outcome.duplicate and REOPENED in m.outcome.notes)

    def notes_words(self, lang: str) -> list[str]:
        """What the summary adds, per outcome: old mail filed or left in Unfiled without an
        alert, resolved cases a reply reopened (words from the message catalogs)."""
        hours = f"{self.alert_age_hours:g}"
        out: list[str] = []
        if skipped := self.alerts_skipped("filed"):
            out.append(t("mail.import.alerts_skipped", lang, skipped=skipped, hours=hours))
        if skipped := self.alerts_skipped("unfiled"):
            out.append(t("mail.import.alerts_skipped_unfiled", lang, skipped=skipped, hours=hours))
        if n := self.reopened():
            out.append(t("mail.import.reopened", lang, n=n))
        return out

    def count(self, what: str) -> int:
        """How many were ``filed``/``unfiled``/``ignored``/``refused`` (new) or ``duplicate``."""
        if what == "duplicate":
            return sum(1 for m in self.mails if m.outcome.duplicate)
        return sum(1 for m in self.mails if not m.outcome.duplicate and m.outcome.state == what)

    def files(self, what: str) -> int:
        """How many attachments of new mail were ``doubted`` (kept, though the byte check
        found them not what their names say) or ``too_big`` (left out)."""
        prefix = {"doubted": "attachment-check:", "too_big": "attachment-too-big:"}[what]
        return sum(
            1
            for m in self.mails
            if not m.outcome.duplicate
            for n in m.outcome.notes
            if n.startswith(prefix)
        )


def ingest_one(
    sessions: sessionmaker[Session],
    *,
    raw: bytes,
    source: MailSource,
    now: datetime,
    ctx: TrackerContext,
    rules: MailRules | None = None,
) -> IngestOutcome:
    """One message, in its own transaction (the web upload's and each import's step)."""
    with transaction(sessions) as session:
        return ingest_raw(session, raw=raw, source=source, now=now, ctx=ctx, rules=rules)


def mail_files(path: Path) -> list[Path]:
    """The mail files ``path`` names: itself, or the ``.eml``/``.mbox`` files under a folder
    (sorted, so a re-import reads them in the same order). InvalidInput when unreadable."""
    try:
        if path.is_dir():
            return sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in MAIL_SUFFIXES
            )
        if path.is_file():
            with path.open("rb"):
                pass
            return [path]
    except OSError as exc:
        raise InvalidInput.of(
            "mail.unreadable", field="path", path=str(path), reason=exc.strerror
        ) from None
    raise InvalidInput.of("mail.no_such_path", field="path", path=str(path))


def _is_mbox(path: Path) -> bool:
    if path.suffix.lower() in (".mbox", ".mbx"):
        return True
    with path.open("rb") as f:
        return f.read(5) == b"From "


def messages_of(path: Path) -> Iterator[tuple[str, bytes]]:
    """(where, raw bytes) of every message in the file."""
    if not _is_mbox(path):
        yield str(path), path.read_bytes()
        return
    box = mailbox.mbox(str(path), create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            yield f"{path}#{number}", box.get_bytes(key)
    finally:
        box.close()


# messages parsed and written to disk before their transactions run: one disk flush each
# (a flush of the file system cost 0.2-0.4 s on a busy machine), within a memory bound
CHUNK = 2000
CHUNK_BYTES = 64 << 20


@dataclass(frozen=True)
class _Ready:
    where: str
    mail: ParsedMail | None
    blobs: MailBlobs | None
    refused: str | None = None


def _prepare(where: str, raw: bytes, place: BlobPlace) -> _Ready:
    try:
        mail = parse_mail(raw, max_file_bytes=place.max_attachment_bytes)
    except MalformedMail as exc:
        return _Ready(where, None, None, exc.code)
    except Exception:  # a mail the library cannot take apart: reported, the batch goes on
        return _Ready(where, None, None, "mail.unparsable")
    try:
        blobs = store_mail_blobs(mail, raw, place=place, sync=False)
    except OSError:
        return _Ready(where, None, None, "mail.not_stored")
    return _Ready(where, mail, blobs)


def _prepare_chunk(chunk: list[tuple[str, bytes]], place: BlobPlace) -> list[_Ready]:
    """A chunk parsed and its bytes written (not flushed): run in a worker process for a
    long import, while this one files the chunk before."""
    return [_prepare(where, raw, place) for where, raw in chunk]


def _prepared(
    chunks: Iterator[list[tuple[str, bytes]]], place: BlobPlace, parallel: bool
) -> Iterator[list[_Ready]]:
    """Each chunk prepared; with ``parallel`` and more than one chunk, the next one in a
    worker process meanwhile (a worker costs a second to start: not for a few mails)."""
    first, second = next(chunks, None), next(chunks, None)
    if first is None:
        return
    if not parallel or second is None:
        for chunk in (first, *([second] if second is not None else []), *chunks):
            yield _prepare_chunk(chunk, place)
        return
    spawn = multiprocessing.get_context("spawn")  # no fork of a process holding a database
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        ahead: Future[list[_Ready]] = pool.submit(_prepare_chunk, second, place)
        yield _prepare_chunk(first, place)
        for chunk in chunks:
            coming = pool.submit(_prepare_chunk, chunk, place)
            yield ahead.result()
            ahead = coming
        yield ahead.result()


def _chunks(messages: Iterator[tuple[str, bytes]]) -> Iterator[list[tuple[str, bytes]]]:
    chunk: list[tuple[str, bytes]] = []
    size = 0
    for item in messages:
        chunk.append(item)
        size += len(item[1])
        if len(chunk) >= CHUNK or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _file_messages(file: Path) -> Iterator[tuple[str, bytes]]:
    try:
        yield from messages_of(file)
    except OSError:
        yield str(file), b""  # read as an empty mail: refused, named


def import_paths(
    sessions: sessionmaker[Session],
    *,
    paths: list[Path],
    source: MailSource,
    now: Callable[[], datetime],
    ctx: TrackerContext,
    progress: Callable[[ImportedMail], None] | None = None,
    parallel: bool = False,
) -> ImportSummary:
    """Every message of ``paths``, each in its own transaction; a message that cannot be
    read (or a store error on it) is reported as refused and the batch goes on.
    ``parallel``: parse the next chunk in a worker process (a command line's long import;
    not inside a server's threads).

    Messages go in chunks: parsed and their bytes written (not yet flushed), the chunk's
    new files flushed to disk at once, then one transaction per message — so a message's
    row never commits before its bytes are on disk, at one disk flush per chunk."""
    rules = load_mail_rules(ctx.data_dir)
    files = [f for p in paths for f in mail_files(p)]
    age = for_data_dir(ctx.data_dir).max_age
    summary = ImportSummary(alert_age_hours=age.total_seconds() / 3600)
    place = BlobPlace.of(ctx, rules.max_raw_bytes)
    for file in files:
        for ready in _prepared(_chunks(_file_messages(file)), place, parallel):
            sync_blobs(p for r in ready if r.blobs is not None for p in r.blobs.written)
            for item in ready:
                outcome = _ingest_ready(sessions, item, source, now(), ctx, rules)
                done = ImportedMail(item.where, outcome)
                summary.mails.append(done)
                if progress is not None:
                    progress(done)
    return summary


def _ingest_ready(
    sessions: sessionmaker[Session],
    item: _Ready,
    source: MailSource,
    at: datetime,
    ctx: TrackerContext,
    rules: MailRules,
) -> IngestOutcome:
    if item.mail is None or item.blobs is None:
        return IngestOutcome(None, "refused", None, item.refused or "mail.refused")
    try:
        with transaction(sessions) as session:
            found = find_duplicate(session, item.mail)
            if found is not None:
                return found
            return ingest_parsed(
                session,
                mail=item.mail,
                blobs=item.blobs,
                source=source,
                now=at,
                ctx=ctx,
                rules=rules,
            )
    except SellerDeskError as exc:
        return IngestOutcome(None, "refused", None, exc.key or "mail.refused")
    except Exception:  # a store error on one mail: reported, never the end of the batch
        logger.exception("mail %s could not be stored", item.where)
        return IngestOutcome(None, "refused", None, "mail.not_stored")


def source_for(
    sessions: sessionmaker[Session],
    *,
    key: str,
    store: str | None,
    principal: Principal | None = None,
) -> MailSource:
    """The source an import or upload reads as: ``store`` owns it (its open cases are
    matched by identifier, its notices open cases there); a principal files only on the
    stores it may write."""
    writable = None
    if principal is not None and not principal.is_admin:
        writable = tuple(sorted(i for i in principal.store_ids if principal.can_write(i)))
        if not store:  # only an admin's mail may belong to no store
            raise InvalidInput.of("mail.store_needed", field="store")
    if not store:
        return MailSource(key, None, writable)
    with read_transaction(sessions) as session:
        owner = access.store_for(session, principal, store, write=True)
        return MailSource(key, int(owner.id), writable)


def import_upload(
    sessions: sessionmaker[Session],
    *,
    data: bytes | BinaryIO,
    file_name: str,
    source: MailSource,
    now: Callable[[], datetime],
    ctx: TrackerContext,
) -> ImportSummary:
    """A ``.eml`` or ``.mbox`` file sent from the web page, read as ``mail import`` reads
    one (an mbox is told by its first line, whatever its name). ``data``: the bytes, or the
    spooled upload, copied to the import's file in chunks (a 60 MB mbox is never in memory
    twice)."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    stream.seek(0)
    head = stream.read(4096)
    if not head.strip() and not _more_than_space(stream):
        raise InvalidInput.of("mail.bad_upload", field="file")
    suffix = ".mbox" if head.startswith(b"From ") else ".eml"
    with tempfile.TemporaryDirectory(prefix="mail-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        stream.seek(0)
        with path.open("wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        summary = import_paths(sessions, paths=[path], source=source, now=now, ctx=ctx)
    name = Path(file_name.replace("\\", "/")).name or "upload"
    return ImportSummary(
        [ImportedMail(m.where.replace(str(path), name), m.outcome) for m in summary.mails],
        summary.alert_age_hours,
    )


def _more_than_space(stream: BinaryIO) -> bool:
    """Whether the rest of a file that began with blanks holds anything but blanks."""
    while chunk := stream.read(1 << 20):
        if chunk.strip():
            return True
    return False
