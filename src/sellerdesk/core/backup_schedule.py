"""The scheduled backups' settings: ``backup.schedule`` (``daily HH:MM`` in the team's zone,
or ``off``), ``backup.keep`` (how many to keep) and ``backup.dir``; and which scheduled moment
(*slot*) is the latest one at a given instant."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sellerdesk.core.errors import InvalidInput

DEFAULT_KEEP = 7
MAX_KEEP = 1000
_DAILY = re.compile(r"daily\s+([01]?\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class BackupSchedule:
    hour: int
    minute: int

    def __str__(self) -> str:
        return f"daily {self.hour:02d}:{self.minute:02d}"

    def latest_slot(self, now: datetime, zone: ZoneInfo) -> datetime:
        """The last scheduled moment at or before ``now`` (UTC)."""
        local = now.astimezone(zone)
        slot = datetime.combine(local.date(), time(self.hour, self.minute), tzinfo=zone)
        if slot > local:
            day = local.date() - timedelta(days=1)
            slot = datetime.combine(day, time(self.hour, self.minute), tzinfo=zone)
        return slot.astimezone(UTC)


def parse_schedule(value: str, *, field: str = "backup.schedule") -> BackupSchedule | None:
    """``daily 03:00`` -> a schedule; ``off`` -> None."""
    text = " ".join(str(value).split()).lower()
    if text in ("off", "none", ""):
        return None
    found = _DAILY.fullmatch(text)
    if found is None:
        raise InvalidInput.of("config.bad_backup_schedule", field=field, value=value)
    return BackupSchedule(int(found.group(1)), int(found.group(2)))


def parse_keep(value: object, *, field: str = "backup.keep") -> int:
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_KEEP:
        raise InvalidInput.of("config.bad_backup_keep", field=field, value=str(value))
    return int(text)


def parse_dir(value: object, *, field: str = "backup.dir") -> Path:
    text = str(value).strip()
    path = Path(text).expanduser() if text else None
    if path is None or not path.is_absolute() or "\x00" in text:
        raise InvalidInput.of("config.bad_backup_dir", field=field, value=str(value))
    return path
