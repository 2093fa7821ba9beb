"""backup runs

``backup_runs`` records each scheduled backup the worker makes (issue 13, item 4): one row per
scheduled moment (``slot``, unique), inserted by the worker that claims it — so of several
workers on one database only one writes that backup — then updated with the result: success
or failure, the file, its size and row counts. Not part of a backup itself (a restore keeps
the history of the store it lands in).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "backup_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot", STAMP, nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=False),
        sa.Column("started_at", STAMP, nullable=False),
        sa.Column("finished_at", STAMP, nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slot", name="uq_backup_runs_slot"),
    )
    op.create_index("ix_backup_runs_finished", "backup_runs", ["status", "finished_at"])


def downgrade() -> None:
    op.drop_index("ix_backup_runs_finished", table_name="backup_runs")
    op.drop_table("backup_runs")
