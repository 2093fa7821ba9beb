"""alert_channels: chat robots and SMTP mailboxes that alerts go to (issue 17, alert-senders)

One row per channel, its name unique; the webhook URL, signing secret and SMTP password are
secrets (never shown back unmasked). The last Send test's outcome is kept for the Admin page.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "alert_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("webhook", sa.Text(), nullable=True),
        sa.Column("signing_secret", sa.Text(), nullable=True),
        sa.Column("keyword", sa.String(length=200), nullable=True),
        sa.Column("message_format", sa.String(length=16), nullable=False),
        sa.Column("smtp_host", sa.String(length=255), nullable=True),
        sa.Column("smtp_port", sa.Integer(), nullable=True),
        sa.Column("smtp_security", sa.String(length=16), nullable=True),
        sa.Column("smtp_user", sa.String(length=320), nullable=True),
        sa.Column("smtp_password", sa.Text(), nullable=True),
        sa.Column("smtp_from", sa.String(length=320), nullable=True),
        sa.Column("smtp_to", sa.Text(), nullable=True),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("last_test_at", STAMP, nullable=True),
        sa.Column("last_test_outcome", sa.String(length=16), nullable=True),
        sa.Column("last_test_detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_alert_channels_name"),
    )


def downgrade() -> None:
    op.drop_table("alert_channels")
