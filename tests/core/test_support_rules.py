"""rules.toml read into typed, frozen rules: every value validated at load, naming its file."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.rules import builtin_rules_path, load_rules
from sellerdesk.core.support_rules import KEYS, SupportRules, load_support_rules, support_rules

SHIPPED = builtin_rules_path()


def _user(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(paths: list[Path]) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        load_support_rules(paths)
    return caught.value


def test_the_shipped_file_gives_every_rule_typed_with_its_provenance() -> None:
    rules = load_support_rules([SHIPPED])
    submit = rules.high_priority_submission
    assert (submit.before, submit.days) == ("10:00", "Mon-Fri")
    assert submit.week[0] == ((0, 600),) and submit.week[5] == ()  # Mon 00:00-10:00, no Sat
    reply = rules.first_reply_expected
    assert (reply.channel, reply.business_hours, reply.budget) == (
        "case",
        24.0,
        timedelta(hours=24),
    )
    assert reply.fact.source.startswith("Seed S7")
    assert rules.resolved_auto_close.after == timedelta(days=7)
    assert rules.resolved_auto_close.fact.confidence == "assumption"
    assert rules.official_channels.channels == ("case", "chat", "phone", "call-back")
    assert "Get Support" in rules.official_channels.entry
    assert {"qq.com", "gmail.com"} <= rules.personal_mail_domains.domains
    assert rules.support_access.plans == ("professional",)
    assert "SUSPENDED" in rules.support_access.bad_account_statuses
    assert rules.official_channels.fact.as_of == date(2026, 11, 28)


def test_every_rule_of_the_shipped_file_has_a_typed_reader_and_shows_its_key() -> None:
    rules = load_support_rules([SHIPPED])
    assert [r.key for r in rules.all()] == list(load_rules([SHIPPED])) == list(KEYS)
    assert all(r.fact.source for r in rules.all())


def test_typed_rules_cannot_be_changed_in_place() -> None:
    rules = load_support_rules([SHIPPED])
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.first_reply_expected.business_hours = 48  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.resolved_auto_close = rules.resolved_auto_close  # type: ignore[misc]


def test_a_user_override_changes_one_value_and_makes_the_rule_the_users(tmp_path: Path) -> None:
    user = _user(tmp_path, "[rule.first-reply-expected]\nbusiness_hours = 48\n")
    rules = load_support_rules([SHIPPED, user])
    reply = rules.first_reply_expected
    assert (reply.business_hours, reply.channel) == (48.0, "case")
    assert reply.fact.confidence == "user" and str(user) in reply.fact.source
    assert rules.resolved_auto_close.fact.confidence == "assumption"


def test_a_user_override_of_a_list_replaces_the_shipped_list(tmp_path: Path) -> None:
    user = _user(tmp_path, '[rule.personal-mail-domains]\ndomains = ["Example.CN"]\n')
    assert load_support_rules([SHIPPED, user]).personal_mail_domains.domains == {"example.cn"}


@pytest.mark.parametrize(
    ("text", "setting", "key"),
    [
        ("[rule.first-reply-expected]\nbusiness_hours = 0\n", "business_hours", "bad_number"),
        ("[rule.first-reply-expected]\nbusiness_hours = -3\n", "business_hours", "bad_number"),
        ('[rule.first-reply-expected]\nbusiness_hours = "24"\n', "business_hours", "bad_number"),
        ("[rule.first-reply-expected]\nbusiness_hours = true\n", "business_hours", "bad_number"),
        ("[rule.first-reply-expected]\nbusiness_hours = nan\n", "business_hours", "bad_number"),
        ("[rule.first-reply-expected]\nbusiness_hours = 1e9\n", "business_hours", "bad_number"),
        ('[rule.first-reply-expected]\nchannel = "fax"\n', "channel", "bad_choice"),
        ("[rule.first-reply-expected]\nchannel = 3\n", "channel", "bad_text"),
        ("[rule.first-reply-expected]\nbusines_hours = 48\n", "busines_hours", "unknown_value"),
        ("[rule.resolved-auto-close]\ndays = 0\n", "days", "bad_number"),
        ("[rule.resolved-auto-close]\ndays = 400\n", "days", "bad_number"),
        ('[rule.high-priority-submission]\nbefore = ""\n', "before", "bad_text"),
        ('[rule.high-priority-submission]\nbefore = "00:00"\n', "before", "before_midnight"),
        ("[rule.high-priority-submission]\ndays = 5\n", "days", "bad_text"),
        ("[rule.official-channels]\nchannels = []\n", "channels", "empty_list"),
        ('[rule.official-channels]\nchannels = "case"\n', "channels", "bad_list"),
        ('[rule.official-channels]\nentry = " "\n', "entry", "bad_text"),
        ('[rule.personal-mail-domains]\ndomains = ["me@qq.com"]\n', "domains", "bad_domain"),
        ("[rule.personal-mail-domains]\ndomains = [3]\n", "domains", "bad_list"),
        ('[rule.support-access]\nplans = ["pro"]\n', "plans", "bad_choice"),
        ("[rule.support-access]\nbad_account_statuses = [1]\n", "bad_account_statuses", "bad_list"),
    ],
)
def test_a_bad_value_in_a_user_file_is_refused_naming_the_file_the_rule_and_the_fix(
    tmp_path: Path, text: str, setting: str, key: str
) -> None:
    user = _user(tmp_path, text)
    rule = text.split("]")[0].removeprefix("[rule.")
    error = _refusal([SHIPPED, user])
    assert error.key == f"rules.{key}"
    assert error.field == f"{user}: rule.{rule}.{setting}"
    assert error.fix
    message, fix = error.words("zh")
    assert fix and re.search(r"[\u4e00-\u9fff]", message + fix), (message, fix)


@pytest.mark.parametrize(
    ("days", "before"), [("Someday", "10:00"), ("Mon-Fri", "25:00"), ("Mon-Fri", "ten")]
)
def test_an_unreadable_submission_window_is_refused_naming_the_rule(
    tmp_path: Path, days: str, before: str
) -> None:
    user = _user(
        tmp_path, f'[rule.high-priority-submission]\ndays = "{days}"\nbefore = "{before}"\n'
    )
    error = _refusal([SHIPPED, user])
    assert error.field == f"{user}: rule.high-priority-submission"
    assert error.fix


def test_a_value_the_user_did_not_touch_is_blamed_on_the_shipped_file(tmp_path: Path) -> None:
    shipped = _user(tmp_path, SHIPPED.read_text(encoding="utf-8").replace("days = 7", "days = 0"))
    error = _refusal([shipped])
    assert error.field == f"{shipped}: rule.resolved-auto-close.days"


def test_an_unknown_rule_is_refused_listing_the_known_ones(tmp_path: Path) -> None:
    user = _user(tmp_path, "[rule.first-reply-expcted]\nbusiness_hours = 48\n")
    error = _refusal([SHIPPED, user])
    assert error.field == f"{user}: rule.first-reply-expcted"
    assert "first-reply-expected" in error.fix


def test_a_rule_missing_from_the_shipped_file_is_refused(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    cut = text[: text.index("[rule.resolved-auto-close]")] + text[text.index("# The next three") :]
    shipped = _user(tmp_path, cut)
    error = _refusal([shipped])
    assert (error.key, error.field) == ("rules.missing", f"{shipped}: rule.resolved-auto-close")


def test_a_value_missing_from_a_rule_is_refused_naming_the_setting(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace('channel = "case"\n', "")
    shipped = _user(tmp_path, text)
    error = _refusal([shipped])
    assert (error.key, error.field) == (
        "rules.no_value",
        f"{shipped}: rule.first-reply-expected.channel",
    )


def test_typed_rules_are_built_only_from_validated_raw_rules() -> None:
    raw = load_rules([SHIPPED])
    assert isinstance(support_rules(raw, where=str(SHIPPED)), SupportRules)
    with pytest.raises(InvalidInput):
        support_rules({k: v for k, v in raw.items() if k != "support-access"}, where="x.toml")
