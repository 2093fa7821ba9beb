"""indexes for the unfiltered case list and the dashboard's latest submitted cases

`GET /api/v1/cases` without filters (an admin, the default) sorted every case by next breach:
a full scan and sort per request on a 1,000,000-case store. ``ix_cases_breach`` lets the
running-clock part walk the index and the no-clock part (NULL breach) walk it by id.
``ix_cases_submitted`` serves the dashboard's "latest submitted cases" (bench/web_bench.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_breach", "cases", ["next_breach_at", "id"])
    op.create_index("ix_cases_submitted", "cases", ["submitted_at"])


def downgrade() -> None:
    op.drop_index("ix_cases_submitted", table_name="cases")
    op.drop_index("ix_cases_breach", table_name="cases")
