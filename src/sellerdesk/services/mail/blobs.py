"""A mail's raw bytes and its attachments, written content-addressed into the attachments
folder (the same ``attachments/<sha[:2]>/<sha256>`` files every attachment uses) before the
transaction that names them, within limits: a file over the limit is left out with a note,
never an error. Each attachment gets the uploads' byte check (core.file_kinds): one that is
not what its name says is kept, with a note naming what it is.

The bytes are in memory already, so the hash comes first: a blob already there is not
written again. ``sync=False`` leaves the flush to the disk to :func:`sync_blobs`, which a
batch import calls once for many messages before their transactions commit (one journal
commit instead of one per file; the order "bytes durable, then the row" is kept).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import io
import mimetypes
import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sellerdesk.core.file_kinds import verdict
from sellerdesk.core.mail.parse import ParsedMail
from sellerdesk.services.attachments import StoredFile, safe_file_name
from sellerdesk.services.tracker import TrackerContext


@dataclass(frozen=True)
class MailBlobs:
    raw: StoredFile | None
    files: tuple[StoredFile, ...]
    # "raw-too-big", "attachment-too-big:<size>:<limit>:<name>" (before issue 17's second
    # trial "attachment-too-big:<name>"), "attachment-check:<verdict>:<name>"
    notes: tuple[str, ...]
    written: tuple[Path, ...] = ()  # files this call wrote (not yet synced when sync=False)


@dataclass(frozen=True)
class BlobPlace:
    """Where blobs go and how big they may be (picklable: a worker process writes them)."""

    folder: Path
    max_attachment_bytes: int
    max_raw_bytes: int

    @classmethod
    def of(cls, ctx: TrackerContext, max_raw_bytes: int) -> BlobPlace:
        return cls(ctx.attachments_dir, ctx.max_attachment_bytes, max_raw_bytes)


def _put(data: bytes, place: BlobPlace, *, sync: bool) -> tuple[str, Path | None]:
    sha = hashlib.sha256(data).hexdigest()
    final = place.folder / sha[:2] / sha  # as services.attachments.blob_path
    if final.exists():
        return sha, None
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=place.folder, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            if sync:
                out.flush()
                os.fsync(out.fileno())
        os.replace(tmp, final)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return sha, final


def store_mail_blobs(
    mail: ParsedMail, raw: bytes, *, place: BlobPlace, sync: bool = True
) -> MailBlobs:
    place.folder.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    written: list[Path] = []
    stored_raw = None
    if len(raw) <= place.max_raw_bytes:
        sha, path = _put(raw, place, sync=sync)
        stored_raw = StoredFile(sha, len(raw), "message/rfc822", "message.eml")
        written += [path] if path is not None else []
    else:
        notes.append("raw-too-big")
    files = []
    for part in mail.attachments:
        name = safe_file_name(part.file_name)
        if part.size > place.max_attachment_bytes:  # the mail is still filed, with a note
            notes.append(f"{TOO_BIG}{part.size}:{place.max_attachment_bytes}:{name}")
            continue
        sha, path = _put(part.data, place, sync=sync)
        written += [path] if path is not None else []
        media = mimetypes.guess_type(name)[0] or part.media_type or "application/octet-stream"
        # the upload's byte check; a mail cannot be refused for one file: kept, with a word
        check = verdict(io.BytesIO(part.data), len(part.data), name, media)
        if check is not None:
            notes.append(f"attachment-check:{check}:{name}")
        files.append(StoredFile(sha, len(part.data), media[:120], name, check))
    return MailBlobs(stored_raw, tuple(files), tuple(notes), tuple(written))


TOO_BIG = "attachment-too-big:"


@dataclass(frozen=True)
class LeftOut:
    """A file a mail carried that was too big to keep; size and limit in bytes (None in a
    note written before they were recorded). Pages word it in the reader's language."""

    name: str
    size: int | None = None
    limit: int | None = None

    def as_data(self) -> dict[str, object]:
        return {"name": self.name, "size": self.size, "limit": self.limit}


def left_out_in(notes: Iterable[str]) -> tuple[LeftOut, ...]:
    """The files left out, from a mail's notes (either form of the note)."""
    found = []
    for note in notes:
        if note.startswith(TOO_BIG):
            rest = note.removeprefix(TOO_BIG)
            size, limit, name = [*rest.split(":", 2), "", ""][:3]
            if size.isdigit() and limit.isdigit() and name:
                found.append(LeftOut(name, int(size), int(limit)))
            else:
                found.append(LeftOut(rest))
    return tuple(found)


def left_out_data(notes: Iterable[str]) -> dict[str, object]:
    """What a mail's event records of what it could not keep, as codes and numbers (the
    case page words them in the reader's language; none when all was kept)."""
    notes = list(notes)
    data: dict[str, object] = {}
    if files := left_out_in(notes):
        data["left_out"] = [f.as_data() for f in files]
    if "raw-too-big" in notes:
        data["raw_left_out"] = True
    return data


def checks_in(notes: Iterable[str]) -> dict[str, str]:
    """The byte check's verdicts in a mail's notes: file name -> what it is instead."""
    found = {}
    for note in notes:
        if note.startswith("attachment-check:"):
            _, check, name = note.split(":", 2)
            found[name] = check
    return found


def sync_blobs(paths: Iterable[Path]) -> None:
    """Flush files written with ``sync=False`` (and their folders' new names) to the disk:
    on Linux one ``syncfs`` of the attachments' file system (a file-by-file fsync cost
    1.6 ms a file, the 10k-mail import's largest part), elsewhere each file and folder."""
    files = list(paths)
    if not files:
        return
    if _syncfs(files[0].parent):
        return
    folders = set()
    for path in files:
        _fsync(path)
        folders.add(path.parent)
    for folder in folders:
        with contextlib.suppress(OSError):  # not every system syncs a folder; files are
            _fsync(folder)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _syncfs(folder: Path) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        return bool(libc.syncfs(fd) == 0)
    finally:
        os.close(fd)
