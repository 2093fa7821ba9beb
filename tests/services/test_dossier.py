"""The evidence dossier: every event in order, both zones, sha256, user text escaped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.services import dossier as dossier_service
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, attach, context

NOW = T0 + timedelta(days=2)


@pytest.fixture
def case_id(engine):  # type: ignore[no-untyped-def]
    with Session(engine) as session, session.begin():
        case = add_case(
            session,
            add_store(session),
            "Refund | missing <b>",
            "退款未到账",
            status="waiting-amazon",
            identifiers=(("order", "114-1234567-1234567"),),
            amazon_ids=("12345678901",),
        )
        add_event(
            session,
            case,
            "",
            at=T0,
            direction="status",
            author=None,
            data={"from": "draft", "to": "submitted"},
        )
        add_event(session, case, "first message <script>alert(1)</script>", at=T0)
        reply = add_event(
            session, case, "Amazon replied | 亚马逊回复", direction="in", at=T0 + timedelta(hours=5)
        )
        attach(session, reply, "screenshot.png", b"evidence")
        add_event(session, case, "internal note", direction="note", at=T0 + timedelta(hours=9))
        return case.id


def render(engine, case_id, tmp_path, **kw):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return dossier_service.dossier(session, case_id, now=NOW, ctx=context(tmp_path), **kw)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_dossier_lists_every_event_in_order_in_both_zones(engine, case_id, tmp_path, fmt):
    out = render(engine, case_id, tmp_path, fmt=fmt)
    positions = [out.index(s) for s in ("first message", "Amazon replied", "internal note")]
    assert positions == sorted(positions)
    assert "2026-04-15 01:00:00 +0800" in out  # T0 in the team's zone (Asia/Shanghai)
    assert "2026-04-14 17:00:00 UTC" in out
    assert "12345678901" in out and "114-1234567-1234567" in out
    import hashlib

    assert hashlib.sha256(b"evidence").hexdigest() in out
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert "draft → submitted" in out


def test_markdown_escapes_pipes_and_html_is_self_contained(engine, case_id, tmp_path):
    md = render(engine, case_id, tmp_path, fmt="md")
    assert "Amazon replied \\| 亚马逊回复" in md
    page = render(engine, case_id, tmp_path, fmt="html", lang="zh")
    assert '<meta charset="utf-8">' in page and "<style>" in page
    assert "<script" not in page and "http" not in page.split("<body>")[1]
    assert "沟通时间线" in page


def test_another_zone_can_be_chosen(engine, case_id, tmp_path):
    out = render(engine, case_id, tmp_path, fmt="md", zone="America/Los_Angeles")
    assert "2026-04-14 10:00:00 -0700" in out


def test_unknown_case_and_format_are_refused(engine, case_id, tmp_path):
    with pytest.raises(NotFound):
        render(engine, case_id + 99, tmp_path)
    with pytest.raises(InvalidInput):
        render(engine, case_id, tmp_path, fmt="pdf")


def test_the_file_is_written_atomically(tmp_path):
    target = tmp_path / "out" / "d.md"
    dossier_service.write_atomic(target, "# 档案\n")
    assert target.read_text(encoding="utf-8") == "# 档案\n"
    assert [p.name for p in target.parent.iterdir()] == ["d.md"]
