"""Migration 0022 on a store that already filed one mail twice (once per door, as before
the key): the upgrade does not fail, the first reading holds the key, later copies stay as
they were without it, and from then on the key refuses a third copy. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select

from sellerdesk.storage.migrate import alembic_config, current_revision, head_revision, upgrade
from sellerdesk.storage.repositories import mail as mail_repo
from sellerdesk.storage.schema import mail_messages
from sellerdesk.storage.session import Session

AT = datetime(2026, 4, 20, 2, 0, tzinfo=UTC)
# (source, Message-ID as the parser kept it, content sha256): one mail by three doors, one
# mail without an ID imported and uploaded, one other mail
ROWS = [
    ("file", "Reply-1@Amazon.COM", "a" * 64),
    ("us-inbox", "Reply-1@amazon.com", "b" * 64),
    ("upload", "Reply-1@amazon.com", "c" * 64),
    ("file", None, "d" * 64),
    ("upload", None, "d" * 64),
    ("file", "other@amazon.com", "e" * 64),
]


def row(source: str, message_id: str | None, sha256: str) -> dict[str, object]:
    return {
        "source_key": source,
        "message_id": message_id,
        "content_sha256": sha256,
        "from_addr": "support@sellercentral.amazon.com",
        "from_name": "",
        "to_addrs": "",
        "subject": "Re: Case 12345678901",
        "received_at": AT,
        "thread_ids": [],
        "kind": "case-reply",
        "direction": "in",
        "state": "unfiled",
        "candidates": [],
        "notes": [],
        "shown_text": "",
    }


def test_a_store_holding_copies_of_one_mail_upgrades_keeping_the_first(engine):
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    ours = next(r for r in script.walk_revisions() if r.path.endswith("_mail_read_key.py"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, str(ours.down_revision))  # the schema before the key
        # the table as it was: columns named, so the new one is left out of the INSERT
        for values in ROWS:
            conn.execute(insert(mail_messages).values(**row(*values)))
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    table = mail_messages.c
    with engine.connect() as conn:
        keys = conn.execute(select(table.id, table.read_key).order_by(table.id)).all()
    assert [k for _, k in keys] == [
        "id:Reply-1@amazon.com",
        None,
        None,
        "sha256:" + "d" * 64,
        None,
        "id:other@amazon.com",
    ]
    with Session(engine) as session, session.begin():
        copy = row("eu-inbox", "Reply-1@amazon.com", "f" * 64)
        third = mail_repo.add(session, raw_sha256=None, read_key="id:Reply-1@amazon.com", **copy)
        assert third is None
        found = mail_repo.existing(session, read_key="id:Reply-1@amazon.com")
        assert found is not None and found.id == keys[0][0]
