"""The Plan of Action in the evidence dossier (issue 16, point 4): a case with a saved POA
shows it, exactly as pasted to Amazon, in HTML, Markdown and PDF, in English and Chinese,
with its version, who saved it, a warning when its check finds errors and which evidence it
names is attached; a case without one has no such section."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sellerdesk.core.poa.model import poa_from_mapping, poa_mapping
from sellerdesk.core.poa.rules import load_poa_rules
from sellerdesk.services import dossier as dossier_service
from sellerdesk.services import poa as poa_service
from sellerdesk.storage.repositories import poas as poa_rows
from tests.dossier_pdf_text import needs_cjk_font, pdf_text
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, attach, context

NOW = T0 + timedelta(days=3)
READY = {
    "kind": "performance-late-shipment",
    "lang": "en",
    "notice": "Late shipment rate 6.2 % over the 4 % target",
    "root_causes": [
        "During the 11.11 peak our warehouse confirmed 86 orders after their ship-by date "
        "because two packers were off sick and nobody covered the Inventory > Settings check."
    ],
    "corrective_actions": [
        {
            "what": "Raised the handling time from 1 to 3 days and shipped every late order",
            "date": "2026-11-20",
            "owner": "Wang Fang, warehouse lead",
        }
    ],
    "preventive_measures": [
        {
            "what": "The warehouse lead confirms every order due that day before 15:00",
            "date": "from 2026-11-21",
            "owner": "Wang Fang, warehouse lead",
        }
    ],
    "evidence": ["Supplier invoices (Invoice-0311.pdf)", "shipping-settings-2026-11-20.png"],
    "order_ids": ["111-1234567-1234567"],
}
NOT_READY = {
    "kind": "listing-removal",
    "lang": "zh",
    "notice": "商品因疑似侵权被下架",
    "root_causes": ["<<待填写：根本原因>>"],
    "evidence": ["<<待填写：品牌授权书>>"],
}


def _case(
    engine: Engine, tmp_path: Path, poa: dict[str, object] | None, store: str = "acme"
) -> int:
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session, store), "Late shipment rate 迟发率", "迟发")
        event = add_event(session, case, "invoices attached", at=T0)
        attach(
            session,
            event,
            "invoice-0311.pdf",
            f"%PDF-1.4 {store}".encode(),
            tmp_path / "attachments",
        )
        if poa is not None:
            for version in (1, 2):  # the dossier shows the newest
                poa_rows.add(
                    session,
                    case_id=case.id,
                    version=version,
                    kind=str(poa["kind"]),
                    lang=str(poa["lang"]),
                    data=poa_mapping(poa_from_mapping(poa)),
                    now=T0 + timedelta(hours=version),
                    actor="wang.fang",
                )
        return case.id


def _dossier(engine: Engine, tmp_path: Path, case_id: int, fmt: str, lang: str) -> str | bytes:
    with Session(engine) as session:
        return dossier_service.dossier(
            session, case_id, now=NOW, ctx=context(tmp_path), fmt=fmt, lang=lang
        )


def _paste_text(poa: dict[str, object]) -> str:
    return poa_service.check(poa_from_mapping(poa), load_poa_rules(), "en").text


def test_the_ready_plan_is_in_the_markdown_verbatim_as_a_code_block(
    engine: Engine, tmp_path: Path
) -> None:
    case_id = _case(engine, tmp_path, READY)
    md = _dossier(engine, tmp_path, case_id, "md", "en")
    assert isinstance(md, str)
    tokens = MarkdownIt("commonmark").parse(md)
    headings = [
        t.content for i, t in enumerate(tokens) if i and tokens[i - 1].type == "heading_open"
    ]
    assert (
        headings.index("Plan of Action") == headings.index("What happened (the case's draft)") + 1
    )
    blocks = [t.content for t in tokens if t.type == "code_block"]
    assert blocks == [_paste_text(READY)]  # line for line, nothing escaped or lost
    assert "Inventory > Settings" in blocks[0]
    text = MarkdownIt("commonmark").render(md)
    assert "Version 2 (English), saved by wang.fang at 2026-04-15 03:00:00 +0800" in text
    assert "Not ready" not in text
    # the evidence it names: one attached (numbered as the attachments list numbers it)
    assert "Supplier invoices (Invoice-0311.pdf)</strong> · Attached to this case: A1" in text
    assert "shipping-settings-2026-11-20.png</strong> · Attached to this case: not among" in text


def test_the_html_shows_the_plan_preformatted_in_english_and_chinese(
    engine: Engine, tmp_path: Path
) -> None:
    case_id = _case(engine, tmp_path, READY)
    en = _dossier(engine, tmp_path, case_id, "html", "en")
    zh = _dossier(engine, tmp_path, case_id, "html", "zh")
    assert isinstance(en, str) and isinstance(zh, str)
    paste = html.escape(_paste_text(READY).rstrip("\n"), quote=True)
    assert '<h2>Plan of Action</h2>\n<p class="intro muted">Version 2 (English)' in en
    assert f'<pre class="paste">{paste}</pre>' in en
    assert "<h2>行动计划（POA）</h2>" in zh and "第 2 版（英文），由 wang.fang 于" in zh
    assert f'<pre class="paste">{paste}</pre>' in zh  # the plan stays in its own language
    assert "本案例的附件" in zh and "不在本案例的附件中" in zh
    assert en.index("Plan of Action") < en.index("<h2>Timeline</h2>")


def test_a_plan_not_ready_says_how_many_errors(engine: Engine, tmp_path: Path) -> None:
    case_id = _case(engine, tmp_path, NOT_READY)
    errors = sum(
        1
        for f in poa_service.check(poa_from_mapping(NOT_READY), load_poa_rules(), "en").findings
        if f.severity == "error"
    )
    assert errors > 1
    en = _dossier(engine, tmp_path, case_id, "html", "en")
    zh = _dossier(engine, tmp_path, case_id, "md", "zh")
    assert (
        f'<p class="warning">Not ready to send: the plan&#x27;s check finds {errors} errors' in en
    )
    assert f"**尚不能提交：计划检查发现 {errors} 个错误" in str(zh)
    assert "<<待填写：根本原因>>" in str(zh)  # in the code block, as the plan holds it
    assert "品牌授权书" not in str(zh).split("## 行动计划")[1].split("    ")[0]  # no evidence row


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_case_without_a_plan_has_no_section(engine: Engine, tmp_path: Path, fmt: str) -> None:
    case_id = _case(engine, tmp_path, None)
    for lang, title in (("en", "Plan of Action"), ("zh", "行动计划")):
        out = _dossier(engine, tmp_path, case_id, fmt, lang)
        assert isinstance(out, str) and title not in out
        assert "invoices attached" in out  # the rest of the dossier is there


def test_the_pdf_holds_the_plan_in_english_and_chinese(engine: Engine, tmp_path: Path) -> None:
    needs_cjk_font()
    ready = _case(engine, tmp_path, READY)
    en = _dossier(engine, tmp_path, ready, "pdf", "en")
    zh = _dossier(engine, tmp_path, ready, "pdf", "zh")
    assert isinstance(en, bytes) and isinstance(zh, bytes)
    for text in (pdf_text(en), pdf_text(zh)):
        assert "Raised the handling time from 1 to 3 days" in text
        assert "Wang Fang, warehouse lead" in text and "Inventory > Settings" in text
    assert "Plan of Action" in pdf_text(en) and "Version 2 (English)" in pdf_text(en)
    assert "行动计划（POA）" in pdf_text(zh) and "第 2 版（英文）" in pdf_text(zh)


def test_the_pdf_shows_a_chinese_plan_and_its_warning(engine: Engine, tmp_path: Path) -> None:
    needs_cjk_font()
    case_id = _case(engine, tmp_path, NOT_READY)
    text = pdf_text(bytes(_dossier(engine, tmp_path, case_id, "pdf", "zh")))
    assert "商品因疑似侵权被下架" in text and "尚不能提交" in text
    none = _case(engine, tmp_path, None, store="other")
    assert "行动计划" not in pdf_text(bytes(_dossier(engine, tmp_path, none, "pdf", "zh")))
