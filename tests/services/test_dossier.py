"""The evidence dossier: a human timeline in the chosen language, fields with labels,
statuses in words, attachments with size and sha256, in Markdown, HTML and PDF."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.services import dossier as dossier_service
from tests.dossier_pdf_text import needs_cjk_font, pdf_text
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, attach, context

NOW = T0 + timedelta(days=2)
DRAFT = {
    "description": "Listing removed > we need it back",
    "timeline": [{"at": "2026-03-05", "what": "listing removed"}, {"at": "", "what": "appeal"}],
    "error_codes": ["5665"],
    "steps": ["Inventory > Add a product", "Enter the ASIN"],
    "shipment_ids": ["FBA15ABCD123"],
}


@pytest.fixture
def case_id(engine: Engine, tmp_path: Path) -> int:
    with Session(engine) as session, session.begin():
        case = add_case(
            session,
            add_store(session),
            "Refund | missing <b>",
            "退款未到账",
            status="needs-action",
            identifiers=(("order", "114-1234567-1234567"),),
            amazon_ids=("12345678901",),
        )
        case.body = DRAFT
        add_event(
            session,
            case,
            "",
            at=T0,
            direction="status",
            author="api",
            channel=None,
            data={"from": "draft", "to": "submitted", "amazon_case_id": "12345678901"},
        )
        add_event(session, case, "first message <script>alert(1)</script>", at=T0)
        reply = add_event(
            session, case, "Amazon replied | 亚马逊回复", direction="in", at=T0 + timedelta(hours=5)
        )
        attach(session, reply, "screenshot.png", b"evidence", tmp_path / "attachments")
        add_event(session, case, "internal note", direction="note", at=T0 + timedelta(hours=9))
        add_event(
            session,
            case,
            "",
            at=T0 + timedelta(hours=10),
            direction="status",
            author="li",
            channel=None,
            data={"from": "waiting-amazon", "to": "needs-action"},
        )
        return case.id


def render(engine: Engine, case_id: int, tmp_path: Path, **kw: object) -> str:
    with Session(engine) as session:
        out = dossier_service.dossier(
            session,
            case_id,
            now=NOW,
            ctx=context(tmp_path),
            **kw,  # type: ignore[arg-type]
        )
    assert isinstance(out, str)
    return out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_dossier_lists_every_event_in_order_in_both_zones(
    engine: Engine, case_id: int, tmp_path: Path, fmt: str
) -> None:
    # internal notes asked for: without, they are left out (tests/services/test_dossier_internal.py)
    out = render(engine, case_id, tmp_path, fmt=fmt, internal=True)
    positions = [out.index(s) for s in ("first message", "Amazon replied", "internal note")]
    assert positions == sorted(positions)
    assert "2026-04-15 01:00:00 +0800" in out  # T0 in the team's zone (Asia/Shanghai)
    assert "2026-04-14 17:00:00 UTC" in out
    assert "12345678901" in out and "114-1234567-1234567" in out
    assert hashlib.sha256(b"evidence").hexdigest() in out
    assert "8 B (8 bytes)" in out
    assert ("\\<script>" if fmt == "md" else "&lt;script&gt;") in out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_words_not_codes_in_english_whatever_the_interface(
    engine: Engine, case_id: int, tmp_path: Path, fmt: str
) -> None:
    out = render(engine, case_id, tmp_path, fmt=fmt, lang="en").split("<body>")[-1]
    for code in ("needs-action", "waiting-amazon", "error_codes", "shipment_ids", '"at"', "{"):
        assert code not in out, code
    assert "Status: Draft → Submitted" in out and "Amazon Case ID 12345678901" in out
    assert "Waiting for Amazon → Needs our action" in out
    assert "Error codes" in out and "FBA shipment IDs" in out and "Steps to reproduce" in out
    assert "2026-03-05: listing removed" in out and "no date: appeal" in out
    assert "1. Inventory" in out or "1\\. Inventory" in out
    # who: Amazon for what came in, the person for the rest, Seller Desk for the process
    assert "Amazon (li)" in out and "Seller Desk" in out and "Order" in out
    assert "沟通" not in out and "状态" not in out


def test_the_chinese_dossier_speaks_chinese(engine: Engine, case_id: int, tmp_path: Path) -> None:
    out = render(engine, case_id, tmp_path, fmt="html", lang="zh")
    assert "需我方处理" in out and "needs-action" not in out
    assert "时间线" in out and "发给亚马逊" in out and "错误代码" in out
    assert '<html lang="zh-CN">' in out


def test_html_prints_on_a4_with_page_numbers_and_whole_words(
    engine: Engine, case_id: int, tmp_path: Path
) -> None:
    page = render(engine, case_id, tmp_path, fmt="html")
    css = page.split("<style>")[1].split("</style>")[0]
    assert "size:A4" in css and "counter(page)" in css and "counter(pages)" in css
    assert "dl.fields dt{" in css and "word-break:keep-all" in css.split("dl.fields dt{")[1][:80]
    assert "break-all" not in css.replace("td.mono", "").split("word-break:break-all")[0][-60:]
    assert '<dl class="fields">' in page and "<dt>Status</dt><dd>Needs our action</dd>" in page
    body = page.split("<body>")[1]
    assert "http" not in body and "<script" not in page and "<link" not in page


def test_markdown_is_commonmark_and_reads_back_as_typed(
    engine: Engine, case_id: int, tmp_path: Path
) -> None:
    from markdown_it import MarkdownIt

    md = render(engine, case_id, tmp_path, fmt="md")
    assert "&gt;" not in md and "&lt;" not in md and "<br>" not in md
    assert "Listing removed > we need it back" in md  # a > in text is not escaped
    text = MarkdownIt("commonmark").render(md)
    assert "Listing removed &gt; we need it back" in text  # the HTML a viewer makes
    assert "first message &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Amazon replied | 亚马逊回复" in text
    assert "<h2>Timeline</h2>" in text and "<li><strong>Status:</strong> Needs our action" in text


def test_unknown_case_format_and_language_are_refused(
    engine: Engine, case_id: int, tmp_path: Path
) -> None:
    with pytest.raises(NotFound):
        render(engine, case_id + 99, tmp_path)
    with pytest.raises(InvalidInput):
        render(engine, case_id, tmp_path, fmt="docx")
    with pytest.raises(InvalidInput):
        render(engine, case_id, tmp_path, fmt="md", lang="fr")
    with pytest.raises(InvalidInput) as refused:
        render(engine, case_id, tmp_path, fmt="md", with_attachments=True)
    assert refused.value.field == "with_attachments"


def test_the_file_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out" / "d.md"
    target.parent.mkdir()  # a missing folder is refused (tests/cli/test_dossier_mend.py)
    dossier_service.write_atomic(target, "# 档案\n")
    assert target.read_text(encoding="utf-8") == "# 档案\n"
    dossier_service.write_atomic(tmp_path / "out" / "d.pdf", b"%PDF-1.7\n")
    assert sorted(p.name for p in target.parent.iterdir()) == ["d.md", "d.pdf"]


def test_a_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", broken)
    with pytest.raises(InvalidInput) as refused:  # words naming --output, exit 2 in the CLI
        dossier_service.write_atomic(tmp_path / "d.pdf", b"%PDF-1.7\n")
    assert refused.value.field == "output" and "disk full" in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def _pdf_text(content: bytes) -> str:
    needs_cjk_font()
    return pdf_text(content)


def test_the_pdf_holds_chinese_and_english_labels_and_statuses_as_words(
    engine: Engine, case_id: int, tmp_path: Path
) -> None:
    needs_cjk_font()
    with Session(engine) as session:
        en = dossier_service.dossier(session, case_id, now=NOW, ctx=context(tmp_path), fmt="pdf")
        zh = dossier_service.dossier(
            session, case_id, now=NOW, ctx=context(tmp_path), fmt="pdf", lang="zh"
        )
    assert isinstance(en, bytes) and en.startswith(b"%PDF-")
    assert isinstance(zh, bytes)
    text = _pdf_text(en)
    assert "亚马逊回复" in text and "Amazon replied" in text  # both scripts, from one font
    assert "Needs our action" in text and "Error codes" in text and "Timeline" in text
    assert "Page 1 of" in text and "needs-action" not in text
    text_zh = _pdf_text(zh)
    assert "时间线" in text_zh and "需我方处理" in text_zh and "第 1 页" in text_zh
    from pypdf import PdfReader

    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(zh)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("+" in name for name in fonts)  # every font embedded (a subset)
