"""alert-outbox: the durable outbox, its attempts, routes and mention handles (issue 17)

``alert_routes`` (which triggers of which store go to which channel, in which language),
``alert_outbox`` (one alert to one channel; ``dedupe_key`` unique so one event never enqueues
twice), ``alert_attempts`` (every try, written before the request goes out) and
``alert_handles`` (a person's handle per channel kind). Channels are referred to by id
without a foreign key (their table is the senders', 0019).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "alert_routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("assignee", sa.String(length=80), nullable=True),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("mention", sa.Boolean(), nullable=False),
        sa.Column("lang", sa.String(length=12), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "alert_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=80), nullable=True),
        sa.Column("mention_user", sa.String(length=80), nullable=True),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("not_before", STAMP, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("lease_until", STAMP, nullable=True),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("delivered_at", STAMP, nullable=True),
        sa.Column("digest_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key", name="uq_alert_outbox_dedupe_key"),
    )
    op.create_index("ix_alert_outbox_due", "alert_outbox", ["state", "not_before"])
    op.create_index("ix_alert_outbox_channel", "alert_outbox", ["channel_id", "state"])
    op.create_table(
        "alert_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=False),
        sa.Column("send_key", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("vendor_code", sa.String(length=40), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("digest_size", sa.Integer(), nullable=False),
        sa.Column("wait_until", STAMP, nullable=True),
        sa.ForeignKeyConstraint(["alert_id"], ["alert_outbox.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_alert_attempts_alert", "alert_attempts", ["alert_id"])
    op.create_index("ix_alert_attempts_channel_at", "alert_attempts", ["channel_id", "at"])
    op.create_table(
        "alert_handles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("channel_kind", sa.String(length=16), nullable=False),
        sa.Column("handle", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "channel_kind"),
    )


def downgrade() -> None:
    op.drop_table("alert_handles")
    op.drop_index("ix_alert_attempts_channel_at", table_name="alert_attempts")
    op.drop_index("ix_alert_attempts_alert", table_name="alert_attempts")
    op.drop_table("alert_attempts")
    op.drop_index("ix_alert_outbox_channel", table_name="alert_outbox")
    op.drop_index("ix_alert_outbox_due", table_name="alert_outbox")
    op.drop_table("alert_outbox")
    op.drop_table("alert_routes")
