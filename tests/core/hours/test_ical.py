"""The iCalendar export: parses back, UTC times, stable UIDs, CRLF lines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.ical import PRODID, IcalWindow, windows_to_ical
from sellerdesk.hours import load_desks

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 3, 1, tzinfo=UTC)


def _eu_case_windows(start: datetime, end: datetime) -> list[IcalWindow]:
    desk = load_desks(user_files=False)["eu"]
    return [
        IcalWindow("eu", "case", "欧洲站卖家支持 · case", a, b, description="Seed S6, unverified")
        for a, b in desk.schedule("case").windows(start, end, tz=BERLIN)
    ]


def _export(entries: list[IcalWindow]) -> bytes:
    return windows_to_ical(entries, calendar_name="Seller Desk: EU", stamp=STAMP)


# Mon 23 March to Fri 3 April 2026 spans the EU switch to summer time (Sun 29 March)
SPAN = (datetime(2026, 3, 23, tzinfo=BERLIN), datetime(2026, 4, 4, tzinfo=BERLIN))


def test_the_export_parses_back_with_one_event_per_window() -> None:
    entries = _eu_case_windows(*SPAN)
    calendar = Calendar.from_ical(_export(entries))
    assert len(entries) == 10
    assert len(calendar.walk("VEVENT")) == 10
    assert str(calendar["PRODID"]) == PRODID == "-//Seller Desk//sellerdesk//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Seller Desk: EU"


def test_event_times_are_utc_and_follow_berlin_across_the_dst_switch() -> None:
    events = Calendar.from_ical(_export(_eu_case_windows(*SPAN))).walk("VEVENT")
    starts = [event.decoded("DTSTART") for event in events]
    assert all(s.utcoffset() == timedelta(0) for s in starts)
    assert starts[0] == datetime(2026, 3, 23, 8, tzinfo=UTC)  # 09:00 CET
    assert starts[5] == datetime(2026, 3, 30, 7, tzinfo=UTC)  # 09:00 CEST
    assert {s.astimezone(BERLIN).hour for s in starts} == {9}
    ends = [event.decoded("DTEND") for event in events]
    assert {e - s for s, e in zip(starts, ends, strict=True)} == {timedelta(hours=9)}


def test_times_are_written_with_the_utc_z_suffix() -> None:
    text = _export(_eu_case_windows(*SPAN)).decode("utf-8")
    assert "DTSTART:20260323T080000Z" in text
    assert "DTEND:20260323T170000Z" in text
    assert "VTIMEZONE" not in text


def test_each_event_carries_summary_description_stamp_and_is_transparent() -> None:
    event = Calendar.from_ical(_export(_eu_case_windows(*SPAN))).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "欧洲站卖家支持 · case"
    assert str(event["DESCRIPTION"]) == "Seed S6, unverified"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert event.decoded("DTSTAMP") == STAMP


def test_uids_are_stable_across_exports_and_unique() -> None:
    first = Calendar.from_ical(_export(_eu_case_windows(*SPAN))).walk("VEVENT")
    later = windows_to_ical(_eu_case_windows(*SPAN), calendar_name="again")
    again = Calendar.from_ical(later).walk("VEVENT")
    uids = [str(event["UID"]) for event in first]
    assert uids == [str(event["UID"]) for event in again]
    assert len(set(uids)) == len(uids)
    assert uids[0] == "eu-case-20260323T080000Z@sellerdesk"


def test_lines_end_in_crlf_and_stay_within_75_octets() -> None:
    long_text = "跨夏令时 " * 40
    entry = IcalWindow("eu", "case", long_text, *SPAN, description=long_text)
    data = _export([entry])
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == long_text


def test_an_empty_export_is_still_a_valid_calendar() -> None:
    calendar = Calendar.from_ical(_export([]))
    assert calendar.walk("VEVENT") == []


@pytest.mark.parametrize(
    "entry",
    [
        IcalWindow("eu", "case", "t", datetime(2026, 3, 9, 9), datetime(2026, 3, 9, 18)),  # noqa: DTZ001
        IcalWindow(
            "eu",
            "case",
            "t",
            datetime(2026, 3, 9, 9, tzinfo=UTC),
            datetime(2026, 3, 9, 9, tzinfo=UTC),
        ),
    ],
)
def test_naive_or_empty_windows_are_refused(entry: IcalWindow) -> None:
    with pytest.raises(InvalidInput) as caught:
        _export([entry])
    assert caught.value.fix


def test_the_same_window_twice_is_refused_because_uids_would_clash() -> None:
    entry = _eu_case_windows(*SPAN)[0]
    with pytest.raises(InvalidInput) as caught:
        _export([entry, entry])
    assert "eu-case-20260323T080000Z@sellerdesk" in caught.value.message
