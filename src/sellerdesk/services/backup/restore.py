"""Restore a backup (checked whole first), copy between databases, and migrate.

A restore stages the archive (``staging.py``) and refuses it, store and attachments folder
untouched, on the first problem found. Only a clean archive is copied, in one transaction on
the store: every row replaced, and the verified blobs the folder lacks moved in before the
transaction commits (a crash in between leaves an unreferenced blob, never a row without one).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services.backup.archive import Progress
from sellerdesk.services.backup.staging import staged
from sellerdesk.services.backup.temps import atomic_target
from sellerdesk.services.backup.views import CopyReport, MigrateReport, RestoreReport
from sellerdesk.storage import copying, snapshot
from sellerdesk.storage.engine import normalise_url
from sellerdesk.storage.migrate import current_revision, ensure_current, head_revision
from sellerdesk.storage.session import Engine


def _move_blobs(blobs: list[Path], source: Path, dest: Path) -> int:
    """Blobs the store lacks (content-addressed: a present name holds the same bytes)."""
    added = 0
    for file in blobs:
        target = dest / file.relative_to(source)
        if target.exists():
            continue
        partial = atomic_target(target)
        try:
            shutil.copyfile(file, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        added += 1
    return added


def _refuse_a_full_store(existing: dict[str, int], force: bool) -> None:
    if existing and not force:
        raise Conflict.of(
            "backup.store_not_empty",
            field="FILE",
            rows=", ".join(f"{t} {n}" for t, n in existing.items()),
        )


def restore(
    engine: Engine,
    path: Path,
    *,
    attachments_dir: Path,
    force: bool = False,
    progress: Progress | None = None,
) -> RestoreReport:
    """Load a backup into ``engine``; a store with any rows is refused unless ``force``.

    Raises InvalidInput (nothing changed) when the archive is damaged in any way."""
    if not path.is_file():
        raise InvalidInput.of("backup.not_a_file", field="FILE", path=str(path))
    ensure_current(engine)
    # before the (long) staging of a large archive
    _refuse_a_full_store(copying.filled_tables(engine), force)
    # staged beside the data folder (never /tmp): a killed restore's leftovers go next time
    work_dir = attachments_dir.parent
    with staged(path, store_attachments=attachments_dir, work_dir=work_dir) as stage:
        if stage.problems:
            raise stage.problems[0].error("FILE")
        assert stage.engine is not None
        # filled since the first look: refused again inside the replacing transaction
        existing, copied, added = copying.replace_rows(
            engine,
            stage.engine,
            refuse=lambda rows: _refuse_a_full_store(rows, force),
            before_commit=lambda: _move_blobs(stage.blobs, stage.blobs_dir, attachments_dir),
            progress=progress,
        )
        return RestoreReport(
            restored=copied,
            attachments_added=added,
            replaced=bool(existing),
            manifest=stage.checked_manifest,
            data_checked=stage.data_checked,
        )


def copy_db(src_engine: Engine, dst_url: str, *, progress: Progress | None = None) -> CopyReport:
    """Copy every row to an empty database at ``dst_url`` (migrated to head first)."""
    url = normalise_url(dst_url)
    if copying.is_same_database(url, src_engine):
        raise InvalidInput.of("copy.same_database", field="--to")
    with copying.target_database(url) as (dst, shown):
        try:
            copying.migrate_target(dst)
        except copying.CannotOpen as exc:
            raise InvalidInput.of(
                "copy.cannot_open", field="--to", url=shown, reason=exc.reason
            ) from None

        def refuse(existing: dict[str, int]) -> None:
            if existing:
                raise Conflict.of(
                    "copy.not_empty",
                    field="--to",
                    url=shown,
                    rows=", ".join(f"{t} {n}" for t, n in existing.items()),
                )

        copied = copying.copy_into(src_engine, dst, refuse=refuse, progress=progress)
    return CopyReport(to=shown, dialect=snapshot.dialect(dst), rows=copied)


def migrate(engine: Engine) -> MigrateReport:
    """Apply pending migrations; the revision before and after, and the head."""
    before = current_revision(engine)
    ensure_current(engine)
    return MigrateReport(before=before, current=current_revision(engine), head=head_revision())
