"""What makes the PDF dossier fast changes nothing in it: the fonts read once a process
write the same PDF as fpdf2 reading the font file each time, a font changed on disk is read
again, and lines drawn a cell each land where fpdf2's multi_cell puts them (page breaks,
a field's label beside its value). The 500-event figures: bench/dossier_bench.py."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from sellerdesk.services import dossier_fonts
from sellerdesk.services.dossier_fonts import embed_font, find_fonts
from sellerdesk.services.dossier_model import DossierDocument
from sellerdesk.services.dossier_pdf import _output, _Pdf
from tests.dossier_pdf_text import needs_cjk_font, pdf_text

TEXTS = (
    "您好，我们的商品 B0CXYZ1234 在 11 月 2 日被下架，错误 5665：需要品牌授权。",
    "内部备注：供应商发票已重新开具，金额与订单 114-1234567-1234567 一致。",
)
AT = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def _small_pdf(text: str, *, cached: bool) -> bytes:
    fonts = find_fonts()
    pdf = FPDF()
    pdf.set_creation_date(AT)
    if cached:
        embed_font(pdf, "body", fonts.cjk)
    else:
        pdf.add_font("body", fname=fonts.cjk.path, collection_font_number=fonts.cjk.index)
    pdf.add_page()
    pdf.set_font("body", size=11)
    pdf.multi_cell(0, 6, text)
    return _output(pdf)


def test_a_font_read_once_a_process_writes_the_same_pdf_as_reading_the_file_each_time() -> None:
    needs_cjk_font()
    for text in (*TEXTS, TEXTS[0]):  # the first document's subset leaves the shared font as read
        assert _small_pdf(text, cached=True) == _small_pdf(text, cached=False)


def test_a_font_file_changed_on_disk_is_read_again(tmp_path: Path) -> None:
    needs_cjk_font()
    latin = find_fonts().fallback
    if latin is None:
        pytest.skip("no Latin fallback font to copy")
    font = tmp_path / "latin.ttf"
    shutil.copyfile(latin, font)
    before = dossier_fonts._parsed.cache_info()
    embed_font(FPDF(), "latin", font)
    embed_font(FPDF(), "latin", font)
    after = dossier_fonts._parsed.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)
    stat = font.stat()
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    embed_font(FPDF(), "latin", font)
    assert dossier_fonts._parsed.cache_info().misses - after.misses == 1


def test_pdfs_written_at_the_same_time_each_hold_their_whole_text() -> None:
    needs_cjk_font()
    texts = [TEXTS[n % 2] + f" #{n}" for n in range(6)]
    written: dict[int, bytes] = {}

    def write(n: int) -> None:
        written[n] = _small_pdf(texts[n], cached=True)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n, text in enumerate(texts):
        assert " ".join(text.split()) in pdf_text(written[n])


def _document() -> DossierDocument:
    words = {"lang": "zh", "title": "档案", "footer": "Seller Desk", "page_words": "{page}/{pages}"}
    return cast(DossierDocument, SimpleNamespace(**words))


def _pages(pdf: FPDF) -> list[Any]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(_output(pdf))
    return [page.render(scale=1).to_pil().convert("RGB").tobytes() for page in document]


def test_lines_drawn_a_cell_each_land_where_fpdf2s_multi_cell_puts_them() -> None:
    needs_cjk_font()
    fonts = find_fonts()
    drawn = []
    for fast in (True, False):
        pdf = _Pdf(_document(), fonts)
        pdf.add_page()
        pdf.set_font("body", size=9.5)
        places = []
        for n in range(60):  # long enough to break pages mid-paragraph
            text = (TEXTS[n % 2] + " ₹ 499 (DejaVu's) ") * (1 + n % 5)
            width = pdf.epw - 42
            if fast:  # a field: the label, then its value beside it
                pdf.multi_cell(42, 4.75, "标签", new_x=XPos.RIGHT, new_y=YPos.TOP, align="L")
                pdf.multi_cell(width, 4.75, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            else:  # fpdf2 itself, given the same lines
                lines = "\n".join(pdf.broken(text, width - 2 * pdf.c_margin))
                FPDF.multi_cell(pdf, 42, 4.75, "标签", new_x="RIGHT", new_y="TOP", align="L")
                FPDF.multi_cell(pdf, width, 4.75, lines, new_x="LMARGIN", new_y="NEXT", align="L")
            places.append((pdf.page, round(pdf.get_x(), 3), round(pdf.get_y(), 3)))
        drawn.append((places, _pages(pdf)))
    assert drawn[0][0] == drawn[1][0]
    assert len(drawn[0][1]) >= 3
    assert drawn[0][1] == drawn[1][1]
