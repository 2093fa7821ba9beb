"""What every command resolves first: settings, language, display zone, "now", desks."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import Desk
from sellerdesk.core.i18n import resolve_lang
from sellerdesk.core.zones import zone_named
from sellerdesk.settings import Settings, load_settings


def os_zone_name() -> str:
    try:
        from tzlocal import get_localzone_name

        return get_localzone_name() or "UTC"
    except Exception:  # no zone configured on the machine: UTC is the honest default
        return "UTC"


def parse_instant(text: str, zone: tzinfo, field: str) -> datetime:
    """ISO-8601; a time without an offset is read on the wall clock of ``zone``."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput.of("time.bad_instant", field=field, value=text) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value


@dataclass
class Context:
    settings: Settings
    lang: str
    zone: ZoneInfo
    now: datetime
    desks_file: Path | None

    @cached_property
    def desks(self) -> dict[str, Desk]:
        from sellerdesk.hours import load_desks

        return load_desks(self.desks_file, settings=self.settings)


def build_context(
    *, lang: str | None, tz: str | None, at: str | None, desks: Path | None
) -> Context:
    settings = load_settings()
    env_locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG")
    language = resolve_lang(lang, settings.lang, env_locale)
    if tz:
        zone = zone_named(tz, field="--tz")
    else:
        zone = zone_named(settings.timezone or os_zone_name(), field="timezone")
    now = parse_instant(at, zone, "--at") if at else datetime.now(UTC)
    return Context(settings, language, zone, now, desks)
