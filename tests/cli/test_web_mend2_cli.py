"""The CLI's side of the first-day trial's second round (issue 15): a reset password's expiry
in the team's zone (as the web shows it), and ``case show`` in Chinese saying the coach's
note and the support desk in words, not "Case coach: score …; findings: <code>" and "na"."""

from __future__ import annotations

import re
from pathlib import Path

PASSWORD = "a fine passphrase"


def test_a_reset_password_expiry_is_printed_in_the_team_zone(cli):
    cli("user", "add", "boss", "--role", "admin", "--password", PASSWORD)
    cli("user", "add", "li", "--role", "agent", "--password", PASSWORD)
    assert cli("config", "set", "team.timezone", "Asia/Shanghai").exit_code == 0
    made = cli("user", "reset-password", "li", "--json").json()
    plain = cli("user", "reset-password", "li", "--lang", "zh").stdout
    line = next(x for x in plain.splitlines() if "有效期至" in x)
    assert "Asia/Shanghai" in line and "UTC" not in line
    shown = re.search(r"(\d{4}-\d\d-\d\d \d\d:\d\d)", line)
    from datetime import datetime
    from zoneinfo import ZoneInfo

    expires = datetime.fromisoformat(made["expires_at"]).astimezone(ZoneInfo("Asia/Shanghai"))
    # the second reset is a moment after the first: the same minute, or the next one
    assert shown and shown.group(1) >= f"{expires:%Y-%m-%d %H:%M}"


def test_case_show_in_chinese_says_the_coach_note_and_the_desk_in_words(cli, tmp_path: Path):
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "Subject: 商品被下架\n\n我们的商品 B08N5WRWNW 在 2026-03-05 被下架，没有说明原因。\n",
        encoding="utf-8",
    )
    made = cli(
        "case",
        "new",
        "--from-draft",
        str(draft),
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--json",
    )
    assert made.exit_code == 0, made.stderr
    case_id = str(made.json()["id"])
    shown = cli("case", "show", case_id, "--lang", "zh")
    assert shown.exit_code == 0, shown.stderr
    out = shown.stdout
    assert "支持团队 北美" in out and "支持团队 na" not in out
    assert "案例教练得分" in out and "Case coach: score" not in out
    assert "findings:" not in out and "language-mismatch" not in out
    english = cli("case", "show", case_id, "--lang", "en").stdout
    assert "Case coach" in english or "case coach" in english.lower()
