"""The dossier as one PDF (fpdf2): A4, Chinese and English in an embedded font subset,
page numbers, and on request the attachments that are PDFs or images appended after the
timeline (images as pages of their own, PDFs merged with pypdf, each of their pages
stamped with the attachment's number so a reviewer can cite it).

Layout is flowing text, not tables: a field list (label, value), the timeline as one
block an event (date, who, channel, then what), the other lists as one block a row. It
stays fast for a long case (a 500-event case in about half a second: bench/dossier_bench.py):
lines are broken once, here, and drawn a cell each; the fonts are read once a process.
"""

from __future__ import annotations

import io
from typing import Any

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.util import Padding

from sellerdesk.core.text_wrap import wrap_text
from sellerdesk.core.zh_spacing import list_separator
from sellerdesk.services.dossier_fonts import WRITING, DossierFonts, embed_font, find_fonts
from sellerdesk.services.dossier_model import DossierDocument, DossierSection, Table

MARGIN = 15.0  # mm
PT_PER_MM = 72 / 25.4
LABEL_W = 42.0  # the field list's label column
GREY = (85, 85, 85)
INK = (17, 17, 17)
RULE = (153, 153, 153)
WARN = (138, 28, 0)
PANEL = (246, 246, 246)


class _Pdf(FPDF):
    def __init__(self, doc: DossierDocument, fonts: DossierFonts, total: int | None = None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = doc
        self.total = total  # pages of the whole file, appended PDFs too (None: this file's)
        self.image_starts: list[int] = []  # the page each appended image starts on
        # pages of appended PDFs that go before a page of this file (an image's page follows
        # the PDFs listed before it): its number in the final file is page_no() + this
        self.shift: dict[int, int] = {}
        self.has_mono = fonts.mono is not None
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 3)
        embed_font(self, "body", fonts.cjk)
        fallbacks = []
        if fonts.fallback is not None:
            embed_font(self, "latin", fonts.fallback)
            fallbacks.append("latin")
        if fonts.mono is not None:
            embed_font(self, "mono", fonts.mono)
        self.fallbacks = fallbacks
        if fallbacks:
            self.set_fallback_fonts(fallbacks)
        self.set_lang("zh-CN" if doc.lang == "zh" else "en")
        self.set_title(doc.title)
        self.set_creator("Seller Desk")
        self.set_text_color(*INK)
        self._widths: dict[tuple[str, float, str], float] = {}
        self._broken: dict[tuple[str, float, str, float], list[str]] = {}
        self._glyphs: dict[str, frozenset[str]] = {}  # the characters each font has

    def multi_cell(
        self, w: float, h: float | None = None, text: str = "", *args: Any, **kw: Any
    ) -> Any:
        """fpdf2's multi_cell, the text broken into lines first as a typesetter would: fpdf2
        breaks only at spaces (a Chinese paragraph has none) or anywhere (``WrapMode.CHAR``
        splits order numbers), so the lines are found here (core/text_wrap). Left-aligned
        plain text is then drawn a line a ``cell`` (what fpdf2's multi_cell does for each
        line, without its line breaking, which sums a line's widths again for every
        character it adds); a panel or a frame still goes through fpdf2's multi_cell. The
        width is fpdf2's own: the cell less its padding, or its margins."""
        if kw.get("dry_run"):  # fpdf2 calls multi_cell again (here), writing turned off
            return super().multi_cell(w, h, text, *args, **kw)
        pad = Padding.new(kw.get("padding") or 0)
        width = w if w > 0 else self.w - self.r_margin - self.x
        inner = width - ((pad.left or self.c_margin) + (pad.right or self.c_margin))
        lines = self.broken(text, inner)
        if args or set(kw) - {"new_x", "new_y", "align"} or kw.get("align") not in ("L", Align.L):
            return super().multi_cell(w, h, "\n".join(lines), *args, **kw)
        new_x = XPos.coerce(kw.get("new_x", XPos.RIGHT))
        new_y = YPos.coerce(kw.get("new_y", YPos.NEXT))
        return self._draw_lines(width, self.font_size if h is None else h, lines, new_x, new_y)

    def _draw_lines(self, w: float, h: float, lines: list[str], new_x: XPos, new_y: YPos) -> bool:
        """``lines`` one under the other, as fpdf2's multi_cell places them (a page break
        before a line that does not fit); True if a page break was made."""
        top, broke, last = self.y, False, len(lines) - 1
        glyphs = self._glyphs.get(self.font_family)
        if glyphs is None:
            cmap = getattr(self.current_font, "cmap", None) or {}
            glyphs = self._glyphs[self.font_family] = frozenset(map(chr, cmap))
        for i, line in enumerate(lines):
            end = i == last
            # a line the font has every glyph of is drawn without fpdf2 looking for a
            # fallback font character by character (the same text, one piece instead of several)
            own = bool(self.fallbacks) and glyphs.issuperset(line)
            if own:
                self.set_fallback_fonts([])
            broke |= self.cell(
                w,
                h,
                line,
                align=Align.L,
                new_x=new_x if end else XPos.LEFT,
                new_y=new_y if end else YPos.NEXT,
            )
            if own:
                self.set_fallback_fonts(self.fallbacks)
        if new_y == YPos.TOP and not broke:  # after a page break: the last line's top, as fpdf2
            self.y = top
        return broke

    def broken(self, text: str, width: float) -> list[str]:
        """``text``'s lines at ``width`` (inside the cell's margins) in the current font;
        remembered, as a field's value is measured before it is drawn."""
        key = (text, width, self.font_family, self.font_size_pt)
        found = self._broken.get(key)
        if found is None:
            found = self._broken[key] = wrap_text(text, width - 0.01, self._char_width).split("\n")
        return found

    def _char_width(self, ch: str) -> float:
        key = (self.font_family, self.font_size_pt, ch)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = self.get_string_width(ch)
        return found

    def footer(self) -> None:
        self.set_y(-MARGIN + 2)
        self.set_font("body", size=7.5)
        self.set_text_color(*GREY)
        width = self.w - 2 * MARGIN
        self.cell(width * 0.7, 4, self.doc.footer)
        pages = "{nb}" if self.total is None else self.total
        page = self.page_no() + self.shift.get(self.page_no(), 0)
        words = self.doc.page_words.format(page=page, pages=pages)
        self.cell(width * 0.3, 4, words, align="R")
        self.set_text_color(*INK)

    # -- pieces ----------------------------------------------------------------------------

    def text_block(self, text: str, *, size: float = 9.5, indent: float = 0.0, **kw: Any) -> None:
        self.set_font("body", size=size)
        self.set_x(self.l_margin + indent)
        width = self.w - self.r_margin - self.l_margin - indent
        self.multi_cell(
            width, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L", **kw
        )

    def heading(self, text: str) -> None:
        if self.will_page_break(22):
            self.add_page()
        self.ln(3)
        self.set_font("body", size=12.5)
        self.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)

    def grey(self, text: str, size: float = 8.5, indent: float = 0.0) -> None:
        self.set_text_color(*GREY)
        self.text_block(text, size=size, indent=indent)
        self.set_text_color(*INK)

    def field(self, label: str, value: str) -> None:
        self.set_font("body", size=9.5)
        value_w = self.w - self.r_margin - self.l_margin - LABEL_W
        lines = max(self.lines_of(value, value_w), self.lines_of(label, LABEL_W - 2))
        if lines * 4.75 < self.eph and self.will_page_break(lines * 4.75):
            self.add_page()
        top, page = self.get_y(), self.page
        self.set_text_color(*GREY)
        self.multi_cell(LABEL_W - 2, 4.75, label, new_x=XPos.RIGHT, new_y=YPos.TOP, align="L")
        self.set_text_color(*INK)
        self.set_xy(self.l_margin + LABEL_W, top)
        self.multi_cell(value_w, 4.75, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        if self.page == page:  # a value longer than a page has moved on by itself
            self.set_y(max(self.get_y(), top + lines * 4.75))
        self.ln(0.8)

    def lines_of(self, text: str, width: float) -> int:
        """How many lines ``text`` takes at ``width`` in the current font (nothing drawn)."""
        return len(self.broken(text, width - 2 * self.c_margin))

    def mono_line(self, text: str, indent: float) -> None:
        if self.has_mono:
            self.set_font("mono", size=7.5)
            self.set_x(self.l_margin + indent)
            width = self.w - self.r_margin - self.l_margin - indent
            self.multi_cell(width, 3.8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        else:
            self.text_block(text, size=7.5, indent=indent)

    def table_rows(self, table: Table) -> None:
        for row in table.rows:
            if self.will_page_break(14):
                self.add_page()
            self.text_block("  ".join(row[: table.heads]), size=9.5)
            plain = [
                self.doc.pair_words.format(label=h, value=v)
                for i, (h, v) in enumerate(zip(table.headers, row, strict=True))
                if i >= table.heads and i not in table.mono
            ]
            if plain:
                self.grey(" · ".join(plain), indent=4)
            for i in sorted(table.mono - set(range(table.heads))):
                self.set_text_color(*GREY)
                self.mono_line(f"{table.headers[i]}: {row[i]}", indent=4)  # hex: ASCII colon
                self.set_text_color(*INK)
            self.ln(1.2)

    def section(self, s: DossierSection) -> None:
        self.heading(s.title)
        if s.intro:
            self.grey(s.intro)
            self.ln(1)
        if s.warning:
            self.set_text_color(*WARN)
            self.text_block(s.warning)
            self.set_text_color(*INK)
            self.ln(1)
        if s.preformatted:  # line for line, on a light panel: the text as pasted
            self.set_fill_color(*PANEL)
            self.text_block(s.preformatted, size=9, fill=True, padding=2)
            self.ln(2)
        if s.is_empty:
            self.text_block(s.empty)
            return
        for f in s.fields:
            self.field(f.label, f.value)
        heads = self.doc.timeline_headers
        for e in s.entries:
            if self.will_page_break(18):
                self.add_page()
            self.text_block(f"{e.number}. {e.when}  ({e.when_utc})", size=9.5)
            pair = self.doc.pair_words
            who = pair.format(label=heads[1], value=e.who)
            channel = pair.format(label=heads[2], value=e.channel)
            shown = f"{who} · {channel}" if e.channel != "—" else who
            self.grey(f"{shown} · {e.kind}", size=8.5, indent=5)
            self.text_block(e.what, size=9.5, indent=5)
            if e.files:
                self.grey(list_separator(self.doc.lang).join(e.files), indent=5)
            self.ln(1.5)
        if s.table is not None:
            self.table_rows(s.table)

    def image_page(self, title: str, content: bytes, shift: int) -> None:
        from PIL import Image

        self.add_page()
        self.image_starts.append(self.page_no())
        self.shift[self.page_no()] = shift
        self.set_font("body", size=11)
        self.multi_cell(0, 6, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(2)
        with Image.open(io.BytesIO(content)) as opened:
            image = opened.convert("RGBA" if "A" in opened.getbands() else "RGB")
        top = self.get_y()
        box_w, box_h = self.epw, self.h - self.b_margin - top
        scale = min(box_w / image.width, box_h / image.height)
        # never enlarge a small screenshot past 96 dpi (0.2646 mm a pixel)
        scale = min(scale, 0.2646)
        self.image(image, x=self.l_margin, y=top, w=image.width * scale, h=image.height * scale)


def _main(doc: DossierDocument, fonts: DossierFonts, total: int | None) -> _Pdf:
    """The dossier itself, then each appended image on its page of its own."""
    pdf = _Pdf(doc, fonts, total)
    pdf.add_page()
    pdf.set_font("body", size=16)
    pdf.multi_cell(0, 8, doc.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.grey(doc.generated)
    if doc.notice:
        pdf.text_block(doc.notice, size=9)
    for s in doc.sections:
        pdf.section(s)
    if doc.appended:
        pdf.heading(doc.appendix_title)
        pdf.grey(doc.appendix_intro)
    shift = 0  # the appended PDFs' pages listed so far, inserted later by _append_pdfs
    for a in doc.appended:
        if a.kind == "image":
            pdf.image_page(doc.image_words.format(no=a.number, name=a.name), a.content, shift)
        else:
            shift += a.pages
    return pdf


def render_pdf(doc: DossierDocument) -> bytes:
    """The whole PDF, as bytes (the caller writes it atomically)."""
    fonts = find_fonts()
    pdf = _main(doc, fonts, None)
    pdfs = [a for a in doc.appended if a.kind == "pdf"]
    if not pdfs:
        return _output(pdf)
    # "page N of M" counts the whole file: the appended PDFs' pages are known only once the
    # dossier is laid out, so it is laid out again with the total (same text, same pages)
    total = pdf.pages_count + sum(a.pages for a in pdfs)
    pdf = _main(doc, fonts, total)
    return _append_pdfs(_output(pdf), doc, pdf.image_starts, fonts, total)


def _output(pdf: FPDF) -> bytes:
    with WRITING:  # the fonts read once are shared (dossier_fonts.embed_font)
        return bytes(pdf.output())


def _append_pdfs(
    main: bytes, doc: DossierDocument, image_starts: list[int], fonts: DossierFonts, total: int
) -> bytes:
    """The dossier, then the attachments in the list's order: an image's page from ``main``,
    a PDF's pages each stamped with the attachment's name at its top and the dossier's own
    footer and page number ("page N of TOTAL" of the whole file) at its foot."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(main))  # keeps the dossier's fonts, language
    ends = [*image_starts[1:], len(writer.pages) + 1]
    images = iter(zip(image_starts, ends, strict=True))
    at = (image_starts[0] if image_starts else len(writer.pages) + 1) - 1  # next page's index
    for a in doc.appended:
        if a.kind == "image":  # already in place, after what was inserted before it
            start, end = next(images)
            at += end - start
            continue
        reader = PdfReader(io.BytesIO(a.content), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        # pages are inserted in the final order, so the next one is the file's page at + 1
        stamps = _stamps(doc, a, [page.mediabox for page in reader.pages], fonts, at + 1, total)
        for page, stamp in zip(reader.pages, PdfReader(io.BytesIO(stamps)).pages, strict=True):
            added = writer.insert_page(page, at)
            added.merge_page(stamp)
            at += 1
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamps(
    doc: DossierDocument, a: Any, boxes: list[Any], fonts: DossierFonts, first: int, total: int
) -> bytes:
    """One page a stamp, each the size of the attachment's page it goes on: the attachment's
    name (and which of its pages this is) at the top, the dossier's footer at the foot."""
    stamp = FPDF(unit="pt")
    stamp.set_auto_page_break(False)
    embed_font(stamp, "body", fonts.cjk)
    stamp.set_fill_color(255, 255, 255)
    stamp.set_text_color(*GREY)
    for n, box in enumerate(boxes, start=1):
        width, height = float(box.width), float(box.height)
        stamp.add_page(format=(width, height))
        if len(boxes) == 1:
            words = doc.image_words.format(no=a.number, name=a.name)
        else:
            words = doc.stamp_words.format(no=a.number, name=a.name, page=n, pages=len(boxes))
        stamp.set_font("body", size=8)
        stamp.set_xy(12, 6)
        stamp.cell(min(width - 24, stamp.get_string_width(words) + 8), 12, words, fill=True)
        # where the dossier's own pages have their footer (MARGIN, 13 mm up), in points
        page = doc.page_words.format(page=first + n - 1, pages=total)
        side, up = MARGIN * PT_PER_MM, (MARGIN - 2) * PT_PER_MM
        stamp.set_font("body", size=7.5)
        page_w = stamp.get_string_width(page) + 8
        stamp.set_xy(side, height - up)
        stamp.cell(width - 2 * side - page_w, 11, doc.footer, fill=True)
        stamp.cell(page_w, 11, page, fill=True, align="R")
    return _output(stamp)
