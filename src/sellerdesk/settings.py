"""Settings, built by :func:`load_settings` from the environment and the user's config file.

Nothing is read at import time. Precedence: explicit arguments (CLI flags) > environment
variables > ``config.toml`` in the data folder > defaults.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput

CONFIG_FILE = "config.toml"
DEFAULT_TEAM_HOURS = "Mon-Fri 09:00-18:00"

# key -> (help, example); the config file is a flat TOML of these dotted keys
CONFIG_KEYS: dict[str, tuple[str, str]] = {
    "timezone": (
        "deprecated: read as team.timezone while that is unset (one's own zone: --tz, "
        "SELLERDESK_TZ, or My account in the web app)",
        "Asia/Shanghai",
    ),
    "lang": ("the team's language, zh or en: CLI and web pages (one's own choice wins)", "zh"),
    "team.hours": ("our team's working hours", DEFAULT_TEAM_HOURS),
    "team.timezone": (
        "our team's zone: times are shown in it, and the team's hours count in it "
        "(default: the OS zone); a city name such as 北京 is taken",
        "Asia/Shanghai",
    ),
    "team.holidays": ("holiday calendars of our team, comma-separated", "CN"),
    "team.reply_hours": ("business hours our team has to answer Amazon", "8"),
    "api.token_cache_seconds": (
        "seconds a running server trusts a token it has checked (revocations elsewhere "
        "take effect within this; 0 = check every request)",
        "2",
    ),
    "api.idempotency_lease_seconds": (
        "seconds an Idempotency-Key request may run before a retry of it may take it over "
        "(a server that died mid-request; default 60)",
        "60",
    ),
    "api.list_cache_pages": (
        "case-list pages a running server keeps while their data is unchanged (0 = none)",
        "256",
    ),
    "backup.schedule": (
        "the worker's backups: `daily HH:MM` in the team's zone, or off",
        "daily 03:00",
    ),
    "backup.keep": ("how many scheduled backups to keep (default 7)", "7"),
    "backup.dir": (
        "folder of the scheduled backups (default: <data folder>/backups)",
        "/var/backups/sellerdesk",
    ),
    "mail.poll_interval": (
        "seconds between the worker's polls of each IMAP mailbox (default 120)",
        "120",
    ),
    "mail.max_upload_mb": (
        "largest .eml/.mbox file the Unfiled mail page takes, in MB (default 60: one mail "
        "with its attachments runs to 35-50 MB, above the 25 MiB a case file may be)",
        "60",
    ),
    "web.base_url": (
        "the address people open Seller Desk at; alerts link to case pages under it",
        "https://desk.example.com",
    ),
    "setup.step": (
        "where the web app's first-start setup resumes (done: finished or skipped)",
        "done",
    ),
}


@dataclass(frozen=True)
class Settings:
    """What a process runs with. One zone concept: ``team_timezone`` is the team's zone (the
    ``team.timezone`` key, else the deprecated ``timezone`` key), the zone times are shown in
    unless a person has their own; ``timezone`` is only ``SELLERDESK_TZ``, the own zone of
    whoever runs the CLI in this shell (the web reads the signed-in user's instead)."""

    home: Path
    database_url: str
    desks_file: Path | None = None
    timezone: str | None = None  # SELLERDESK_TZ: the CLI's own zone, never the team's
    lang: str | None = None
    team_hours: str = DEFAULT_TEAM_HOURS
    team_timezone: str | None = None
    team_holidays: tuple[str, ...] = ()
    config: Mapping[str, Any] = field(default_factory=dict)
    lang_from_env: bool = False  # SELLERDESK_LANG decided ``lang``: the file's value is not read

    def with_config(self, config: Mapping[str, Any]) -> Settings:
        """These settings with ``config`` as the file's (just saved) values; what the
        environment decided stays."""
        team = _team_values(config)
        lang = self.lang if self.lang_from_env else config.get("lang")
        return replace(self, config=dict(config), lang=lang, **team)

    @property
    def config_path(self) -> Path:
        return self.home / CONFIG_FILE

    @property
    def user_desks_path(self) -> Path:
        return self.home / "desks.toml"


def default_home(env: Mapping[str, str]) -> Path:
    if env.get("SELLERDESK_HOME"):
        return Path(env["SELLERDESK_HOME"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("sellerdesk", appauthor=False))


def read_config(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput.of("config.file_not_toml", field=str(path), reason=str(exc)) from None
    return {k: v for k, v in data.items() if k in CONFIG_KEYS}


def _team_values(config: Mapping[str, Any]) -> dict[str, Any]:
    holidays = str(config.get("team.holidays", ""))
    # ``timezone`` is the deprecated spelling of ``team.timezone`` (until issue 15 it was a
    # second, display-only zone): read as the team's zone while ``team.timezone`` is unset
    zone = config.get("team.timezone") or config.get("timezone")
    return {
        "team_hours": str(config.get("team.hours", DEFAULT_TEAM_HOURS)),
        "team_timezone": str(zone) if zone else None,
        "team_holidays": tuple(h.strip() for h in holidays.split(",") if h.strip()),
    }


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    home = default_home(env)
    config = read_config(home / CONFIG_FILE)
    db_url = env.get("SELLERDESK_DATABASE_URL") or f"sqlite:///{home / 'sellerdesk.db'}"
    desks_env = env.get("SELLERDESK_DESKS")
    return Settings(
        home=home,
        database_url=db_url,
        desks_file=Path(desks_env).expanduser() if desks_env else None,
        timezone=env.get("SELLERDESK_TZ") or None,
        lang=env.get("SELLERDESK_LANG") or config.get("lang"),
        config=config,
        lang_from_env=bool(env.get("SELLERDESK_LANG")),
        **_team_values(config),
    )


# `sellerdesk serve` tells the app's processes (uvicorn imports the factory by name, so
# arguments cannot be passed) whether to run the reminder worker in-process.
SERVE_WORKER_ENV = "SELLERDESK_SERVE_WORKER"
