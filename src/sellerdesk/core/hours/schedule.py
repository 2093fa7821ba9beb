"""A compiled schedule: sorted UTC windows with running totals, so every question is a bisection.

Semantics (also in docs/desks.md):

* Windows are half-open ``[start, end)``; ``is_open(end)`` is False.
* ``next_open(t)`` is ``t`` itself when open; ``next_close(t)`` is the end of the window
  containing ``t``, or of the next window when closed.
* ``add(t, d)`` returns the instant at which ``d`` of business time has passed since ``t``.
  A result that lands exactly on a closing instant is that closing instant (not the next
  opening). ``add(t, 0)`` is ``t``. A negative ``d`` walks backwards and lands on an
  opening instant at the boundary.
* ``elapsed(t1, t2)`` is the business time in ``[t1, t2)``; negative when ``t2 < t1``.
* Inputs must be timezone-aware; results are aware, in UTC unless ``tz`` is given.
* Questions that find no change within :data:`HORIZON_YEARS` return ``None``
  (``next_open`` of a channel that never opens, ``next_close`` of a 24/7 channel).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.calendars import CoverageNote
from sellerdesk.core.hours.sources import IntersectionSource, IntervalSource

MIN_YEAR, MAX_YEAR = 1971, 2399
HORIZON_YEARS = 20
_SENTINEL = -(2**62)
_CUT_MARGIN = 36 * 3600  # a run reaching this far past the span may continue uncompiled


def _naive_error(name: str) -> InvalidInput:
    return InvalidInput(
        "a naive datetime has no time zone, so the instant is ambiguous.",
        field=name,
        fix="pass an aware datetime, e.g. datetime(2026, 3, 8, tzinfo=ZoneInfo('Asia/Shanghai')).",
    )


def to_timestamp(t: datetime, name: str = "t") -> float:
    """Epoch seconds of an aware instant; an int for whole seconds (int bisection is faster)."""
    tz = t.tzinfo
    if tz is None or (tz is not UTC and t.utcoffset() is None):
        raise _naive_error(name)
    x = t.timestamp()
    return int(x) if not t.microsecond else x


def _year_of(x: float) -> int:
    if not -62135596800 <= x < 253402300800:  # datetime's own range
        return MIN_YEAR - 1
    return datetime.fromtimestamp(x, UTC).year


def _year_start(year: int) -> int:
    return int(datetime(year, 1, 1, tzinfo=UTC).timestamp())


class Schedule:
    """The open hours of one desk channel (or an intersection), compiled lazily by UTC year."""

    def __init__(self, source: IntervalSource, *, label: str = "", zone: tzinfo = UTC) -> None:
        self.source = source
        self.label = label
        self.zone = zone  # the zone the schedule is written in, for display
        self._y0 = self._y1 = 0
        self._lo = self._hi = 0
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._cum: list[int] = []  # business seconds before window i
        self._cum_end: list[int] = []  # business seconds up to the end of window i
        self._head_cut = self._tail_cut = False
        self._np: dict[str, Any] | None = None  # the windows as numpy arrays (core.hours.bulk)
        # 24/7 channels answer without compiling anything
        self._always = source.always_open
        self._never = source.never_open

    # -- compilation -------------------------------------------------------------------
    def _compile(self, y0: int, y1: int) -> None:
        if y0 < MIN_YEAR or y1 > MAX_YEAR:
            raise InvalidInput.of(
                "hours.years_outside",
                field="time",
                label=self.label or "schedule",
                first=y0,
                last=y1,
                lo=MIN_YEAR,
                hi=MAX_YEAR,
            )
        windows = self.source.compile_years(y0, y1)
        starts, ends, cum, cum_end = [_SENTINEL], [_SENTINEL], [0], [0]
        total = 0
        for start, end in windows:
            starts.append(start)
            ends.append(end)
            cum.append(total)
            total += end - start
            cum_end.append(total)
        self._y0, self._y1 = y0, y1
        self._lo, self._hi = _year_start(y0), _year_start(y1 + 1)
        self._starts, self._ends, self._cum, self._cum_end = starts, ends, cum, cum_end
        self._head_cut = bool(windows) and windows[0][0] <= self._lo - _CUT_MARGIN
        self._tail_cut = bool(windows) and windows[-1][1] >= self._hi + _CUT_MARGIN
        self._np = None

    def _ensure(self, x: float) -> None:
        """Make the compiled span cover the instant ``x``."""
        if self._lo <= x < self._hi:
            return
        year = _year_of(x)
        if self._y1 == 0:
            self._compile(year, year)
        else:
            self._compile(min(self._y0, year), max(self._y1, year))

    def _grow_forward(self, limit_year: int) -> bool:
        if self._y1 >= min(limit_year, MAX_YEAR):
            return False
        step = max(1, self._y1 - self._y0 + 1)
        self._compile(self._y0, min(self._y1 + step, limit_year, MAX_YEAR))
        return True

    def _grow_backward(self, limit_year: int) -> bool:
        if self._y0 <= max(limit_year, MIN_YEAR):
            return False
        step = max(1, self._y1 - self._y0 + 1)
        self._compile(max(self._y0 - step, limit_year, MIN_YEAR), self._y1)
        return True

    def _business(self, x: float) -> float:
        """Business seconds from the span's origin up to ``x`` (``x`` inside the span)."""
        i = bisect_right(self._starts, x) - 1
        end = self._ends[i]
        return self._cum[i] + (x if x < end else end) - self._starts[i]

    # -- point questions ---------------------------------------------------------------
    def is_open(self, t: datetime) -> bool:
        x = to_timestamp(t)
        if self._always or self._never:
            return self._always
        self._ensure(x)
        i = bisect_right(self._starts, x) - 1
        return x < self._ends[i]

    def next_open(self, t: datetime, *, tz: tzinfo | None = None) -> datetime | None:
        x = to_timestamp(t)
        if self._never:
            return None
        if self._always:
            return t.astimezone(tz or UTC)
        self._ensure(x)
        limit = _year_of(x) + HORIZON_YEARS
        while True:
            i = bisect_right(self._starts, x) - 1
            if x < self._ends[i]:
                return t.astimezone(tz or UTC)
            if i + 1 < len(self._starts):
                return _out(self._starts[i + 1], tz)
            if not self._grow_forward(limit):
                return None

    def next_close(self, t: datetime, *, tz: tzinfo | None = None) -> datetime | None:
        x = to_timestamp(t)
        if self._always or self._never:
            return None
        self._ensure(x)
        limit = _year_of(x) + HORIZON_YEARS
        while True:
            i = bisect_right(self._starts, x) - 1
            if x >= self._ends[i]:
                i += 1
            last = len(self._starts) - 1
            if i <= last and not (i == last and self._tail_cut):
                return _out(self._ends[i], tz)
            if not self._grow_forward(limit):
                return None

    def windows(
        self, start: datetime, end: datetime, *, tz: tzinfo | None = None
    ) -> list[tuple[datetime, datetime]]:
        """Whole windows that intersect ``[start, end)``.

        A window that does not close within the horizon (a 24/7 channel) is clipped to the
        asked range, since it has no end to show.
        """
        lo, hi = to_timestamp(start, "start"), to_timestamp(end, "end")
        if hi <= lo or self._never:
            return []
        if self._always:
            return [(start.astimezone(tz or UTC), end.astimezone(tz or UTC))]
        self._ensure(lo)
        self._ensure(hi)
        first_limit, last_limit = _year_of(lo) - HORIZON_YEARS, _year_of(hi) + HORIZON_YEARS
        while True:
            i = bisect_right(self._starts, lo) - 1
            if lo >= self._ends[i]:
                i += 1
            j = bisect_left(self._starts, hi)  # windows i .. j-1 intersect
            last = len(self._starts) - 1
            if i == 1 and self._head_cut and i < j and self._grow_backward(first_limit):
                continue
            if j - 1 == last and self._tail_cut and i < j and self._grow_forward(last_limit):
                continue
            break
        out = []
        for k in range(max(i, 1), j):
            s: float = self._starts[k]
            e: float = self._ends[k]
            if k == 1 and self._head_cut:  # still cut after growing: no start within the horizon
                s = max(s, lo)
            if k == last and self._tail_cut:
                e = min(e, hi)
            out.append((_out(s, tz), _out(e, tz)))
        return out

    # -- business time -----------------------------------------------------------------
    def elapsed(self, t1: datetime, t2: datetime) -> timedelta:
        """Business time between two instants (negative when ``t2`` is before ``t1``)."""
        x1, x2 = to_timestamp(t1, "t1"), to_timestamp(t2, "t2")
        if self._always:  # in UTC: same-zone subtraction of aware datetimes ignores DST
            return t2.astimezone(UTC) - t1.astimezone(UTC)
        if not (self._lo <= x1 < self._hi and self._lo <= x2 < self._hi):
            self._ensure(x1)
            self._ensure(x2)
        # _business inlined twice: this is the hot path of case clocks
        starts, ends, cum = self._starts, self._ends, self._cum
        i = bisect_right(starts, x1) - 1
        e = ends[i]
        b1 = cum[i] + (x1 if x1 < e else e) - starts[i]
        i = bisect_right(starts, x2) - 1
        e = ends[i]
        b2 = cum[i] + (x2 if x2 < e else e) - starts[i]
        return timedelta(0, b2 - b1)

    def add(self, t: datetime, delta: timedelta, *, tz: tzinfo | None = None) -> datetime:
        """The instant ``delta`` of business time after ``t`` (before, when negative)."""
        x = to_timestamp(t)
        if not self._lo <= x < self._hi:
            self._ensure(x)
        seconds = delta.total_seconds()
        if seconds == 0 or self._always:
            return (t.astimezone(UTC) + delta).astimezone(tz or UTC)
        if self._never:
            raise _never_open_error(self.label, delta)
        if seconds == int(seconds):
            seconds = int(seconds)
        while True:
            target = self._business(x) + seconds
            if seconds > 0:
                j = bisect_left(self._cum_end, target)
                if j < len(self._cum_end):
                    return _out(self._starts[j] + target - self._cum[j], tz)
                grown = self._grow_forward(_year_of(x) + HORIZON_YEARS)
            else:
                j = bisect_right(self._cum_end, target)
                # at the span's origin the first window may start earlier than compiled
                if target > 0 or (target == 0 and not self._head_cut):
                    return _out(self._starts[j] + target - self._cum[j], tz)
                grown = self._grow_backward(_year_of(x) - HORIZON_YEARS)
            if not grown:
                raise _never_open_error(self.label, delta)

    # -- composition and notes ---------------------------------------------------------
    def intersect(self, other: Schedule) -> Schedule:
        label = f"{self.label} ∩ {other.label}"
        return Schedule(IntersectionSource(self.source, other.source), label=label, zone=self.zone)

    def coverage_notes(self, start: datetime, end: datetime) -> list[CoverageNote]:
        """Years in ``[start, end]`` for which a holiday calendar is only estimated."""
        y0 = _year_of(to_timestamp(start, "start"))
        y1 = _year_of(to_timestamp(end, "end"))
        return self.source.coverage(y0, y1)

    def __repr__(self) -> str:
        return f"Schedule({self.label!r})"


def _out(x: float, tz: tzinfo | None) -> datetime:
    result = datetime.fromtimestamp(x, UTC)
    return result if tz is None else result.astimezone(tz)


def _never_open_error(label: str, amount: object) -> InvalidInput:
    return InvalidInput.of(
        "hours.never_open",
        field="hours",
        label=label or "schedule",
        years=HORIZON_YEARS,
        amount=str(amount),
    )
