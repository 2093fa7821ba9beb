"""A listing-removal notice whose subject names the ASIN ("您的商品 B0CJK12345 已被移除",
in Chinese, Japanese and German) opens a draft case in the owning store rather than going
to Unfiled (issue 17, second new-user trial). On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from sellerdesk.core.mail.senders import load_mail_rules
from sellerdesk.services import cases
from sellerdesk.services.mail.importing import ingest_one
from sellerdesk.services.mail.models import MailSource
from tests.services.case_fixtures import later

NOTICES = Path(__file__).resolve().parents[2] / "data" / "mail_notices"


@pytest.mark.parametrize(
    "subject",
    [
        "您的商品 B0CJK12345 已被移除",
        "您的商品B0CJK12345已被移除",
        "商品 SKU-ABC.123 已下架",
        "お客様の出品（ASIN: B0JPN54321）は停止されました",
        "出品 B0JPN54321 が削除されました",
        "Ihr Angebot B0DEU67890 wurde entfernt",
        "Your listing B0CJK12345 has been removed",
    ],
)
def test_a_removal_subject_naming_an_asin_or_sku_is_a_listing_removal(subject):
    rule = load_mail_rules(None).notice_for(subject)

    assert rule is not None and rule.name == "listing-removal"


@pytest.mark.parametrize("name", sorted(p.name for p in NOTICES.glob("*.eml")))
def test_a_listing_removal_notice_naming_an_asin_opens_a_draft_case(sessions, ctx, acme, name):
    raw = (NOTICES / name).read_bytes()

    got = ingest_one(
        sessions, raw=raw, source=MailSource("file", store_id=1), now=later(1), ctx=ctx
    )

    assert (got.state, got.reason) == ("filed", "notice-draft"), got
    shown = cases.show(sessions=sessions, now=later(2), ctx=ctx, case_id=got.case_id)
    assert shown.status == "draft" and shown.category == "listing"
