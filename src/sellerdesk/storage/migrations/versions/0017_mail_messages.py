"""mail-core: filed and unfiled mail, raw messages kept (issue 17)

``mail_messages``: one row per message read from a source (a mailbox key, ``file:<name>``
or ``upload``), unique by (source, Message-ID) and by (source, content sha256); its raw
bytes are an ``attachments`` blob. ``mail_attachments``: the files it carried.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)
EVENT_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "mail_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.String(length=500), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("raw_attachment_id", sa.Integer(), nullable=True),
        sa.Column("from_addr", sa.String(length=320), nullable=False),
        sa.Column("from_name", sa.String(length=200), nullable=False),
        sa.Column("to_addrs", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("sent_at", STAMP, nullable=True),
        sa.Column("received_at", STAMP, nullable=False),
        sa.Column("thread_ids", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("event_id", EVENT_ID, nullable=True),
        sa.Column("link_reason", sa.String(length=24), nullable=True),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("shown_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["raw_attachment_id"], ["attachments.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_key", "message_id", name="uq_mail_source_message_id"),
        sa.UniqueConstraint("source_key", "content_sha256", name="uq_mail_source_content"),
    )
    op.create_index("ix_mail_message_id", "mail_messages", ["message_id"])
    op.create_index("ix_mail_state_received", "mail_messages", ["state", "received_at"])
    op.create_index("ix_mail_case", "mail_messages", ["case_id"])
    op.create_table(
        "mail_attachments",
        sa.Column("mail_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(["mail_id"], ["mail_messages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachments.id"]),
        sa.PrimaryKeyConstraint("mail_id", "attachment_id"),
    )


def downgrade() -> None:
    op.drop_table("mail_attachments")
    op.drop_index("ix_mail_case", table_name="mail_messages")
    op.drop_index("ix_mail_state_received", table_name="mail_messages")
    op.drop_index("ix_mail_message_id", table_name="mail_messages")
    op.drop_table("mail_messages")
