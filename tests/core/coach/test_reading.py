"""Drafts are read from JSON, TOML and plain text / Markdown, in Chinese and English."""

from __future__ import annotations

from pathlib import Path

import pytest

from sellerdesk.core.coach.reading import parse_draft, read_draft
from sellerdesk.core.errors import InvalidInput

MARKDOWN_EN = """# Listing suppressed after error 5665

**Marketplace:** US
**Store:** Lumi Home US
**Category:** listing

## What happened

Our lamp (ASIN B09XK4PQ7T, SKU LUMI-LAMP-WH-01) was suppressed on November 3, 2026.

## Timeline

- 2026-11-03 09:40: listing shows "Search Suppressed"
- 2026-11-04: re-submitted the brand approval

## Steps to reproduce

1. Inventory > Manage All Inventory
2. Click Edit, then Save

Expected: the offer saves.
Actual: error 5665 every time.

## Attachments

- error-5665.png
"""

TEXT_ZH = """主题：滞留库存无法重新上架，提示错误代码 8541

站点：美国站（US）
店铺：深圳卢米家居

我们的货件 FBA15H8KZ2LP 里 SKU：LM-LAMP-01 的 120 件变成滞留库存，订单号 113-2847561-9038472。

时间线：
- 2026年11月3日：库存变为滞留
- 11月5日：点击重新上架失败

步骤：
1. 打开 库存 > 修复滞留库存
2. 点击“重新上架”

附件：截图1.png、截图2.png
"""


def test_a_json_draft_keeps_its_fields_and_turns_a_string_into_a_one_item_list():
    draft = parse_draft(
        '{"subject": "Lost units", "asins": "B09XK4PQ7T", "timeline": [{"at": "2026-11-01",'
        ' "what": "received"}], "attachments": ["a.png"]}',
        ".json",
    )
    assert draft.subject == "Lost units"
    assert draft.asins == ["B09XK4PQ7T"]
    assert draft.timeline[0].at == "2026-11-01"
    assert draft.attachments == ["a.png"]
    assert draft.source_format == "json"


def test_a_toml_draft_reads_its_timeline_tables():
    draft = parse_draft(
        'subject = "312 units stranded"\nsteps = ["open", "click"]\n'
        '[[timeline]]\nat = "2026-10-28"\nwhat = "listing closed"\n',
        ".toml",
    )
    assert draft.steps == ["open", "click"]
    assert [(e.at, e.what) for e in draft.timeline] == [("2026-10-28", "listing closed")]
    assert draft.source_format == "toml"


def test_markdown_headings_and_bold_labels_fill_the_draft_fields():
    draft = parse_draft(MARKDOWN_EN, ".md")
    assert draft.subject == "Listing suppressed after error 5665"
    assert (draft.marketplace, draft.store, draft.category) == ("US", "Lumi Home US", "listing")
    assert draft.description.startswith("Our lamp")
    assert [e.at for e in draft.timeline] == ["2026-11-03 09:40", "2026-11-04"]
    assert draft.steps == ["Inventory > Manage All Inventory", "Click Edit, then Save"]
    assert draft.expected == "the offer saves."
    assert draft.actual == "error 5665 every time."
    assert draft.attachments == ["error-5665.png"]
    assert draft.asins == ["B09XK4PQ7T"]
    assert draft.skus == ["LUMI-LAMP-WH-01"]
    assert draft.error_codes == ["5665"]


def test_chinese_plain_text_labels_lists_and_identifiers_are_read():
    draft = parse_draft(TEXT_ZH, ".txt")
    assert draft.subject == "滞留库存无法重新上架，提示错误代码 8541"
    assert draft.marketplace == "美国站（US）"
    assert draft.store == "深圳卢米家居"
    assert [e.at for e in draft.timeline] == ["2026年11月3日", "11月5日"]
    assert draft.steps == ["打开 库存 > 修复滞留库存", "点击“重新上架”"]
    assert draft.attachments == ["截图1.png", "截图2.png"]
    assert draft.shipment_ids == ["FBA15H8KZ2LP"]
    assert draft.order_ids == ["113-2847561-9038472"]
    assert "LM-LAMP-01" in draft.skus
    assert "8541" in draft.error_codes


def test_a_plain_text_greeting_is_neither_subject_nor_description():
    draft = parse_draft("Hello,\n\nOur listing B09XK4PQ7T was removed.\n\nThanks,\n", ".txt")
    assert draft.subject == "Our listing B09XK4PQ7T was removed."
    assert "Hello" not in draft.description


def test_a_file_that_is_not_there_is_invalid_input(tmp_path: Path):
    with pytest.raises(InvalidInput) as err:
        read_draft(tmp_path / "missing.json")
    assert err.value.field == "FILE"


@pytest.mark.parametrize(
    ("name", "content"),
    [("broken.json", b'{"subject": '), ("broken.toml", b"subject = "), ("list.json", b"[1]")],
)
def test_broken_json_or_toml_is_invalid_input(tmp_path: Path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidInput):
        read_draft(path)


def test_a_file_that_is_not_utf8_is_invalid_input(tmp_path: Path):
    path = tmp_path / "draft.txt"
    path.write_bytes("主题".encode("gb18030") + b"\xff\xfe")
    with pytest.raises(InvalidInput):
        read_draft(path)
