"""Chinese renderings use the product's own spacing rule (core/zh_spacing) for what Seller
Desk composes (issue 16, the third trial: "订单号: …; 数量: 2", "SKU：A, B"): a Chinese
table's cells joined by "；" and labelled by "：", a list of identifiers or files by "、";
an English rendering keeps ", " and "; "."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sellerdesk.core.coach.render import render_case
from sellerdesk.core.coach.text_draft import parse_text
from sellerdesk.core.zh_spacing import spacing_faults
from sellerdesk.services import dossier as dossier_service
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, attach, context

EXCEL = (
    "主题：库存未入账\n\n| 日期 | 订单号 | 数量 |\n|---|---|---|\n"
    "| 2026-11-28 | 114-1234567-1234567 | 2 |\n\nSKU：LAMP-RED, LAMP-BLUE\n"
)


def test_the_chinese_paste_text_joins_what_it_composes_by_the_chinese_rule() -> None:
    draft = parse_text(EXCEL)
    text = render_case(draft, lang="zh", category="listing").text
    assert "日期：2026-11-28；订单号：114-1234567-1234567；数量：2" in text
    assert "订单号: " not in text and "; 数量" not in text and "数量: " not in text
    assert "LAMP-RED、LAMP-BLUE" in text and "LAMP-RED, LAMP-BLUE" not in text
    composed = [f for f in spacing_faults(text) if f.rule == "half_width_colon_after_chinese"]
    assert composed == []


def test_the_english_paste_text_keeps_half_width_separators() -> None:
    draft = parse_text("Subject: x\n\nSKU: LAMP-RED, LAMP-BLUE\n")
    assert "LAMP-RED, LAMP-BLUE" in render_case(draft, lang="en", category="listing").text


def test_the_chinese_dossier_lists_an_events_files_with_the_chinese_comma(
    engine: Engine, tmp_path: Path
) -> None:
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "库存未入账", "fba")
        event = add_event(session, case, "已附上发票", at=T0)
        attach(session, event, "invoice.pdf", b"one", tmp_path / "attachments")
        attach(session, event, "发票截图.png", b"two", tmp_path / "attachments")
        case_id = case.id
    for fmt in ("md", "html"):
        with Session(engine) as session:
            out = dossier_service.dossier(
                session,
                case_id,
                now=T0 + timedelta(days=1),
                ctx=context(tmp_path),
                fmt=fmt,
                lang="zh",
            )
        assert isinstance(out, str)
        assert "A1 invoice.pdf、A2 发票截图.png" in out, fmt
        with Session(engine) as session:
            en = dossier_service.dossier(
                session, case_id, now=T0 + timedelta(days=1), ctx=context(tmp_path), fmt=fmt
            )
        assert isinstance(en, str) and "A1 invoice.pdf, A2 发票截图.png" in en
