"""GET /api/v1/cases/{id}/dossier: format=html|md|pdf, lang=en|zh, with_attachments (PDF)."""

from __future__ import annotations

from fpdf import FPDF

from tests.api.conftest import Api
from tests.dossier_pdf_text import needs_cjk_font, pdf_text
from tests.file_samples import DAMAGED_PDF


def _one_page_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=16)
    pdf.cell(0, 10, "SUPPLIER INVOICE 2026-118")
    return bytes(pdf.output())


def test_the_pdf_dossier_in_english_appends_the_attachments(api: Api) -> None:
    # a PDF damaged inside passes the upload's check (it starts and ends as one) and is
    # skipped with a note; a fake one never gets in (tests/security/test_fake_attachments.py)
    needs_cjk_font()
    case = api.new_case(subject="退款未到账 refund missing", description="订单 > 退款")
    url = f"/api/v1/cases/{case['id']}"
    api.call(
        "root",
        "POST",
        f"{url}/events",
        data={"direction": "in", "body": "Please send the invoice"},
        files=[
            ("attachments", ("invoice.pdf", _one_page_pdf(), "application/pdf")),
            ("attachments", ("broken.pdf", DAMAGED_PDF, "application/pdf")),
        ],
    )
    got = api.call(
        "root",
        "GET",
        f"{url}/dossier",
        params={"format": "pdf", "lang": "en", "with_attachments": "true", "download": "true"},
    )
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    named = f'attachment; filename="case-{case["id"]}-dossier-en-with-attachments.pdf"'
    assert got.headers["content-disposition"] == named
    text = pdf_text(got.content)
    assert "退款未到账" in text and "Please send the invoice" in text
    assert "SUPPLIER INVOICE 2026-118" in text and "from Amazon" in text
    assert "broken.pdf" in text and "not a readable PDF" in text


def test_the_language_is_the_callers_choice_and_bad_combinations_are_refused(api: Api) -> None:
    case = api.new_case(subject="Listing removed")
    url = f"/api/v1/cases/{case['id']}/dossier"
    zh = api.call("root", "GET", url, params={"format": "md", "lang": "zh"})
    assert zh.status_code == 200 and "## 时间线" in zh.text
    refused = api.call("root", "GET", url, params={"format": "md", "with_attachments": "true"})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["key"] == "dossier2.attachments_need_pdf_api"
    # an API client is told of the query parameters, never of the CLI's flags
    assert "format=pdf" in error["fix"] and "with_attachments" in error["fix"]
    assert "--" not in error["message"] + error["fix"]
    assert api.call("root", "GET", url, params={"lang": "fr"}).status_code == 422


def test_internal_notes_come_only_with_internal_true_and_each_download_is_named(api: Api) -> None:
    case = api.new_case(subject="Listing removed")
    url = f"/api/v1/cases/{case['id']}"
    added = api.call(
        "root", "POST", f"{url}/events", json={"direction": "note", "body": "Call Li back"}
    )
    assert added.status_code < 300, added.text
    plain = api.call("root", "GET", f"{url}/dossier", params={"format": "md"})
    assert plain.status_code == 200 and "Call Li back" not in plain.text
    assert "Internal notes (1) are left out" in plain.text
    assert "content-disposition" not in plain.headers  # shown in the browser, not saved
    asked = api.call("root", "GET", f"{url}/dossier", params={"format": "md", "internal": "true"})
    assert "Call Li back" in asked.text and "left out" not in asked.text
    for fmt in ("html", "md"):
        got = api.call(
            "root",
            "GET",
            f"{url}/dossier",
            params={"format": fmt, "lang": "zh", "download": "true"},
        )
        named = f'attachment; filename="case-{case["id"]}-dossier-zh.{fmt}"'
        assert got.status_code == 200 and got.headers["content-disposition"] == named
    inner = api.call(
        "root",
        "GET",
        f"{url}/dossier",
        params={"format": "md", "internal": "true", "download": "true"},
    )
    assert inner.headers["content-disposition"].endswith('dossier-en-internal.md"')


def test_the_case_page_offers_the_dossier_with_internal_notes_as_a_separate_link(api: Api) -> None:
    from tests.api.web_support import browser

    case = api.new_case(subject="Listing removed")
    client = browser(api, "root")
    page = client.get(f"/cases/{case['id']}").text
    assert page.count("&amp;internal=true") == 2  # one a language
    assert "PDF with internal notes (not for Amazon)" in page
