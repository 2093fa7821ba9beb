"""An archive's members: opened with a plain reason for each way it can fail, and the sha256
and size of every data member (``sellerdesk.db``, each ``tables/*.jsonl``).

A backup records ``data_files`` in its manifest (``{"sellerdesk.db": {"sha256": …, "size": …}}``)
and a restore checks them before staging, so a byte changed inside a stored value is caught even
when the damaged database still opens. An archive written before this (no ``data_files``) is
still accepted; the result says its data could not be checked byte for byte.

The reasons an archive cannot be opened are catalog keys (``backup.archive.*``), never Python's
own English text; that text is kept as ``detail`` (``--json``, logs).
"""

from __future__ import annotations

import hashlib
import re
import tarfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.backup.problems import Problem
from sellerdesk.services.backup.views import DataFile

SHA256 = re.compile(r"[0-9a-f]{64}")
GZIP_MAGIC = b"\x1f\x8b"


def file_digest(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as src:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def data_members(folder: Path) -> list[str]:
    """The data members under ``folder`` (an unpacked archive or a backup's work folder)."""
    names = ["sellerdesk.db"] if (folder / "sellerdesk.db").is_file() else []
    tables = folder / "tables"
    if tables.is_dir():
        names += sorted(f"tables/{p.name}" for p in tables.iterdir() if p.is_file())
    return names


def data_digests(folder: Path) -> dict[str, DataFile]:
    """Each data member's sha256 and size, for the manifest."""
    return {
        name: DataFile(sha256=file_digest(folder / name), size=(folder / name).stat().st_size)
        for name in data_members(folder)
    }


def _short(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200] or type(exc).__name__


def _fail(key: str, path: Path, exc: BaseException | None = None) -> InvalidInput:
    detail = _short(exc) if exc is not None else ""
    return InvalidInput.of(f"backup.archive.{key}", field="FILE", path=str(path), detail=detail)


def _why_unopenable(path: Path, exc: BaseException) -> str:
    if isinstance(exc, PermissionError):
        return "no_permission"
    if isinstance(exc, IsADirectoryError):
        return "is_folder"
    with path.open("rb") as src:
        head = src.read(512)
    if not head:
        return "empty"
    if not head.startswith(GZIP_MAGIC) and not tarfile.is_tarfile(path):
        return "not_archive"
    text = str(exc).lower()
    if isinstance(exc, EOFError) or "end of" in text or "truncated" in text:
        return "truncated"
    return "corrupt"


def extract(path: Path, into: Path) -> None:
    """Unpack the archive at ``path`` into ``into``; InvalidInput ``backup.archive.*`` else."""
    try:
        if path.stat().st_size == 0:
            raise _fail("empty", path)
        with tarfile.open(path, "r:*") as tar:
            tar.extractall(into, filter="data")  # refuses absolute paths, '..', links
    except InvalidInput:
        raise
    except (tarfile.TarError, OSError, EOFError, ValueError, zlib.error) as exc:
        try:
            key = _why_unopenable(path, exc)
        except OSError:
            key = "corrupt"
        raise _fail(key, path, exc) from None
    if not (into / "manifest.json").is_file():
        raise _fail("no_manifest", path)


def manifest_fault(data_files: Any) -> tuple[str, str] | None:
    """(field, expected type) of the first malformed part of ``data_files``; None when sound."""
    if not isinstance(data_files, dict):
        return "data_files", "dict"
    for name, entry in data_files.items():
        if not isinstance(entry, dict):
            return f"data_files.{name}", "dict"
        sha, size = entry.get("sha256"), entry.get("size")
        if not isinstance(sha, str) or not SHA256.fullmatch(sha):
            return f"data_files.{name}.sha256", "str (64 hex digits)"
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            return f"data_files.{name}.size", "int"
    return None


def check_data_files(folder: Path, data_files: Mapping[str, DataFile]) -> list[Problem]:
    """Each data member unpacked in ``folder`` has the size and sha256 its manifest recorded,
    and no data member is there that the manifest does not list."""
    problems = []
    present = set(data_members(folder))
    for name in sorted(present - set(data_files)):
        problems.append(Problem("backup.damaged.data_unlisted", {"name": name}))
    for name, entry in sorted(data_files.items()):
        file = folder / name
        if name not in present:
            problems.append(Problem("backup.damaged.missing_part", {"name": name}))
        elif file.stat().st_size != entry.size or file_digest(file) != entry.sha256:
            problems.append(Problem("backup.damaged.data_hash", {"name": name}))
    return problems
