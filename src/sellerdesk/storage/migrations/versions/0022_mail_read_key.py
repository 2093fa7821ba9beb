"""mail-read-key: one mail is read once, whatever door it came through (issue 17)

``mail_messages.read_key``: the normalised Message-ID (``id:left@domain``, brackets dropped,
domain lower-cased), or ``sha256:<raw bytes' hash>`` for a message without one; unique over
the whole table, where before (source, Message-ID) was, so the same mail imported from a
file, uploaded and polled from a mailbox was filed once per source.

A store that already holds such copies upgrades without failing: the first row of each key
(the lowest id, the first reading) takes the key; later copies keep their rows, events and
files as they are, with no key (NULL is outside a unique index on both databases).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

BATCH = 1000


def _read_key(message_id: str | None, sha256: str) -> str:
    # frozen copy of core.mail.identity.read_key as of this revision (a migration must give
    # the same answer whatever the code becomes later)
    value = (message_id or "").strip().strip("<>").strip()
    if value:
        left, at, right = value.rpartition("@")
        return f"id:{left}@{right.lower()}"[:520] if at else f"id:{value}"[:520]
    return f"sha256:{sha256.lower()}"


def upgrade() -> None:
    with op.batch_alter_table("mail_messages") as batch:
        batch.add_column(sa.Column("read_key", sa.String(length=520), nullable=True))
    mail = sa.table(
        "mail_messages",
        sa.column("id", sa.Integer()),
        sa.column("message_id", sa.String()),
        sa.column("content_sha256", sa.String()),
        sa.column("read_key", sa.String()),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(mail.c.id, mail.c.message_id, mail.c.content_sha256).order_by(mail.c.id)
    ).all()
    seen: set[str] = set()
    keyed: list[dict[str, object]] = []
    for mail_id, message_id, sha256 in rows:
        key = _read_key(message_id, sha256 or "")
        if key in seen:  # a later copy: its row stays, the first reading holds the key
            continue
        seen.add(key)
        keyed.append({"row_id": mail_id, "key": key})
    update = (
        sa.update(mail)
        .where(mail.c.id == sa.bindparam("row_id"))
        .values(read_key=sa.bindparam("key"))
    )
    for start in range(0, len(keyed), BATCH):
        conn.execute(update, keyed[start : start + BATCH])
    op.create_index("uq_mail_read_key", "mail_messages", ["read_key"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_mail_read_key", table_name="mail_messages")
    # in place on both databases (SQLite >= 3.35): a batch copy of the table would drop the
    # old one, and with foreign keys on, that deletes every mail's attachment links
    op.execute("ALTER TABLE mail_messages DROP COLUMN read_key")
