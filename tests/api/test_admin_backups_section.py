"""The Admin page shows admins the last successful scheduled backup and a newer failure (zh
and English); nobody else sees the page."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from sellerdesk.api.app import create_app
from sellerdesk.services.backup import scheduled
from sellerdesk.services.tracker import transaction
from sellerdesk.settings import Settings
from sellerdesk.storage import backup_runs
from sellerdesk.storage.backup_runs import BackupRunRow
from tests.api.conftest import Api
from tests.api.web_support import browser

SLOT = datetime(2026, 12, 3, 19, 0, tzinfo=UTC)


def record(api: Api, slot: datetime, status: str, **values: object) -> None:
    with transaction(api.state.sessions) as session:
        session.add(
            BackupRunRow(
                slot=slot,
                claimed_by="w1",
                started_at=slot,
                finished_at=slot + timedelta(minutes=1),
                status=status,
                **values,
            )
        )


def test_admins_see_the_last_backup_and_a_newer_failure_others_see_no_page(api: Api) -> None:
    admin = browser(api, "root")
    page = admin.get("/admin")
    assert page.status_code == 200 and "No scheduled backup has succeeded yet." in page.text
    record(api, SLOT, backup_runs.OK, path="/srv/b/sellerdesk-20261203-190000.tar.gz", size=3 << 20)
    page = admin.get("/admin")
    assert "sellerdesk-20261203-190000.tar.gz" in page.text and "3 MiB" in page.text
    assert "Last failed backup" not in page.text
    record(api, SLOT + timedelta(days=1), backup_runs.FAILED, error="disk full")
    page = admin.get("/admin", headers={"Accept-Language": "zh-CN"})
    assert "最近一次失败的备份" in page.text and "disk full" in page.text
    assert "最近一次成功备份" in page.text
    assert browser(api, "agent_n").get("/admin").status_code == 404


def test_the_serve_worker_writes_the_scheduled_backup_and_the_page_shows_it(
    database_url: str, tmp_path: Path
) -> None:
    settings = Settings(
        home=tmp_path / "home",
        database_url=database_url,
        team_timezone="Asia/Shanghai",
        config={"backup.schedule": "daily 03:00", "backup.keep": "2"},
    )
    app = create_app(settings, clock=lambda: SLOT + timedelta(minutes=30), run_worker=True)
    folder = tmp_path / "home" / "backups"
    with TestClient(app):
        deadline = time.monotonic() + 20
        shown = scheduled.status(app.state.sellerdesk.sessions)
        while time.monotonic() < deadline and shown.last_ok is None:  # written and checked
            time.sleep(0.05)
            shown = scheduled.status(app.state.sellerdesk.sessions)
    app.state.sellerdesk.engine.dispose()
    assert [p.name for p in folder.glob("sellerdesk-*.tar.gz")] == [
        "sellerdesk-20261203-193000.tar.gz"
    ]
    assert shown.last_ok is not None and shown.last_ok.file is not None
    assert shown.last_ok.file.name.endswith("193000.tar.gz")
