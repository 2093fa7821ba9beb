"""Mail read in is part of the store: a backup restores its rows, raw messages and
attachments whole, and verify finds every raw message's bytes; on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from sellerdesk.services import backup as backup_service
from sellerdesk.services.backup.verify import verify_store
from sellerdesk.services.mail.importing import ingest_one
from sellerdesk.services.mail.models import MailSource
from sellerdesk.storage.engine import make_engine
from sellerdesk.storage.schema import attachments, mail_attachments, mail_messages
from tests.services.case_fixtures import later
from tests.services.mail.corpus_cases import CORPUS, corpus_rules, make_corpus_cases


def _rows(engine):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in (mail_messages, mail_attachments, attachments)
        }


def test_a_backup_restores_mail_rows_and_raw_messages_and_verify_finds_them(
    engine, sessions, ctx, tmp_path
):  # type: ignore[no-untyped-def]
    make_corpus_cases(sessions, ctx)
    for name in ("01_en_case_link.eml", "12_no_match.eml", "22_attachment_pdf.eml"):
        ingest_one(
            sessions,
            raw=(CORPUS / name).read_bytes(),
            source=MailSource("file", store_id=1),
            now=later(100),
            ctx=ctx,
            rules=corpus_rules(),
        )
    before = _rows(engine)
    assert len(before["mail_messages"]) == 3 and len(before["mail_attachments"]) == 1
    archive = tmp_path / "backup.tar.gz"
    backup_service.backup(engine, archive, attachments_dir=ctx.attachments_dir, now=later(101))
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh' / 'sellerdesk.db'}")
    restored = tmp_path / "restored"
    backup_service.restore(fresh, archive, attachments_dir=restored)
    assert _rows(fresh) == before
    report = verify_store(fresh, attachments_dir=restored, now=later(102))
    assert report.problems == ()
    files = sorted(p.name for p in restored.rglob("*") if p.is_file())
    assert files == sorted(r[1] for r in before["attachments"])  # every blob, by its sha256
    fresh.dispose()
