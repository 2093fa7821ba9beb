"""The admin's desks override file (``desks.toml`` in the data folder, where ``load_desks``
looks): check a file, replace it after the loader accepts it, or remove it to go back to the
shipped desks (the desk form, ``services/desk_editor.py``, writes through :func:`save`).

A file is checked with the same loader that reads it at start, over the shipped desks and
any ``SELLERDESK_DESKS`` file, before a byte is written; the write is atomic (a temporary
file renamed over the old one), so a failed save leaves the previous file in place.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tomllib
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.loader import DeskFile, build_desks, read_desk_file
from sellerdesk.core.hours.model import Desk
from sellerdesk.core.sizes import human_size
from sellerdesk.services.tracker import transaction
from sellerdesk.settings import Settings
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.session import Session, sessionmaker

MAX_OVERRIDE_BYTES = 256 * 1024


def current_text(settings: Settings) -> str:
    """The override file as saved ("" when there is none)."""
    path = settings.user_desks_path
    try:
        return path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError):
        return ""


def load(settings: Settings) -> dict[str, Desk]:
    """The desks as ``sellerdesk serve`` loads them at start."""
    from sellerdesk.hours import load_desks

    return load_desks(settings.desks_file, settings=settings)


def shipped_file() -> DeskFile:
    """The desks file shipped in the package (read-only)."""
    ref = resources.files("sellerdesk") / "data" / "desks.toml"
    with resources.as_file(ref) as path:
        return read_desk_file(Path(path), builtin=True)


def _checked(settings: Settings, data: bytes) -> Path:
    """The text written beside the real file, once the loader accepts it with the others."""
    target = settings.user_desks_path
    if len(data) > MAX_OVERRIDE_BYTES:
        raise InvalidInput.of(
            "desk.override_too_big",
            field="desks.toml",
            size=human_size(len(data)),
            kib=MAX_OVERRIDE_BYTES // 1024,
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    pending = target.with_name(f".{target.name}.{os.getpid()}.pending")
    pending.write_bytes(data)
    try:
        try:
            mine = dataclasses.replace(read_desk_file(pending), path=str(target))
        except InvalidInput as exc:  # name the real file, not the temporary one
            raise exc.recast(InvalidInput, field=str(target)) from None
        others = [read_desk_file(settings.desks_file)] if settings.desks_file else []
        build_desks([shipped_file(), mine, *others])
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    return pending


def save(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    now: datetime,
    actor: str,
    data: bytes,
    action: str = "desks-override",
    detail: dict[str, Any] | None = None,
) -> dict[str, Desk]:
    """Replace the override file after the loader accepts it; the desks now in effect.
    ``action`` and ``detail`` say in the audit what the change was (the desk form names the
    desk and what changed); the file's digest is always recorded."""
    pending = _checked(settings, data)
    os.replace(pending, settings.user_desks_path)
    digest = {"sha256": hashlib.sha256(data).hexdigest()}
    _audit(sessions, now, actor, action, {**(detail or {}), **digest})
    return load(settings)


def check(settings: Settings, data: bytes) -> tuple[str, ...]:
    """Check a file as :func:`save` would, writing nothing; the desks it defines or changes
    (for the confirmation before the save)."""
    _checked(settings, data).unlink(missing_ok=True)
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):  # _checked refused these already
        return ()
    desks = parsed.get("desk", {})
    return tuple(desks) if isinstance(desks, dict) else ()


def reset(
    *, sessions: sessionmaker[Session], settings: Settings, now: datetime, actor: str
) -> dict[str, Desk]:
    """Remove the override file (the shipped desks apply again); the desks now in effect."""
    settings.user_desks_path.unlink(missing_ok=True)
    _audit(sessions, now, actor, "desks-reset", {})
    return load(settings)


def _audit(
    sessions: sessionmaker[Session], now: datetime, actor: str, action: str, detail: dict[str, Any]
) -> None:
    with transaction(sessions) as session:
        audit.record(
            session, at=now, actor=actor, entity="desks", entity_id=0, action=action, detail=detail
        )
