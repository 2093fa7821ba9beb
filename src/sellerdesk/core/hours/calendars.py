"""Holiday calendars by name, from maintained libraries.

``CN`` is the PRC's statutory schedule *with* make-up working days (调休), read from
``chinese-calendar`` for the years it has the State Council's announcement; for later
years we fall back to the rule-based estimate of ``holidays`` and say so, because China
publishes each year's arrangement only in November of the year before.
Every other name (``US``, ``DE``, ``GB``, ``JP``, ``US-CA`` for a subdivision …) comes
from ``holidays``, which computes them by rule for any year it supports.

Before either library, the data folder's ``calendars/`` is read (:func:`use_saved_years`):
an admin's ``cn-2027.toml`` holds a year's official arrangement (from the notice, see
:mod:`.cn_notice`) and replaces the guess, so that year is no longer estimated; a file of
another calendar (``us-2027.toml``) adds its extra closed days to the library's.
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
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
    saved: bool = False  # True when the data folder's calendars/ file decides this year


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
    """Closed and extra-open dates of calendar ``name`` in ``year`` (cached): the data
    folder's saved year first, then the libraries."""
    base = _china_year(year) if name == "CN" else _holidays_year(name, year)
    saved = _SAVED.years.get((name, year))
    if saved is None:
        return base
    if name == "CN":  # the official arrangement replaces the library's or the guess
        return CalendarYear(saved.closed, saved.working, None, saved=True)
    return CalendarYear(base.closed | saved.closed, base.extra_open | saved.working, saved=True)


def library_has_china_year(year: int) -> bool:
    """Whether ``chinese-calendar`` carries the State Council's arrangement for ``year``."""
    first, last = _china_known_years()
    return first <= year <= last


def china_year_known(year: int) -> bool:
    """Whether China's ``year`` rests on an official arrangement (library or data folder)."""
    return library_has_china_year(year) or ("CN", year) in _SAVED.years


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


# -- years saved in the data folder -------------------------------------------------------


@dataclass(frozen=True)
class SavedYear:
    """One ``calendars/<name>-<year>.toml`` of the data folder, as read."""

    calendar: str
    year: int
    closed: frozenset[date]
    working: frozenset[date]
    source: str
    as_of: date
    confidence: str
    file_name: str
    holidays: tuple[tuple[str, date, date], ...] = ()
    notice: str = ""


def saved_file_name(calendar: str, year: int) -> str:
    """``cn-2027.toml``: where a calendar's year is kept in the data folder's calendars/."""
    return f"{calendar.lower()}-{year}.toml"


def read_saved_year(text: str, file_name: str) -> SavedYear:
    """A saved year from its TOML text; ``ValueError`` names what is wrong."""
    data = tomllib.loads(text)
    calendar, year = str(data["calendar"]).upper(), int(data["year"])
    if file_name != saved_file_name(calendar, year):
        raise ValueError(f"{file_name} holds {calendar} {year}")

    def days(key: str) -> frozenset[date]:
        found = frozenset(date.fromisoformat(str(d)) for d in data.get(key, []))
        if any(d.year != year for d in found):
            raise ValueError(f"{key} has a date outside {year}")
        return found

    holidays = tuple(
        (
            str(h.get("name", "")),
            date.fromisoformat(str(h["first"])),
            date.fromisoformat(str(h["last"])),
        )
        for h in data.get("holiday", [])
    )
    return SavedYear(
        calendar=calendar,
        year=year,
        closed=days("closed"),
        working=days("working"),
        source=str(data.get("source", "")),
        as_of=date.fromisoformat(str(data["as_of"])),
        confidence=str(data.get("confidence", "user")),
        file_name=file_name,
        holidays=holidays,
        notice=str(data.get("notice", "")),
    )


class _SavedYears:
    """The data folder's saved years, read again when the folder's files change."""

    def __init__(self) -> None:
        self.key: tuple[object, ...] = (None,)
        self.years: dict[tuple[str, int], SavedYear] = {}
        self.broken: tuple[str, ...] = ()  # files that could not be read (shown by `list`)
        self.generation = 0


_SAVED = _SavedYears()


def _folder_stamp(folder: Path | None) -> tuple[object, ...]:
    if folder is None or not folder.is_dir():
        return (folder,)
    files = sorted(folder.glob("*.toml"))
    return (folder, *((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files))


def use_saved_years(folder: Path | None) -> None:
    """Read the saved years of ``folder`` (the data folder's ``calendars/``; None: none).

    Cheap when nothing changed (one directory listing); otherwise every compiled schedule
    is dropped (:func:`calendar_generation` moves on), so answers use the new days."""
    stamp = _folder_stamp(folder)
    if stamp == _SAVED.key:
        return
    years: dict[tuple[str, int], SavedYear] = {}
    broken: list[str] = []
    for path in sorted(folder.glob("*.toml")) if folder is not None and folder.is_dir() else []:
        try:
            saved = read_saved_year(path.read_text(encoding="utf-8"), path.name)
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            broken.append(path.name)  # a damaged file is never half used
            continue
        years[saved.calendar, saved.year] = saved
    _SAVED.key, _SAVED.years, _SAVED.broken = stamp, years, tuple(broken)
    _SAVED.generation += 1


def saved_years() -> tuple[SavedYear, ...]:
    """The saved years in use, by calendar and year."""
    return tuple(_SAVED.years[k] for k in sorted(_SAVED.years))


def unreadable_saved_files() -> tuple[str, ...]:
    return _SAVED.broken


def calendar_generation() -> int:
    """Moves on whenever the saved years change: part of every compiled schedule's key."""
    return _SAVED.generation
