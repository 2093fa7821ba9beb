"""The fonts the PDF dossier embeds, found on this machine at run time.

A PDF is read on a machine that may have no Chinese font, so the dossier embeds (a subset
of) one. Fonts with TrueType outlines come first: every PDF reader and text extractor
reads their text back (the CID-keyed CFF fonts of Noto CJK render well, but some
extractors, pdfminer among them, cannot read text back from them as fpdf2 embeds them).
No font found is an error that names what is missing and how to install it.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

from sellerdesk.core.errors import SellerDeskError


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0  # the face inside a .ttc collection


# (path, face): TrueType outlines first, then Noto CJK's OpenType/CFF (index 2: Simplified
# Chinese in Debian's and Fedora's NotoSansCJK-Regular.ttc)
CJK_CANDIDATES = (
    FontFile(Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")),
    FontFile(Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")),
    FontFile(Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc")),
    FontFile(Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")),
    FontFile(Path("C:/Windows/Fonts/msyh.ttc")),
    FontFile(Path("C:/Windows/Fonts/simhei.ttf")),
    FontFile(Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf")),
    FontFile(Path("/Library/Fonts/Arial Unicode.ttf")),
    FontFile(Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),
    FontFile(Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"), 2),
    FontFile(Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"), 2),
)
# glyphs the CJK font lacks (₹, some symbols) and the hashes' fixed-width face
FALLBACK_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("C:/Windows/Fonts/arial.ttf"),
)
MONO_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSansMono.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf"),
    Path("C:/Windows/Fonts/consola.ttf"),
)


@dataclass(frozen=True)
class DossierFonts:
    cjk: FontFile
    fallback: Path | None
    mono: Path | None


def _fontconfig_cjk() -> FontFile | None:
    """Any other Chinese font fontconfig knows of (a TrueType one if there is one)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted({line.split(":")[0].strip() for line in listed.splitlines() if line.strip()})
    ordered = [f for f in files if f.lower().endswith((".ttf", ".ttc"))] + [
        f for f in files if f.lower().endswith(".otf")
    ]
    return FontFile(Path(ordered[0])) if ordered else None


@lru_cache(maxsize=1)
def find_fonts() -> DossierFonts:
    """The fonts to embed; :class:`SellerDeskError` naming what to install when there is no
    Chinese font at all (the dossier always holds some Chinese: a store's or buyer's name)."""
    cjk = next((f for f in CJK_CANDIDATES if f.path.is_file()), None) or _fontconfig_cjk()
    if cjk is None:
        looked = ", ".join(str(f.path) for f in CJK_CANDIDATES[:4]) + ", fc-list :lang=zh"
        raise SellerDeskError.of("dossier2.no_cjk_font", looked=looked)
    fallback = next((p for p in FALLBACK_CANDIDATES if p.is_file()), None)
    mono = next((p for p in MONO_CANDIDATES if p.is_file()), None)
    return DossierFonts(cjk, fallback, mono)


# fpdf2 writes each document's font subset from a copy of the font's tables read once, but
# the glyphs in them are shared and unpacked in place as they are written: one document's
# fonts are written at a time (hold this around ``FPDF.output`` of a document that used
# :func:`embed_font`)
WRITING = threading.Lock()


@lru_cache(maxsize=8)
def _parsed(path: Path, index: int, mtime_ns: int, size: int) -> TTFFont | None:
    """The font file read by fpdf2 once a process, every table of it (a CJK font's glyph
    table, glyph names and widths take 0.3-0.5 s to read, which each PDF paid), keyed by
    the file's change time and size so that a font replaced on disk is read again. What is
    read stays in memory, about 50 MB for WenQuanYi Micro Hei and the two DejaVu faces (a
    PDF allocated some 40 MB for it each time before). None when fpdf2 changes the font as
    it reads it (no .notdef glyph), or for a colour or CFF font: those are added to each
    document the plain way."""
    with TTFont(path, fontNumber=index, lazy=True) as probe:
        if ".notdef" not in probe.getGlyphOrder():
            return None
    holder = FPDF()
    holder.add_font("f", fname=path, collection_font_number=index)
    parsed = holder.fonts["f"]
    if not isinstance(parsed, TTFFont) or parsed.is_cff or parsed.color_font is not None:
        return None
    font = parsed.ttfont
    for tag in font.keys():  # noqa: SIM118 (a font is no mapping)
        _ = font[tag]  # read now, into memory: no copy of it reads the file
    font.close()
    font.reader = None
    return parsed


def _tables(font: TTFont) -> TTFont:
    """A copy of ``font`` that fpdf2 may cut down to a document's subset: its own tables
    (fontTools' subsetter replaces what it changes in a table, so a table's copy keeps the
    one read once as it was), the glyphs, names and widths in them shared."""
    own = copy.copy(font)
    own.tables = {tag: copy.copy(table) for tag, table in font.tables.items()}
    if "cmap" in own.tables:  # the subsetter replaces each subtable's map, not the list
        own.tables["cmap"].tables = [copy.copy(t) for t in own.tables["cmap"].tables]
    own.glyphOrder = list(font.getGlyphOrder())
    own.__dict__.pop("_reverseGlyphOrderDict", None)
    return own


def embed_font(pdf: FPDF, family: str, font: FontFile | Path) -> None:
    """``pdf.add_font(family, fname=...)`` without reading the font file again: what
    :func:`_parsed` read once is shared (widths, glyph map, tables), what a document
    changes is its own (the glyphs it uses, and the tables its subset is cut from)."""
    font = font if isinstance(font, FontFile) else FontFile(font)
    stat = font.path.stat()
    parsed = _parsed(font.path, font.index, stat.st_mtime_ns, stat.st_size)
    if parsed is None:
        pdf.add_font(family, fname=font.path, collection_font_number=font.index)
        return
    own = copy.copy(parsed)
    own.i = len(pdf.fonts) + 1
    own.fontkey = family
    own.ttfont = _tables(parsed.ttfont)
    own.missing_glyphs = []
    own.biggest_size_pt = 0
    own.subset = SubsetMap(own)
    pdf.fonts[family] = own
