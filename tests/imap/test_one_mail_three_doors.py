"""One Amazon reply arriving by every door — ``mail import`` of the saved .eml, the upload on
the Unfiled page, then the team's IMAP mailbox polled by the worker — is one mail: one ``in``
event on its case and one alert to the owner; the later doors count it "already read".

The team is set up as in test_forwarded_reply_pings_the_owner (the CLI, dovecot, a WeCom
robot on loopback); the import and the upload run their services (what the command and the
page call) on the worker's clock, the mailbox is polled by ``sellerdesk worker --once``. On
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from sellerdesk.services.mail import importing
from tests.imap import test_forwarded_reply_pings_the_owner as e2e

MONDAY, events_of, forwarded, worker = e2e.MONDAY, e2e.events_of, e2e.forwarded, e2e.worker
# the same team, set up by the same fixtures
sd, team, robot, kind = e2e.sd, e2e.team, e2e.robot, e2e.kind


def test_a_reply_imported_uploaded_and_polled_is_one_event_and_one_alert(
    sd, team, sessions, ctx, dovecot, folder, robot, tmp_path
):
    case_id = team("19999999999", "Asia/Shanghai")
    raw = forwarded("18_forward_outlook.eml", "Fwd: Amazon update")
    saved = tmp_path / "amazon-update.eml"
    saved.write_bytes(raw)
    at = datetime.fromisoformat(MONDAY.format("10:30"))

    imported = importing.import_paths(
        sessions,
        paths=[saved],
        source=importing.source_for(sessions, key="file", store="north"),
        now=lambda: at,
        ctx=ctx,
    )
    uploaded = importing.import_upload(
        sessions,
        data=raw,
        file_name="amazon-update.eml",
        source=importing.source_for(sessions, key="upload", store="north"),
        now=lambda: at,
        ctx=ctx,
    )
    dovecot.deliver("amazon", [raw], folder)
    polled = worker(sd, MONDAY.format("10:40"))

    assert (imported.count("filed"), imported.count("duplicate")) == (1, 0)
    assert (uploaded.count("filed"), uploaded.count("duplicate")) == (0, 1)
    assert "amazon-fwd: 1 new — filed 0, unfiled 0, already read 1" in polled.stdout, polled.stdout
    assert len([e for e in events_of(sessions, case_id) if e.direction == "in"]) == 1
    assert len(sd("alerts", "outbox", "list", "--json").json()["alerts"]) == 1
    [message] = robot.accepted()
    assert f"/cases/{case_id}" in str(message.json)
    worker(sd, MONDAY.format("10:50"))
    assert len(robot.received) == 1
