"""IANA time zones by name, refused with a fix when the name is wrong."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sellerdesk.core.errors import InvalidInput


def zone_named(name: str, *, field: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):  # OSError: "America", a folder
        raise InvalidInput.of("time.bad_zone", field=field, value=name) from None
