"""The Admin page reads backup.schedule as the config file says now (no restart), words the
'off' state without command-line syntax, and shows a failed backup's reason in the page's
language (no Python error text). SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta

from sellerdesk.services.tracker import transaction
from sellerdesk.storage import backup_runs
from sellerdesk.storage.backup_runs import BackupRunRow
from tests.api.conftest import Api
from tests.api.web_support import browser

SLOT = datetime(2026, 12, 3, 19, 0, tzinfo=UTC)


def test_a_schedule_set_while_the_server_runs_shows_without_a_restart(api: Api) -> None:
    admin = browser(api, "root")
    page = admin.get("/admin")
    assert "Scheduled backups are off" in page.text
    assert "sellerdesk config" not in page.text and "backup.schedule" not in page.text
    assert "Turn them on below" in page.text  # the section's own form (test_web_mend.py)
    config = api.state.settings.config_path
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('"backup.schedule" = "daily 00:01"\n', encoding="utf-8")
    page = admin.get("/admin")
    assert "every day at 00:01" in page.text and "Scheduled backups are off" not in page.text
    config.write_text('"backup.schedule" = "off"\n', encoding="utf-8")
    later = time.time() + 5  # a second write in the same clock tick still counts
    os.utime(config, (later, later))
    assert "Scheduled backups are off" in admin.get("/admin").text


def test_a_failed_backup_shows_its_reason_in_the_page_language(api: Api) -> None:
    record = json.dumps(
        {
            "key": "backup_failed.not_a_folder",
            "params": {"path": "/srv/backups"},
            "detail": "NotADirectoryError: [Errno 20] Not a directory: '/srv/backups'",
        }
    )
    with transaction(api.state.sessions) as session:
        session.add(
            BackupRunRow(
                slot=SLOT,
                claimed_by="w1",
                started_at=SLOT,
                finished_at=SLOT + timedelta(minutes=1),
                status=backup_runs.FAILED,
                error=record,
            )
        )
    admin = browser(api, "root")
    zh = admin.get("/admin", headers={"Accept-Language": "zh-CN"}).text
    assert "备份文件夹 /srv/backups 不是文件夹" in zh and "Errno" not in zh
    en = admin.get("/admin", headers={"Accept-Language": "en"}).text
    assert "the backup folder /srv/backups is not a folder" in en and "Errno" not in en
