"""user settings and expiring one-time passwords

Three columns of ``users`` (issue 15, point 2): ``password_expires_at``, when the one-time
password an admin handed out (a reset, a new user) stops working (NULL: a password the user
chose, which does not expire); ``language`` and ``time_zone``, the user's own settings from
My account (NULL: the page's language, the team's zone).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_expires_at", STAMP, nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
        batch_op.drop_column("language")
        batch_op.drop_column("password_expires_at")
