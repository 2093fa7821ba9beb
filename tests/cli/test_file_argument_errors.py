"""A file named on the command line that cannot be read says why in the catalog's words (zh
and en): a missing file, a folder, a file we may not read, bytes that are not UTF-8; never
Python's own English text, and never the wrong fix."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.file_input import read_file_text, unreadable

PYTHON_TEXT = ("Errno", "codec", "No such file", "Is a directory", "can't decode")


def _new_case(cli, body: Path, lang: str):  # type: ignore[no-untyped-def]
    return cli(
        "case", "new", "--store", "acme", "--marketplace", "US", "--subject", "Listing gone",
        "--body-file", str(body), "--lang", lang,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("make", "en", "zh"),
    [
        (lambda d: d / "nonexistent.md", "there is no such file", "文件不存在"),
        (lambda d: d, "it is a folder, not a file", "这是一个文件夹"),
        (
            lambda d: _write(d / "bad.txt", b"ok \xff\xfe"),
            "not UTF-8 text (the byte at offset 3",
            "不是 UTF-8",
        ),
    ],
    ids=["missing", "folder", "not-utf8"],
)
def test_case_new_names_why_its_body_file_cannot_be_read(cli, tmp_path, make, en, zh):
    assert cli("store", "add", "acme", "--region", "na", "--marketplaces", "US").exit_code == 0
    body = make(tmp_path)
    for lang, words in (("en", en), ("zh", zh)):
        out = _new_case(cli, body, lang)
        assert out.exit_code == 2 and words in out.stderr and "--body-file" in out.stderr
        assert not any(text in out.stderr for text in PYTHON_TEXT), out.stderr
    assert "UTF-8 编码的文本文件" not in _new_case(cli, tmp_path / "none.md", "zh").stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_file_we_may_not_read_and_other_system_errors_have_their_own_words():
    denied = unreadable(Path("/srv/x.md"), "--body-file", PermissionError(errno.EACCES, "no"))
    assert denied.key == "file_read.no_permission"
    assert "无法读取 /srv/x.md：您没有读取该文件的权限" in denied.words("zh")[0]
    assert "chmod" in (denied.words("en")[1] or "")
    other = unreadable(Path("/srv/x.md"), "FILE", OSError(errno.EIO, "I/O error"))
    assert other.key == "file_read.os_error" and "(EIO)" in other.message


def test_text_with_a_bom_reads_without_it(tmp_path):
    file = _write(tmp_path / "b.md", "\ufeff你好".encode())
    assert read_file_text(file, "--body-file") == "你好"
    with pytest.raises(InvalidInput):
        read_file_text(tmp_path / "nope", "--body-file")
