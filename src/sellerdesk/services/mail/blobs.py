"""A mail's raw bytes and its attachments, written content-addressed into the attachments
folder before the transaction that names them (as every attachment is), within limits:
a file over the limit is left out with a note, never an error."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.mail.parse import ParsedMail
from sellerdesk.services.attachments import StoredFile, store_stream
from sellerdesk.services.tracker import TrackerContext

CHUNK = 1 << 20


@dataclass(frozen=True)
class MailBlobs:
    raw: StoredFile | None
    files: tuple[StoredFile, ...]
    notes: tuple[str, ...]  # "raw-too-big", "attachment-too-big:<name>"


def _chunks(data: bytes) -> list[bytes]:
    return [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]


def store_mail_blobs(
    mail: ParsedMail, raw: bytes, *, ctx: TrackerContext, max_raw_bytes: int
) -> MailBlobs:
    notes: list[str] = []
    stored_raw = None
    if len(raw) <= max_raw_bytes:
        raw_ctx = replace(ctx, max_attachment_bytes=max_raw_bytes)
        stored_raw = store_stream(
            _chunks(raw), "message.eml", ctx=raw_ctx, declared_type="message/rfc822"
        )
    else:
        notes.append("raw-too-big")
    files = []
    for part in mail.attachments:
        try:
            files.append(
                store_stream(
                    _chunks(part.data), part.file_name, ctx=ctx, declared_type=part.media_type
                )
            )
        except InvalidInput:  # over the attachment limit: the mail is still filed
            notes.append(f"attachment-too-big:{part.file_name}")
    return MailBlobs(stored_raw, tuple(files), tuple(notes))
