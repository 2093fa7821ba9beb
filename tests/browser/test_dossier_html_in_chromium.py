"""The HTML dossier's attachments table in a real browser (Debian's Chromium): at 1366 px,
on a 390 px phone and printed on A4, no file name, media type or SHA-256 is broken inside a
word (issue 16, the third trial: ``application/pd|f``, ``invoice.pd|f``, ``发票截|图.png``).
Each piece between two allowed break points is one text node (``<wbr>`` parts them), so a
piece drawn on two lines is a broken word."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sellerdesk.services import dossier as dossier_service
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, attach, context

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

FILES = (
    ("invoice.pdf", b"%PDF-1.4 one", "application/pdf"),
    ("发票截图.png", b"png two", "image/png"),
    ("supplier_invoice_2026-11-28_final_signed.pdf", b"%PDF-1.4 three", "application/pdf"),
    ("stock.xlsx", b"PK four", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
)
BROKEN_PIECES = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll(
      "table.files td.name, table.files td.type, table.files tr.hash td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(node.textContent);
    }
    if (cell.scrollWidth > cell.clientWidth + 1) broken.push("overflows: " + cell.textContent);
  }
  return broken;
}"""


def _html(engine: Engine, tmp_path: Path, lang: str) -> str:
    png = io.BytesIO()
    Image.new("RGB", (20, 20)).save(png, format="PNG")
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "发票被拒 Invoice rejected", "退款")
        event = add_event(session, case, "invoices attached", at=T0)
        for name, content, media in FILES:
            row = attach(session, event, name, content, tmp_path / "attachments")
            row.media_type = media
        session.flush()
        case_id = case.id
    with Session(engine) as session:
        out = dossier_service.dossier(
            session,
            case_id,
            now=T0 + timedelta(days=1),
            ctx=context(tmp_path),
            fmt="html",
            lang=lang,
        )
    assert isinstance(out, str)
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_attachments_table_breaks_no_name_type_or_sha256_inside_a_word(
    engine: Engine, tmp_path: Path, lang: str
) -> None:
    html = _html(engine, tmp_path, lang)
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            # 688 px: an A4 page's width inside the dossier's print margins
            for width, media in ((1366, "screen"), (390, "screen"), (688, "print")):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.emulate_media(media=media)
                page.set_content(html)
                page.screenshot(path=str(tmp_path / f"dossier-{lang}-{width}.png"), full_page=True)
                assert page.evaluate(BROKEN_PIECES) == [], (width, media)
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                page.close()
        finally:
            browser.close()
