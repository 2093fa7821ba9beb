"""Reading and writing the user's settings file; every value is validated before it is saved."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from sellerdesk.core.backup_schedule import parse_dir, parse_keep, parse_schedule
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.calendars import is_known_calendar
from sellerdesk.core.hours.ranges import parse_week_spec
from sellerdesk.core.i18n import normalise_lang
from sellerdesk.core.zones import zone_named
from sellerdesk.settings import CONFIG_KEYS, Settings, read_config


def check_key(key: str) -> str:
    if key not in CONFIG_KEYS:
        raise InvalidInput.of(
            "config.unknown_key", field="key", value=key, allowed=", ".join(CONFIG_KEYS)
        )
    return key


def _validate(key: str, value: str) -> str:
    if key in ("timezone", "team.timezone"):
        zone_named(value, field=key)
    elif key == "lang":
        lang = normalise_lang(value)
        if lang is None:
            raise InvalidInput.of("config.bad_lang", field=key, value=value)
        return lang
    elif key == "team.hours":
        parse_week_spec(value, field=key)
    elif key == "team.reply_hours":
        try:
            hours = float(value)
        except ValueError:
            hours = -1.0
        if not 0 < hours <= 1000:
            raise InvalidInput.of("config.bad_reply_hours", field=key, value=value)
    elif key == "api.token_cache_seconds":
        try:
            seconds = float(value)
        except ValueError:
            seconds = -1.0
        if not 0 <= seconds <= 60:
            raise InvalidInput.of("config.bad_token_cache", field=key, value=value)
    elif key == "api.idempotency_lease_seconds":
        try:
            lease = float(value)
        except ValueError:
            lease = -1.0
        if not 1 <= lease <= 3600:
            raise InvalidInput.of("config.bad_idempotency_lease", field=key, value=value)
    elif key == "api.list_cache_pages":
        if not value.isdigit() or int(value) > 100_000:
            raise InvalidInput.of("config.bad_list_cache", field=key, value=value)
    elif key == "backup.schedule":
        schedule = parse_schedule(value, field=key)
        return str(schedule) if schedule else "off"
    elif key == "backup.keep":
        return str(parse_keep(value, field=key))
    elif key == "backup.dir":
        return str(parse_dir(value, field=key))
    elif key == "team.holidays":
        for name in (v.strip() for v in value.split(",") if v.strip()):
            if not is_known_calendar(name):
                raise InvalidInput.of("config.bad_holidays", field=key, value=name)
    return value


def effective_values(settings: Settings) -> dict[str, Any]:
    return {
        "timezone": settings.timezone,
        "lang": settings.lang,
        "team.hours": settings.team_hours,
        "team.timezone": settings.team_timezone,
        "team.holidays": ",".join(settings.team_holidays) or None,
        "team.reply_hours": settings.config.get("team.reply_hours"),
        "api.token_cache_seconds": settings.config.get("api.token_cache_seconds"),
        "api.idempotency_lease_seconds": settings.config.get("api.idempotency_lease_seconds"),
        "api.list_cache_pages": settings.config.get("api.list_cache_pages"),
        "backup.schedule": settings.config.get("backup.schedule"),
        "backup.keep": settings.config.get("backup.keep"),
        "backup.dir": settings.config.get("backup.dir"),
    }


def _write(settings: Settings, data: dict[str, Any]) -> None:
    """Write atomically (temp file + rename), so a crash never leaves half a config."""
    import tomli_w

    settings.home.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=settings.home, prefix=".config-", suffix=".toml")
    with os.fdopen(fd, "wb") as handle:
        tomli_w.dump(data, handle)
    os.replace(tmp, settings.config_path)


def set_value(settings: Settings, key: str, value: str) -> None:
    check_key(key)
    if not value.strip():  # an empty value would silently mean "off" or "default"
        raise InvalidInput.of("config.empty_value", field="VALUE", setting=key)
    data = read_config(settings.config_path)
    data[key] = _validate(key, value)
    _write(settings, data)


def unset_value(settings: Settings, key: str) -> None:
    check_key(key)
    data = read_config(settings.config_path)
    data.pop(key, None)
    _write(settings, data)
