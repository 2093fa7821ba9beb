"""Holiday calendars by name, from maintained libraries.

``CN`` is the PRC's statutory schedule *with* make-up working days (调休), read from
``chinese-calendar`` for the years it has the State Council's announcement; for later
years we fall back to the rule-based estimate of ``holidays`` and say so, because China
publishes each year's arrangement only in November of the year before.
Every other name (``US``, ``DE``, ``GB``, ``JP``, ``US-CA`` for a subdivision …) comes
from ``holidays``, which computes them by rule for any year it supports.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CalendarYear:
    """One calendar's closed days and extra working days in one year."""

    closed: frozenset[date]
    extra_open: frozenset[date]
    # None when the library has the official data for this year; otherwise a short reason.
    estimate_note: str | None = None


@dataclass(frozen=True)
class CoverageNote:
    """A year for which a calendar is only estimated: shown to users, never guessed silently."""

    calendar: str
    year: int
    reason: str


def is_known_calendar(name: str) -> bool:
    if name == "CN":
        return True
    key = f"known:{name}"
    cached = _DISK.get(key)
    if cached is None:
        cached = _is_known_calendar(name)
        _DISK.put(key, cached)
    return bool(cached)


def _is_known_calendar(name: str) -> bool:
    import holidays
    from holidays.registry import COUNTRIES

    country, _, subdiv = name.partition("-")
    if country not in {names[1] for names in COUNTRIES.values()}:
        return False
    try:
        holidays.country_holidays(country, subdiv=subdiv or None, years=[])
    except (NotImplementedError, ValueError):
        return False
    return True


def calendar_year(name: str, year: int) -> CalendarYear:
    """Closed and extra-open dates of calendar ``name`` in ``year`` (cached)."""
    if name == "CN":
        return _china_year(year)
    return _holidays_year(name, year)


@cache
def _china_known_years() -> tuple[int, int]:
    import chinese_calendar.constants as cc

    years = {d.year for d in cc.holidays} | {d.year for d in cc.workdays}
    return min(years), max(years)


@cache
def _china_year(year: int) -> CalendarYear:
    first, last = _china_known_years()
    if first <= year <= last:
        import chinese_calendar.constants as cc

        closed = frozenset(d for d in cc.holidays if d.year == year)
        extra = frozenset(d for d in cc.workdays if d.year == year)
        return CalendarYear(closed, extra)
    estimate = _holidays_year("CN", year)
    import chinese_calendar

    reason = (
        f"chinese-calendar {getattr(chinese_calendar, '__version__', '')} knows {first}-{last}; "
        f"{year} uses the rule-based holidays of the `holidays` library, without make-up days"
    ).replace("  ", " ")
    return CalendarYear(estimate.closed, frozenset(), reason)


@cache
def _holidays_year(name: str, year: int) -> CalendarYear:
    key = f"year:{name}:{year}"
    cached = _DISK.get(key)
    if cached is None:
        cached = _compute_holidays_year(name, year)
        _DISK.put(key, cached)
    closed = frozenset(date.fromisoformat(d) for d in cached["closed"])
    return CalendarYear(closed, frozenset(), cached["note"])


def _compute_holidays_year(name: str, year: int) -> dict[str, Any]:
    import holidays

    country, _, subdiv = name.partition("-")
    cls = holidays.country_holidays(country, subdiv=subdiv or None, years=[]).__class__
    end_year = getattr(cls, "end_year", 9999)
    start_year = getattr(cls, "start_year", 1)
    if not start_year <= year <= end_year:
        note = f"the holidays library covers {name} for {start_year}-{end_year} only"
        return {"closed": [], "note": note}
    days = holidays.country_holidays(country, subdiv=subdiv or None, years=[year])
    return {"closed": sorted(d.isoformat() for d in days if d.year == year), "note": None}


class _CalendarFileCache:
    """Holiday dates computed once and kept in a small JSON file.

    Importing ``holidays`` and its country modules costs about 250 ms, too much for a
    command that should answer in well under 300 ms; the dates themselves are tiny. The
    file name carries a stamp of the installed library, so an upgrade starts a new cache.
    Without a folder (library use, tests) it only memoises in the process.
    """

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.data: dict[str, Any] | None = None

    def configure(self, folder: Path | None) -> None:
        self.folder, self.data = folder, None

    @property
    def path(self) -> Path | None:
        if self.folder is None:
            return None
        spec = find_spec("holidays")  # locates the package without importing it
        stamp = "none"
        if spec is not None and spec.origin:
            info = os.stat(spec.origin)
            stamp = f"{info.st_mtime_ns:x}-{info.st_size:x}"
        return self.folder / f"calendars-{stamp}.json"

    def _load(self) -> dict[str, Any]:
        if self.data is None:
            self.data = {}
            path = self.path
            if path is not None and path.exists():
                try:
                    self.data = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    self.data = {}  # a damaged cache is rebuilt, never trusted
        return self.data

    def get(self, key: str) -> Any:
        return self._load().get(key)

    def put(self, key: str, value: Any) -> None:
        data = self._load()
        data[key] = value
        path = self.path
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".calendars-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only data folder only costs speed


_DISK = _CalendarFileCache()


def use_cache_folder(folder: Path | None) -> None:
    """Keep computed holiday dates in ``folder`` across runs (None: in memory only)."""
    _DISK.configure(folder)
    _holidays_year.cache_clear()
