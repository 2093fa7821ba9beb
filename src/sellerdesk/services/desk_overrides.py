"""The admin's desks override file (``desks.toml`` in the data folder, where ``load_desks``
looks): show every effective rule with its provenance, replace the file after the loader
accepts it, or remove it to go back to the shipped desks.

A file is checked with the same loader that reads it at start, over the shipped desks and
any ``SELLERDESK_DESKS`` file, before a byte is written; the write is atomic (a temporary
file renamed over the old one), so a failed save leaves the previous file in place.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.loader import DeskFile, build_desks, read_desk_file
from sellerdesk.core.hours.model import Confidence, Desk
from sellerdesk.core.hours.ranges import format_week
from sellerdesk.core.sizes import human_size
from sellerdesk.services.tracker import transaction
from sellerdesk.settings import Settings
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.session import Session, sessionmaker

MAX_OVERRIDE_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class DeskRuleView:
    """One desk x channel rule with where it comes from (the admin's desks page)."""

    desk: str
    name: str
    name_zh: str
    timezone: str
    marketplaces: tuple[str, ...]
    channel: str
    hours: str  # the weekly hours as the desks file writes them
    holidays: tuple[str, ...]
    source: str
    as_of: date
    confidence: Confidence
    file: str  # the file the desk was last defined in


def desk_rules(desks: dict[str, Desk]) -> tuple[DeskRuleView, ...]:
    """Every desk x channel, in the desks' and their channels' order."""
    return tuple(
        DeskRuleView(
            desk=desk.key,
            name=desk.name,
            name_zh=desk.name_zh,
            timezone=desk.timezone.key,
            marketplaces=tuple(desk.marketplaces),
            channel=name,
            hours=format_week(rule.week),
            holidays=tuple(rule.days.holidays),
            source=rule.fact.source,
            as_of=rule.fact.as_of,
            confidence=rule.fact.confidence,
            file=desk.origin,
        )
        for desk in desks.values()
        for name, rule in desk.channels.items()
    )


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


def _shipped() -> DeskFile:
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
        build_desks([_shipped(), mine, *others])
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
) -> dict[str, Desk]:
    """Replace the override file after the loader accepts it; the desks now in effect."""
    pending = _checked(settings, data)
    os.replace(pending, settings.user_desks_path)
    _audit(sessions, now, actor, "desks-override", {"sha256": hashlib.sha256(data).hexdigest()})
    return load(settings)


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
