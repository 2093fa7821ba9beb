"""The fonts the PDF dossier embeds, found on this machine at run time.

A PDF is read on a machine that may have no Chinese font, so the dossier embeds (a subset
of) one. Fonts with TrueType outlines come first: every PDF reader and text extractor
reads their text back (the CID-keyed CFF fonts of Noto CJK render well, but some
extractors, pdfminer among them, cannot read text back from them as fpdf2 embeds them).
No font found is an error that names what is missing and how to install it.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
