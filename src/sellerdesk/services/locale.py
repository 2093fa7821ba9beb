"""Where the language and the time zones come from: one function each, for CLI, web and API.

- :func:`language`: the first of the given choices that names zh or en, else English. The
  CLI asks ``--lang``, the ``lang`` setting, then the OS locale (:func:`env_locale`); the
  pages ask ``?lang=``, the ``lang`` cookie, the team's ``lang``, then Accept-Language.
- One zone concept (issue 15): :func:`team_zone_name` is the team's zone — ``team.timezone``
  (else the deprecated ``timezone`` key, read as it: ``settings.py``), else the OS zone.
  Times are shown in it unless a person has their own: :func:`display_zone` takes the
  signed-in user's (web, API), :func:`cli_zone` ``--tz``, else ``SELLERDESK_TZ`` (CLI).
  So a ``config set team.timezone`` and the web's setup change the same answer everywhere.

Light on purpose: the hours commands import it and must start without the database.
"""

from __future__ import annotations

import os
from zoneinfo import ZoneInfo

from sellerdesk.core.i18n import normalise_lang
from sellerdesk.core.zones import zone_from_text, zone_named
from sellerdesk.settings import Settings


def env_locale() -> str | None:
    """The OS locale the way a terminal program reads it."""
    return os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG")


def language(*choices: str | None) -> str:
    """``zh`` or ``en``: the first choice that names one (``zh_CN.UTF-8`` counts), else ``en``."""
    for choice in choices:
        if (lang := normalise_lang(choice)) is not None:
            return lang
    return "en"


def os_zone_name() -> str:
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name() or "UTC"
    except Exception:  # no zone configured on the machine: UTC is the honest default
        return "UTC"
    # a server's Etc/UTC is UTC (what the pickers offer and people read)
    return "UTC" if name in ("Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu") else name


def team_zone_name(settings: Settings) -> str:
    """The team's zone: ``team.timezone`` (or the deprecated ``timezone``), else the OS zone."""
    return settings.team_timezone or os_zone_name()


def display_zone(
    settings: Settings, own: str | None = None, *, team: str | None = None
) -> ZoneInfo:
    """The zone a person sees times in: their own (``own``: the signed-in user's, from My
    account), else the team's (``team``: the running app's, else :func:`team_zone_name`).
    A bad team zone is refused naming ``team.timezone``."""
    if own:
        return zone_named(own, field="time_zone")
    return zone_named(team or team_zone_name(settings), field="team.timezone")


def cli_zone(settings: Settings, flag: str | None = None) -> ZoneInfo:
    """The CLI's zone: ``--tz`` (refused naming ``timezone``, which the CLI spells as the
    flag), else ``SELLERDESK_TZ`` (named as itself), else the team's zone. Both take what
    ``config set team.timezone`` and the web take: a city as people name it (``北京``,
    ``上海时间``, ``Shenzhen``) or an IANA name."""
    if flag:
        return ZoneInfo(zone_from_text(flag, field="timezone"))
    if settings.timezone:
        return ZoneInfo(zone_from_text(settings.timezone, field="SELLERDESK_TZ"))
    return display_zone(settings)
