"""``alerts channel add|edit`` for e-mail: a CA file that is not there exits 2 naming it,
and certificate checks are turned off only by --smtp-no-verify (and back on by --smtp-verify)."""

from __future__ import annotations

from pathlib import Path

from tests.receivers.smtp_tls_receiver import self_signed

MAIL = ("alerts", "channel", "add", "mail", "--kind", "email", "--smtp-host", "smtp.example.com",
        "--smtp-from", "desk@example.com", "--smtp-to", "ops@example.com")  # fmt: skip


def test_a_missing_ca_file_exits_2_naming_the_file(cli, tmp_path: Path):
    done = cli(*MAIL, "--smtp-ca-file", str(tmp_path / "nope.pem"), "--lang", "en")
    assert done.exit_code == 2
    assert "nope.pem" in done.stderr and "CA" in done.stderr


def test_verification_is_off_only_with_smtp_no_verify(cli, tmp_path: Path):
    made = self_signed(tmp_path / "tls")
    added = cli(*MAIL, "--smtp-ca-file", str(made.cert), "--json")
    assert added.exit_code == 0, added.stderr
    assert added.json()["smtp_skip_verify"] is False
    assert added.json()["smtp_ca_file"] == str(made.cert.resolve())
    off = cli("alerts", "channel", "edit", "mail", "--smtp-no-verify", "--json")
    assert off.exit_code == 0, off.stderr
    assert off.json()["smtp_skip_verify"] is True
    on = cli("alerts", "channel", "edit", "mail", "--smtp-verify", "--json")
    assert on.json()["smtp_skip_verify"] is False
