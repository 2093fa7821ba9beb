"""The README flow on the command line (SQLite in SELLERDESK_HOME), exit codes 2 and 3 with
nothing written, and a process killed mid-write losing no acknowledged case."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

AT = "2026-04-14T10:00-07:00"  # Tuesday, desk na open


@pytest.fixture
def sqlite_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SELLERDESK_DATABASE_URL", raising=False)


def case_count(cli) -> int:  # type: ignore[no-untyped-def]
    return len(cli("case", "list", "--json", "--at", AT).json())


def test_a_case_goes_from_store_to_resolution_and_shows_events_and_clocks(
    cli, sqlite_only, tmp_path
):
    added = cli("store", "add", "acme", "--region", "na", "--marketplaces", "US,CA", "--json")
    assert added.exit_code == 0, added.stderr
    assert added.json()["marketplaces"] == ["US", "CA"]
    body = tmp_path / "body.md"
    body.write_text("Listing suppressed since Monday.\n", encoding="utf-8")
    new = cli(
        "case",
        "new",
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--subject",
        "Listing suppressed",
        "--body-file",
        str(body),
        "--asin",
        "B08N5WRWNW",
        "--json",
        "--at",
        AT,
    )
    assert new.exit_code == 0, new.stderr
    case_id = str(new.json()["id"])
    steps = [
        ("submit", case_id, "--case-id", "12345678901", "--at", AT),
        (
            "log",
            case_id,
            "--direction",
            "in",
            "--body",
            "Send invoice",
            "--at",
            "2026-04-15T09:00-07:00",
        ),
        (
            "log",
            case_id,
            "--direction",
            "out",
            "--body",
            "Sent",
            "--channel",
            "e-mail",
            "--attach",
            str(body),
            "--at",
            "2026-04-15T10:00-07:00",
        ),
        (
            "status",
            case_id,
            "resolved",
            "--amazon-label",
            "Answered",
            "--at",
            "2026-04-16T10:00-07:00",
        ),
    ]
    for step in steps:
        result = cli("case", *step, "--json")
        assert result.exit_code == 0, (step, result.stderr)
    shown = cli("case", "show", case_id, "--json", "--at", "2026-04-16T11:00-07:00").json()
    assert shown["status"] == "resolved" and shown["case_ids"] == ["12345678901"]
    assert [e["direction"] for e in shown["events"] if e["direction"] != "status"] == ["in", "out"]
    sent = next(e for e in shown["events"] if e["direction"] == "out")
    assert sent["attachments"][0]["name"] == "body.md"
    assert set(shown["clocks"]) == {"amazon", "team"}
    assert shown["clocks"]["amazon"]["turns"] == 2 and shown["clocks"]["team"]["turns"] == 1
    human = cli("case", "show", case_id, "--lang", "zh", "--tz", "Asia/Shanghai", "--at", AT)
    assert "亚马逊时钟" in human.stdout and "团队时钟" in human.stdout


def test_a_breached_clock_says_how_long_ago_in_show_and_list(cli, sqlite_only):
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    cli("case", "new", "--store", "acme", "--marketplace", "US", "--subject", "x y z", "--at", AT)
    cli("case", "submit", "1", "--case-id", "12345678901", "--at", AT)
    late = "2026-04-30T10:00-07:00"
    shown = cli("case", "show", "1", "--lang", "en", "--at", late)
    assert "BREACHED" in shown.stdout and "ago" in shown.stdout
    listed = cli("case", "list", "--breaching", "--json", "--at", late).json()
    assert [c["id"] for c in listed] == [1] and listed[0]["overdue_seconds"] > 0


def test_bad_input_exits_2_and_a_duplicate_exits_3_with_nothing_written(cli, sqlite_only):
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    assert cli("store", "add", "acme", "--region", "na", "--marketplaces", "US").exit_code == 3
    assert cli("store", "add", "b", "--region", "xx", "--marketplaces", "US").exit_code == 2
    first = (
        "case",
        "new",
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--subject",
        "Refund missing",
        "--order-id",
        "114-1234567-1234567",
        "--at",
        AT,
    )
    assert cli(*first, "--json").exit_code == 0
    before = case_count(cli)
    unknown = cli("case", "new", "--store", "nobody", "--marketplace", "US", "--subject", "x")
    assert unknown.exit_code == 2 and "--store" in unknown.stderr and "acme" in unknown.stderr
    bad_order = cli(
        "case",
        "new",
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--subject",
        "x",
        "--order-id",
        "12-3",
    )
    assert bad_order.exit_code == 2 and "--order-id" in bad_order.stderr
    duplicate = cli(*first, "--json")
    assert duplicate.exit_code == 3 and '"conflict"' in duplicate.stderr
    assert cli("case", "submit", "1", "--case-id", "abc").exit_code == 2
    assert cli("case", "status", "1", "resolved").exit_code == 2
    assert cli("case", "status", "1", "closed", "--expect-version", "7").exit_code == 3
    assert case_count(cli) == before
    assert cli("case", "show", "1", "--json").json()["version"] == 1
    forced = cli(*first, "--force", "--reason", "Amazon closed it", "--json")
    assert forced.exit_code == 0 and case_count(cli) == before + 1


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from sellerdesk.services.runtime import build_runtime
    from sellerdesk.services import cases, stores

    tracker = build_runtime()
    now = datetime(2026, 4, 14, 17, tzinfo=UTC)
    stores.add(sessions=tracker.sessions, now=now, ctx=tracker.ctx, name="acme",
               region="na", marketplaces=["US"])
    i = 0
    while True:
        i += 1
        case_id = cases.create(sessions=tracker.sessions, now=now, ctx=tracker.ctx,
                               store="acme", marketplace="US", subject=f"issue {i}",
                               force=True, reason="load")
        print(case_id, flush=True)
    """
)


def test_a_process_killed_mid_write_loses_no_acknowledged_case(home: Path, sqlite_only):
    env = {**os.environ, "SELLERDESK_HOME": str(home)}
    env.pop("SELLERDESK_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER], env=env, stdout=subprocess.PIPE, text=True
    )
    acknowledged: list[int] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while len(acknowledged) < 25 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        acknowledged.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    acknowledged += [int(x) for x in proc.stdout.read().split()]  # printed before the kill
    assert len(acknowledged) >= 25
    db = sqlite3.connect(home / "sellerdesk.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {row[0] for row in db.execute("SELECT id FROM cases")}
    finally:
        db.close()
    assert set(acknowledged) <= stored


def test_errors_read_in_chinese_with_lang_zh_and_stay_english_in_json(cli, sqlite_only):
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    new = ("case", "new", "--store", "acme", "--marketplace", "US", "--at", AT)
    cli(*new, "--subject", "Refund missing", "--order-id", "114-1234567-1234567")
    again = cli(
        *new, "--subject", "Buyer refund", "--order-id", "114-1234567-1234567", "--lang", "zh"
    )
    assert again.exit_code == 3
    refused = "错误: --store: 该店铺已有针对此问题的未结案例 —— 案例 1：相同的订单号 114-"
    assert refused in again.stderr
    assert "解决办法: 请在已有案例中补充信息" in again.stderr
    moved = cli("case", "status", "1", "resolved", "--lang", "zh", "--at", AT)
    assert moved.exit_code == 2 and "案例不能从“草稿”改为“已解决”。" in moved.stderr
    assert "从“草稿”可以改为：已提交、已关闭、已合并。" in moved.stderr
    unknown = cli("case", "show", "99", "--lang", "zh", "--json")
    assert unknown.exit_code == 2
    error = json.loads(unknown.stderr)["error"]  # for scripts: English, and a stable key
    assert (error["key"], error["message"]) == ("case.not_found", "There is no case 99.")


def test_errors_follow_the_configured_language_when_no_flag_is_given(cli, sqlite_only):
    cli("config", "set", "lang", "zh")
    missing = cli("case", "show", "99")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("错误: ID: 没有编号为 99 的案例。")
    assert cli("case", "show", "99", "--lang", "en").stderr.startswith("error: ID: There is no")
