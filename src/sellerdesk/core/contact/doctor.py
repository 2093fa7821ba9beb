"""The seed's four checks when contacting Seller Support fails (S20), on plain facts.

1. the account is in a state that gets support (verified, professional, Account Health not
   at risk or deactivated — seed S11/S13, unconfirmed by public sources, so said as such);
2. the Case ID does not already hold an Amazon reply the team has not answered;
3. the team contacts Amazon through an official channel, not from a personal mailbox;
4. the topic is not one a help page answers (self-service) or a provider handles.

The adapter gathers the facts from the store; this module only judges them, so every
verdict is testable without a database. The rules' values come from ``rules.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sellerdesk.core.support_rules import SupportRules

Outcome = Literal["passed", "failed", "skipped"]
STEPS = ("account", "reply", "channel", "topic")
_ADDRESS = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", re.UNICODE)


@dataclass(frozen=True)
class StoreFacts:
    name: str
    plan: str
    verified: bool
    account_status: str | None = None  # from the latest health report, when one exists


@dataclass(frozen=True)
class OutgoingRecord:
    """A record of the team writing to (or calling) Amazon."""

    channel: str | None
    author: str | None
    at: datetime


@dataclass(frozen=True)
class CaseFacts:
    id: int
    status: str
    channel: str
    amazon_case_ids: Sequence[str]
    last_reply_in: datetime | None  # newest record from Amazon
    last_reply_out: datetime | None  # newest record to Amazon
    outgoing: Sequence[OutgoingRecord] = ()
    route: str | None = None  # seller-support | self-service | third-party, from the coach


@dataclass(frozen=True)
class Check:
    """One step's verdict: ``reason`` is a message key, ``params`` fill it in."""

    step: str
    outcome: Outcome
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)


def check_account(store: StoreFacts | None, rules: SupportRules) -> Check:
    if store is None:
        return Check("account", "skipped", "doctor.account.no_store")
    access = rules.support_access
    if store.plan not in access.plans:
        return Check("account", "failed", "doctor.account.plan", {"plan": store.plan})
    if not store.verified:
        return Check("account", "failed", "doctor.account.unverified", {"store": store.name})
    if store.account_status and store.account_status in access.bad_account_statuses:
        return Check("account", "failed", "doctor.account.health", {"status": store.account_status})
    return Check("account", "passed", "doctor.account.ok", {"store": store.name})


def check_reply(case: CaseFacts | None, waiting_cases: Sequence[int] = ()) -> Check:
    """With a case: has Amazon answered and are we silent? Without: any such case?"""
    if case is None:
        if waiting_cases:
            shown = ", ".join(f"#{n}" for n in waiting_cases[:10])
            return Check("reply", "failed", "doctor.reply.store_waiting", {"cases": shown})
        return Check("reply", "passed", "doctor.reply.store_ok")
    if not case.amazon_case_ids:
        return Check("reply", "skipped", "doctor.reply.no_case_id", {"id": case.id})
    ids = ", ".join(case.amazon_case_ids)
    answered = case.last_reply_out is not None and (
        case.last_reply_in is None or case.last_reply_out >= case.last_reply_in
    )
    if case.last_reply_in is not None and not answered:
        return Check(
            "reply",
            "failed",
            "doctor.reply.unanswered",
            {"case_ids": ids, "at": case.last_reply_in},
        )
    return Check("reply", "passed", "doctor.reply.ok", {"case_ids": ids})


def personal_address(author: str | None, rules: SupportRules) -> str | None:
    """The author's e-mail address when its domain is a personal mail provider."""
    if not author:
        return None
    domains = rules.personal_mail_domains.domains
    for match in _ADDRESS.finditer(author):
        if match.group(1).lower() in domains:
            return match.group(0)
    return None


def check_channel(cases: Sequence[CaseFacts], rules: SupportRules) -> Check:
    if not cases:
        return Check("channel", "skipped", "doctor.channel.no_case")
    official, entry = rules.official_channels.channels, rules.official_channels.entry
    for case in cases:
        if case.channel not in official:
            return Check(
                "channel",
                "failed",
                "doctor.channel.unofficial",
                {"id": case.id, "channel": case.channel, "entry": entry},
            )
        for record in case.outgoing:
            address = personal_address(record.author, rules)
            if address:
                return Check(
                    "channel",
                    "failed",
                    "doctor.channel.personal_mail",
                    {"id": case.id, "address": address, "entry": entry},
                )
    return Check("channel", "passed", "doctor.channel.ok", {"entry": entry})


def check_topic(case: CaseFacts | None) -> Check:
    if case is None or case.route is None:
        return Check("topic", "skipped", "doctor.topic.no_case")
    if case.route == "self-service":
        return Check("topic", "failed", "doctor.topic.self_service", {"id": case.id})
    if case.route == "third-party":
        return Check("topic", "failed", "doctor.topic.third_party", {"id": case.id})
    return Check("topic", "passed", "doctor.topic.ok", {"id": case.id})


def run_checks(
    *,
    store: StoreFacts | None,
    case: CaseFacts | None,
    store_cases: Sequence[CaseFacts] = (),
    waiting_cases: Sequence[int] = (),
    rules: SupportRules,
) -> list[Check]:
    """The four steps in the seed's order; with a case, steps 2-4 look at that case."""
    channel_cases = [case] if case is not None else list(store_cases)
    return [
        check_account(store, rules),
        check_reply(case, waiting_cases),
        check_channel(channel_cases, rules),
        check_topic(case),
    ]
