"""The store and cases the mail corpus (tests/data/mail/expected.toml) is read against."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.mail.senders import MailRules, load_mail_rules
from sellerdesk.services import cases, stores
from sellerdesk.services.tracker import TrackerContext
from tests.services.case_fixtures import NOW, later

CORPUS = Path(__file__).resolve().parents[2] / "data" / "mail"
TEAM_DOMAIN = "example-seller.cn"


def expected() -> dict[str, dict[str, Any]]:
    return dict(tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))["files"])


def corpus_rules() -> MailRules:
    return replace(load_mail_rules(), team_domains=frozenset({TEAM_DOMAIN}))


def _submitted(sessions: sessionmaker[Session], ctx: TrackerContext, number: str, **kw: Any) -> int:
    case_id = cases.create(sessions=sessions, ctx=ctx, store="acme", now=NOW, **kw)
    cases.move(
        status="submitted",
        sessions=sessions,
        now=later(0.5),
        ctx=ctx,
        case_id=case_id,
        amazon_case_id=number,
    )
    return case_id


def make_corpus_cases(sessions: sessionmaker[Session], ctx: TrackerContext) -> dict[str, int]:
    stores.add(
        sessions=sessions,
        now=NOW,
        ctx=ctx,
        name="acme",
        region="cn",
        marketplaces=["US", "DE", "JP"],
    )
    made = {
        "A": _submitted(
            sessions,
            ctx,
            "12345678901",
            marketplace="US",
            subject="Listing suppressed without a reason",
            order_ids=["111-2223334-5556667"],
        ),
        "B": _submitted(
            sessions,
            ctx,
            "19999999999",
            marketplace="US",
            subject="FBA inventory lost in warehouse",
        ),
        "C": _submitted(sessions, ctx, "15432109876", marketplace="US", subject="货件丢失赔偿"),
        "D": _submitted(sessions, ctx, "13335259002", marketplace="JP", subject="出品停止について"),
        "DE": _submitted(
            sessions, ctx, "17764065161", marketplace="DE", subject="Angebot gesperrt"
        ),
    }
    made["E"] = cases.create(
        sessions=sessions,
        ctx=ctx,
        store="acme",
        now=NOW,
        marketplace="US",
        subject="Safety document for the kettle",
        asins=["B0EXAMPLE1"],
    )
    for key, subject in (
        ("F", "Attributes missing on the blue mug"),
        ("G", "Image rejected for the mug"),
    ):
        made[key] = cases.create(
            sessions=sessions,
            ctx=ctx,
            store="acme",
            now=NOW,
            marketplace="US",
            subject=subject,
            asins=["B0DUPL1CAT"],
            force=True,
            reason="two problems of one ASIN",
        )
    return made
