"""The four contact checks of seed S20, judged on plain facts."""

from datetime import UTC, datetime

import pytest

from sellerdesk.core.contact.doctor import (
    CaseFacts,
    OutgoingRecord,
    StoreFacts,
    check_account,
    check_channel,
    check_reply,
    check_topic,
    personal_address,
    run_checks,
)
from sellerdesk.core.rules import builtin_rules_path
from sellerdesk.core.support_rules import load_support_rules

RULES = load_support_rules([builtin_rules_path()])
T1 = datetime(2026, 11, 2, 9, tzinfo=UTC)
T2 = datetime(2026, 11, 3, 9, tzinfo=UTC)


def case(**overrides: object) -> CaseFacts:
    values: dict[str, object] = {
        "id": 7,
        "status": "waiting-amazon",
        "channel": "case",
        "amazon_case_ids": ["12345678901"],
        "last_reply_in": None,
        "last_reply_out": T1,
        "route": "seller-support",
    }
    values.update(overrides)
    return CaseFacts(**values)  # type: ignore[arg-type]


def test_a_verified_professional_store_passes_the_account_check() -> None:
    store = StoreFacts("Acme US", "professional", verified=True, account_status="NORMAL")
    assert check_account(store, RULES).outcome == "passed"


@pytest.mark.parametrize(
    ("store", "reason"),
    [
        (StoreFacts("A", "individual", verified=True), "doctor.account.plan"),
        (StoreFacts("A", "professional", verified=False), "doctor.account.unverified"),
        (
            StoreFacts("A", "professional", verified=True, account_status="AT_RISK"),
            "doctor.account.health",
        ),
    ],
)
def test_the_account_check_fails_for_plan_verification_and_health(
    store: StoreFacts, reason: str
) -> None:
    verdict = check_account(store, RULES)
    assert (verdict.outcome, verdict.reason) == ("failed", reason)


def test_without_a_store_the_account_check_is_skipped_not_passed() -> None:
    assert check_account(None, RULES).outcome == "skipped"


def test_an_amazon_reply_newer_than_our_last_answer_fails_the_reply_check() -> None:
    verdict = check_reply(case(last_reply_in=T2, last_reply_out=T1))
    assert verdict.outcome == "failed"
    assert verdict.params["case_ids"] == "12345678901"


def test_our_answer_after_amazons_reply_passes_the_reply_check() -> None:
    assert check_reply(case(last_reply_in=T1, last_reply_out=T2)).outcome == "passed"


def test_a_case_without_a_case_id_skips_the_reply_check() -> None:
    assert check_reply(case(amazon_case_ids=[])).outcome == "skipped"


def test_a_store_with_cases_waiting_on_us_fails_the_reply_check_and_names_them() -> None:
    verdict = check_reply(None, waiting_cases=[3, 9])
    assert verdict.outcome == "failed"
    assert verdict.params["cases"] == "#3, #9"


@pytest.mark.parametrize("author", ["张三 <zhangsan@QQ.com>", "seller.ops@gmail.com", "x@163.com"])
def test_a_personal_mailbox_is_recognised_in_an_author_field(author: str) -> None:
    assert personal_address(author, RULES) is not None


@pytest.mark.parametrize("author", ["ops@acme-trading.com", "Lily", None, "not an address"])
def test_a_company_address_or_a_plain_name_is_not_a_personal_mailbox(author: str | None) -> None:
    assert personal_address(author, RULES) is None


def test_writing_to_amazon_from_a_personal_mailbox_fails_the_channel_check() -> None:
    out = OutgoingRecord(channel="e-mail", author="boss@qq.com", at=T1)
    verdict = check_channel([case(outgoing=[out])], RULES)
    assert (verdict.outcome, verdict.reason) == ("failed", "doctor.channel.personal_mail")
    assert verdict.params["address"] == "boss@qq.com"


def test_a_case_raised_outside_the_official_channels_fails_the_channel_check() -> None:
    verdict = check_channel([case(channel="wechat")], RULES)
    assert verdict.reason == "doctor.channel.unofficial"


def test_official_channels_from_a_company_address_pass() -> None:
    out = OutgoingRecord(channel="case", author="ops@acme-trading.com", at=T1)
    assert check_channel([case(outgoing=[out])], RULES).outcome == "passed"


@pytest.mark.parametrize(
    ("route", "outcome"),
    [("self-service", "failed"), ("third-party", "failed"), ("seller-support", "passed")],
)
def test_the_topic_check_follows_the_coachs_route(route: str, outcome: str) -> None:
    assert check_topic(case(route=route)).outcome == outcome


def test_run_checks_gives_the_four_steps_in_the_seeds_order() -> None:
    store = StoreFacts("Acme US", "professional", verified=True)
    steps = [c.step for c in run_checks(store=store, case=case(), rules=RULES)]
    assert steps == ["account", "reply", "channel", "topic"]
