"""Attachment files, stored content-addressed: ``attachments/<sha[:2]>/<sha256>``.

The same bytes are stored once. A file is written (temp file, fsync, rename) before the
transaction that names it commits, so a crash can leave an unreferenced file but never a
record without its bytes.
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

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.sizes import human_size
from sellerdesk.services.tracker import TrackerContext

CHUNK = 1 << 20


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    media_type: str
    file_name: str


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


def _write_blob(chunks: Iterable[bytes], shown: Path, *, ctx: TrackerContext) -> tuple[str, int]:
    """Write ``chunks`` content-addressed under the attachments folder; (sha256, size).

    Written to a temporary file, synced, then renamed to its hash, so a crash never leaves a
    half blob under a real name; a blob already there is kept and the copy dropped. The size
    limit is checked while writing: a file may grow after it was measured."""
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
    with path.open("rb") as src:
        sha, written = _write_blob(iter(partial(src.read, CHUNK), b""), path, ctx=ctx)
    name = safe_file_name(path.name)
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return StoredFile(sha, written, media, name)


def store_stream(
    chunks: Iterable[bytes], file_name: str, *, ctx: TrackerContext, declared_type: str | None
) -> StoredFile:
    """Store an upload read in chunks (the web adapter's), with the same size limit.

    The media type kept is the one the file name implies (the browser's claim is only used
    when the name says nothing); serving decides separately what is safe to show."""
    name = safe_file_name(file_name or "attachment")
    sha, written = _write_blob(chunks, Path(name), ctx=ctx)
    guessed = mimetypes.guess_type(name)[0]
    media = guessed or (declared_type or "application/octet-stream").split(";")[0].strip()
    return StoredFile(sha, written, media[:120] or "application/octet-stream", name)
