"""Reading a file named on the command line (``--body-file``, a report, a draft, a desks or
rules file): each way it can fail has its own catalog message and fix, never Python's own
English text (``[Errno 2] No such file…``, ``'utf-8' codec can't decode…``).

* :func:`read_file_bytes` — the bytes; a missing file, a folder, a file we may not read and
  any other system error are told apart (``file_read.*``).
* :func:`read_file_text` — the same, decoded as UTF-8 (a leading BOM dropped); bytes that are
  not UTF-8 are ``file_read.not_utf8`` with the byte offset.
"""

from __future__ import annotations

import errno
from pathlib import Path

from sellerdesk.core.errors import InvalidInput

_KEYS = {
    errno.ENOENT: "missing",
    errno.ENOTDIR: "missing",  # a path through a file: nothing there either
    errno.EISDIR: "is_folder",
    errno.EACCES: "no_permission",
    errno.EPERM: "no_permission",
}


def unreadable(path: Path, field: str, exc: OSError) -> InvalidInput:
    """The catalog error for ``exc``, raised by reading ``path``."""
    key = _KEYS.get(exc.errno or 0, "os_error")
    return InvalidInput.of(
        f"file_read.{key}",
        field=field,
        path=str(path),
        code=errno.errorcode.get(exc.errno or 0, "?"),
    )


def read_file_bytes(path: Path, field: str) -> bytes:
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(path, field, exc) from None


def read_file_text(path: Path, field: str) -> str:
    raw = read_file_bytes(path, field)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InvalidInput.of(
            "file_read.not_utf8", field=field, path=str(path), offset=exc.start
        ) from None
