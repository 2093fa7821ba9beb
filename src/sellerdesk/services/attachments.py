"""Attachment files, stored content-addressed: ``attachments/<sha[:2]>/<sha256>``.

The same bytes are stored once. A file is written (temp file, fsync, rename) before the
transaction that names it commits, so a crash can leave an unreferenced file but never a
record without its bytes. Every path in (the CLI's files, the API's and the web forms'
uploads) checks the bytes against what the name claims before the rename
(core/file_kinds.py): a "PDF" that is a web page, a renamed program or a PDF cut short is
refused naming the file and what it looks like, and no blob is kept.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.file_kinds import mismatch
from sellerdesk.core.sizes import human_size
from sellerdesk.services.tracker import TrackerContext

CHUNK = 1 << 20


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    media_type: str
    file_name: str
    # a mail's attachment kept though its bytes are not what it says: core.file_kinds.verdict
    check: str | None = None


def safe_file_name(name: str) -> str:
    """The last path component, without control characters: ``../../etc/passwd`` -> ``passwd``."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf"))
    base = base.strip().lstrip(".").strip()  # no hidden files, no "." or ".."
    if not base:
        return "attachment"
    if len(base.encode()) > 255:
        stem, suffix = os.path.splitext(base)
        base = stem[: 200 - len(suffix)] + suffix
    return base


def blob_path(ctx: TrackerContext, sha256: str) -> Path:
    return ctx.attachments_dir / sha256[:2] / sha256


def _too_big(path: Path, size: int, limit: int) -> InvalidInput:
    return InvalidInput.of(
        "attach.too_big",
        field="attachment",
        name=path.name,
        size=human_size(size),
        limit=human_size(limit),
    )


def check_content(
    file: BinaryIO, size: int, file_name: str, media_type: str, charset: str | None = None
) -> None:
    """Refuse (InvalidInput naming the file and what it looks like) a file whose bytes are
    not what its name or media type claims; ``file`` is read, never written."""
    found = mismatch(file, size, file_name, media_type, charset)
    if found is not None:
        raise InvalidInput.of(f"attach.fake.{found.found}", field="attachment", name=file_name)


def check_upload(file: BinaryIO, file_name: str, declared_type: str | None) -> None:
    """:func:`check_content` for an upload not stored yet (the new-case form checks its
    files before it creates the case), named and typed as :func:`store_stream` keeps it."""
    name, media, charset = _upload_type(file_name, declared_type)
    file.seek(0, os.SEEK_END)
    check_content(file, file.tell(), name, media, charset)


def check_file(path: Path) -> None:
    """:func:`check_content` for a file on disk, named and typed as :func:`store_file`
    keeps it (one that cannot be read is left for store_file to refuse)."""
    name = safe_file_name(path.name)
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        with path.open("rb") as file:
            check_content(file, path.stat().st_size, name, media)
    except OSError:
        return


def _upload_type(file_name: str, declared_type: str | None) -> tuple[str, str, str | None]:
    """(file name, media type, declared charset) an upload is kept under."""
    name = safe_file_name(file_name or "attachment")
    declared = declared_type or "application/octet-stream"
    guessed = mimetypes.guess_type(name)[0]
    media = guessed or declared.split(";")[0].strip()
    charset = None
    for param in declared.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return name, media[:120] or "application/octet-stream", charset


def _write_blob(
    chunks: Iterable[bytes],
    shown: Path,
    *,
    ctx: TrackerContext,
    media_type: str,
    charset: str | None = None,
) -> tuple[str, int]:
    """Write ``chunks`` content-addressed under the attachments folder; (sha256, size).

    Written to a temporary file, synced, checked against what ``shown`` (its name) and
    ``media_type`` claim, then renamed to its hash, so a crash never leaves a half blob
    under a real name and a refused file leaves nothing; a blob already there is kept and
    the copy dropped. The size limit is checked while writing: a file may grow after it was
    measured."""
    limit = ctx.max_attachment_bytes
    ctx.attachments_dir.mkdir(parents=True, exist_ok=True)
    digest, written = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=ctx.attachments_dir, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                written += len(chunk)
                if written > limit:
                    raise _too_big(shown, written, limit)
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        with open(tmp, "rb") as written_file:
            check_content(written_file, written, shown.name, media_type, charset)
        sha = digest.hexdigest()
        final = blob_path(ctx, sha)
        if final.exists():
            os.unlink(tmp)
        else:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return sha, written


def store_file(path: Path, *, ctx: TrackerContext) -> StoredFile:
    try:
        if not path.is_file():
            raise InvalidInput.of("attach.not_a_file", field="attachment", path=str(path))
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInput.of(
            "attach.unreadable", field="attachment", path=str(path), reason=exc.strerror
        ) from None
    limit = ctx.max_attachment_bytes
    if size > limit:
        raise _too_big(path, size, limit)
    name = safe_file_name(path.name)
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    with path.open("rb") as src:
        chunks = iter(partial(src.read, CHUNK), b"")
        sha, written = _write_blob(chunks, Path(name), ctx=ctx, media_type=media)
    return StoredFile(sha, written, media, name)


def store_stream(
    chunks: Iterable[bytes], file_name: str, *, ctx: TrackerContext, declared_type: str | None
) -> StoredFile:
    """Store an upload read in chunks (the web adapter's), with the same size limit.

    The media type kept is the one the file name implies (the browser's claim is only used
    when the name says nothing; a charset it declares lets a text file be other than
    UTF-8); serving decides separately what is safe to show."""
    name, media, charset = _upload_type(file_name, declared_type)
    sha, written = _write_blob(chunks, Path(name), ctx=ctx, media_type=media, charset=charset)
    return StoredFile(sha, written, media, name)
