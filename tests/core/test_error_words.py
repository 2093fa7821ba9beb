"""Errors speak the reader's language: words from the catalogs, English where none exist yet."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from sellerdesk.core.cases.status import check_move
from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.core.i18n import catalog

SRC = Path(__file__).resolve().parents[2] / "src" / "sellerdesk"
RAISED_KEY = re.compile(r"\.of\(\s*\"([a-z0-9_.-]+)\"")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_an_error_from_the_catalog_carries_english_and_gives_chinese_on_request() -> None:
    err = Conflict.of("case.stale", field="--expect-version", case_id=7, seen=2, current=3)
    assert err.message == "Case 7 changed since you read it (version 2, now 3)."
    assert err.fix is not None and err.fix.startswith("Show the case again")
    message, fix = err.words("zh")
    assert message == "案例 7 在您读取之后已被修改（您读到的版本 2，当前版本 3）。"
    assert fix is not None and "新的版本号" in fix
    assert err.words("en") == (err.message, err.fix)
    assert (err.exit_code, err.field) == (3, "--expect-version")


def test_an_error_written_inline_reads_the_same_in_every_language() -> None:
    err = InvalidInput("'x' is odd.", field="--x", fix="give y.")
    assert err.words("zh") == ("'x' is odd.", "give y.")


def test_an_illegal_status_move_lists_the_allowed_moves_in_chinese() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_move("closed", "draft", has_case_id=True)
    message, fix = caught.value.words("zh")
    assert message == "案例不能从“已关闭”改为“草稿”。"  # statuses in words, not codes
    assert fix is not None and fix.startswith("从“已关闭”可以改为：")


def test_every_key_raised_in_the_code_has_words_in_both_languages() -> None:
    raised = {
        key
        for path in SRC.rglob("*.py")
        for key in RAISED_KEY.findall(path.read_text(encoding="utf-8"))
    }
    assert len(raised) > 10
    for lang in ("en", "zh"):
        missing = sorted(k for k in raised if f"error.{k}.message" not in catalog(lang))
        assert missing == [], f"{lang}: keys raised but not in the catalog"


def test_each_error_text_names_the_same_values_in_chinese_and_english() -> None:
    en, zh = catalog("en"), catalog("zh")
    for key in (k for k in en if k.startswith("error.")):
        assert placeholders(en[key]) == placeholders(zh[key]), key
