"""The API's Unfiled routes level with the page and the CLI: filing by an Amazon Case ID,
and restoring a dismissed mail (services.mail.unfiled underneath)."""

from __future__ import annotations

from sellerdesk.core.i18n import t
from tests.api.conftest import Api
from tests.api.test_mail_pages import _upload
from tests.api.web_support import browser

AMAZON_CASE = "12345678901"


def _unfiled_mail(api: Api) -> int:
    _upload(browser(api, "agent_n"), "12_no_match.eml")
    return int(api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["mails"][0]["id"])


def _submitted_case(api: Api) -> int:
    case = api.new_case(subject="Earbuds sold but not shipped")
    moved = api.call(
        "root",
        "POST",
        f"/api/v1/cases/{case['id']}/status",
        json={"status": "submitted", "case_id": AMAZON_CASE},
    )
    assert moved.status_code == 200, moved.text
    return int(case["id"])


def test_an_unfiled_mail_is_filed_by_the_amazon_case_id_its_case_carries(api: Api):
    case_id = _submitted_case(api)
    mail_id = _unfiled_mail(api)
    url = f"/api/v1/mail/unfiled/{mail_id}/file"
    filed = api.call("agent_n", "POST", url, json={"amazon_case_id": AMAZON_CASE})
    assert filed.status_code == 200, filed.text
    assert filed.json()["state"] == "filed" and filed.json()["case_id"] == case_id
    assert api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["total"] == 0


def test_an_amazon_case_id_no_case_carries_is_not_found_and_the_mail_stays_unfiled(api: Api):
    _submitted_case(api)
    mail_id = _unfiled_mail(api)
    url = f"/api/v1/mail/unfiled/{mail_id}/file"
    missing = api.call("agent_n", "POST", url, json={"amazon_case_id": "99999999999"})
    assert missing.status_code == 404, missing.text
    assert "99999999999" in missing.text
    assert api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["total"] == 1


def test_filing_by_both_our_number_and_an_amazon_case_id_or_neither_is_refused(api: Api):
    case_id = _submitted_case(api)
    mail_id = _unfiled_mail(api)
    url = f"/api/v1/mail/unfiled/{mail_id}/file"
    both = {"case_id": case_id, "amazon_case_id": AMAZON_CASE}
    for body in (both, {}):
        refused = api.call("agent_n", "POST", url, json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["key"] == "mail.file_which"
        assert "amazon_case_id" in refused.json()["error"]["message"]
    assert "二者只填一个" in t("error.mail.file_which.message", "zh")  # the key's words in zh
    short = api.call("agent_n", "POST", url, json={"amazon_case_id": "1234"})
    assert short.status_code == 422 and "amazon_case_id" in short.text
    assert api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["total"] == 1


def test_a_dismissed_mail_is_restored_to_the_unfiled_inbox(api: Api):
    mail_id = _unfiled_mail(api)
    base = f"/api/v1/mail/unfiled/{mail_id}"
    assert api.call("agent_n", "POST", f"{base}/dismiss").status_code == 200
    assert api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["total"] == 0
    restored = api.call("agent_n", "POST", f"{base}/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["state"] == "unfiled"
    assert api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["total"] == 1


def test_restoring_a_mail_that_is_not_dismissed_is_a_conflict(api: Api):
    mail_id = _unfiled_mail(api)
    again = api.call("agent_n", "POST", f"/api/v1/mail/unfiled/{mail_id}/restore")
    assert again.status_code == 409, again.text


def test_a_viewer_cannot_restore_and_a_stranger_does_not_see_the_mail(api: Api):
    mail_id = _unfiled_mail(api)
    base = f"/api/v1/mail/unfiled/{mail_id}"
    assert api.call("agent_n", "POST", f"{base}/dismiss").status_code == 200
    assert api.call("viewer_n", "POST", f"{base}/restore").status_code == 403
    assert api.call("agent_s", "POST", f"{base}/restore").status_code == 404


def test_a_viewer_restoring_a_mail_not_dismissed_is_forbidden_before_learning_its_state(api: Api):
    mail_id = _unfiled_mail(api)
    base = f"/api/v1/mail/unfiled/{mail_id}"
    assert api.call("viewer_n", "POST", f"{base}/restore").status_code == 403
    assert api.call("agent_s", "POST", f"{base}/restore").status_code == 404
