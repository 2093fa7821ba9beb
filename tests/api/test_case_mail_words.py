"""A case Amazon's reply moved, on its page (issue 17, new-user trial): Amazon's label beside
the status and who moved it are words in the page's language — 需我方处理（已回复）and
邮件（amazon-us）in Chinese, "(Answered)" and "mail (amazon-us)" in English — never the
English label on a Chinese page or the raw ``mail:amazon-us``. SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from sellerdesk.services import cases
from sellerdesk.services.mail.importing import ingest_one
from sellerdesk.services.mail.models import MailSource
from sellerdesk.web.layout import actor_words, amazon_label_words
from tests.api.conftest import Api
from tests.api.web_support import browser

AMAZON_CASE = "12345678901"


def _words(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _case_moved_by_amazon_mail(api: Api) -> int:
    state = api.state
    now = state.clock()
    common = {"sessions": state.sessions, "ctx": state.ctx, "now": now}
    case_id = cases.create(**common, store="north", marketplace="US", subject="Listing removed")
    cases.move(**common, case_id=case_id, status="submitted", amazon_case_id=AMAZON_CASE)
    sent = (now + timedelta(minutes=1)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    raw = (
        "From: Amazon <seller-support@amazon.com>\nTo: ops@example.cn\n"
        f"Subject: Your case {AMAZON_CASE} has been updated\nDate: {sent}\n"
        "Message-ID: <m7-reply@amazon.com>\nContent-Type: text/plain; charset=utf-8\n\n"
        "We have reinstated your listing.\n"
    ).encode()
    done = ingest_one(
        state.sessions,
        raw=raw,
        source=MailSource("amazon-us"),
        now=now + timedelta(minutes=2),
        ctx=state.ctx,
    )
    assert (done.state, done.case_id) == ("filed", case_id)
    return int(case_id)


WORDS = {
    "zh-CN": ("需我方处理（已回复）", "邮件（amazon-us）"),
    "en": ("Needs our action (Answered)", "mail (amazon-us)"),
}


@pytest.mark.parametrize(("lang", "said"), list(WORDS.items()))
def test_a_case_an_amazon_mail_moved_shows_its_label_and_mover_in_the_page_language(
    api: Api, lang: str, said: tuple[str, str]
) -> None:
    case_id = _case_moved_by_amazon_mail(api)
    page = browser(api, "agent_n", **{"Accept-Language": lang}).get(f"/cases/{case_id}")
    assert page.status_code == 200
    text = _words(page.text)
    status, mover = said
    assert status in text and mover in text
    assert "mail:amazon-us" not in text
    if lang == "zh-CN":
        assert "Answered" not in text


def test_a_label_amazon_renames_or_a_person_typed_shows_as_written_and_people_as_named():
    assert amazon_label_words("Work in progress", "zh") == "处理中"
    assert amazon_label_words("Re-opened", "zh") == "已重新打开"
    assert amazon_label_words("PENDING AMAZON ACTION", "en") == "Pending Amazon action"
    assert amazon_label_words("Escalated to team", "zh") == "Escalated to team"
    assert actor_words("mail:upload", "zh") == "邮件（网页上传）"
    assert actor_words("worker:host-12", "en") == "background worker (host-12)"
    assert actor_words("liwei", "zh") == "liwei"
    assert actor_words("seller-support@amazon.com", "en") == "seller-support@amazon.com"
