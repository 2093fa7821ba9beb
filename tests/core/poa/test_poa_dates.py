"""An action's date in a Plan of Action is one day a reviewer can check (third new-user
trial of issue 16): a day without a year is an error asking for the year, words ("next
week") are "not a date", and a year-first day with slashes is read as that day and shown
as every date is shown (2026-12-02)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sellerdesk.core.poa.lint import finding_words, lint_poa
from sellerdesk.core.poa.model import Poa
from sellerdesk.core.poa.render import render_poa
from tests.core.poa.test_poa_lint import GOOD_EN, GOOD_ZH, RULES


def _dated(good: Poa, written: str) -> Poa:
    return replace(good, corrective_actions=(replace(good.corrective_actions[0], date=written),))


def _date_findings(poa: Poa) -> list[str]:
    return [f.code for f in lint_poa(poa, RULES).findings if f.code.endswith("date")]


@pytest.mark.parametrize(
    ("good", "written", "shown"),
    [
        (GOOD_ZH, "12月3日", "12月3日"),
        (GOOD_EN, "Dec 3", "Dec 3"),
        (GOOD_ZH, "from 12月3日", "12月3日"),
    ],
)
def test_a_day_without_a_year_is_an_error_asking_for_the_year(
    good: Poa, written: str, shown: str
) -> None:
    found = lint_poa(_dated(good, written), RULES)
    [bad] = [f for f in found.findings if f.field == "corrective_actions[1].date"]
    assert bad.code == "poa-date-no-year" and bad.severity == "error" and not found.ready
    en, zh = finding_words(bad, RULES, "en"), finding_words(bad, RULES, "zh")
    assert en.message == f"Corrective actions taken, item 1, date: {shown} has no year."
    assert "Add the year" in en.fix
    assert zh.message == f"已采取的纠正措施，第 1 项，日期：{shown} 没有写年份。"
    assert "请加上年份" in zh.fix


@pytest.mark.parametrize(("good", "written"), [(GOOD_EN, "next week"), (GOOD_ZH, "下周")])
def test_words_for_a_date_are_not_a_date(good: Poa, written: str) -> None:
    [bad] = [f for f in lint_poa(_dated(good, written), RULES).findings if f.code.endswith("date")]
    assert bad.code == "poa-not-a-date"
    en = finding_words(bad, RULES, "en").message
    assert en == f'Corrective actions taken, item 1, date: "{written}" is not a date.'
    assert "has no date" not in en
    assert finding_words(bad, RULES, "zh").message.endswith(f"“{written}”不是日期。")


def test_an_empty_date_still_says_the_item_has_no_date() -> None:
    assert _date_findings(_dated(GOOD_EN, "")) == ["poa-action-no-date"]


@pytest.mark.parametrize("written", ["2026/12/02", "2026.12.2", "2026年12月2日", "2026-12-02"])
def test_a_year_first_day_passes_and_is_shown_as_that_day(written: str) -> None:
    for good in (GOOD_EN, GOOD_ZH):
        poa = _dated(good, written)
        assert _date_findings(poa) == []
        assert "2026-12-02" in render_poa(poa, lang=good.lang, rules=RULES).text


@pytest.mark.parametrize("written", ["2026/13/02", "2026/02/30", "2026年2月30日"])
def test_a_year_first_day_no_calendar_has_is_an_error(written: str) -> None:
    assert _date_findings(_dated(GOOD_ZH, written)) == ["poa-bad-date"]
