"""A draft saved as GBK (Chinese Windows tools' default) is refused saying so and how to save it
as UTF-8; other bytes that are not UTF-8 get the plain refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from sellerdesk.core.coach.reading import read_draft
from sellerdesk.core.errors import InvalidInput


def test_a_gbk_draft_is_named_as_gbk_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes("主题：商品被下架\n说明：我们的商品被下架了。\n".encode("gbk"))
    with pytest.raises(InvalidInput) as err:
        read_draft(path)
    assert err.value.key == "draft.not_utf8_gbk" and err.value.field == "FILE"


def test_bytes_that_are_neither_utf8_nor_chinese_get_the_plain_refusal(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InvalidInput) as err:
        read_draft(path)
    assert err.value.key == "draft.not_utf8"
