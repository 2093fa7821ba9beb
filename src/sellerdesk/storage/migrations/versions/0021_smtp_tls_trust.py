"""smtp-tls-trust: an e-mail channel's own CA file, an explicit "do not verify", and the
last Send test's code (issue 17)

``smtp_ca_file``: a PEM certificate the SMTP server's is checked against (a self-hosted
server's own CA); ``smtp_skip_verify``: certificates not checked at all (off unless a person
turns it on); ``last_test_code``: what the last Send test's failure was (a refused login, an
untrusted certificate …), so the channel's status can say it in words.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert_channels") as batch:
        batch.add_column(sa.Column("smtp_ca_file", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("smtp_skip_verify", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("last_test_code", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert_channels") as batch:
        batch.drop_column("last_test_code")
        batch.drop_column("smtp_skip_verify")
        batch.drop_column("smtp_ca_file")
