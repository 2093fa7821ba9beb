"""The Unfiled mail page's own upload limit: a whole mail (attachments and all) may be larger
than a case file, and an oversize one is answered with the page itself in its language,
never with the API's JSON."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from sellerdesk.services.mail.blobs import left_out_in
from sellerdesk.services.runtime import DEFAULT_MAIL_UPLOAD_MB
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of

CORPUS = Path(__file__).resolve().parents[1] / "data" / "mail"


def _padded_mail(size: int) -> bytes:
    """A real mail of the corpus with a long body, ``size`` bytes or a little more."""
    head = (CORPUS / "12_no_match.eml").read_bytes()
    line = b"Padding line of a long Amazon mail with attachments.\r\n"
    return head + line * (size // len(line) + 1)


def _use_mail_limit(api: Api, megabytes: int) -> None:
    state = api.state
    state.use_settings(state.settings.with_config({"mail.max_upload_mb": megabytes}))


def test_a_mail_upload_may_be_larger_than_a_case_file_by_default(api: Api) -> None:
    assert DEFAULT_MAIL_UPLOAD_MB == 60
    assert api.state.mail_upload_limit == 60_000_000 > api.state.upload_limit


def test_a_mail_larger_than_a_case_file_but_within_the_mail_limit_is_read(api: Api) -> None:
    api.state.ctx.max_attachment_bytes = 64 * 1024  # a case reply takes ~1.06 MB at most
    _use_mail_limit(api, 3)
    client = browser(api, "agent_n")
    token = csrf_of(client.get("/mail/unfiled").text)
    data = _padded_mail(2_000_000)
    done = client.post(
        "/mail/upload",
        data={"csrf_token": token, "store": "north"},
        files={"attachments": ("big.eml", data, "message/rfc822")},
    )
    assert done.status_code == 200, done.text[:500]
    assert "1 unfiled" in done.text


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "big.eml 超过了邮件上传 1 MB 的上限"), ("en", "big.eml is larger than the 1 MB")],
)
def test_an_oversize_mail_upload_is_the_page_itself_in_its_language(
    api: Api, lang: str, words: str
) -> None:
    _use_mail_limit(api, 1)
    client = browser(api, "agent_n", **{"Accept-Language": lang})
    token = csrf_of(client.get("/mail/unfiled").text)
    refused = client.post(
        "/mail/upload",
        data={"csrf_token": token, "store": "north"},
        files={"attachments": ("big.eml", _padded_mail(1_500_000), "message/rfc822")},
    )
    assert refused.status_code == 413
    assert refused.headers["content-type"].startswith("text/html")
    assert words in refused.text
    assert "payload-too-large" not in refused.text and "Content-Length" not in refused.text
    assert 'action="/mail/upload"' in refused.text  # the form is there to try again
    # one mail cannot be exported smaller: who can help, and no command on a web page
    assert ("管理员在服务器上导入" if lang == "zh" else "administrator can import") in refused.text
    assert ".mbox" not in refused.text.split("<form")[0].split("<h1")[-1]
    assert "sellerdesk" not in refused.text.lower().split("<h1")[-1]
    assert ("最大 1 MB" if lang == "zh" else "At most 1 MB") in refused.text  # said up front too
    assert api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["total"] == 0


def test_an_oversize_mail_upload_sent_in_chunks_is_refused_on_the_page(api: Api) -> None:
    _use_mail_limit(api, 1)
    client = browser(api, "agent_n")
    token = csrf_of(client.get("/mail/unfiled").text)
    boundary = "mailboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
        f'filename="big.mbox"\r\nContent-Type: application/mbox\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def chunks():  # type: ignore[no-untyped-def]
        yield head
        for _ in range(30):
            yield b"From x\r\n" + b"y" * 65_536
        yield tail

    refused = client.post(
        "/mail/upload",
        content=chunks(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert refused.status_code == 413
    assert refused.headers["content-type"].startswith("text/html")
    assert "1 MB" in refused.text
    assert "Export fewer mails into one .mbox file" in refused.text  # several mails: fewer


def _mail_with_attachment(size: int) -> bytes:
    data = base64.encodebytes(b"%PDF-1.4\n" + b"0" * size).decode()
    return (
        "From: Amazon Seller Notification <seller-notification@amazon.com>\r\n"
        "To: ops@example-seller.cn\r\nSubject: Sold, ship now: a big invoice\r\n"
        "Date: Sat, 18 Apr 2026 14:00:00 +0000\r\nMessage-ID: <big-invoice@amazon.com>\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nThe invoice is attached.\r\n"
        "--b\r\nContent-Type: application/pdf\r\n"
        "Content-Disposition: attachment; filename=invoice.pdf\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{data}\r\n--b--\r\n"
    ).encode()


def test_an_attachment_too_big_to_keep_is_worded_in_each_readers_language(api: Api) -> None:
    api.state.ctx.max_attachment_bytes = 4096
    case = api.new_case(subject="Invoice requested for an order")
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    token = csrf_of(client.get("/mail/unfiled").text)
    sent = client.post(
        "/mail/upload",
        data={"csrf_token": token, "store": "north"},
        files={"attachments": ("big.eml", _mail_with_attachment(10_000), "message/rfc822")},
    )
    assert sent.status_code == 200
    assert "invoice.pdf（9.8 KiB）未保存：单个文件最多 4 KiB" in sent.text
    mail_id = api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["mails"][0]["id"]
    filed = client.post(
        f"/mail/unfiled/{mail_id}/file",
        data={"csrf_token": token, "case": str(case["id"])},
        follow_redirects=False,
    )
    assert filed.status_code == 303
    zh_page = client.get(f"/cases/{case['id']}").text
    assert "invoice.pdf（9.8 KiB）未保存" in zh_page and "too big" not in zh_page
    assert f'href="/mail/{mail_id}"' in zh_page  # the event leads to its mail
    en = browser(api, "agent_n")
    en_page = en.get(f"/cases/{case['id']}").text
    assert "invoice.pdf (9.8 KiB) was not kept: a file may be at most 4 KiB." in en_page
    assert "invoice.pdf (9.8 KiB) was not kept" in en.get(f"/mail/{mail_id}").text


def test_a_note_written_before_sizes_were_kept_still_reads() -> None:
    old = left_out_in(["attachment-too-big:big.zip", "attachment-too-big:5:4:a:b.pdf"])
    assert old[0].name == "big.zip" and old[0].size is None
    assert (old[1].name, old[1].size, old[1].limit) == ("a:b.pdf", 5, 4)


def _unfiled_mail(api: Api, client) -> int:  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/mail/unfiled").text)
    client.post(
        "/mail/upload",
        data={"csrf_token": token, "store": "north"},
        files={
            "attachments": ("m.eml", (CORPUS / "12_no_match.eml").read_bytes(), "message/rfc822")
        },
    )
    return int(api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["mails"][0]["id"])


def test_a_mails_page_files_it_and_a_refusal_comes_back_to_that_page(api: Api) -> None:
    case = api.new_case(subject="Earbuds sold but not shipped")
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    mail_id = _unfiled_mail(api, client)
    page = client.get(f"/mail/{mail_id}").text
    for action in ("file", "new", "dismiss"):
        assert f'action="/mail/unfiled/{mail_id}/{action}"' in page
    token = csrf_of(page)
    refused = client.post(
        f"/mail/unfiled/{mail_id}/file",
        data={"csrf_token": token, "case": "99999", "back": "mail"},
        follow_redirects=False,
    )
    assert refused.status_code == 404
    assert "没有您可更改的案例 99999。" in refused.text and "“案例”列表" not in refused.text
    assert "Sold, ship now: Wireless earbuds" in refused.text  # the mail's page, not the list
    filed = client.post(
        f"/mail/unfiled/{mail_id}/file",
        data={"csrf_token": token, "case": str(case["id"]), "back": "mail"},
        follow_redirects=False,
    )
    assert filed.status_code == 303
    after = client.get(f"/mail/{mail_id}").text
    assert f'action="/mail/unfiled/{mail_id}/file"' not in after  # filed: no actions left
    assert f'href="/cases/{case["id"]}"' in after


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-CN", "邮件 {id} 已经归档或忽略。"),
        ("en", "Mail {id} has already been filed or dismissed."),
    ],
)
def test_dismissing_a_mail_twice_is_said_without_a_state_code(
    api: Api, lang: str, words: str
) -> None:
    client = browser(api, "agent_n", **{"Accept-Language": lang})
    mail_id = _unfiled_mail(api, client)
    token = csrf_of(client.get(f"/mail/{mail_id}").text)
    form = {"csrf_token": token, "back": "mail"}
    done = client.post(f"/mail/unfiled/{mail_id}/dismiss", data=form, follow_redirects=False)
    assert done.status_code == 303
    again = client.post(f"/mail/unfiled/{mail_id}/dismiss", data=form, follow_redirects=False)
    assert again.status_code == 409
    assert words.format(id=mail_id) in again.text
    assert "(it is dismissed)" not in again.text and "sellerdesk" not in again.text
