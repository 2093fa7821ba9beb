"""Backup, restore, copy between databases, verify and migrate: the store's whole life on disk.

* :mod:`.archive` — write a backup (``.tar.gz``: manifest, data, attachments), atomically,
  read back before it takes its name.
* :mod:`.members` — open an archive (a plain reason when it cannot be), the data's sha256.
* :mod:`.temps` — hidden temporary files beside their target, stale ones removed.
* :mod:`.staging` — check an archive whole in a staging database before anything is restored.
* :mod:`.restore` — restore (only a clean archive, in one transaction), ``copy-db``, migrate.
* :mod:`.verify` — ``sellerdesk verify``: the store's integrity, search index and blobs.
* :mod:`.scheduled` — the worker's scheduled backups (claimed once, verified, pruned).
* :mod:`.views` — what they return: frozen read models (the manifest, each report).
"""

from __future__ import annotations

from sellerdesk.services.backup.archive import backup
from sellerdesk.services.backup.problems import BackupFailed
from sellerdesk.services.backup.restore import copy_db, migrate, restore
from sellerdesk.services.backup.staging import FORMAT, FORMAT_VERSION, check_archive

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "BackupFailed",
    "backup",
    "check_archive",
    "copy_db",
    "migrate",
    "reading",
    "restore",
]
