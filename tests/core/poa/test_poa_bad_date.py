"""A date no calendar has (2026-13-45, 2026-02-30) in a Plan of Action's action or
measure is an error in words naming the item, not a date that passes because it looks like
one; nor is an order ID, ASIN or Case ID not in its format ("123") evidence a reviewer can
look up (second new-user trial of issue 16)."""

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


@pytest.mark.parametrize(
    ("field", "value"),
    [("order_ids", "123"), ("asins", "B08N5"), ("case_ids", "12-34")],
)
def test_an_identifier_not_in_its_format_is_an_error_naming_it(field: str, value: str) -> None:
    found = lint_poa(replace(GOOD_EN, **{field: (value,)}), RULES)
    [bad] = [f for f in found.findings if f.code == "poa-invalid-id"]
    assert bad.field == f"{field}[1]" and bad.severity == "error"
    assert value in finding_words(bad, RULES, "en").message
    assert "不符合这类编号的格式" in finding_words(bad, RULES, "zh").message


def test_identifiers_in_their_formats_pass() -> None:
    good = replace(
        GOOD_EN,
        order_ids=("113-1234567-1234567",),
        asins=("b08n5wrwnw",),  # read as the CLI and the tracker read it: upper case
        case_ids=("12345678901",),
    )
    assert "poa-invalid-id" not in {f.code for f in lint_poa(good, RULES).findings}
