"""IANA time zones by name, refused with a fix when the name is wrong; and by the names
people type (``北京``, ``上海时间``, ``Shenzhen``): ``data/zone_names.toml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sellerdesk.core.errors import InvalidInput

# compared without case, spaces and a trailing "time" word: 北京时间 = 北京, Beijing Time = beijing
_SUFFIX = re.compile(r"(时间|时区|市|\s+time|\s+time\s+zone)$", re.IGNORECASE)


def zone_named(name: str, *, field: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):  # OSError: "America", a folder
        raise InvalidInput.of("time.bad_zone", field=field, value=name) from None


@dataclass(frozen=True, slots=True)
class CommonZone:
    """One suggestion of a time-zone picker: the IANA name and what people call it."""

    zone: str
    zh: str
    en: str

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@cache
def _table() -> tuple[tuple[CommonZone, ...], dict[str, str]]:
    import tomllib

    ref = resources.files("sellerdesk") / "data" / "zone_names.toml"
    data = tomllib.loads(ref.read_text(encoding="utf-8"))
    common = tuple(CommonZone(e["zone"], e["zh"], e["en"]) for e in data.get("common", ()))
    names = {_key(k): str(v) for k, v in data.get("names", {}).items()}
    return common, names


def _key(text: str) -> str:
    return " ".join(_SUFFIX.sub("", text.strip()).lower().split())


@cache
def _iana_by_lower() -> dict[str, str]:
    return {z.lower(): z for z in available_timezones()}


def common_zones() -> tuple[CommonZone, ...]:
    """The picker's suggestions, most used by our teams first."""
    return _table()[0]


def zone_from_text(text: str, *, field: str) -> str:
    """The IANA name for what a person typed: a place name of the table (``北京``,
    ``上海时间``, ``Shenzhen``) or an IANA name in any case (``asia/shanghai``)."""
    clean = " ".join(text.split())
    if not clean or len(clean) > 64:
        raise InvalidInput.of("people.unknown_zone", field=field, value=text[:64])
    found = _table()[1].get(_key(clean)) or _table()[1].get(clean.lower())
    if found is not None:
        return found
    name = _iana_by_lower().get(clean.lower().replace(" ", "_"))
    if name is None:
        raise InvalidInput.of("people.unknown_zone", field=field, value=clean)
    return zone_named(name, field=field).key
