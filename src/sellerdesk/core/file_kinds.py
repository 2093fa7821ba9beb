"""What a file's bytes are, against what its name and media type claim.

An attachment is evidence: a "PDF" that is a web page saved under the wrong name, a
screenshot that is a renamed program, an invoice cut short by a broken download all reach
Amazon as nothing. The kinds Seller Desk understands are checked on their bytes (PDF,
PNG, JPEG, GIF, WebP, BMP, TIFF, HEIC/AVIF photos, the Office formats that are ZIP files,
plain text); a file whose name and type claim none of them passes as it is.

Pure: reads a seekable binary file, never writes. :func:`mismatch` is the one check; the
upload service refuses on it and the PDF dossier's appendix uses :func:`looks_like_pdf`.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass
from typing import BinaryIO

HEAD = 1024  # a PDF's header may follow a little junk (the spec allows it within 1 KiB)
TAIL = 8192  # where a PDF's startxref and %%EOF are looked for, past trailing junk

IMAGE_SUFFIXES = {
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jfif": "jpeg",
    ".gif": "gif",
    ".webp": "webp",
    ".bmp": "bmp",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".heic": "heif",
    ".heif": "heif",
    ".avif": "heif",
}
ZIP_SUFFIXES = (".docx", ".xlsx", ".pptx", ".zip", ".odt", ".ods")
# not .eml or .html: a mail or a saved page may be in GBK and say so inside itself
TEXT_SUFFIXES = (".txt", ".csv", ".tsv", ".md", ".log", ".json", ".xml")
TEXT_TYPES = ("text/plain", "text/csv", "text/tab-separated-values", "text/markdown")
IMAGES = frozenset(IMAGE_SUFFIXES.values())


@dataclass(frozen=True)
class Mismatch:
    """The file claims ``claimed`` but its bytes look like ``found`` (both kinds' codes:
    pdf, image, zip, text; found also pdf_cut, program, html, gbk, empty, unknown …)."""

    claimed: str
    found: str


def claimed_kind(file_name: str, media_type: str) -> str | None:
    """The kind the name's suffix (first) or the media type kept with the file claims, if
    one Seller Desk checks: ``pdf``, ``image``, ``zip``, ``text``; None for any other."""
    name = file_name.lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    media = (media_type or "").split(";")[0].strip().lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in ZIP_SUFFIXES:
        return "zip"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if media == "application/pdf":
        return "pdf"
    if _image_media(media):
        return "image"
    if media in TEXT_TYPES:
        return "text"
    return None


def _image_media(media: str) -> bool:
    return media.startswith("image/") and media.split("/")[1] in (*IMAGES, "jpg", "tif")


def looks_like_pdf(head: bytes) -> bool:
    """Whether a file starting with ``head`` starts as a PDF does."""
    return b"%PDF-" in head[:HEAD]


def image_format(head: bytes) -> str | None:
    """The image format ``head`` starts as (png, jpeg …), None when it is none of them."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:2] == b"BM" and len(head) >= 26:
        return "bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
        return "heif"
    return None


def what_it_looks_like(head: bytes) -> str:
    """A guess at what bytes starting with ``head`` are, for the refusal's words."""
    if not head:
        return "empty"
    if looks_like_pdf(head):
        return "pdf"
    if image_format(head) is not None:
        return "image"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if head[:2] == b"MZ":
        return "program"
    if head[:4] == b"\x7fELF":
        return "program"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "old_office"
    if head[:4] in (b"Rar!", b"7z\xbc\xaf") or head[:2] == b"\x1f\x8b":
        return "archive"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")):
        return "html"
    if b"\x00" not in head:
        return "text"
    return "unknown"


def _pdf_complete(file: BinaryIO, size: int) -> bool:
    """Whether the PDF ends as one does: ``startxref`` with an offset inside the file that
    points at its cross-reference table or stream, then ``%%EOF`` (a cut download has
    neither)."""
    file.seek(max(0, size - TAIL))
    tail = file.read(TAIL)
    at = tail.rfind(b"startxref")
    if at < 0 or b"%%EOF" not in tail[at:]:
        return False
    found = re.match(rb"startxref\s+(\d+)", tail[at:])
    if found is None:
        return False
    offset = int(found.group(1))
    if not 0 < offset < size:
        return False
    file.seek(offset)
    target = file.read(64).lstrip()
    return target.startswith(b"xref") or re.match(rb"\d+\s+\d+\s+obj", target) is not None


def _decodes(file: BinaryIO, encoding: str) -> bool:
    """Whether the whole file decodes in ``encoding`` (read a MiB at a time)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    file.seek(0)
    try:
        while chunk := file.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _text_kind(file: BinaryIO, head: bytes, charset: str | None) -> str:
    """``text`` when the whole file decodes (UTF-8, UTF-16 with its mark, or the charset
    declared with it), else what it looks like (``gbk`` for Chinese Windows text)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text" if _decodes(file, "utf-16") else "unknown"
    looks = what_it_looks_like(head)
    if looks not in ("text", "html", "empty"):
        return looks  # a PDF, a picture or a program named .txt
    encoding = "utf-8-sig"
    if charset:
        with contextlib.suppress(LookupError):  # an unknown charset declares nothing
            encoding = codecs.lookup(charset).name
    if _decodes(file, encoding):
        return "text"
    return "gbk" if _decodes(file, "gb18030") else "unknown"


def mismatch(
    file: BinaryIO, size: int, file_name: str, media_type: str, charset: str | None = None
) -> Mismatch | None:
    """None when ``file`` (``size`` bytes, seekable) is what its name and media type claim
    (or claims nothing Seller Desk checks), else what it claims and what it looks like."""
    claimed = claimed_kind(file_name, media_type)
    if claimed is None:
        return None
    file.seek(0)
    head = file.read(HEAD)
    if claimed == "text":
        found = _text_kind(file, head, charset)
        return None if found == "text" else Mismatch(claimed, found)
    looks = what_it_looks_like(head)
    if claimed == "pdf":
        if looks != "pdf":
            return Mismatch(claimed, looks)
        return None if _pdf_complete(file, size) else Mismatch(claimed, "pdf_cut")
    if claimed == "image":
        return None if looks == "image" else Mismatch(claimed, looks)
    return None if looks == "zip" else Mismatch(claimed, looks)


def verdict(
    file: BinaryIO, size: int, file_name: str, media_type: str, charset: str | None = None
) -> str | None:
    """What is wrong with a file that cannot be refused (a mail's attachment is kept as it
    came): the :func:`mismatch`'s ``found`` code, or ``program`` for a program under any
    name (an upload of one claims nothing checked and passes; a mail's is worth a word);
    None when the file is what it says."""
    found = mismatch(file, size, file_name, media_type, charset)
    if found is not None:
        return found.found
    file.seek(0)
    return "program" if what_it_looks_like(file.read(HEAD)) == "program" else None
