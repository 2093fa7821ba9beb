"""Attachments are stored by content: same bytes once, a size limit, safe file names."""

from __future__ import annotations

import hashlib

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.services import cases
from sellerdesk.services.attachments import blob_path, safe_file_name
from sellerdesk.storage.tables import AttachmentRow, EventRow
from tests.file_samples import tiny_pdf
from tests.services.case_fixtures import NOW, count, later


def log(sessions, ctx, case_id, *files, now=NOW):  # type: ignore[no-untyped-def]
    return cases.log_event(
        sessions=sessions,
        now=now,
        ctx=ctx,
        case_id=case_id,
        direction="out",
        body="see file",
        attachments=list(files),
    )


def test_the_same_bytes_attached_twice_are_stored_once(sessions, ctx, new_case, tmp_path):
    case_id = new_case()
    data = tiny_pdf("invoice")
    one, two = tmp_path / "invoice.pdf", tmp_path / "copy of invoice.pdf"
    one.write_bytes(data)
    two.write_bytes(data)
    log(sessions, ctx, case_id, one)
    log(sessions, ctx, case_id, two, now=later(1))
    sha = hashlib.sha256(data).hexdigest()
    assert blob_path(ctx, sha).read_bytes() == data
    assert blob_path(ctx, sha).parent.name == sha[:2]
    assert count(sessions, AttachmentRow) == 1
    shown = cases.show(sessions=sessions, now=later(1), ctx=ctx, case_id=case_id)
    files = [a for e in shown.events for a in e.attachments]
    assert [(f.name, f.sha256, f.size) for f in files] == [
        ("invoice.pdf", sha, len(data)),
        ("copy of invoice.pdf", sha, len(data)),
    ]
    assert files[0].media_type == "application/pdf"
    assert [p.name for p in ctx.attachments_dir.iterdir() if p.is_file()] == []  # no temp left


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_written(
    sessions, ctx, new_case, tmp_path
):
    case_id = new_case()
    ctx.max_attachment_bytes = 10
    big = tmp_path / "big.png"
    big.write_bytes(b"x" * 11)
    before = count(sessions, EventRow)
    with pytest.raises(InvalidInput) as err:
        log(sessions, ctx, case_id, big)
    assert err.value.field == "attachment"
    assert count(sessions, EventRow) == before and count(sessions, AttachmentRow) == 0


def test_a_missing_file_is_refused(sessions, ctx, new_case, tmp_path):
    with pytest.raises(InvalidInput):
        log(sessions, ctx, new_case(), tmp_path / "nope.txt")


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/abs/path/report.pdf", "report.pdf"),
        ("evil\x07\x1b[31mname.png", "evil[31mname.png"),
        ("..", "attachment"),
        (".hidden", "hidden"),
        ("截图 2026.png", "截图 2026.png"),
    ],
)
def test_file_names_lose_directories_path_tricks_and_control_characters(given, safe):
    assert safe_file_name(given) == safe


def test_a_file_whose_name_has_path_tricks_is_stored_under_a_safe_name(
    sessions, ctx, new_case, tmp_path
):
    case_id = new_case()
    odd = tmp_path / "..\\..\\etc\\passwd"
    odd.write_bytes(b"root")
    log(sessions, ctx, case_id, odd)
    shown = cases.show(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id)
    names = [a.name for e in shown.events for a in e.attachments]
    assert names == ["passwd"]
