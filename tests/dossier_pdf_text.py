"""The text of a PDF dossier, read back by another library than the one that wrote it.

pdfminer.six reads it when the embedded CJK font has TrueType outlines (WenQuanYi Micro Hei,
which .ci/run installs); with only Noto CJK's CFF outlines pdfminer cannot map the glyphs
back to text, so PDFium (pypdfium2), a reader's engine, reads it instead. No CJK font at
all: the PDF tests skip (the product's own error for it is tested apart)."""

from __future__ import annotations

import io

import pytest

from sellerdesk.core.errors import SellerDeskError
from sellerdesk.services.dossier_fonts import find_fonts


def needs_cjk_font() -> None:
    try:
        find_fonts()
    except SellerDeskError as missing:
        pytest.skip(f"no CJK font: {missing.message}")


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of blanks (wrapped lines) made one space."""
    if find_fonts().cjk.path.suffix.lower() == ".ttc" and "Noto" in find_fonts().cjk.path.name:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(content)
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    else:
        from pdfminer.high_level import extract_text

        text = extract_text(io.BytesIO(content))
    return " ".join(text.split())
