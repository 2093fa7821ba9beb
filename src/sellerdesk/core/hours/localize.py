"""Turn local wall-clock ranges into exact UTC intervals, daylight-saving time included.

The rule (docs/desks.md, "Semantics"): a desk is open at an instant when its local wall
clock shows a time inside a range assigned to that local date. So a range is the set
``{t : a <= wall(t) < b}`` for naive local datetimes ``a < b``. Consequences:

* a start or end that does not exist (spring forward) becomes the transition instant;
* a wall time that occurs twice (fall back) is inside the range both times, so a range
  covering the repeated hour is an hour longer in real time, and a range that starts
  inside the repeated hour may be open, close, and open again.

Instants are integer seconds since the Unix epoch.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

_EPOCH_NAIVE = datetime(1970, 1, 1)  # noqa: DTZ001 - naive on purpose: wall-clock arithmetic
_MAX_OFFSET = 15 * 3600  # no zone has ever been further than 14 h from UTC


def wall_seconds(naive: datetime) -> int:
    """Seconds of a naive local datetime as if it were UTC (wall-clock arithmetic)."""
    delta = naive - _EPOCH_NAIVE
    return delta.days * 86400 + delta.seconds


def _offset_at(zone: tzinfo, instant: int) -> int:
    aware = datetime.fromtimestamp(instant, UTC).astimezone(zone)
    off = aware.utcoffset()
    assert off is not None
    return int(off.total_seconds())


def _offset_of_wall(zone: tzinfo, naive: datetime, fold: int) -> int:
    off = zone.utcoffset(naive.replace(fold=fold))
    assert off is not None
    return int(off.total_seconds())


def _offset_segments(zone: tzinfo, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """Split the UTC span ``[lo, hi)`` into pieces of constant UTC offset, by bisection."""
    segments: list[tuple[int, int, int]] = []
    start = lo
    current = _offset_at(zone, lo)
    while start < hi:
        if _offset_at(zone, hi - 1) == current:
            segments.append((start, hi, current))
            break
        # the first instant in (start, hi) whose offset differs from ``current``
        left, right = start, hi - 1
        while right - left > 1:
            mid = (left + right) // 2
            if _offset_at(zone, mid) == current:
                left = mid
            else:
                right = mid
        segments.append((start, right, current))
        start, current = right, _offset_at(zone, right)
    return segments


def wall_range_to_utc(zone: tzinfo, a: datetime, b: datetime) -> list[tuple[int, int]]:
    """The UTC intervals during which the wall clock of ``zone`` reads a time in ``[a, b)``."""
    wa, wb = wall_seconds(a), wall_seconds(b)
    offsets = {
        _offset_of_wall(zone, a, 0),
        _offset_of_wall(zone, a, 1),
        _offset_of_wall(zone, b, 0),
        _offset_of_wall(zone, b, 1),
    }
    if len(offsets) == 1:  # the common case: no transition near this range
        off = offsets.pop()
        return [(wa - off, wb - off)]
    pieces: list[tuple[int, int]] = []
    for seg_lo, seg_hi, off in _offset_segments(zone, wa - _MAX_OFFSET, wb + _MAX_OFFSET):
        lo, hi = max(seg_lo, wa - off), min(seg_hi, wb - off)
        if lo < hi:
            if pieces and pieces[-1][1] == lo:
                pieces[-1] = (pieces[-1][0], hi)
            else:
                pieces.append((lo, hi))
    return pieces


def local_midnight_utc(zone: tzinfo, day: datetime) -> int:
    """The first instant of a local date (its wall-clock midnight, or the first time after it)."""
    return wall_range_to_utc(zone, day, day + timedelta(days=1))[0][0]
