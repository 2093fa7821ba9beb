"""Named edge cases with exact expected instants, worked out by hand from docs/desks.md.

Offsets used (2026): America/Los_Angeles PST = UTC-8 until Sun 8 March 02:00, PDT = UTC-7
until Sun 1 November 02:00; Europe/Berlin CET = UTC+1 until Sun 29 March 02:00, CEST =
UTC+2 until Sun 25 October 03:00; Europe/London GMT/BST on the same dates as Berlin;
Asia/Shanghai (Beijing) and Asia/Tokyo have no DST (UTC+8, UTC+9).
China's 2026 arrangement (State Council): closed 1-3 Jan, 15-23 Feb, 4-6 Apr, 1-5 May,
19-21 Jun, 25-27 Sep, 1-7 Oct; make-up working days Sun 4 Jan, Sat 14 Feb, Sat 28 Feb,
Sat 9 May, Sun 20 Sep, Sat 10 Oct.
No expectation below is computed by the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.calendars import _china_known_years
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.hours import Desk, load_desks, team_schedule

BEIJING = ZoneInfo("Asia/Shanghai")
LA = ZoneInfo("America/Los_Angeles")
BERLIN = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)


def utc(mo: int, d: int, h: int = 0, mi: int = 0, y: int = 2026) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def bj(mo: int, d: int, h: int = 0, mi: int = 0, y: int = 2026) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BEIJING)


def la(mo: int, d: int, h: int = 0, mi: int = 0, y: int = 2026) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=LA)


def berlin(mo: int, d: int, h: int = 0, mi: int = 0, y: int = 2026) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN)


@pytest.fixture(scope="module")
def desks() -> dict[str, Desk]:
    return load_desks(user_files=False)


def schedule(desks: dict[str, Desk], name: str) -> Schedule:
    desk, channel = name.split("/")
    return desks[desk].schedule(channel)


def overnight() -> Schedule:
    return team_schedule("daily 20:00-04:00", "Europe/Berlin", label="overnight")


def ids(cases: list[tuple[Any, ...]]) -> list[str]:
    return [c[0] for c in cases]


# -- the US switches for na/case (Mon-Fri 06:00-18:00 Los Angeles) --------------------------

NA_OPENS = [
    ("na opens 14:00 UTC on Fri 6 March, the last weekday of PST", la(3, 6, 5), utc(3, 6, 14)),
    (
        "na's weekend across the spring switch ends Mon 9 March 13:00 UTC",
        utc(3, 7, 2),
        utc(3, 9, 13),
    ),
    ("na opens 13:00 UTC on Mon 9 March, the first weekday of PDT", la(3, 9, 5), utc(3, 9, 13)),
    (
        "na opens 13:00 UTC on Fri 30 October, the last weekday of PDT",
        la(10, 30, 5),
        utc(10, 30, 13),
    ),
    (
        "na's weekend across the autumn switch ends Mon 2 November 14:00 UTC",
        utc(10, 31, 1),
        utc(11, 2, 14),
    ),
    (
        "na is closed on Christmas Day and opens again on Mon 28 December",
        la(12, 24, 18),
        utc(12, 28, 14),
    ),
]

NA_CLOSES = [
    ("na closes Fri 6 March at 02:00 UTC on Saturday (18:00 PST)", la(3, 6, 12), utc(3, 7, 2)),
    ("na closes Mon 9 March at 01:00 UTC on Tuesday (18:00 PDT)", la(3, 9, 12), utc(3, 10, 1)),
    (
        "na closes Fri 30 October at 01:00 UTC on Saturday (18:00 PDT)",
        la(10, 30, 12),
        utc(10, 31, 1),
    ),
    ("na closes Mon 2 November at 02:00 UTC on Tuesday (18:00 PST)", la(11, 2, 12), utc(11, 3, 2)),
]


@pytest.mark.parametrize(("name", "at", "expected"), NA_OPENS, ids=ids(NA_OPENS))
def test_na_case_opens_at_the_right_instant_around_the_us_switches(
    desks: dict[str, Desk], name: str, at: datetime, expected: datetime
) -> None:
    got = schedule(desks, "na/case").next_open(at)
    assert got == expected
    assert got is not None and got.utcoffset() == timedelta(0)


@pytest.mark.parametrize(("name", "at", "expected"), NA_CLOSES, ids=ids(NA_CLOSES))
def test_na_case_closes_at_the_right_instant_around_the_us_switches(
    desks: dict[str, Desk], name: str, at: datetime, expected: datetime
) -> None:
    assert schedule(desks, "na/case").next_close(at) == expected


def test_na_business_time_over_the_spring_switch_weekend_counts_real_hours(
    desks: dict[str, Desk],
) -> None:
    # Fri 12:00 PST (20:00 UTC) -> 18:00 PST = 6 h; Mon 06:00 PDT -> 12:00 PDT = 6 h
    assert schedule(desks, "na/case").elapsed(la(3, 6, 12), la(3, 9, 12)) == 12 * H
    assert schedule(desks, "na/case").add(la(3, 6, 12), 12 * H) == utc(3, 9, 19)


# -- the gap weeks, in Beijing time -------------------------------------------------------

BEIJING_OPENS = [
    # (name, desk/channel, asked at (Beijing), expected next opening in Beijing time)
    (
        "na opens 22:00 Beijing before the US switch",
        "na/case",
        bj(3, 2, 12),
        "2026-03-02T22:00:00+08:00",
    ),
    (
        "na opens 21:00 Beijing from 9 March (PDT)",
        "na/case",
        bj(3, 9, 12),
        "2026-03-09T21:00:00+08:00",
    ),
    (
        "na opens 21:00 Beijing in the March gap week",
        "na/case",
        bj(3, 11, 12),
        "2026-03-11T21:00:00+08:00",
    ),
    (
        "eu opens 16:00 Beijing in the March gap week (CET)",
        "eu/case",
        bj(3, 11, 12),
        "2026-03-11T16:00:00+08:00",
    ),
    (
        "eu opens 16:00 Beijing on the last weekday of CET",
        "eu/case",
        bj(3, 27, 12),
        "2026-03-27T16:00:00+08:00",
    ),
    (
        "eu opens 15:00 Beijing from 30 March (CEST)",
        "eu/case",
        bj(3, 30, 12),
        "2026-03-30T15:00:00+08:00",
    ),
    (
        "eu opens 15:00 Beijing before the EU autumn switch",
        "eu/case",
        bj(10, 19, 12),
        "2026-10-19T15:00:00+08:00",
    ),
    (
        "eu opens 16:00 Beijing in the autumn gap week",
        "eu/case",
        bj(10, 26, 12),
        "2026-10-26T16:00:00+08:00",
    ),
    (
        "na still opens 21:00 Beijing in the autumn gap week",
        "na/case",
        bj(10, 26, 12),
        "2026-10-26T21:00:00+08:00",
    ),
    (
        "na opens 22:00 Beijing after the US autumn switch",
        "na/case",
        bj(11, 2, 12),
        "2026-11-02T22:00:00+08:00",
    ),
    (
        "uk opens 17:00 Beijing in the March gap week (GMT)",
        "uk/case",
        bj(3, 9, 12),
        "2026-03-09T17:00:00+08:00",
    ),
    (
        "uk opens 16:00 Beijing from 30 March (BST)",
        "uk/case",
        bj(3, 30, 12),
        "2026-03-30T16:00:00+08:00",
    ),
    (
        "jp opens 08:00 Beijing whatever the season",
        "jp/case",
        bj(3, 9, 0),
        "2026-03-09T08:00:00+08:00",
    ),
    ("cn opens 09:00 Beijing", "cn/case", bj(3, 9, 0), "2026-03-09T09:00:00+08:00"),
]

BEIJING_CLOSES = [
    (
        "na closes 10:00 Beijing next day before the US switch",
        "na/case",
        bj(3, 2, 23),
        "2026-03-03T10:00:00+08:00",
    ),
    (
        "na closes 09:00 Beijing next day in the gap week",
        "na/case",
        bj(3, 9, 23),
        "2026-03-10T09:00:00+08:00",
    ),
    (
        "eu closes 01:00 Beijing next day in CET",
        "eu/case",
        bj(3, 27, 17),
        "2026-03-28T01:00:00+08:00",
    ),
    (
        "eu closes at Beijing midnight in CEST",
        "eu/case",
        bj(3, 30, 17),
        "2026-03-31T00:00:00+08:00",
    ),
]


@pytest.mark.parametrize(
    ("name", "channel", "at", "expected"), BEIJING_OPENS, ids=ids(BEIJING_OPENS)
)
def test_desks_open_at_the_right_beijing_time_in_every_season(
    desks: dict[str, Desk], name: str, channel: str, at: datetime, expected: str
) -> None:
    got = schedule(desks, channel).next_open(at, tz=BEIJING)
    assert got is not None
    assert got.isoformat() == expected


@pytest.mark.parametrize(
    ("name", "channel", "at", "expected"), BEIJING_CLOSES, ids=ids(BEIJING_CLOSES)
)
def test_desks_close_at_the_right_beijing_time_in_every_season(
    desks: dict[str, Desk], name: str, channel: str, at: datetime, expected: str
) -> None:
    got = schedule(desks, channel).next_close(at, tz=BEIJING)
    assert got is not None
    assert got.isoformat() == expected


def test_in_the_march_gap_weeks_eu_and_na_open_five_hours_apart_instead_of_six(
    desks: dict[str, Desk],
) -> None:
    def gap(day: int) -> timedelta:
        eu = schedule(desks, "eu/case").next_open(bj(3, day, 12))
        na = schedule(desks, "na/case").next_open(bj(3, day, 12))
        assert eu is not None and na is not None
        return na - eu

    assert gap(2) == 6 * H  # both on standard time
    assert gap(11) == 5 * H  # US on PDT, Berlin on CET
    assert gap(30) == 6 * H  # both on summer time


# -- China's 2026 holidays and make-up days for cn/case (09:00-18:00 Beijing) ---------------

CN_WINDOWS = [
    # (name, first Beijing day, number of days, expected windows as (Beijing day, ...))
    ("Sun 4 January is a make-up working day after New Year", (1, 1), 4, [(1, 4)]),
    ("Sat 14 February is a make-up working day", (2, 14), 1, [(2, 14)]),
    ("Spring Festival closes 15 to 23 February", (2, 15), 9, []),
    ("work resumes on Tue 24 February", (2, 23), 2, [(2, 24)]),
    ("Sat 28 February is a make-up working day", (2, 28), 1, [(2, 28)]),
    ("an ordinary weekend is closed", (3, 7), 2, []),
    ("Qingming closes Sat 4 to Mon 6 April", (4, 3), 4, [(4, 3)]),
    (
        "Sat 9 May is a make-up working day after Labour Day",
        (5, 1),
        9,
        [(5, 6), (5, 7), (5, 8), (5, 9)],
    ),
    ("Sun 20 September is a make-up working day", (9, 20), 1, [(9, 20)]),
    ("Mid-Autumn closes Fri 25 September", (9, 25), 3, []),
    ("National Day closes 1 to 7 October", (10, 1), 7, []),
    ("Sat 10 October is a make-up working day", (10, 8), 4, [(10, 8), (10, 9), (10, 10)]),
]


@pytest.mark.parametrize(("name", "first", "days", "expected"), CN_WINDOWS, ids=ids(CN_WINDOWS))
def test_cn_case_follows_chinas_2026_holidays_and_make_up_days(
    desks: dict[str, Desk],
    name: str,
    first: tuple[int, int],
    days: int,
    expected: list[tuple[int, int]],
) -> None:
    start = bj(*first)
    got = schedule(desks, "cn/case").windows(start, start + timedelta(days=days))
    # 09:00-18:00 Beijing is 01:00-10:00 UTC
    assert got == [(utc(mo, d, 1), utc(mo, d, 10)) for mo, d in expected]


CN_NEXT = [
    (
        "after New Year's Eve cn next opens on the make-up Sunday",
        bj(12, 31, 18, y=2025),
        utc(1, 4, 1),
    ),
    ("after the make-up Saturday cn next opens on Tue 24 February", bj(2, 14, 18), utc(2, 24, 1)),
    ("after 30 September cn next opens on Thu 8 October", bj(9, 30, 18), utc(10, 8, 1)),
]


@pytest.mark.parametrize(("name", "at", "expected"), CN_NEXT, ids=ids(CN_NEXT))
def test_cn_case_skips_whole_holidays(
    desks: dict[str, Desk], name: str, at: datetime, expected: datetime
) -> None:
    assert schedule(desks, "cn/case").next_open(at) == expected


# -- an overnight desk across the EU switches (daily 20:00-04:00 Europe/Berlin) ------------

OVERNIGHT = [
    # (name, the evening the night starts, expected window in UTC, real length)
    ("the night of 27 to 28 March is 8 hours (CET)", (3, 27), (utc(3, 27, 19), utc(3, 28, 3)), 8),
    ("the night of 28 to 29 March is 7 hours", (3, 28), (utc(3, 28, 19), utc(3, 29, 2)), 7),
    ("the night of 29 to 30 March is 8 hours (CEST)", (3, 29), (utc(3, 29, 18), utc(3, 30, 2)), 8),
    (
        "the night of 23 to 24 October is 8 hours (CEST)",
        (10, 23),
        (utc(10, 23, 18), utc(10, 24, 2)),
        8,
    ),
    ("the night of 24 to 25 October is 9 hours", (10, 24), (utc(10, 24, 18), utc(10, 25, 3)), 9),
    (
        "the night of 25 to 26 October is 8 hours (CET)",
        (10, 25),
        (utc(10, 25, 19), utc(10, 26, 3)),
        8,
    ),
]


@pytest.mark.parametrize(("name", "evening", "window", "hours"), OVERNIGHT, ids=ids(OVERNIGHT))
def test_an_overnight_desk_is_as_long_as_the_wall_clock_says(
    name: str, evening: tuple[int, int], window: tuple[datetime, datetime], hours: int
) -> None:
    sched = overnight()
    noon = berlin(*evening, 12)
    assert sched.windows(noon, noon + timedelta(days=1)) == [window]
    assert sched.elapsed(noon, noon + timedelta(days=1)) == hours * H
    assert sched.next_open(noon) == window[0]
    assert sched.next_close(noon) == window[1]


def test_the_short_spring_night_closes_at_four_summer_time() -> None:
    sched = overnight()
    assert sched.is_open(utc(3, 29, 1, 59))  # 03:59 CEST
    assert not sched.is_open(utc(3, 29, 2))  # 04:00 CEST


def test_the_long_autumn_night_is_open_through_both_passes_of_the_repeated_hour() -> None:
    sched = overnight()
    assert sched.is_open(utc(10, 25, 0, 30))  # 02:30 CEST, the first pass
    assert sched.is_open(utc(10, 25, 1, 30))  # 02:30 CET, the second pass
    assert sched.is_open(utc(10, 25, 2, 59))  # 03:59 CET
    assert not sched.is_open(utc(10, 25, 3))  # 04:00 CET


# -- ranges that start or end in the skipped or repeated hour (Los Angeles) -----------------

LA_SWITCH_DAYS = [
    (
        "01:00-02:00 on 1 November is two real hours",
        "Sun 01:00-02:00",
        (11, 1),
        [(utc(11, 1, 8), utc(11, 1, 10))],
    ),
    (
        "00:00-01:30 on 1 November opens twice",
        "Sun 00:00-01:30",
        (11, 1),
        [(utc(11, 1, 7), utc(11, 1, 8, 30)), (utc(11, 1, 9), utc(11, 1, 9, 30))],
    ),
    (
        "01:30-03:00 on 1 November opens, closes and reopens",
        "Sun 01:30-03:00",
        (11, 1),
        [(utc(11, 1, 8, 30), utc(11, 1, 9)), (utc(11, 1, 9, 30), utc(11, 1, 11))],
    ),
    (
        "02:30-05:00 on 8 March starts at the transition instant",
        "Sun 02:30-05:00",
        (3, 8),
        [(utc(3, 8, 10), utc(3, 8, 12))],
    ),
    (
        "01:00-02:30 on 8 March ends at the transition instant",
        "Sun 01:00-02:30",
        (3, 8),
        [(utc(3, 8, 9), utc(3, 8, 10))],
    ),
    ("02:00-03:00 on 8 March never happens", "Sun 02:00-03:00", (3, 8), []),
]


@pytest.mark.parametrize(
    ("name", "spec", "day", "expected"), LA_SWITCH_DAYS, ids=ids(LA_SWITCH_DAYS)
)
def test_ranges_meeting_a_switch_follow_the_wall_clock(
    name: str, spec: str, day: tuple[int, int], expected: list[tuple[datetime, datetime]]
) -> None:
    sched = team_schedule(spec, "America/Los_Angeles")
    assert sched.windows(utc(*day), utc(*day) + timedelta(days=1)) == expected


# -- business-time arithmetic on cn/case ---------------------------------------------------

ADDS = [
    # (name, from, amount, expected)
    (
        "24 h from Fri 17:00 skip the weekend and Qingming Monday",
        bj(4, 3, 17),
        24 * H,
        bj(4, 9, 14),
    ),  # 1 (Fri) + 9 (Tue 7th) + 9 (Wed 8th) + 5 (Thu 9th)
    (
        "24 h from Fri 17:00 use the make-up Saturday and skip Spring Festival",
        bj(2, 13, 17),
        24 * H,
        bj(2, 25, 14),
    ),  # 1 (Fri) + 9 (Sat 14th) + 9 (Tue 24th) + 5 (Wed 25th)
    ("an add landing exactly on 18:00 returns 18:00", bj(3, 2, 9), 9 * H, bj(3, 2, 18)),
    ("one hour from Fri 17:00 is Fri 18:00, not Monday", bj(3, 6, 17), H, bj(3, 6, 18)),
    ("an add from a closed instant starts at the next opening", bj(3, 7, 12), 2 * H, bj(3, 9, 11)),
    ("add 0 at a closed instant is that instant", bj(3, 7, 12), timedelta(0), bj(3, 7, 12)),
    ("add 0 at a closing instant is that instant", bj(3, 6, 18), timedelta(0), bj(3, 6, 18)),
    (
        "a negative add lands on the opening instant, not the previous close",
        bj(3, 3, 10),
        -H,
        bj(3, 3, 9),
    ),
    ("a whole day back from Tue 09:00 is Mon 09:00", bj(3, 3, 9), -9 * H, bj(3, 2, 9)),
    (
        "back 10 h from Tue 10:00 is Mon 09:00, not Fri 18:00",
        bj(3, 3, 10),
        -10 * H,
        bj(3, 2, 9),
    ),  # 1 (Tue 09-10) + 9 (Mon)
    (
        "back 11 h from Tue 3 March 10:00 is 17:00 on the make-up Sat 28 February",
        bj(3, 3, 10),
        -11 * H,
        bj(2, 28, 17),
    ),
]


@pytest.mark.parametrize(("name", "start", "amount", "expected"), ADDS, ids=ids(ADDS))
def test_add_on_cn_case(
    desks: dict[str, Desk], name: str, start: datetime, amount: timedelta, expected: datetime
) -> None:
    got = schedule(desks, "cn/case").add(start, amount)
    assert got == expected
    assert got.utcoffset() == timedelta(0)  # results are in UTC


def test_add_can_answer_in_a_given_zone(desks: dict[str, Desk]) -> None:
    got = schedule(desks, "cn/case").add(bj(4, 3, 17), 24 * H, tz=BEIJING)
    assert got.isoformat() == "2026-04-09T14:00:00+08:00"


def test_elapsed_is_the_inverse_of_add_across_a_holiday(desks: dict[str, Desk]) -> None:
    sched = schedule(desks, "cn/case")
    assert sched.elapsed(bj(4, 3, 17), bj(4, 9, 14)) == 24 * H
    assert sched.elapsed(bj(4, 9, 14), bj(4, 3, 17)) == -24 * H


# -- half-open windows, 24/7 channels and refused input ------------------------------------


def test_windows_are_half_open(desks: dict[str, Desk]) -> None:
    sched = schedule(desks, "cn/case")
    assert sched.is_open(bj(3, 2, 9))
    assert not sched.is_open(bj(3, 2, 18))
    assert sched.next_open(bj(3, 2, 9)) == bj(3, 2, 9)
    assert sched.next_close(bj(3, 2, 18)) == bj(3, 3, 18)


def test_a_window_that_began_earlier_is_listed_whole(desks: dict[str, Desk]) -> None:
    got = schedule(desks, "cn/case").windows(bj(3, 2, 12), bj(3, 2, 13))
    assert got == [(utc(3, 2, 1), utc(3, 2, 10))]


def test_a_24_7_channel_has_no_next_close_and_its_window_is_clipped(
    desks: dict[str, Desk],
) -> None:
    sched = schedule(desks, "na/self-service")
    assert sched.next_close(utc(3, 8, 10, 30)) is None
    assert sched.windows(utc(3, 8), utc(3, 9)) == [(utc(3, 8), utc(3, 9))]


NAIVE = datetime(2026, 3, 9, 9)  # noqa: DTZ001 - naive on purpose
AWARE = utc(3, 9, 9)
NAIVE_CALLS: list[tuple[str, Callable[[Schedule], Any]]] = [
    ("is_open", lambda s: s.is_open(NAIVE)),
    ("next_open", lambda s: s.next_open(NAIVE)),
    ("next_close", lambda s: s.next_close(NAIVE)),
    ("windows", lambda s: s.windows(NAIVE, AWARE + timedelta(days=1))),
    ("windows end", lambda s: s.windows(AWARE, NAIVE + timedelta(days=1))),
    ("elapsed", lambda s: s.elapsed(NAIVE, AWARE)),
    ("add", lambda s: s.add(NAIVE, H)),
    ("add zero", lambda s: s.add(NAIVE, timedelta(0))),
    ("coverage_notes", lambda s: s.coverage_notes(NAIVE, AWARE)),
]


@pytest.mark.parametrize("channel", ["cn/case", "na/self-service"])
@pytest.mark.parametrize(("name", "call"), NAIVE_CALLS, ids=ids(NAIVE_CALLS))
def test_naive_datetimes_are_refused(
    desks: dict[str, Desk], channel: str, name: str, call: Callable[[Schedule], Any]
) -> None:
    with pytest.raises(InvalidInput) as info:
        call(schedule(desks, channel))
    assert info.value.fix


# -- coverage of the CN calendar ------------------------------------------------------------


def test_2027_cn_hours_carry_a_coverage_note(desks: dict[str, Desk]) -> None:
    if _china_known_years()[1] >= 2027:
        pytest.skip("the installed chinese-calendar already has the 2027 announcement")
    notes = schedule(desks, "cn/case").coverage_notes(bj(1, 4, y=2027), bj(12, 1, y=2027))
    assert [(n.calendar, n.year) for n in notes] == [("CN", 2027)]
    assert notes[0].reason


def test_2026_cn_hours_carry_no_coverage_note(desks: dict[str, Desk]) -> None:
    assert schedule(desks, "cn/case").coverage_notes(utc(1, 1), utc(12, 31)) == []


def test_channels_without_calendars_carry_no_coverage_note(desks: dict[str, Desk]) -> None:
    for name in ("na/case", "cn/self-service", "cn/emergency"):
        assert schedule(desks, name).coverage_notes(utc(1, 1, y=2027), utc(12, 31, y=2027)) == []
