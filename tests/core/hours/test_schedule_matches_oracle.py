"""Property tests: the compiled engine agrees with the minute-stepping oracle.

Every shipped desk and channel, an overnight desk (daily 20:00-04:00 Europe/Berlin) and
desks whose ranges start or end inside the skipped and repeated hours of a DST switch,
over the 2026 spring and autumn switches and China's 2026 holidays and make-up days.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sellerdesk.core.hours.bulk import add_many, elapsed_many
from sellerdesk.core.hours.model import DayRules
from sellerdesk.core.hours.ranges import parse_week_spec
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.core.hours.sources import WeeklySource
from sellerdesk.hours import load_desks

from .oracle import MinuteOracle

PERIODS = {
    "spring": (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 6, tzinfo=UTC)),
    "autumn": (datetime(2026, 10, 18, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC)),
    "cn-new-year": (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 3, 6, tzinfo=UTC)),
    "cn-golden-week": (datetime(2026, 9, 15, tzinfo=UTC), datetime(2026, 10, 16, tzinfo=UTC)),
}

EXTRA = {
    "overnight-berlin": ("Europe/Berlin", "daily 20:00-04:00", ()),
    "la-starts-in-gap-and-fold": ("America/Los_Angeles", "daily 01:30-03:00", ()),
    "la-ends-in-fold": (
        "America/Los_Angeles",
        "daily 00:00-01:30; Sun 08:00-12:00,13:00-17:00",
        (),
    ),
    "london-overnight-weekdays": ("Europe/London", "Mon-Fri 22:00-02:30", ("GB",)),
    "lord-howe-half-hour-dst": ("Australia/Lord_Howe", "daily 01:00-03:00", ()),
    "shanghai-team": ("Asia/Shanghai", "Mon-Fri 09:00-12:00,13:30-18:00", ("CN",)),
}


def _cases() -> list[tuple[str, str]]:
    """Distinct rules only: phone and chat share the case channel's hours in the shipped data."""
    desks = load_desks(user_files=False)
    names = [f"{d}/{c}" for d in desks for c in ("case", "self-service")]
    names += [f"extra/{k}" for k in EXTRA]
    cases = []
    for name in names:
        china = name.startswith(("cn/", "extra/shanghai"))
        cases += [(name, p) for p in PERIODS if p.startswith("cn") == china or p == "autumn"]
    return cases


@cache
def _source(name: str) -> WeeklySource:
    kind, key = name.split("/")
    if kind == "extra":
        zone, spec, holidays = EXTRA[key]
        return WeeklySource(ZoneInfo(zone), parse_week_spec(spec, field="t"), DayRules(holidays))
    rule = load_desks(user_files=False)[kind].channels[key]
    return WeeklySource(load_desks(user_files=False)[kind].timezone, rule.week, rule.days)


@cache
def _oracle(name: str, period: str) -> MinuteOracle:
    src = _source(name)
    start, end = PERIODS[period]
    return MinuteOracle(src.zone, src.week, src.days, start, end)


def _instant(period: str, minute: int) -> datetime:
    start, end = PERIODS[period]
    span = int((end - start).total_seconds()) // 60
    return start + timedelta(minutes=minute % span)


CASES = _cases()


@cache
def _schedule(name: str) -> Schedule:
    """One schedule per case, so that its lazy growth is exercised across examples."""
    return Schedule(_source(name), label=name)


common = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize(("name", "period"), CASES)
@common
@given(a=st.integers(0, 10**7), b=st.integers(0, 10**7))
def test_point_questions_match_the_oracle(name: str, period: str, a: int, b: int) -> None:
    oracle, sched = _oracle(name, period), _schedule(name)
    t = _instant(period, a)
    assert sched.is_open(t) == oracle.is_open(t)
    expected_open = oracle.next_open(t)
    if expected_open is not None:
        assert sched.next_open(t) == expected_open
    expected_close = oracle.next_close(t)
    if expected_close is not None:
        assert sched.next_close(t) == expected_close


@pytest.mark.parametrize(("name", "period"), CASES)
@common
@given(a=st.integers(0, 10**7), b=st.integers(0, 10**7), minutes=st.integers(1, 5000))
def test_business_time_matches_the_oracle(
    name: str, period: str, a: int, b: int, minutes: int
) -> None:
    oracle, sched = _oracle(name, period), _schedule(name)
    t1, t2 = sorted((_instant(period, a), _instant(period, b)))
    assert sched.elapsed(t1, t2) == timedelta(minutes=oracle.elapsed_minutes(t1, t2))
    assert sched.elapsed(t2, t1) == -sched.elapsed(t1, t2)
    due = oracle.add_minutes(t1, minutes)
    if due is not None:
        assert sched.add(t1, timedelta(minutes=minutes)) == due
        back = sched.add(due, -timedelta(minutes=minutes))
        assert sched.elapsed(back, due) == timedelta(minutes=minutes)


@pytest.mark.parametrize(("name", "period"), CASES)
def test_bulk_answers_equal_the_oracle(name: str, period: str) -> None:
    oracle, sched = _oracle(name, period), Schedule(_source(name), label=name)
    rng = np.random.default_rng(7)
    n = oracle.bits.size
    a = np.sort(rng.integers(0, n, size=(2, 400)), axis=0)
    starts = (oracle.t0 + 60 * a[0]).astype("datetime64[s]")
    ends = (oracle.t0 + 60 * a[1]).astype("datetime64[s]")
    expected = (oracle.prefix[a[1]] - oracle.prefix[a[0]]) * 60
    assert np.array_equal(elapsed_many(sched, starts, ends), expected)
    minutes = rng.integers(1, 3000, size=400)
    dues = add_many(sched, starts, minutes * 60)
    for s, m, due in zip(a[0], minutes, dues, strict=True):
        want = oracle.add_minutes(oracle.instant(int(s)), int(m))
        if want is not None:
            assert due == np.datetime64(int(want.timestamp()), "s")


@pytest.mark.parametrize(("name", "period"), CASES)
def test_windows_are_the_oracle_runs(name: str, period: str) -> None:
    oracle, sched = _oracle(name, period), Schedule(_source(name), label=name)
    start, end = PERIODS[period]
    inner_start, inner_end = start + timedelta(days=3), end - timedelta(days=3)
    got = sched.windows(inner_start, inner_end)
    edges = np.flatnonzero(np.diff(oracle.bits.astype(np.int8)))
    runs = []
    bits = oracle.bits
    k = 0
    while k < bits.size:
        if bits[k]:
            j = k
            while j < bits.size and bits[j]:
                j += 1
            runs.append((oracle.instant(k), oracle.instant(j)))
            k = j
        else:
            k += 1
    expected = [(s, e) for s, e in runs if s < inner_end and e > inner_start]
    if _source(name).always_open:
        assert got == [(inner_start, inner_end)]
    else:
        assert edges.size > 0
        assert got == expected
