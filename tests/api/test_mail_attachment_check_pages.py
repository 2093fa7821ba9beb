"""A mailed "invoice.pdf" that is a program is worded on the mail's page (zh) and, once the
mail is filed, on the case's page (en) where the file is listed."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.api.test_mail_pages import _upload
from tests.api.web_support import browser, csrf_of


def test_a_program_named_as_a_pdf_is_called_so_on_the_mail_page_and_the_case_page(api: Api):
    zh = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    done = _upload(zh, "37_attachment_pdf_is_exe.eml")  # no case in "north" has its Case ID
    assert done.status_code == 200, done.text
    mail_id = api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["mails"][0]["id"]
    page = zh.get(f"/mail/{mail_id}").text
    assert "invoice-2026.pdf 实际是程序（.exe 之类），不是文档或图片" in page
    assert "已按原样保存，但不会放进案例材料的附录。" in page
    case = api.new_case(subject="Invoice rejected")
    en = browser(api, "agent_n")
    token = csrf_of(en.get("/mail/unfiled").text)
    filed = en.post(
        f"/mail/unfiled/{mail_id}/file",
        data={"csrf_token": token, "case": str(case["id"])},
        follow_redirects=False,
    )
    assert filed.status_code == 303
    shown = en.get(f"/cases/{case['id']}").text
    assert "invoice-2026.pdf is a program (an .exe or similar)" in shown
    assert "left out of the dossier&#39;s appendix" in shown or "dossier's appendix" in shown
