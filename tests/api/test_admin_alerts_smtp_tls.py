"""An e-mail channel's trust on the Alert channels page: its CA file (refused, field marked,
when it is no PEM certificate), a Send test to a real STARTTLS server, the status saying what
was wrong, and "do not check the certificate" only when ticked."""

from __future__ import annotations

from pathlib import Path

from tests.api.conftest import Api
from tests.api.test_admin_alerts import _post
from tests.api.web_support import browser
from tests.receivers.smtp_tls_receiver import PASSWORD, USER, self_signed, tls_smtp_receiver


def _mail(port: int, **more: str) -> dict[str, str]:
    return {
        "action": "add", "name": "mail", "kind": "email", "smtp_host": "127.0.0.1",
        "smtp_port": str(port), "smtp_security": "starttls", "smtp_user": USER,
        "smtp_from": "desk@example.com", "smtp_to": "ops@example.com", **more,
    }  # fmt: skip


def test_a_ca_file_that_is_no_certificate_is_refused_with_its_field_marked(
    api: Api, tmp_path: Path
) -> None:
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    junk = tmp_path / "ca.pem"
    junk.write_text("hello", encoding="utf-8")
    refused = _post(client, _mail(587, smtp_password="x", smtp_ca_file=str(junk)))
    assert refused.status_code == 422
    assert "不是 PEM 格式的证书" in refused.text
    assert 'id="smtp_ca_file" name="smtp_ca_file"' in refused.text
    assert 'class="bad" aria-invalid="true"' in refused.text.split('id="smtp_ca_file"')[1][:400]


def test_a_wrong_password_is_named_in_the_answer_and_the_channels_status(
    api: Api, tmp_path: Path
) -> None:
    made = self_signed(tmp_path / "tls")
    client = browser(api, "root", **{"Accept-Language": "en"})
    with tls_smtp_receiver(made, implicit=False) as server:
        form = _mail(server.port, smtp_password=PASSWORD + "x", smtp_ca_file=str(made.cert))
        assert _post(client, form).status_code == 303
        tested = _post(client, {"action": "test", "original": "mail"})
        assert "The SMTP server refused the login" in tested.text
        listed = client.get("/admin/alerts").text
        assert "refused the login" in listed and "certificate not checked" not in listed
        edit = {**form, "action": "edit", "original": "mail", "enabled": "yes",
                "smtp_password": PASSWORD, "smtp_skip_verify": "yes"}  # fmt: skip
        assert _post(client, edit, page="/admin/alerts/mail").status_code == 303
        fixed = _post(client, {"action": "test", "original": "mail"})
        assert "took the message" in fixed.text and len(server.messages) == 1
    listed = client.get("/admin/alerts").text
    assert "certificate not checked" in listed and "refused the login" not in listed
