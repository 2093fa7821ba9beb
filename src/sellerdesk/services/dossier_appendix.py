"""Which attachments the PDF dossier appends after the timeline (``--with-attachments``).

A file is appended when it is what it claims to be: a readable PDF or image. One that
claims to be a PDF or an image (by its media type or its name) but is not, one missing from
the attachments folder, one whose bytes no longer match the SHA-256 the dossier lists for
it, or a password-protected PDF is *skipped with a note* in the
dossier's attachment list, never a failure: the appeal still gets its dossier, and the
reader is told exactly which file is missing from it and why. Any other file (a spreadsheet,
a text file) is listed with its size and sha256 as always, and not appended.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from sellerdesk.core.file_kinds import looks_like_pdf, mismatch
from sellerdesk.services.dossier_model import Appended, AttachedFile

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff")
# Pillow refuses a "decompression bomb" past this many pixels; a screenshot is far below
MAX_PIXELS = 60_000_000


@dataclass(frozen=True)
class Verdict:
    """``appended`` when the file goes into the PDF, else the catalog key of the reason."""

    appended: Appended | None
    reason: str | None


def claims_pdf(file: AttachedFile) -> bool:
    return file.media_type == "application/pdf" or file.file_name.lower().endswith(".pdf")


def claims_image(file: AttachedFile) -> bool:
    return file.media_type.startswith("image/") or file.file_name.lower().endswith(IMAGE_SUFFIXES)


def _pdf_pages(content: bytes) -> int | str:
    """The page count of a readable PDF, else the reason's key."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not looks_like_pdf(content):
        return "not_a_pdf"
    if mismatch(io.BytesIO(content), len(content), "file.pdf", "application/pdf") is not None:
        return "not_a_pdf"  # cut short: the uploads refuse it and a mail's page says so
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return "encrypted_pdf"
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        return "not_a_pdf"
    return pages if pages > 0 else "not_a_pdf"


def _image_ok(content: bytes) -> str | None:
    """None for a readable image, else the reason's key."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    return "too_large_image"
                probe.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "too_large_image"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return "not_an_image"
    return None


def judge(file: AttachedFile, number: str, blob: Path) -> Verdict:
    """Whether ``file`` (stored at ``blob``) can be appended, checked on its bytes."""
    is_pdf, is_image = claims_pdf(file), claims_image(file)
    if not (is_pdf or is_image):
        return Verdict(None, "not_pdf_or_image")
    if not blob.is_file():
        return Verdict(None, "missing_file")
    content = blob.read_bytes()
    if hashlib.sha256(content).hexdigest() != file.sha256:
        # the listed SHA-256 is the evidence's fingerprint: pages that do not match it
        # would be appended under a hash they do not have
        return Verdict(None, "changed_file")
    if is_pdf:
        pages = _pdf_pages(content)
        if isinstance(pages, str):
            return Verdict(None, pages)
        return Verdict(Appended(number, file.file_name, "pdf", content, pages), None)
    reason = _image_ok(content)
    if reason is not None:
        return Verdict(None, reason)
    return Verdict(Appended(number, file.file_name, "image", content, 1), None)
