"""The case page's paste text says the case's own Amazon Case ID as "Case ID", and lists
as "Earlier Case IDs" only the others (issue 16, the third trial: the case's own ID was
listed as an earlier one)."""

from __future__ import annotations

from sellerdesk.core.coach.draft import Draft
from sellerdesk.core.coach.render import render_case
from tests.api.conftest import Api
from tests.api.web_support import browser


def test_the_case_page_says_its_own_case_id_as_the_case_id_not_an_earlier_one(api: Api) -> None:
    case = api.new_case(subject="Listing removed", description="The listing was removed.")
    moved = api.call(
        "root",
        "POST",
        f"/api/v1/cases/{case['id']}/status",
        json={"status": "submitted", "case_id": "12345678901"},
    )
    assert moved.status_code < 300, moved.text
    page = browser(api, "root").get(f"/cases/{case['id']}").text
    paste = page.split("Subject:", 1)[1]
    assert "Case ID: 12345678901" in paste
    assert "Earlier Case IDs" not in paste


def test_the_paste_text_keeps_other_case_ids_as_earlier_ones_in_each_language() -> None:
    draft = Draft(subject="Listing removed", case_ids=["11111111111", "12345678901"])
    en = render_case(draft, lang="en", category="listing", case_id="12345678901").text
    assert "Case ID: 12345678901" in en
    assert "Earlier Case IDs: 11111111111" in en and en.count("12345678901") == 1
    zh = render_case(draft, lang="zh", category="listing", case_id="12345678901").text
    assert "案例编号：12345678901" in zh and "此前的案例编号：11111111111" in zh
