"""The Chinese renderings follow one spacing rule (core/zh_spacing.py): a full-width colon
after a Chinese label with no space after it, no space before or after full-width
punctuation, one space between Chinese and Latin or digits, no double space. Scanned on the
Chinese paste text, Plan of Action and dossier of corpus drafts; a fault the seller typed
in the draft itself is theirs and left as typed."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sellerdesk.core.cases.body import DRAFT_FIELDS
from sellerdesk.core.coach.reading import read_draft
from sellerdesk.core.coach.render import render_case
from sellerdesk.core.poa.render import render_poa
from sellerdesk.core.poa.rules import load_poa_rules
from sellerdesk.core.poa.writer import CaseFacts, FactLine, draft_poa
from sellerdesk.core.zh_spacing import SpacingFault, spacing_faults
from sellerdesk.services import dossier as dossier_service
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, context

NOW = T0 + timedelta(days=1)
CORPUS = Path(__file__).parents[1] / "data" / "parse-corpus"
DRAFTS = (
    "02-zh-brand-approval-5665.md",
    "04-zh-timeline-fullwidth-colon.txt",
    "06-zh-payments-held-numbered-paren.txt",
    "13-mixed-bold-labels.md",
)


def _ours(text: str, source: str) -> list[SpacingFault]:
    """The faults Seller Desk composed: not those the seller typed (a date "2026年11月15日"
    the plan quotes is theirs, whatever follows it)."""
    return [
        f
        for f in spacing_faults(text)
        if f.at not in source
        and not (f.rule == "no_space_between_chinese_and_latin" and f.chars in source)
    ]


@pytest.mark.parametrize("name", DRAFTS)
def test_the_chinese_paste_text_composes_no_spacing_fault(name: str) -> None:
    path = CORPUS / name
    text = render_case(read_draft(path), lang="zh", category="listing", marketplace="US").text
    assert _ours(text, path.read_text("utf-8")) == []


@pytest.mark.parametrize("name", DRAFTS)
def test_the_chinese_plan_of_action_composes_no_spacing_fault(name: str) -> None:
    path, rules = CORPUS / name, load_poa_rules()
    draft = read_draft(path)
    facts = CaseFacts(
        case_id=7,
        store="深圳卢米家居",
        marketplace="US",
        subject=draft.subject,
        error_codes=tuple(draft.error_codes),
        order_ids=tuple(draft.order_ids),
        asins=tuple(draft.asins),
        attachments=("发票-2026.pdf", *draft.attachments),
        timeline=tuple(FactLine(e.at, e.what) for e in draft.timeline),
    )
    for kind in rules.kinds:
        poa = draft_poa(facts, kind=kind, lang="zh", rules=rules)
        text = render_poa(poa, lang="zh", rules=rules).text
        assert _ours(text, path.read_text("utf-8") + facts.store) == [], kind


def _page_text(page: str) -> str:
    """An HTML page's words as read: no style block, no tags, entities as characters."""
    page = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def test_the_chinese_dossier_composes_no_spacing_fault(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session, session.begin():
        store = add_store(session)
        cases = []
        for name in DRAFTS:
            draft = read_draft(CORPUS / name)
            case = add_case(session, store, draft.subject or name, "listing")
            case.body = {k: v for k, v in draft.as_dict().items() if k in DRAFT_FIELDS}
            add_event(session, case, "已上传发票 invoice-2026.pdf", at=T0)
            cases.append((name, case.id))
    for name, case_id in cases:
        source = (CORPUS / name).read_text("utf-8") + "已上传发票 invoice-2026.pdf"
        with Session(engine) as session:
            shown = {
                fmt: dossier_service.dossier(
                    session, case_id, now=NOW, ctx=context(tmp_path), fmt=fmt, lang="zh"
                )
                for fmt in ("md", "html")
            }
        md, page = shown["md"], shown["html"]
        assert isinstance(md, str) and isinstance(page, str)
        assert "- **主题**：" in md  # the label's colon, outside the bold
        assert _ours(md.replace("\\", ""), source) == [], name
        assert _ours(_page_text(page), source) == [], name
