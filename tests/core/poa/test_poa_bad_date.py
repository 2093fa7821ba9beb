"""A date no calendar has (2026-13-45, 2026-02-30) in a Plan of Action's action or
measure is an error in words naming the item, not a date that passes because it looks like
one (second new-user trial of issue 16)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sellerdesk.core.poa.lint import finding_words, lint_poa
from tests.core.poa.test_poa_lint import GOOD_EN, GOOD_ZH, RULES


@pytest.mark.parametrize("written", ["2026-13-45", "2026-02-30", "from 2026-04-31"])
def test_an_impossible_date_is_an_error_naming_it(written: str) -> None:
    measure = replace(GOOD_EN.preventive_measures[0], date=written)
    found = lint_poa(replace(GOOD_EN, preventive_measures=(measure,)), RULES)
    [bad] = [f for f in found.findings if f.code == "poa-bad-date"]
    assert bad.severity == "error" and bad.field == "preventive_measures[1].date"
    assert not found.ready
    shown = finding_words(bad, RULES, "en")
    assert written.removeprefix("from ") in shown.message
    assert shown.message.startswith("Preventive measures, item 1, date:")
    zh = finding_words(bad, RULES, "zh")
    assert "不是日历上存在的日期" in zh.message


def test_a_real_date_and_a_leap_day_pass() -> None:
    for written in ("2026-11-30", "from 2028-02-29"):
        action = replace(GOOD_ZH.corrective_actions[0], date=written)
        found = lint_poa(replace(GOOD_ZH, corrective_actions=(action,)), RULES)
        assert "poa-bad-date" not in {f.code for f in found.findings}
