"""Vectorised business-time questions over arrays of instants (numpy).

``elapsed_many(schedule, starts, ends)`` and ``add_many(schedule, starts, seconds)`` answer
for a compiled :class:`~sellerdesk.core.hours.schedule.Schedule` what its ``elapsed`` and
``add`` answer one instant at a time. A module of its own, imported only by who asks (the
schedule does not import it), so that the CLI's hours commands start without numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.schedule import HORIZON_YEARS, Schedule, _never_open_error, _year_of


def _seconds(values: Any, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind == "M":
        return arr.astype("datetime64[s]").astype(np.int64)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    raise InvalidInput(
        f"expected datetime64 UTC instants or int64 epoch seconds, got dtype {arr.dtype}.",
        field=name,
        fix="convert with np.asarray(values, dtype='datetime64[s]') (UTC).",
    )


def _arrays(schedule: Schedule) -> dict[str, np.ndarray]:
    cached = schedule._np
    if cached is None:
        cached = {
            "starts": np.asarray(schedule._starts, dtype=np.int64),
            "ends": np.asarray(schedule._ends, dtype=np.int64),
            "cum": np.asarray(schedule._cum, dtype=np.int64),
            "cum_end": np.asarray(schedule._cum_end, dtype=np.int64),
        }
        schedule._np = cached
    return cached


def _cover(schedule: Schedule, *arrays: np.ndarray) -> None:
    for arr in arrays:
        if arr.size:
            schedule._ensure(float(arr.min()))
            schedule._ensure(float(arr.max()))


def _business(a: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    i = np.searchsorted(a["starts"], x, side="right") - 1
    starts = a["starts"][i]
    result: np.ndarray = a["cum"][i] + np.minimum(x, a["ends"][i]) - starts
    return result


def elapsed_many(schedule: Schedule, starts: Any, ends: Any) -> np.ndarray:
    """Business seconds between pairs of instants: arrays of ``datetime64[s]`` UTC."""
    x1, x2 = _seconds(starts, "starts"), _seconds(ends, "ends")
    result: np.ndarray
    if schedule._always:
        result = x2 - x1
    else:
        _cover(schedule, x1, x2)
        a = _arrays(schedule)
        result = _business(a, x2) - _business(a, x1)
    return result


def add_many(schedule: Schedule, starts: Any, seconds: Any) -> np.ndarray:
    """``datetime64[s]`` UTC instants ``seconds`` of business time after ``starts``."""
    x = _seconds(starts, "starts")
    if schedule.source.never_open and np.any(seconds):
        raise _never_open_error(schedule.label, "seconds")
    secs = np.broadcast_to(np.asarray(seconds, dtype=np.int64), x.shape)
    if schedule._always:
        return (x + secs).astype("datetime64[s]")
    _cover(schedule, x)
    if x.size == 0:
        return x.astype("datetime64[s]")
    limit_hi = _year_of(float(x.max())) + HORIZON_YEARS
    limit_lo = _year_of(float(x.min())) - HORIZON_YEARS
    backwards = bool((secs < 0).any())
    while True:
        a = _arrays(schedule)
        target = _business(a, x) + secs
        j = np.searchsorted(a["cum_end"], target, side="left")
        if backwards:
            neg = secs < 0
            j = np.where(neg, np.searchsorted(a["cum_end"], target, side="right"), j)
            tn = target[neg]
            if ((tn < 0) | ((tn == 0) & schedule._head_cut)).any():
                if not schedule._grow_backward(limit_lo):
                    raise _never_open_error(schedule.label, "negative seconds")
                continue
        if (j >= a["cum_end"].size).any():
            if not schedule._grow_forward(limit_hi):
                raise _never_open_error(schedule.label, "seconds")
            continue
        result = a["starts"][j] + target - a["cum"][j]
        result = np.where(secs == 0, x, result)
        return result.astype("datetime64[s]")
