"""The draft's edit form and the size of what one save sends (issue 16, the third trial:
a zh browser saving over 1 MiB got raw English JSON ``payload-too-large``). Every box full
to its maxlength in Chinese saves; a body past the form's limit comes back as the form, a
413 page in the page's language naming the box and the limit, the boxes read whole kept."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from sellerdesk.core.sizes import human_size
from sellerdesk.web.case_draft import DRAFT_FORM_LIMIT
from tests.api.conftest import Api
from tests.api.test_case_draft_page import _edit_form, _text
from tests.api.web_support import browser

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_every_box_full_of_chinese_saves_though_the_form_is_over_one_mib(api: Api) -> None:
    case = api.new_case(store="north")
    client = browser(api, "agent_n", **{"Accept-Language": "zh"})
    form = _edit_form(client, case["id"])
    boxes = ("description", "timeline", "expected", "actual", "error_codes", "steps")
    typed = {**form, **{k: "商品被删除" * 4000 for k in boxes}}  # 20,000 characters each
    body = urlencode(typed)
    assert len(body) > 1 << 20
    done = client.post(
        f"/cases/{case['id']}/draft", content=body, headers=FORM, follow_redirects=False
    )
    assert done.status_code == 303, done.text[:500]


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "“预期结果”一栏太长"), ("en", "The “Expected” box is too long")]
)
def test_a_draft_past_the_limit_is_a_page_in_its_language_naming_the_box(
    api: Api, lang: str, words: str
) -> None:
    case = api.new_case(store="north")
    client = browser(api, "agent_n", **{"Accept-Language": lang})
    form = _edit_form(client, case["id"])
    typed = {
        **form,
        "description": "我们的概述 kept as typed",
        "expected": "很长" * DRAFT_FORM_LIMIT,
    }
    page = client.post(f"/cases/{case['id']}/draft", content=urlencode(typed), headers=FORM)
    assert page.status_code == 413 and "text/html" in page.headers["content-type"]
    text = _text(page.text)
    assert words in text, text[:800]
    assert human_size(DRAFT_FORM_LIMIT) in text
    assert "payload-too-large" not in page.text
    assert re.search(r'name="description"[^>]*>我们的概述 kept as typed</textarea>', page.text)
    shown = api.call("agent_n", "GET", f"/api/v1/cases/{case['id']}").json()
    assert "很长" not in str(shown)  # nothing saved


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_box_over_the_parsers_part_size_is_a_page_in_its_language_not_json(
    api: Api, lang: str
) -> None:
    """A box of about 1.5 MB (past the form parser's own 1 MiB a field, below the form's
    limit; only a client that ignores the box's maxlength sends it) is refused with the
    error page in the page's language, never the API's JSON."""
    case = api.new_case(store="north")
    client = browser(api, "agent_n", **{"Accept-Language": lang})
    form = _edit_form(client, case["id"])
    typed = {**form, "expected": "x" * 1_500_000}
    page = client.post(f"/cases/{case['id']}/draft", content=urlencode(typed), headers=FORM)
    assert 400 <= page.status_code < 500
    assert "text/html" in page.headers["content-type"], page.text[:300]
    assert '{"error"' not in page.text and "1024KB" not in page.text
    assert ("请返回" in page.text) if lang == "zh" else ("Go back" in page.text)
    assert "x" * 1000 not in str(api.call("agent_n", "GET", f"/api/v1/cases/{case['id']}").json())
