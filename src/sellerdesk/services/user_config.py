"""Reading and writing the user's settings file; every value is validated before it is saved."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from typing import Any

from sellerdesk.core.backup_schedule import parse_dir, parse_keep, parse_schedule
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.calendars import is_known_calendar
from sellerdesk.core.hours.ranges import parse_week_spec
from sellerdesk.core.i18n import normalise_lang
from sellerdesk.core.zones import zone_from_text
from sellerdesk.settings import CONFIG_KEYS, Settings, read_config

# the web app's first-start setup, in order; ``setup.step`` holds where it resumes
SETUP_STEPS = ("zone", "hours", "holidays", "language", "store", "done")


def check_key(key: str) -> str:
    if key not in CONFIG_KEYS:
        raise InvalidInput.of(
            "config.unknown_key", field="key", value=key, allowed=", ".join(CONFIG_KEYS)
        )
    return key


def _validate(key: str, value: str) -> str:
    if key in ("timezone", "team.timezone"):
        # a city as people name it (北京, 上海时间, Shenzhen) or an IANA name, saved as IANA:
        # the same rule for `config set`, the Admin page and the setup
        return zone_from_text(value, field=key)
    elif key == "setup.step":
        if value not in SETUP_STEPS:
            raise InvalidInput.of("setup.bad_step", field=key, value=value)
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
    elif key == "mail.poll_interval":
        if not value.isdigit() or not 30 <= int(value) <= 86_400:
            raise InvalidInput.of("config.bad_mail_poll_interval", field=key, value=value)
    elif key == "mail.max_upload_mb":
        if not value.isdigit() or not 1 <= int(value) <= 2048:
            raise InvalidInput.of("config.bad_mail_upload_mb", field=key, value=value[:80])
    elif key == "web.base_url":
        url = value.strip().rstrip("/")
        if not url.startswith(("http://", "https://")) or " " in url or len(url) > 300:
            raise InvalidInput.of("alerts.bad_base_url", field=key, value=value[:80])
        return url
    elif key == "team.holidays":
        for name in (v.strip() for v in value.split(",") if v.strip()):
            if not is_known_calendar(name):
                raise InvalidInput.of("config.bad_holidays", field=key, value=name)
    return value


RawValue = str | int | float | bool | None  # a value as config.toml holds it (None: unset)


def _raw(value: object) -> RawValue:
    """A setting as written in config.toml (a value TOML types otherwise, e.g. a date,
    as its text)."""
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


@dataclass(frozen=True, slots=True)
class EffectiveConfig:
    """Every setting's value in effect, in the order of ``CONFIG_KEYS`` (``None``: its
    default applies). The attributes are the keys with ``_`` for ``.``."""

    timezone: RawValue  # deprecated: read as team.timezone while that is unset
    lang: str | None
    team_hours: str
    team_timezone: str | None
    team_holidays: tuple[str, ...]
    team_reply_hours: RawValue
    api_token_cache_seconds: RawValue
    api_idempotency_lease_seconds: RawValue
    api_list_cache_pages: RawValue
    backup_schedule: RawValue
    backup_keep: RawValue
    backup_dir: RawValue
    mail_poll_interval: RawValue
    mail_max_upload_mb: RawValue
    web_base_url: RawValue
    setup_step: RawValue

    def value_of(self, key: str) -> RawValue:
        """The value of the setting named as config.toml names it (``team.holidays`` as
        the comma-separated text it is written as)."""
        value = getattr(self, check_key(key).replace(".", "_"))
        if isinstance(value, tuple):
            return ",".join(value) or None
        return _raw(value)

    def by_key(self) -> dict[str, RawValue]:
        """``config list --json``'s values: every key as config.toml names it."""
        return {key: self.value_of(key) for key in CONFIG_KEYS}


def effective_values(settings: Settings) -> EffectiveConfig:
    """``team.timezone`` in effect includes the deprecated ``timezone`` it falls back to;
    ``timezone`` is the file's value (SELLERDESK_TZ is the CLI's own zone, not a setting)."""
    raw = settings.config
    return EffectiveConfig(
        timezone=_raw(raw.get("timezone")),
        lang=settings.lang,
        team_hours=settings.team_hours,
        team_timezone=settings.team_timezone,
        team_holidays=settings.team_holidays,
        team_reply_hours=_raw(raw.get("team.reply_hours")),
        api_token_cache_seconds=_raw(raw.get("api.token_cache_seconds")),
        api_idempotency_lease_seconds=_raw(raw.get("api.idempotency_lease_seconds")),
        api_list_cache_pages=_raw(raw.get("api.list_cache_pages")),
        backup_schedule=_raw(raw.get("backup.schedule")),
        backup_keep=_raw(raw.get("backup.keep")),
        backup_dir=_raw(raw.get("backup.dir")),
        mail_poll_interval=_raw(raw.get("mail.poll_interval")),
        mail_max_upload_mb=_raw(raw.get("mail.max_upload_mb")),
        web_base_url=_raw(raw.get("web.base_url")),
        setup_step=_raw(raw.get("setup.step")),
    )


def _write(settings: Settings, data: dict[str, Any]) -> None:
    """Write atomically (temp file + rename), so a crash never leaves half a config."""
    import tomli_w

    settings.home.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=settings.home, prefix=".config-", suffix=".toml")
    with os.fdopen(fd, "wb") as handle:
        tomli_w.dump(data, handle)
    os.replace(tmp, settings.config_path)


def set_value(settings: Settings, key: str, value: str, *, field: str = "value") -> Settings:
    """Check and save one setting; the settings with it applied (a running app uses them
    through ``Runtime.use_settings``). ``field`` names the value in an "empty" refusal."""
    check_key(key)
    if not value.strip():  # an empty value would silently mean "off" or "default"
        raise InvalidInput.of("config.empty_value", field=field, setting=key)
    data = read_config(settings.config_path)
    data[key] = _validate(key, value)
    _write(settings, data)
    return settings.with_config(data)


def unset_value(settings: Settings, key: str) -> Settings:
    check_key(key)
    data = read_config(settings.config_path)
    data.pop(key, None)
    _write(settings, data)
    return settings.with_config(data)


def deprecated_zone_note(settings: Settings) -> str | None:
    """Whether the deprecated ``timezone`` key is set, and so read as the team's zone
    (``"read"``) or ignored because ``team.timezone`` is set (``"ignored"``)."""
    if not settings.config.get("timezone"):
        return None
    return "ignored" if settings.config.get("team.timezone") else "read"


def setup_step(settings: Settings) -> str | None:
    """The step the first-start setup resumes at; None when there is none to run. A data
    folder from before the setup (a team zone already set, no step recorded) needs none."""
    step = settings.config.get("setup.step")
    if step in SETUP_STEPS:
        return None if step == "done" else str(step)
    return None if settings.team_timezone else SETUP_STEPS[0]
