"""``sellerdesk dossier ID --format html|md|pdf --lang en|zh [--with-attachments] [-o FILE]``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from sellerdesk.storage.engine import make_engine
from sellerdesk.storage.migrate import head_revision
from tests.dossier_pdf_text import needs_cjk_font, pdf_text
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, attach


def seed(cli, home: Path) -> int:  # type: ignore[no-untyped-def]
    assert cli("migrate", "--json").json()["current"] == head_revision()
    engine = make_engine(f"sqlite:///{home / 'sellerdesk.db'}")
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "退款未到账 Refund missing", "订单丢失")
        event = add_event(session, case, "Amazon > Seller Support 回复", direction="in", at=T0)
        attach(session, event, "not-really.png", b"not an image", home / "attachments")
        case_id = case.id
    engine.dispose()
    return case_id


def test_the_dossier_command_writes_each_format_in_the_language_asked(cli, home, tmp_path):  # type: ignore[no-untyped-def]
    needs_cjk_font()
    case_id = seed(cli, home)
    md = cli("dossier", str(case_id), "--lang", "en")
    assert md.exit_code == 0 and "## Timeline" in md.stdout
    assert "Amazon > Seller Support 回复" in md.stdout  # the > stays as typed
    zh = cli("dossier", str(case_id), "--format", "html", "--lang", "zh")
    assert zh.exit_code == 0 and "时间线" in zh.stdout
    target = tmp_path / "out" / "case.pdf"
    target.parent.mkdir()  # a missing folder is refused (tests/cli/test_dossier_mend.py)
    written = cli(
        "dossier", str(case_id), "-f", "pdf", "--with-attachments", "-o", str(target), "--json"
    )
    assert written.exit_code == 0, written.stdout
    assert written.json()["bytes"] == target.stat().st_size and written.json()["lang"] == "en"
    text = pdf_text(target.read_bytes())
    assert "退款未到账" in text and "not appended: it is named or typed as an image" in text
    assert [p.name for p in target.parent.iterdir()] == ["case.pdf"]  # no temp file left


def test_bad_requests_name_the_flag_and_write_nothing(cli, home, tmp_path):  # type: ignore[no-untyped-def]
    case_id = seed(cli, home)
    no_file = cli("dossier", str(case_id), "--format", "pdf")
    assert no_file.exit_code == 2 and "--output" in no_file.stderr
    md_with = cli("dossier", str(case_id), "--with-attachments", "-o", str(tmp_path / "d.md"))
    assert md_with.exit_code == 2 and "--with-attachments" in md_with.stderr
    assert cli("dossier", str(case_id), "--format", "docx").exit_code == 2
    assert not (tmp_path / "d.md").exists()


def test_internal_notes_are_in_the_dossier_only_with_the_internal_flag(cli, home):  # type: ignore[no-untyped-def]
    case_id = seed(cli, home)
    engine = make_engine(f"sqlite:///{home / 'sellerdesk.db'}")
    with Session(engine) as session, session.begin():
        from sellerdesk.storage.tables import CaseRow

        case = session.get(CaseRow, case_id)
        assert case is not None
        add_event(session, case, "Ask the warehouse first", direction="note", at=T0)
    engine.dispose()
    default = cli("dossier", str(case_id))
    assert default.exit_code == 0 and "Ask the warehouse first" not in default.stdout
    assert "Internal notes (1) are left out of this dossier." in default.stdout
    left_out = cli("dossier", str(case_id), "--no-internal")
    assert "Ask the warehouse first" not in left_out.stdout
    asked = cli("dossier", str(case_id), "--internal")
    assert asked.exit_code == 0 and "Ask the warehouse first" in asked.stdout
    assert "left out" not in asked.stdout
