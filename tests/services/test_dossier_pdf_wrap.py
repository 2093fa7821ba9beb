"""The PDF dossier breaks lines as a typesetter would: between Chinese characters (never
before 。，）or after （), at the spaces of Latin text, and never inside an order number or an
ASIN unless it alone is wider than the line. Read back from the PDF itself (PDFium)."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sellerdesk.core.text_wrap import may_break_between
from sellerdesk.services import dossier as dossier_service
from sellerdesk.services.dossier_pdf import MARGIN
from tests.dossier_pdf_text import needs_cjk_font
from tests.storage.tracker_rows import T0, add_case, add_event, add_store, context

LONG_CHINESE = (
    "我们的店铺于二零二六年十一月二十日收到亚马逊的通知，称我们销售的蓝牙耳机涉嫌侵犯知识产权，"
    "随后该商品被下架。我们立即联系了供应商，取得了完整的采购发票和品牌授权书（见附件），"
    "并核对了每一批货物的入库记录，确认所售商品均为正品。请亚马逊重新审核并恢复该商品的销售权限。"
) * 3
MIXED = (
    "订单 113-1234567-1234567 在 2026-11-20 被取消，买家要求退款；订单113-7654321-7654321"
    "的退款已于2026-11-21处理完毕，ASIN B0CXYZ1234 和 B0ABCDEFGH 仍显示“不可售”，"
    "请参考 Shipment FBA17ABCDEFG 的签收记录。"
) * 2
ENGLISH = (
    "The buyer of order 113-1234567-1234567 asked for a refund on 2026-11-20; we refunded "
    "in full and attached the carrier's proof of delivery for shipment FBA17ABCDEFG. "
) * 3
IDENTIFIERS = ("113-1234567-1234567", "113-7654321-7654321", "B0CXYZ1234", "FBA17ABCDEFG")
CELL_MARGIN = 72 / 25.4  # fpdf2 keeps 1 mm inside a cell's edge
NO_START = "，。、；）」”"
NO_END = "（「“"


@pytest.fixture
def case_id(engine: Engine) -> int:
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "商品被下架 Listing removed", LONG_CHINESE)
        add_event(session, case, LONG_CHINESE, at=T0)
        add_event(session, case, MIXED, at=T0 + timedelta(hours=1))
        add_event(session, case, ENGLISH, at=T0 + timedelta(hours=2))
        return case.id


Line = list[tuple[str, float, float]]  # (character, left, right) in points


def _lines(content: bytes) -> tuple[list[Line], float]:
    """The PDF's lines of text, each its characters with where they are drawn, and the
    right margin's position (the same on every A4 page)."""
    import pypdfium2 as pdfium

    lines: list[Line] = []
    right = 0.0
    for page in pdfium.PdfDocument(content):
        right = page.get_width() - MARGIN / 25.4 * 72
        text = page.get_textpage()
        previous = None
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if ch in "\r\n":
                continue
            if ch == " ":  # kept (where the line may break), drawn nowhere
                if lines:
                    lines[-1].append((ch, lines[-1][-1][2], lines[-1][-1][2]))
                continue
            left, _bottom, end, top = text.get_charbox(i)
            # a new line starts back at the left, or (a footer's cell) well below
            if previous is None or left < previous[0] - 1 or abs(top - previous[1]) > 9:
                lines.append([])
            previous = (end, top)
            lines[-1].append((ch, left, end))
    return lines, right


def _text(line: Line) -> str:
    """The line's characters without its spaces."""
    return "".join(ch for ch, _left, _right in line if ch != " ")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mixed_chinese_and_latin_text_wraps_inside_the_margin_keeping_identifiers_whole(
    engine: Engine, case_id: int, tmp_path: Path, lang: str
) -> None:
    needs_cjk_font()
    with Session(engine) as session:
        content = dossier_service.dossier(
            session,
            case_id,
            now=T0 + timedelta(days=1),
            ctx=context(tmp_path),
            fmt="pdf",
            lang=lang,
        )
    assert isinstance(content, bytes)
    lines, right = _lines(content)
    assert [_text(line) for line in lines if max(r for _c, _l, r in line) > right + 0.5] == []
    texts = [_text(line) for line in lines]
    joined = "".join(texts)
    for paragraph in (LONG_CHINESE, MIXED, ENGLISH):
        assert "".join(paragraph.split()) in joined  # every character, in order
    for identifier in IDENTIFIERS:
        assert [a for a, b in itertools.pairwise(texts) if _split(identifier, a, b)] == []
    assert [t for t in texts if t[0] in NO_START] == []
    assert [t for t in texts if t[-1] in NO_END] == []
    # each line of the mixed paragraph is full: what starts the next line would not fit
    mixed = "".join(MIXED.split())
    ours = [line for line in lines if _text(line) in mixed and len(_text(line)) > 12]
    assert len(ours) >= 4
    for line, following in itertools.pairwise(ours):
        room = right - CELL_MARGIN - max(r for _c, _l, r in line)
        first = next(i for i in range(1, len(following) + 1) if _may_end(following, i))
        needed = following[first - 1][2] - following[0][1]
        if line[-1][0] == " ":  # the space dropped at the break would stand before it
            needed += 2.0
        assert room < needed, (_text(line), _text(following))


def _may_end(line: Line, i: int) -> bool:
    """Whether a line may break after the ``i``th character of ``line``."""
    return i == len(line) or may_break_between(line[i - 1][0], line[i][0])


def _split(identifier: str, before: str, after: str) -> bool:
    """Whether ``identifier`` runs from the end of one line into the next."""
    return any(
        before.endswith(identifier[:i]) and after.startswith(identifier[i:])
        for i in range(1, len(identifier))
    )
