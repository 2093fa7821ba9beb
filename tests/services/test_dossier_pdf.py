"""The PDF dossier: one file, Chinese and English text read back from it, the attachments
that are PDFs or images appended after the timeline, the others skipped with a note, and a
missing Chinese font named with the way to install one."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sellerdesk.core.errors import SellerDeskError
from sellerdesk.services import dossier as dossier_service
from sellerdesk.services import dossier_fonts
from sellerdesk.storage.tables import AttachmentRow
from tests.dossier_pdf_text import needs_cjk_font, pdf_text
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, attach, context

NOW = T0 + timedelta(days=1)


def _evidence_pdf(pages: int) -> bytes:
    pdf = FPDF()
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("helvetica", size=20)
        pdf.cell(0, 20, f"INVOICE EVIDENCE PAGE {n}")
    return bytes(pdf.output())


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def _attach(session: Session, event, name: str, content: bytes, media: str, folder: Path):  # type: ignore[no-untyped-def]
    row = attach(session, event, name, content, folder)
    row.media_type = media
    session.flush()
    return row


@pytest.fixture
def case_id(engine: Engine, tmp_path: Path) -> int:
    folder = tmp_path / "attachments"
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "发票被拒 Invoice rejected", "退款")
        event = add_event(session, case, "我们附上发票 / invoices attached", at=T0)
        _attach(session, event, "invoice.pdf", _evidence_pdf(2), "application/pdf", folder)
        _attach(session, event, "shot.png", _png(), "image/png", folder)
        _attach(session, event, "fake.pdf", b"this is not a pdf at all", "application/pdf", folder)
        _attach(session, event, "notes.txt", b"plain words", "text/plain", folder)
        gone = add_event(session, case, "later", at=T0 + timedelta(hours=1))
        ghost = AttachmentRow(sha256="0" * 64, size=5, media_type="image/png", created_at=T0)
        session.add(ghost)
        session.flush()
        from sellerdesk.storage.tables import EventAttachmentRow

        session.add(
            EventAttachmentRow(event_id=gone.id, attachment_id=ghost.id, file_name="gone.png")
        )
        return case.id


def _pdf(engine: Engine, case_id: int, tmp_path: Path, **kw: object) -> bytes:
    with Session(engine) as session:
        out = dossier_service.dossier(
            session,
            case_id,
            now=NOW,
            ctx=context(tmp_path),
            fmt="pdf",
            **kw,  # type: ignore[arg-type]
        )
    assert isinstance(out, bytes)
    return out


def _text(content: bytes) -> str:
    return pdf_text(content)


def test_the_attachments_are_appended_after_the_timeline_and_the_others_noted(
    engine: Engine, case_id: int, tmp_path: Path
) -> None:
    needs_cjk_font()
    plain = _pdf(engine, case_id, tmp_path)
    full = _pdf(engine, case_id, tmp_path, with_attachments=True)
    plain_pages = len(PdfReader(io.BytesIO(plain)).pages)
    reader = PdfReader(io.BytesIO(full))
    # the image's page and the two pages of invoice.pdf
    assert len(reader.pages) == plain_pages + 3
    text = _text(full)
    assert text.index("Timeline") < text.index("INVOICE EVIDENCE PAGE 1")
    assert "INVOICE EVIDENCE PAGE 2" in text
    assert "Attachment A2: invoice.pdf (its page 2/2)" in text  # each appended page stamped
    assert "Attachment A4: shot.png" in text
    assert "appended after the timeline (2 pages)" in text
    assert "not appended: it is named or typed as a PDF but is not a readable PDF" in text
    assert "not appended: not a PDF or an image" in text  # notes.txt
    assert "not appended: the file is missing from the attachments folder" in text
    assert hashlib.sha256(b"plain words").hexdigest() in text.replace(" ", "")
    assert "INVOICE EVIDENCE" not in _text(plain)


def test_the_chinese_pdf_appends_too(engine: Engine, case_id: int, tmp_path: Path) -> None:
    needs_cjk_font()
    text = _text(_pdf(engine, case_id, tmp_path, lang="zh", with_attachments=True))
    assert "附件 A2：invoice.pdf（本附件第 1/2 页）" in text
    assert "未附上：不是 PDF 或图片" in text and "我们附上发票" in text


def _page_texts(content: bytes) -> list[str]:
    """Each page's text, read from a one-page copy of it."""
    from pypdf import PdfWriter

    texts = []
    for page in PdfReader(io.BytesIO(content)).pages:
        one = PdfWriter()
        one.add_page(page)
        out = io.BytesIO()
        one.write(out)
        texts.append(_text(out.getvalue()))
    return texts


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "Page {n} of {t}"), ("zh", "第 {n} 页，共 {t} 页")]
)
def test_every_page_of_the_pdf_with_attachments_is_numbered_in_one_sequence(
    engine: Engine, case_id: int, tmp_path: Path, lang: str, words: str
) -> None:
    needs_cjk_font()
    full = _pdf(engine, case_id, tmp_path, lang=lang, with_attachments=True)
    pages = _page_texts(full)
    total = len(pages)
    for n, text in enumerate(pages, start=1):
        assert words.format(n=n, t=total) in text, (n, text)
        others = [words.format(n=m, t=t) for m in range(1, total + 2) for t in range(1, total + 2)]
        assert [w for w in others if w in text] == [words.format(n=n, t=total)], (n, text)
    # invoice.pdf's two pages come before the image's page, which is the last page
    assert "INVOICE EVIDENCE PAGE 1" in pages[-3] and "INVOICE EVIDENCE PAGE 2" in pages[-2]
    assert "shot.png" in pages[-1]


def test_no_chinese_font_says_what_is_missing_and_how_to_install_it(
    engine: Engine, case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        dossier_fonts, "CJK_CANDIDATES", (dossier_fonts.FontFile(tmp_path / "no.ttc"),)
    )
    monkeypatch.setattr(dossier_fonts.shutil, "which", lambda name: None)
    dossier_fonts.find_fonts.cache_clear()
    try:
        with pytest.raises(SellerDeskError) as missing:
            _pdf(engine, case_id, tmp_path)
    finally:
        dossier_fonts.find_fonts.cache_clear()
    assert "no font that can write Chinese" in missing.value.message
    assert (
        missing.value.fix is not None and "apt-get install fonts-wqy-microhei" in missing.value.fix
    )
    assert "找不到可以写中文的字体" in missing.value.words("zh")[0]
