"""sign-in counters and server secrets

``sign_in_counters`` counts sign-in attempts per user name and per client address in one
row each, reserved with a single upsert before the password is checked, so that concurrent
attempts cannot all be judged (issue 13, item 7). ``server_secrets`` keeps the key that
signs the sign-in form's CSRF token, so a token the server did not issue is refused on every
process (item 8).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sign_in_counters",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("window_start", STAMP, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("server_secrets")
    op.drop_table("sign_in_counters")
