"""The State Council's yearly notice read as data (core/hours/cn_notice.py): the real notices
of 2024-2026, written as published, give every day of the year exactly as chinese-calendar
has it (the oracle); a notice that is unclear or impossible is refused, naming what is wrong."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import chinese_calendar.constants as cc
import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.cn_notice import parse_day_lists, parse_notice

NOTICES = Path(__file__).parents[2] / "data" / "calendars"
# the wording of the issue: a whole notice pasted as one line
ONE_LINE_2027 = (
    "一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。二、春节：2月5日（农历除夕、周五）至"
    "13日（农历正月初八、周六）放假调休，共9天。2月20日（周六）上班。"
)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_published_notice_gives_chinese_calendars_year_day_for_day(year: int) -> None:
    text = (NOTICES / f"cn-{year}-notice.txt").read_text(encoding="utf-8")
    found = parse_notice(text, year)
    assert found.closed == {d for d in cc.holidays if d.year == year}
    assert found.working == {d for d in cc.workdays if d.year == year}
    day = date(year, 1, 1)
    while day.year == year:  # every day of the year: a working day exactly when the oracle says
        ours = day in found.working or (day.weekday() < 5 and day not in found.closed)
        assert ours == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
    assert len(found.holidays) in (6, 7)  # 2025 joins National Day and Mid-Autumn in one item
    # the signature's date is the notice's own date, not a line left unused
    assert found.ignored == () and found.dated is not None and found.dated.year == year - 1


def test_the_spring_festival_item_names_its_days_and_make_up_days() -> None:
    text = (NOTICES / "cn-2026-notice.txt").read_text(encoding="utf-8")
    spring = next(h for h in parse_notice(text, 2026).holidays if h.name == "春节")
    assert (spring.first, spring.last) == (date(2026, 2, 15), date(2026, 2, 23))
    assert spring.working == (date(2026, 2, 14), date(2026, 2, 28))


def test_a_notice_pasted_as_one_line_with_fullwidth_marks_is_read() -> None:
    found = parse_notice(ONE_LINE_2027, 2027)
    assert [h.name for h in found.holidays] == ["元旦", "春节"]
    assert len(found.closed) == 12 and found.working == {date(2027, 2, 20)}


@pytest.mark.parametrize(
    ("text", "key", "field", "says"),
    [
        ("请在此粘贴通知。", "calendars.notice_no_dates", "notice", "2027"),
        (
            "一、元旦：2026年12月31日至2027年1月2日放假调休，共3天。",
            "calendars.outside_year",
            "closed",
            "2026-12-31",
        ),
        (
            "一、春节：2月5日至13日放假调休，共9天。2月6日（周六）上班。",
            "calendars.both",
            "working",
            "2027-02-06",
        ),
        (
            "一、春节：2月5日至13日放假调休，共9天。2月18日（周四）上班。",
            "calendars.working_weekday",
            "working",
            "2027-02-18",
        ),
        ("一、春节：2月5日至13日放假调休，共8天。", "calendars.count_mismatch", "notice", "8"),
        ("一、春节：2月30日放假。", "calendars.bad_date", "notice", "2月30日"),
        ("一、春节：5日至13日放假。", "calendars.no_month", "notice", "5日"),
        ("一、春节：2月13日至5日放假。", "calendars.bad_range", "notice", "2月13日"),
    ],
)
def test_a_bad_notice_is_refused_naming_what_is_wrong(
    text: str, key: str, field: str, says: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_notice(text, 2027)
    assert (caught.value.key, caught.value.field) == (key, field)
    assert says in caught.value.message


def test_typed_lists_take_dates_and_ranges_and_are_checked_the_same_way() -> None:
    found = parse_day_lists(
        "CN", 2027, "2027-01-01..2027-01-03\n2027-02-05 至 2027-02-13", "2027-2-20"
    )
    assert len(found.closed) == 12 and found.working == {date(2027, 2, 20)}
    for closed, working, key in [
        ("", "", "calendars.no_days"),
        ("2027-13-01", "", "calendars.bad_day"),
        ("next friday", "", "calendars.bad_day"),
        ("2028-01-01", "", "calendars.outside_year"),
        ("2027-02-05", "2027-02-05", "calendars.both"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            parse_day_lists("CN", 2027, closed, working)
        assert caught.value.key == key, (closed, working)
    with pytest.raises(InvalidInput) as caught:
        parse_notice(ONE_LINE_2027, 1999)
    assert caught.value.field == "year"
