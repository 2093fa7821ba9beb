"""``sellerdesk worker`` delivers due reminders once; ``sellerdesk remind --due`` lists them.

The case is submitted Fri 17 Apr 2026 17:00 Los Angeles on desk ``na``: Amazon's clock is due
Tue 21 Apr 17:00 LA = Wed 22 Apr 08:00 Beijing, so the reminder fires at the team's opening,
Wed 22 Apr 09:00 Beijing (team: Mon-Fri 09:00-18:00 Asia/Shanghai).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from sellerdesk.services.cases import followups
from sellerdesk.services.runtime import build_runtime
from sellerdesk.storage.tables import EventRow, ReminderRow
from tests.services.reminder_fixtures import add_case, la, move

FIRES = "2026-04-22T09:00+08:00"
IN_HOURS = "2026-04-22T09:30+08:00"
AFTER_HOURS = "2026-04-22T20:00+08:00"


@pytest.fixture
def store(cli, database_url, monkeypatch):  # type: ignore[no-untyped-def]
    """One submitted case in the database under test; its id."""
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    assert cli("config", "set", "team.timezone", "Asia/Shanghai").exit_code == 0
    tracker = build_runtime()
    with tracker.sessions.begin() as s:
        case = add_case(s, at=la(17, 17), subject="Listing suppressed")
        move(s, case, "submitted", la(17, 17))
        followups.refresh(s, tracker.ctx, case, la(17, 17))
        case_id = case.id
    tracker.engine.dispose()
    return case_id


def notes(case_id: int) -> list[str]:
    tracker = build_runtime()
    with tracker.sessions() as s:
        found = s.scalars(
            select(EventRow.body).where(EventRow.case_id == case_id, EventRow.direction == "note")
        ).all()
    tracker.engine.dispose()
    return list(found)


def test_remind_due_lists_a_reminder_once_its_time_has_come(cli, store):
    assert (
        cli("remind", "--due", "--json", "--at", "2026-04-22T08:59+08:00").json()["reminders"] == []
    )
    out = cli("remind", "--due", "--json", "--at", IN_HOURS, "--tz", "Asia/Shanghai").json()
    [item] = out["reminders"]
    assert item["case_id"] == store
    assert item["kind"] == "amazon-reply-overdue"
    assert item["due_at"] == "2026-04-22T09:00:00+08:00"
    assert item["overdue_seconds"] == 30 * 60
    assert out["team_open"] is True


def test_remind_without_due_also_shows_upcoming_reminders(cli, store):
    out = cli("remind", "--json", "--at", "2026-04-20T09:00+08:00").json()
    assert [r["kind"] for r in out["reminders"]] == ["amazon-reply-overdue"]


def test_the_worker_delivers_a_due_reminder_once_as_a_note_on_the_case(cli, store):
    first = cli("worker", "--once", "--at", IN_HOURS, "--worker-id", "w1")
    assert first.exit_code == 0, first.stderr
    assert "Amazon has not replied for 24 business hours" in first.stdout
    assert f"case {store}" in first.stdout
    assert notes(store) == ["reminder: Amazon has not replied for 24 business hours"]
    again = cli("worker", "--once", "--at", IN_HOURS, "--worker-id", "w2")
    assert again.exit_code == 0 and again.stdout == ""
    assert len(notes(store)) == 1
    assert cli("remind", "--due", "--json", "--at", IN_HOURS).json()["reminders"] == []


def test_the_worker_waits_for_the_team_to_be_at_work(cli, store):
    off = cli("worker", "--once", "--at", AFTER_HOURS)
    assert off.exit_code == 0 and off.stdout == ""
    listed = cli("remind", "--due", "--json", "--at", AFTER_HOURS).json()
    assert listed["team_open"] is False
    assert listed["team_opens_at"] is not None
    assert len(listed["reminders"]) == 1


def test_the_worker_speaks_chinese_when_asked(cli, store):
    out = cli("worker", "--once", "--at", IN_HOURS, "--lang", "zh")
    assert "亚马逊已 24 个工作小时未回复" in out.stdout


def test_a_non_positive_interval_is_invalid_input(cli):
    out = cli("worker", "--interval", "0")
    assert out.exit_code == 2
    assert "--interval" in out.stderr


def test_sigterm_stops_a_running_worker_cleanly(home, tmp_path):
    env = {**os.environ, "SELLERDESK_HOME": str(home), "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1"}
    env.pop("SELLERDESK_DATABASE_URL", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from sellerdesk.cli.main import main; main()",
            "worker",
            "--interval",
            "0.2",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        assert proc.stdout is not None
        line = proc.stdout.readline()  # "worker … started": the handlers are in place
        assert "started" in line, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped: 0 reminder(s) delivered" in out


def test_reminders_are_kept_in_the_database(cli, store):
    tracker = build_runtime()
    with tracker.sessions() as s:
        kinds = s.scalars(select(ReminderRow.kind).where(ReminderRow.case_id == store)).all()
    tracker.engine.dispose()
    assert kinds == ["amazon-reply-overdue"]
