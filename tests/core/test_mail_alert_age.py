"""When mail read in is news and when it is history (core.alerts.freshness): the age limit
is sourced rule data a data folder may change, and a bad value is refused naming its file."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from sellerdesk.core.alerts.freshness import for_data_dir, is_old, load_mail_alert_age
from sellerdesk.core.errors import InvalidInput

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
DAY = timedelta(hours=72)


def test_the_shipped_limit_is_three_days_with_its_source() -> None:
    age = load_mail_alert_age()
    assert age.max_age == timedelta(hours=72)
    assert age.fact.confidence == "assumption" and "Amazon answers" in age.fact.source


def test_a_mail_is_old_past_the_limit_or_before_the_cases_last_change() -> None:
    assert not is_old(NOW - timedelta(hours=71), now=NOW, max_age=DAY)
    assert is_old(NOW - timedelta(hours=73), now=NOW, max_age=DAY)
    seen = NOW - timedelta(hours=1)
    assert is_old(NOW - timedelta(hours=2), now=NOW, max_age=DAY, last_change=seen)
    assert not is_old(NOW - timedelta(minutes=30), now=NOW, max_age=DAY, last_change=seen)


def test_a_data_folder_changes_the_limit_and_is_read_again_when_edited(tmp_path) -> None:
    own = tmp_path / "alert_channels.toml"
    own.write_text("[rule.mail_alerts]\nmax_age_hours = 6\n")
    assert for_data_dir(tmp_path).max_age == timedelta(hours=6)
    assert for_data_dir(tmp_path).fact.confidence == "user"
    own.write_text("[rule.mail_alerts]\nmax_age_hours = 12.5\n# edited\n")
    stamp = own.stat().st_mtime_ns
    os.utime(own, ns=(stamp + 10**9, stamp + 10**9))
    assert for_data_dir(tmp_path).max_age == timedelta(hours=12.5)
    assert for_data_dir(None).max_age == timedelta(hours=72)


@pytest.mark.parametrize("value", ["0", "-3", '"72"', "true", "100000"])
def test_a_bad_limit_is_refused_naming_the_file_and_the_key(tmp_path, value: str) -> None:
    own = tmp_path / "alert_channels.toml"
    own.write_text(f"[rule.mail_alerts]\nmax_age_hours = {value}\n")
    with pytest.raises(InvalidInput) as refused:
        load_mail_alert_age([own])
    assert refused.value.field == f"{own}: rule.mail_alerts.max_age_hours"
