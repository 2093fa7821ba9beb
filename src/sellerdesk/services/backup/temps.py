"""Temporary files and folders of backups and restores: hidden, beside their target, and
removed by the next backup or restore once older than an hour (a killed run's leftovers).

A backup's partial archive and work folder, and a restore's staging folder, are named
``.sellerdesk-…tmp`` in the folder they belong to (the backup's folder; the data folder for a
restore), never in the system's temporary folder, so a SIGKILL leaves nothing elsewhere.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

TEMP_PREFIX = ".sellerdesk-"
TEMP_SUFFIX = ".tmp"
STALE_SECONDS = 3600


def atomic_target(path: Path) -> Path:
    """A hidden temporary file beside ``path``, to be renamed onto it when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    return Path(tmp)


def temp_folder(parent: Path, kind: str) -> Path:
    """A new hidden folder in ``parent`` (``.sellerdesk-<kind>-…tmp``), stale ones removed."""
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(parent)
    return Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{kind}-", suffix=TEMP_SUFFIX, dir=parent))


def remove_stale_temps(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove ``.sellerdesk-*.tmp`` files and folders older than an hour (a killed run's)."""
    if not folder.is_dir():
        return []
    limit = (time.time() if now is None else now) - STALE_SECONDS
    removed = []
    for item in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            if item.lstat().st_mtime >= limit:
                continue
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)
            removed.append(item)
        except OSError:
            continue
    return removed
