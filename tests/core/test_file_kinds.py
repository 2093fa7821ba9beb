"""What a file's bytes are against what its name claims: the kinds Seller Desk checks
(PDF, pictures, Office ZIP files, plain text) and what a fake one looks like."""

from __future__ import annotations

import io

import pytest

from sellerdesk.core.file_kinds import Mismatch, claimed_kind, mismatch
from tests.file_samples import DAMAGED_PDF, tiny_pdf, tiny_png


def check(content: bytes, name: str, media: str = "", charset: str | None = None):  # type: ignore[no-untyped-def]
    return mismatch(io.BytesIO(content), len(content), name, media, charset)


def test_real_files_pass() -> None:
    assert check(tiny_pdf(), "invoice.pdf", "application/pdf") is None
    assert check(DAMAGED_PDF, "broken.pdf") is None  # whole as a file; the dossier judges more
    assert check(tiny_png(), "shot.png", "image/png") is None
    assert check(tiny_png(), "shot.JPG") is None  # a picture named as another kind of picture
    assert check(b"\xff\xd8\xff\xe0" + b"\x00" * 20, "photo.jpeg") is None
    assert check(b"PK\x03\x04" + b"\x00" * 30, "report.xlsx") is None
    assert check("订单 113-1234567-1234567 已退款\n".encode(), "notes.txt") is None
    assert check("\ufeffa,b\n".encode(), "orders.csv") is None  # Excel's "CSV UTF-8" mark
    assert check("订单".encode("gbk"), "notes.txt", "text/plain", charset="gbk") is None
    assert check(b"", "empty.txt") is None


def test_files_that_claim_nothing_checked_pass_whatever_they_hold() -> None:
    assert claimed_kind("archive.rar", "application/vnd.rar") is None
    assert check(b"MZ\x90\x00 anything", "data.bin", "application/octet-stream") is None
    assert check(b"MZ\x90\x00", "evidence", "application/octet-stream") is None
    # a mail or a saved page names its charset inside: GBK there is not refused
    assert check("订单已退款".encode("gbk"), "amazon.eml", "message/rfc822") is None
    assert check("订单已退款".encode("gbk"), "page.html", "text/html") is None


@pytest.mark.parametrize(
    ("content", "name", "media", "looks"),
    [
        (b"this is not a pdf at all", "evidence.pdf", "application/pdf", "text"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "invoice.pdf", "", "html"),
        (tiny_pdf()[:300], "invoice.pdf", "application/pdf", "pdf_cut"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "screenshot.png", "image/png", "program"),
        (b"", "shot.png", "image/png", "empty"),
        (tiny_pdf(), "shot.png", "image/png", "pdf"),
        (b"Rar!\x1a\x07\x00", "report.xlsx", "", "archive"),
        ("订单已退款，请查收".encode("gbk"), "notes.txt", "text/plain", "gbk"),
        (tiny_png(), "notes.txt", "text/plain", "image"),
        (b"MZ\x90\x00", "evidence", "application/pdf", "program"),  # no suffix: the type
    ],
)
def test_a_fake_says_what_it_claims_and_what_it_looks_like(
    content: bytes, name: str, media: str, looks: str
) -> None:
    found = check(content, name, media)
    assert isinstance(found, Mismatch) and found.found == looks


def test_a_pdf_whose_startxref_points_nowhere_is_cut_short() -> None:
    whole = tiny_pdf()
    moved = whole.replace(b"startxref\n", b"startxref\n9").replace(b"%%EOF", b"%%EOF")
    assert check(moved, "a.pdf") == Mismatch("pdf", "pdf_cut")
    assert check(whole + b"\r\n\x00 trailing junk", "a.pdf") is None
