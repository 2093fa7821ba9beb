"""Mends from the new-user trial of issue 16 on the dossier: an English dossier flags each
field still in Chinese (the marker of ``case render`` and a notice naming the fields) in
HTML, Markdown and PDF; a Chinese dossier does not. The PDF appends the attachments in the
list's order and its "page N of M" counts the appended pages."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sellerdesk.services import dossier as dossier_service
from tests.dossier_pdf_text import needs_cjk_font, pdf_text
from tests.services.test_dossier_pdf import _attach, _evidence_pdf
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, context

NOW = T0 + timedelta(days=2)
MARKER = "WRITTEN IN CHINESE — translate before sending"  # Markdown escapes its [ ]


@pytest.fixture
def case_id(engine: Engine) -> int:
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "Listing removed", "listing")
        case.body = {"description": "我们的商品被下架了", "expected": "Listing restored"}
        add_event(session, case, "Appeal sent", at=T0)
        add_event(session, case, "已上传发票", at=T0 + timedelta(hours=1))
        return case.id


def _dossier(engine: Engine, case_id: int, tmp_path: Path, fmt: str, lang: str) -> str | bytes:
    with Session(engine) as session:
        return dossier_service.dossier(
            session, case_id, now=NOW, ctx=context(tmp_path), fmt=fmt, lang=lang
        )


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_english_dossier_flags_each_field_still_in_chinese(
    engine: Engine, case_id: int, tmp_path: Path, fmt: str
) -> None:
    text = _dossier(engine, case_id, tmp_path, fmt, "en")
    assert isinstance(text, str)
    assert text.count(MARKER) == 2  # the summary and the second event, not "Expected"
    assert "Still in Chinese: Summary." in text
    assert "Still in Chinese: timeline entry 2." in text
    zh = _dossier(engine, case_id, tmp_path, fmt, "zh")
    assert isinstance(zh, str) and MARKER not in zh and "Still in Chinese" not in zh


def test_the_english_pdf_flags_them_too(engine: Engine, case_id: int, tmp_path: Path) -> None:
    needs_cjk_font()
    content = _dossier(engine, case_id, tmp_path, "pdf", "en")
    assert isinstance(content, bytes)
    text = " ".join(pdf_text(content).split())
    assert "WRITTEN IN CHINESE" in text and "Still in Chinese: Summary." in text


def test_the_pdf_appends_in_the_lists_order_and_counts_every_page(
    engine: Engine, tmp_path: Path
) -> None:
    needs_cjk_font()
    folder = tmp_path / "attachments"
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "Invoices", "listing")
        event = add_event(session, case, "evidence", at=T0)  # listed by name: A1 A2 A3
        _attach(session, event, "a-shot.png", _png(), "image/png", folder)
        _attach(session, event, "b-invoice.pdf", _evidence_pdf(2), "application/pdf", folder)
        _attach(session, event, "c-second.png", _png(green=True), "image/png", folder)
        case_id = case.id
    with Session(engine) as session:
        content = dossier_service.dossier(
            session, case_id, now=NOW, ctx=context(tmp_path), fmt="pdf", with_attachments=True
        )
    assert isinstance(content, bytes)
    from pypdf import PdfReader

    pages = [" ".join(pdf_text_of(p).split()) for p in PdfReader(io.BytesIO(content)).pages]
    total = len(pages)
    marks = [
        n
        for n, text in enumerate(pages)
        for mark in ("A1: a-shot.png", "INVOICE EVIDENCE PAGE 1", "A3: c-second.png")
        if mark in text
    ]
    assert marks == sorted(marks) and len(marks) == 3, pages
    assert f"Page 1 of {total}" in " ".join(pdf_text(content).split())


def _png(*, green: bool = False) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 200 if green else 120, 90)).save(out, format="PNG")
    return out.getvalue()


def pdf_text_of(page: object) -> str:
    return str(page.extract_text())  # type: ignore[attr-defined]


def test_a_downloaded_dossier_is_named_by_language_and_attachments() -> None:
    assert dossier_service.file_name(6, "pdf", "en") == "case-6-dossier-en.pdf"
    with_files = dossier_service.file_name(6, "pdf", "zh", with_attachments=True)
    assert with_files == "case-6-dossier-zh-with-attachments.pdf"
