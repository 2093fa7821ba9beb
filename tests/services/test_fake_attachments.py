"""The service every path in uses refuses a file whose bytes are not what its name says,
before any file of the event is stored (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.storage.tables import AttachmentRow, EventRow
from tests.file_samples import tiny_pdf
from tests.services.case_fixtures import count
from tests.services.test_attachments import log


def test_a_text_file_named_pdf_is_refused_and_nothing_is_stored(sessions, ctx, new_case, tmp_path):  # type: ignore[no-untyped-def]
    case_id = new_case()
    real, fake = tmp_path / "invoice.pdf", tmp_path / "evidence.pdf"
    real.write_bytes(tiny_pdf())
    fake.write_text("just some words", encoding="utf-8")
    events = count(sessions, EventRow)
    with pytest.raises(InvalidInput) as refused:
        log(sessions, ctx, case_id, real, fake)
    assert refused.value.key == "attach.fake.text" and refused.value.field == "attachment"
    assert "evidence.pdf is plain text" in refused.value.message
    assert "evidence.pdf 实际是纯文本" in refused.value.words("zh")[0]
    assert count(sessions, AttachmentRow) == 0 and count(sessions, EventRow) == events
    assert not ctx.attachments_dir.exists() or list(ctx.attachments_dir.rglob("*")) == []
