"""A notice read for the wrong year is refused naming both years (its title, else the year
its make-up days fit), and its own date is kept as the arrangement's date (issue 15)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.cn_notice import notice_year, parse_notice
from sellerdesk.core.i18n import t

NOTICES = Path(__file__).parents[2] / "data" / "calendars"
# the 2027 arrangement as the issue pastes it, with its title and its date
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。
二、春节：2月5日（农历除夕、周五）至13日（农历正月初八、周六）放假调休，共9天。2月20日（周六）上班。
国务院办公厅
2026年11月10日
"""
UNTITLED_2027 = NOTICE_2027.split("\n", 1)[1]


def test_the_title_names_the_notices_year():
    assert notice_year(NOTICE_2027) == 2027
    assert notice_year("关于２０２６年部分节假日安排的通知") == 2026  # full-width digits
    assert notice_year(UNTITLED_2027) is None


@pytest.mark.parametrize("text", [NOTICE_2027, UNTITLED_2027])
def test_a_notice_read_for_another_year_is_refused_naming_both(text: str):
    with pytest.raises(InvalidInput) as refused:
        parse_notice(text, 2028)
    assert refused.value.key == "cli_mend.notice_other_year"
    assert refused.value.field == "year"
    said = refused.value.words("zh")[0]
    assert "2027" in said and "2028" in said and "工作日" not in said
    assert "2027" in t("error.cli_mend.notice_other_year.fix", "en", notice=2027, year=2028)


def test_the_notices_own_date_is_kept_and_not_listed_as_unused():
    found = parse_notice(NOTICE_2027, 2027)
    assert found.dated == date(2026, 11, 10) and found.ignored == ()
    assert found.working == {date(2027, 2, 20)}


def test_a_notice_without_a_date_has_none():
    found = parse_notice(UNTITLED_2027.replace("2026年11月10日", ""), 2027)
    assert found.dated is None


def test_a_notice_that_fits_no_nearby_year_keeps_its_own_reason():
    with pytest.raises(InvalidInput) as refused:
        parse_notice("一、春节：2月5日至13日放假调休，共9天。2月18日（周四）上班。", 2027)
    assert refused.value.key == "calendars.working_weekday"


def test_a_save_without_a_date_is_as_of_the_notices_own_date(tmp_path: Path):
    from sellerdesk.services import holiday_years

    preview = holiday_years.preview_notice(tmp_path, NOTICE_2027, 2027)
    assert holiday_years.default_as_of(preview, date(2026, 12, 5)) == date(2026, 11, 10)
    # a date after today cannot be an "as of": today then
    assert holiday_years.default_as_of(preview, date(2026, 11, 1)) == date(2026, 11, 1)
    text = UNTITLED_2027.replace("2026年11月10日", "")
    undated = holiday_years.preview_notice(tmp_path, text, 2027)
    assert holiday_years.default_as_of(undated, date(2026, 12, 5)) == date(2026, 12, 5)
