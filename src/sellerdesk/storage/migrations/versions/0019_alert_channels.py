"""alert-senders: chat robots and mail channels (issue 17)

Created empty so that the chain 0016 → 0020 is whole while several people fill it in.
"""

from __future__ import annotations

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
