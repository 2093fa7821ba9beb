"""mailbox-test-time: when a mailbox's connection was last tested (issue 17)

``mail mailbox test`` and the Admin page's Test record their outcome as a poll does — the
refusal in ``last_error``, cleared when the login works — and their time here, so the
mailbox's status (the Admin › Mailboxes page, ``mail mailbox list``) says what the last test
found and when, without moving the poll's own schedule (``last_poll_at``).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mailboxes") as batch:
        batch.add_column(sa.Column("last_test_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mailboxes") as batch:
        batch.drop_column("last_test_at")
