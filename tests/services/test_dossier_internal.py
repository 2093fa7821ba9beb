"""What of the case's own notes goes into the dossier meant for Amazon (issue 16, the third
trial): the case coach's notes never; the team's internal notes only when asked, the header
saying in the dossier's language that they were left out; Amazon's notices filed from the
mailbox always; a left-out note's files stay listed and numbered."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sellerdesk.services import dossier as dossier_service
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, attach, context

COACH = {"lint": {"score": 72, "findings": []}}


@pytest.fixture
def case_id(engine: Engine, tmp_path: Path) -> int:
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "Listing removed", "listing")
        add_event(session, case, "Appeal sent to Amazon", at=T0)
        add_event(
            session,
            case,
            "Case coach: score 72/100; findings: none",
            at=T0 + timedelta(minutes=1),
            direction="note",
            data=COACH,
        )
        add_event(
            session,
            case,
            "Supplier is late again, blame them",
            at=T0 + timedelta(minutes=2),
            direction="note",
        )
        add_event(
            session,
            case,
            "Amazon notice: your listing is under review",
            at=T0 + timedelta(minutes=3),
            direction="note",
            channel="e-mail",
            author="seller-notification@amazon.com",
        )
        files = add_event(session, case, "", at=T0 + timedelta(minutes=4), direction="note")
        attach(session, files, "invoice.pdf", b"%PDF-1.4 x", tmp_path / "attachments")
        return case.id


def _md(engine: Engine, case_id: int, tmp_path: Path, **kw: object) -> str:
    with Session(engine) as session:
        out = dossier_service.dossier(
            session,
            case_id,
            now=T0 + timedelta(days=1),
            ctx=context(tmp_path),
            fmt="md",
            **kw,  # type: ignore[arg-type]
        )
    assert isinstance(out, str)
    return out


def test_the_dossier_leaves_out_the_coach_and_internal_notes_and_says_so(
    engine: Engine, case_id: int, tmp_path: Path
) -> None:
    text = _md(engine, case_id, tmp_path)
    assert "Case coach" not in text and "score 72" not in text
    assert "Supplier is late again" not in text
    assert "Internal notes (1) are left out of this dossier." in text
    assert "Appeal sent to Amazon" in text
    assert "Amazon notice: your listing is under review" in text  # Amazon's words stay
    assert "A1 invoice.pdf" in text  # the files of a note are evidence: still listed


def test_the_chinese_dossier_says_in_chinese_that_internal_notes_are_left_out(
    engine: Engine, case_id: int, tmp_path: Path
) -> None:
    text = _md(engine, case_id, tmp_path, lang="zh")
    assert "本档案未收入内部备注（1 条）。" in text
    assert "Supplier is late again" not in text and "72" not in text.split("##")[0]


def test_internal_notes_are_in_when_asked_but_never_the_coachs(
    engine: Engine, case_id: int, tmp_path: Path
) -> None:
    for fmt in ("md", "html"):
        with Session(engine) as session:
            text = dossier_service.dossier(
                session,
                case_id,
                now=T0 + timedelta(days=1),
                ctx=context(tmp_path),
                fmt=fmt,
                internal=True,
            )
        assert isinstance(text, str)
        assert "Supplier is late again" in text
        assert "Case coach" not in text and "left out" not in text


def test_the_html_dossier_says_it_in_its_header(
    engine: Engine, case_id: int, tmp_path: Path
) -> None:
    with Session(engine) as session:
        html = dossier_service.dossier(
            session, case_id, now=T0 + timedelta(days=1), ctx=context(tmp_path), fmt="html"
        )
    assert isinstance(html, str)
    head = html.split("<h2>")[0]
    assert '<p class="notice">Internal notes (1) are left out of this dossier.</p>' in head
