"""Where the language and the time zones come from: one function each, for CLI, web and API.

- :func:`language`: the first of the given choices that names zh or en, else English. The
  CLI asks ``--lang``, the ``lang`` setting, then the OS locale (:func:`env_locale`); the
  pages ask ``?lang=``, the ``lang`` cookie, then Accept-Language.
- :func:`display_zone`: the zone times are shown in — ``--tz``, else the ``timezone``
  setting, else ``fallback`` (the pages pass the team's zone), else the OS zone.
- :func:`team_zone_name`: the zone our team's hours are counted in — ``team.timezone``,
  else ``timezone``, else the OS zone.

Display reads ``timezone`` while the team's clocks read ``team.timezone`` (issue 15 asks for
one zone concept); both readings live here so that change, when it comes, is made once.
Light on purpose: the hours commands import it and must start without the database.
"""

from __future__ import annotations

import os
from zoneinfo import ZoneInfo

from sellerdesk.core.i18n import normalise_lang
from sellerdesk.core.zones import zone_named
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

        return get_localzone_name() or "UTC"
    except Exception:  # no zone configured on the machine: UTC is the honest default
        return "UTC"


def display_zone(
    settings: Settings, flag: str | None = None, *, fallback: str | None = None
) -> ZoneInfo:
    """The zone times are shown in; a bad name is refused naming the field ``timezone``
    (the CLI spells it ``--tz`` when ``flag`` was given: only the flag is read then)."""
    return zone_named(flag or settings.timezone or fallback or os_zone_name(), field="timezone")


def team_zone_name(settings: Settings) -> str:
    """The zone of our team's hours (``team.timezone``, else ``timezone``, else the OS zone)."""
    return settings.team_timezone or settings.timezone or os_zone_name()
